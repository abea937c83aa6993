#!/usr/bin/env python3
"""Writes a small trajectory.h5 + trajectory.json in ManiSkill3's demonstration layout, with h5py.

The layout follows ManiSkill3's docs (docs/source/user_guide/datasets/demos.md) and what its
RecordEpisode wrapper writes: one group traj_{episode_id} per episode with actions [T, A] float32,
terminated / truncated / success / fail [T] bool, rewards [T] float32, env_states, and
obs [T + 1] (obs/agent/qpos, obs/agent/qvel, obs/sensor_data/<camera>/rgb uint8 [T+1, H, W, 3],
gzip-compressed as RecordEpisode stores images); the JSON holds env_info (env_id,
max_episode_steps, env_kwargs) and one entry per episode (episode_id, reset_kwargs, control_mode,
elapsed_steps, success, info).

Usage: write_maniskill_trajectory.py OUT_DIR [--env-id ID] [--control-mode MODE] [--episodes N]
       [--height H] [--width W] [--no-obs]
The contents are deterministic (numpy RandomState(0)); each episode's action at step t is
a known function of (episode, t) so tests can check the conversion exactly (see action()).
"""
import argparse
import json
from pathlib import Path

import h5py
import numpy as np

CAMERA = "3rd_view_camera"
LENGTHS = (5, 3, 4, 6)


def action(episode: int, t: int) -> np.ndarray:
    """The recorded native action: small ee deltas, XYZ Euler rotation, gripper -1 closed / +1 open."""
    return np.array([0.01 * (t + 1), -0.005 * episode, 0.002, 0.1 * episode, 0.05, -0.02 * t,
                     1.0 if t < 2 else -1.0], np.float32)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("--env-id", default="FakePickCan-v1")
    parser.add_argument("--control-mode", default="arm_pd_ee_target_delta_pose_align2_gripper_pd_joint_pos")
    parser.add_argument("--episodes", type=int, default=len(LENGTHS))
    parser.add_argument("--height", type=int, default=48)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--no-obs", action="store_true", help="obs_mode none: no obs group (as trajectory.h5 from motion planning)")
    args = parser.parse_args()
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.RandomState(0)
    episodes = []
    with h5py.File(out / "trajectory.h5", "w") as f:
        for e in range(args.episodes):
            steps = LENGTHS[e % len(LENGTHS)]
            group = f.create_group(f"traj_{e}")
            group.create_dataset("actions", data=np.stack([action(e, t) for t in range(steps)]))
            success = np.zeros(steps, bool)
            if e % 2 == 0:
                success[-1] = True           # even episodes succeed at their last step
            group.create_dataset("success", data=success)
            group.create_dataset("fail", data=np.zeros(steps, bool))
            group.create_dataset("terminated", data=success.copy())
            group.create_dataset("truncated", data=np.zeros(steps, bool))
            group.create_dataset("rewards", data=success.astype(np.float32))
            states = group.create_group("env_states")
            states.create_group("actors").create_dataset("carrot", data=rng.rand(steps + 1, 13).astype(np.float32))
            if not args.no_obs:
                obs = group.create_group("obs")
                agent = obs.create_group("agent")
                agent.create_dataset("qpos", data=(np.arange((steps + 1) * 8, dtype=np.float32).reshape(steps + 1, 8) / 100 + e))
                agent.create_dataset("qvel", data=np.zeros((steps + 1, 8), np.float32))
                camera = obs.create_group("sensor_data").create_group(CAMERA)
                rgb = rng.randint(0, 256, size=(steps + 1, args.height, args.width, 3)).astype(np.uint8)
                camera.create_dataset("rgb", data=rgb, compression="gzip", compression_opts=5)
                camera.create_dataset("segmentation", data=np.zeros((steps + 1, args.height, args.width, 1), np.int16))
                obs.create_group("sensor_param").create_group(CAMERA).create_dataset(
                    "intrinsic_cv", data=np.tile(np.eye(3, dtype=np.float32), (steps + 1, 1, 1)))
            episodes.append({"episode_id": e, "episode_seed": 1000 + e, "reset_kwargs": {"seed": 1000 + e},
                             "control_mode": args.control_mode, "elapsed_steps": steps,
                             "success": bool(success[-1]), "info": {"success": bool(success[-1]), "elapsed_steps": steps}})
    meta = {"env_info": {"env_id": args.env_id, "max_episode_steps": 60,
                         "env_kwargs": {"obs_mode": "none" if args.no_obs else "rgb+segmentation",
                                        "control_mode": args.control_mode, "sim_backend": "physx_cuda",
                                        "sensor_configs": {"shader_pack": "default"}}},
            "commit_info": {"is_dirty": False}, "source_type": "test", "source_desc": "write_maniskill_trajectory.py",
            "episodes": episodes}
    (out / "trajectory.json").write_text(json.dumps(meta, indent=2))


if __name__ == "__main__":
    main()
