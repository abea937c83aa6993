"""FakeManiSkillEnv: a TEST DOUBLE of the part of ManiSkill3's API the adapter uses. Never a simulator.

It stands in for ``gym.make(env_id, num_envs=N, ...)`` of a ManiSkill3 GPU-batched env so that the
adapter's real maniskill3 backend code runs here, where ManiSkill3, SAPIEN and a GPU are absent.
Mirrored exactly (names, shapes, dtypes, batching): the make keywords (num_envs, obs_mode,
reward_mode, control_mode, sim_backend, sensor_configs, max_episode_steps), ``reset(seed=int|list,
options={"env_idx": ...})`` with partial resets, ``step(action [N,7]) -> (obs, reward [N],
terminated [N], truncated [N], info)``, ``info["success"]`` / ``info["elapsed_steps"]``,
``obs["agent"]["qpos"]``, ``obs["sensor_data"][camera]["rgb"]`` uint8 [N,H,W,3] and
``["segmentation"]`` int16 [N,H,W,1], ``env.unwrapped.get_language_instruction()`` (a list).
Batched numpy arrays stand in for torch tensors.

Its "physics" is a toy: an end effector moves by the raw deltas (the WidowX twins' controller
convention) towards a target drawn from the episode seed; success = within 2 cm with the
gripper closed. The rendered pixels show the target and the effector, so motion is visible.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

CAMERA = "3rd_view_camera"
CONTROL_MODE = "arm_pd_ee_target_delta_pose_align2_gripper_pd_joint_pos"
SUPPORTED_OBS_MODES = ("rgb", "rgb+segmentation")
SUPPORTED_REWARD_MODES = ("none", "sparse")
_GRIPPER_OPEN, _GRIPPER_CLOSED = 0.037, 0.015      # finger joint range of the WidowX twins
_WORKSPACE = 0.3                                    # the effector and targets live in [-0.3, 0.3]^2
_SUCCESS_RADIUS = 0.02


@dataclass(frozen=True)
class FakeTaskSpec:
    env_id: str
    instruction: str
    max_episode_steps: int
    # Background colour, so each task's images differ.
    colour: tuple[int, int, int]


FAKE_TASKS = {
    spec.env_id: spec for spec in (
        FakeTaskSpec("FakePickCan-v1", "pick coke can", 40, (90, 110, 90)),
        FakeTaskSpec("FakeOpenDrawer-v1", "open the drawer", 40, (110, 90, 70)),
        FakeTaskSpec("FakeCloseDrawer-v1", "close the drawer", 40, (70, 90, 110)),
    )
}


class FakeManiSkillEnv:
    """A batch of N toy envs behind ManiSkill3's batched gym interface (see the module doc)."""

    def __init__(self, env_id: str, num_envs: int = 1, obs_mode: str = "rgb+segmentation",
                 reward_mode: str = "sparse", control_mode: str = CONTROL_MODE,
                 sim_backend: str = "auto", sensor_configs: dict | None = None,
                 max_episode_steps: int | None = None, render_mode: str | None = None):
        if env_id not in FAKE_TASKS:
            raise ValueError(f"Environment {env_id} doesn't exist.")
        if obs_mode not in SUPPORTED_OBS_MODES:
            raise NotImplementedError(f"Unsupported obs mode: {obs_mode}. Must be one of {SUPPORTED_OBS_MODES}")
        if reward_mode not in SUPPORTED_REWARD_MODES:
            raise NotImplementedError(f"Unsupported reward mode: {reward_mode}")
        if control_mode != CONTROL_MODE:
            raise AssertionError(f"Unsupported control mode: {control_mode}")
        if sim_backend == "cpu" and num_envs > 1:
            raise RuntimeError("Cannot set the sim backend to 'cpu' and have multiple environments.")
        self.spec = FAKE_TASKS[env_id]
        self.num_envs = num_envs
        self.obs_mode = obs_mode
        self.reward_mode = reward_mode
        self.control_mode = control_mode
        self.device = "cpu"
        self.max_episode_steps = max_episode_steps or self.spec.max_episode_steps
        self._width, self._height = _camera_size(sensor_configs)
        self._ee = np.zeros((num_envs, 6), dtype=np.float32)         # xyz + roll/pitch/yaw
        self._gripper = np.full(num_envs, _GRIPPER_OPEN, dtype=np.float32)
        self._target = np.zeros((num_envs, 3), dtype=np.float32)
        self._elapsed = np.zeros(num_envs, dtype=np.int32)
        self._main_rng = np.random.RandomState(0)
        self.closed = False

    # --- the gym / ManiSkill surface -------------------------------------------------------

    @property
    def unwrapped(self) -> "FakeManiSkillEnv":
        return self

    @property
    def elapsed_steps(self) -> np.ndarray:
        return self._elapsed.copy()

    def get_language_instruction(self) -> list[str]:
        return [self.spec.instruction] * self.num_envs

    def reset(self, seed: int | Sequence[int] | None = None, options: dict | None = None):
        options = options or {}
        env_idx = np.arange(self.num_envs) if "env_idx" not in options else np.asarray(options["env_idx"], dtype=np.int64).reshape(-1)
        seeds = self._episode_seeds(seed, env_idx)
        for i in env_idx:
            rng = np.random.RandomState(int(seeds[i]) % 2**32)
            self._target[i] = [rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2), rng.uniform(0.0, 0.1)]
            self._ee[i] = [rng.uniform(-0.05, 0.05), rng.uniform(-0.05, 0.05), 0.15, 0.0, 0.0, 0.0]
            self._gripper[i] = _GRIPPER_OPEN
            self._elapsed[i] = 0
        return self._obs(), {"reconfigure": False}

    def step(self, action):
        action = np.asarray(action, dtype=np.float32)
        if action.shape == (7,) and self.num_envs == 1:
            action = action[None]
        if action.shape != (self.num_envs, 7):
            raise ValueError(f"action shape {action.shape} does not match ({self.num_envs}, 7)")
        self._ee[:, :3] = np.clip(self._ee[:, :3] + action[:, :3], -_WORKSPACE, _WORKSPACE)
        self._ee[:, 3:6] = self._ee[:, 3:6] + action[:, 3:6]
        # The gripper joints follow a normalised [-1, 1] target (pd_joint_pos, normalize_action=True).
        g = (np.clip(action[:, 6], -1.0, 1.0) + 1.0) / 2.0
        self._gripper = (_GRIPPER_CLOSED + g * (_GRIPPER_OPEN - _GRIPPER_CLOSED)).astype(np.float32)
        self._elapsed += 1
        success = self._success()
        reward = success.astype(np.float32) if self.reward_mode == "sparse" else np.zeros(self.num_envs, np.float32)
        terminated = success.copy()
        truncated = self._elapsed >= self.max_episode_steps
        info = {"success": success, "fail": np.zeros(self.num_envs, dtype=bool),
                "elapsed_steps": self._elapsed.copy()}
        return self._obs(), reward, terminated, truncated, info

    def close(self) -> None:
        self.closed = True

    # --- internals -------------------------------------------------------------------------

    def _episode_seeds(self, seed, env_idx: np.ndarray) -> np.ndarray:
        # As ManiSkill3: one seed expands to N with a RandomState; a list must cover every env.
        if seed is None:
            return self._main_rng.randint(2**31, size=self.num_envs)
        seeds = np.atleast_1d(np.asarray(seed, dtype=np.int64))
        if len(seeds) == 1 and self.num_envs > 1:
            rest = np.random.RandomState(int(seeds[0]) % 2**32).randint(2**31, size=self.num_envs - 1)
            seeds = np.concatenate([seeds, rest])
        if len(seeds) != self.num_envs:
            raise IndexError(f"got {len(seeds)} seeds for {self.num_envs} envs")
        self._main_rng = np.random.RandomState(int(seeds[0]) % 2**32)
        return seeds

    def _success(self) -> np.ndarray:
        near = np.linalg.norm(self._ee[:, :3] - self._target, axis=1) < _SUCCESS_RADIUS
        return near & (self._gripper < (_GRIPPER_OPEN + _GRIPPER_CLOSED) / 2)

    def _obs(self) -> dict:
        qpos = np.concatenate([self._ee, self._gripper[:, None], self._gripper[:, None]], axis=1).astype(np.float32)
        rgb, seg = self._render()
        return {
            "agent": {"qpos": qpos, "qvel": np.zeros_like(qpos)},
            "extra": {"tcp_pose": np.concatenate([self._ee[:, :3], np.tile([1, 0, 0, 0], (self.num_envs, 1))], axis=1).astype(np.float32)},
            "sensor_param": {CAMERA: {
                "extrinsic_cv": np.tile(np.eye(4, dtype=np.float32)[:3], (self.num_envs, 1, 1)),
                "cam2world_gl": np.tile(np.eye(4, dtype=np.float32), (self.num_envs, 1, 1)),
                "intrinsic_cv": np.tile(np.eye(3, dtype=np.float32), (self.num_envs, 1, 1)),
            }},
            "sensor_data": {CAMERA: ({"rgb": rgb, "segmentation": seg} if self.obs_mode == "rgb+segmentation" else {"rgb": rgb})},
        }

    def _render(self) -> tuple[np.ndarray, np.ndarray]:
        """Top-down picture: task-coloured table, red target disk, blue effector disk whose size
        shows its height and whose brightness shows the gripper opening."""
        n, h, w = self.num_envs, self._height, self._width
        ys = (np.arange(h, dtype=np.float32)[None, :, None] + 0.5) / h * 2 * _WORKSPACE - _WORKSPACE
        xs = (np.arange(w, dtype=np.float32)[None, None, :] + 0.5) / w * 2 * _WORKSPACE - _WORKSPACE
        pixel = 2 * _WORKSPACE / min(h, w)

        def disk(centre: np.ndarray, radius: np.ndarray) -> np.ndarray:
            return (xs - centre[:, 0, None, None]) ** 2 + (ys - centre[:, 1, None, None]) ** 2 <= radius[:, None, None] ** 2

        target = disk(self._target, np.full(n, max(0.03, 2 * pixel)))
        ee_radius = np.maximum(0.02 + 0.1 * np.clip(self._ee[:, 2], 0.0, 0.3), 1.5 * pixel)
        effector = disk(self._ee, ee_radius)
        rgb = np.empty((n, h, w, 3), dtype=np.uint8)
        rgb[:] = np.asarray(self.spec.colour, dtype=np.uint8)
        rgb[target] = (200, 30, 30)
        shade = (100 + 150 * (self._gripper - _GRIPPER_CLOSED) / (_GRIPPER_OPEN - _GRIPPER_CLOSED)).astype(np.uint8)
        rgb[..., 2] = np.where(effector, shade[:, None, None], rgb[..., 2])
        rgb[..., 0] = np.where(effector, 20, rgb[..., 0])
        seg = np.zeros((n, h, w, 1), dtype=np.int16)
        seg[..., 0][target] = 1
        seg[..., 0][effector] = 2
        return rgb, seg


def _camera_size(sensor_configs: dict | None) -> tuple[int, int]:
    # ManiSkill3 takes either global width/height or a dict per camera uid.
    cfg = dict(sensor_configs or {})
    if CAMERA in cfg:
        cfg = cfg[CAMERA]
    return int(cfg.get("width", 128)), int(cfg.get("height", 128))


def make(env_id: str, **kwargs) -> FakeManiSkillEnv:
    """Stands in for ``gym.make`` of a ManiSkill3 env id."""
    return FakeManiSkillEnv(env_id, **kwargs)
