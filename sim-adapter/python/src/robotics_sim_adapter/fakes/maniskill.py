"""FakeManiSkillEnv: a TEST DOUBLE of the part of ManiSkill3's API the adapter uses. Never a simulator.

It stands in for ``gym.make(env_id, num_envs=N, ...)`` of a ManiSkill3 GPU-batched env so that the
adapter's real maniskill3 backend code runs here, where ManiSkill3, SAPIEN and a GPU are absent.
Mirrored (names, shapes, dtypes, batching): the make keywords (num_envs, obs_mode, reward_mode,
control_mode, sim_backend, sensor_configs, max_episode_steps), ``reset(seed=int|list,
options={"env_idx": ..., "episode_id": ...})``, ``step(action [N,7]) -> (obs, reward [N],
terminated [N], truncated [N], info)``, ``info["success"]`` / ``info["elapsed_steps"]``,
``obs["agent"]["qpos"]``, ``obs["sensor_data"][camera]["rgb"]`` uint8 [N,H,W,3] and
``["segmentation"]`` int16 [N,H,W,1], ``env.unwrapped.get_language_instruction()`` (a list).
Batched numpy arrays stand in for torch tensors.

The real behaviours a first GPU run meets are reproduced, each from the source file named:
- seeding (mani_skill/envs/sapien_env.py ``BaseEnv.reset``): layouts are drawn from torch's RNG,
  seeded from the FIRST env's episode seed only, so env i's layout depends on seed[0], i and the
  number of envs reset; an unseeded reset draws from the process's torch stream as it stands;
- the twins (mani_skill/envs/tasks/digital_twins/bridge_dataset_eval/base_env.py and
  put_on_in_scene.py): a finite layout table indexed by ``torch.randint`` or by
  ``options["episode_id"]`` (position (id % (P*Q)) // Q, orientation id % Q); a camera whose pixel
  intrinsic stays fixed when sensor_configs changes its size (so a smaller image is the top-left
  crop of the 640x480 one) under a greenscreen overlay squashed to that size; partial resets that
  crash (episode statistics rebuilt at the subset's size, then added to tensors of size N);
- sensor_configs (mani_skill/sensors/camera.py ``update_camera_configs_from_dict``): global keys
  such as width, height, shader_pack apply to every camera; an unknown key is an AttributeError;
- Panda ``pd_ee_delta_pose`` in mani-skill 3.0.1 (mani_skill/agents/controllers/pd_ee_pose.py
  ``PDEEPoseController._clip_and_scale_action``): position clipped per axis to [-1, 1] and scaled
  to +-0.1 m; rotation clipped by its norm, then multiplied by ``rot_lower`` = -0.1, which inverts
  its sign (ManiSkill issue #1469);
- the process-wide parts (asset prompt, make limit, one simulator context): maniskill_runtime.py.

Its "physics" is a toy: an end effector moves by the controller's deltas towards a target drawn
at reset; success = within 2 cm with the gripper closed. The pixels show target and effector.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Sequence

import numpy as np

from .maniskill_runtime import FakeManiSkill
from .maniskill_tasks import (FAKE_TASKS, PANDA_CONTROL_MODE, TWIN_HEIGHT, TWIN_INTRINSIC, TWIN_WIDTH,
                              WIDOWX_CAMERA, WIDOWX_CONTROL_MODE, FakeTaskSpec)

CAMERA = WIDOWX_CAMERA
CONTROL_MODE = WIDOWX_CONTROL_MODE
_GRIPPER_OPEN, _GRIPPER_CLOSED = 0.037, 0.015      # finger joint range of the WidowX twins
_WORKSPACE = 0.3                                    # the effector and targets live in [-0.3, 0.3]^2
_SUCCESS_RADIUS = 0.02
_PANDA_POS_BOUND, _PANDA_ROT_LOWER = 0.1, -0.1     # PDEEPoseControllerConfig of the Panda, 3.0.1
_CAMERA_KEYS = ("width", "height", "shader_pack", "fov", "near", "far")


class _PandaArmController:
    """The arm part of mani-skill 3.0.1's PDEEPoseController, as far as action scaling goes."""

    def __init__(self):
        self.config = SimpleNamespace(pos_lower=-_PANDA_POS_BOUND, pos_upper=_PANDA_POS_BOUND,
                                      rot_lower=_PANDA_ROT_LOWER, rot_upper=-_PANDA_ROT_LOWER,
                                      normalize_action=True)

    def _clip_and_scale_action(self, action) -> np.ndarray:
        a = np.asarray(action, dtype=np.float32)
        pos = np.clip(a[:, :3], -1.0, 1.0) * self.config.pos_upper
        rot = a[:, 3:6].copy()
        norm = np.linalg.norm(rot, axis=1)
        rot[norm > 1] /= norm[norm > 1, None]
        return np.concatenate([pos, rot * self.config.rot_lower], axis=1)


class FakeManiSkillEnv:
    """A batch of N toy envs behind ManiSkill3's batched gym interface (see the module doc)."""

    def __init__(self, runtime: FakeManiSkill, spec: FakeTaskSpec, num_envs: int = 1,
                 obs_mode: str = "rgb+segmentation", reward_mode: str = "none", control_mode: str | None = None,
                 sim_backend: str = "auto", sensor_configs: dict | None = None,
                 max_episode_steps: int | None = None, render_mode: str | None = None):
        if obs_mode not in spec.obs_modes:
            raise NotImplementedError(f"Unsupported obs mode: {obs_mode}. Must be one of {list(spec.obs_modes)}")
        if reward_mode not in spec.reward_modes:
            raise NotImplementedError(f"Unsupported reward mode: {reward_mode}")
        control_mode = control_mode or spec.control_mode
        if control_mode != spec.control_mode:
            raise AssertionError(f"Unsupported control mode: {control_mode}")
        if sim_backend == "cpu" and num_envs > 1:
            raise RuntimeError("Cannot set the sim backend to 'cpu' and have multiple environments.")
        self._runtime = runtime
        self.spec = spec
        self.num_envs = num_envs
        self.obs_mode = obs_mode
        self.reward_mode = reward_mode
        self.control_mode = control_mode
        self.device = "cpu"
        self.max_episode_steps = max_episode_steps or spec.max_episode_steps
        self._width, self._height, self.shader_pack = _camera_config(spec, sensor_configs)
        arm = _PandaArmController() if control_mode == PANDA_CONTROL_MODE else SimpleNamespace(
            config=SimpleNamespace(normalize_action=False))
        self.agent = SimpleNamespace(controller=SimpleNamespace(controllers={"arm": arm}))
        self._ee = np.zeros((num_envs, 6), dtype=np.float32)         # xyz + roll/pitch/yaw
        self._gripper = np.full(num_envs, _GRIPPER_OPEN, dtype=np.float32)
        self._target = np.zeros((num_envs, 3), dtype=np.float32)
        self._elapsed = np.zeros(num_envs, dtype=np.int32)
        self._episode_seed: np.ndarray | None = None
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
        with self._runtime.simulator_call():
            options = options or {}
            env_idx = (np.arange(self.num_envs) if "env_idx" not in options
                       else np.asarray(options["env_idx"], dtype=np.int64).reshape(-1))
            torch = self._runtime.torch
            if seed is not None:
                self._set_episode_seeds(seed)
                with torch.fork_rng():
                    torch.manual_seed(int(self._episode_seed[0]))
                    self._initialize_episode(env_idx, options)
            else:
                self._initialize_episode(env_idx, options)
            if self.spec.twin and len(env_idx) != self.num_envs:
                raise RuntimeError(f"The size of tensor a ({len(env_idx)}) must match the size of tensor b "
                                   f"({self.num_envs}) at non-singleton dimension 0")
            self._elapsed[env_idx] = 0
            return self._obs(), {"reconfigure": False}

    def step(self, action):
        with self._runtime.simulator_call():
            action = np.asarray(action, dtype=np.float32)
            if action.shape == (7,) and self.num_envs == 1:
                action = action[None]
            if action.shape != (self.num_envs, 7):
                raise ValueError(f"action shape {action.shape} does not match ({self.num_envs}, 7)")
            arm = self.agent.controller.controllers["arm"]
            delta = arm._clip_and_scale_action(action[:, :6]) if arm.config.normalize_action else action[:, :6]
            self._ee[:, :3] = np.clip(self._ee[:, :3] + delta[:, :3], -_WORKSPACE, _WORKSPACE)
            self._ee[:, 3:6] = self._ee[:, 3:6] + delta[:, 3:6]
            # The gripper joints follow a normalised [-1, 1] target (pd_joint_pos, normalize_action=True).
            g = (np.clip(action[:, 6], -1.0, 1.0) + 1.0) / 2.0
            self._gripper = (_GRIPPER_CLOSED + g * (_GRIPPER_OPEN - _GRIPPER_CLOSED)).astype(np.float32)
            self._elapsed += 1
            success = self._success()
            reward = success.astype(np.float32) if self.reward_mode == "sparse" else np.zeros(self.num_envs, np.float32)
            truncated = self._elapsed >= self.max_episode_steps
            info = {"success": success, "fail": np.zeros(self.num_envs, dtype=bool),
                    "elapsed_steps": self._elapsed.copy()}
            return self._obs(), reward, success.copy(), truncated, info

    def close(self) -> None:
        self.closed = True

    # --- internals -------------------------------------------------------------------------

    def _set_episode_seeds(self, seed) -> None:
        # As ManiSkill3: one seed expands to N with a RandomState; a list must cover every env.
        seeds = np.atleast_1d(np.asarray(seed, dtype=np.int64))
        if len(seeds) == 1 and self.num_envs > 1:
            rest = np.random.RandomState(int(seeds[0]) % 2**32).randint(2**31, size=self.num_envs - 1)
            seeds = np.concatenate([seeds, rest])
        if len(seeds) != self.num_envs:
            raise IndexError(f"got {len(seeds)} seeds for {self.num_envs} envs")
        self._episode_seed = seeds

    def _initialize_episode(self, env_idx: np.ndarray, options: dict) -> None:
        b = len(env_idx)
        torch = self._runtime.torch
        if self.spec.twin:
            if "episode_id" in options:
                layouts = np.asarray(options["episode_id"], dtype=np.int64).reshape(-1) % self.spec.layouts
                if len(layouts) != b:
                    raise IndexError(f"episode_id has {len(layouts)} entries for {b} envs")
            else:
                layouts = torch.randint(self.spec.layouts, b)
            for i, layout in zip(env_idx, layouts):
                self._target[i], self._ee[i] = _twin_layout(int(layout))
        else:
            r = torch.rand(b, 5)
            self._target[env_idx] = np.stack([r[:, 0] * 0.4 - 0.2, r[:, 1] * 0.4 - 0.2, r[:, 2] * 0.1], axis=1)
            zeros = np.zeros(b, np.float32)
            self._ee[env_idx] = np.stack([r[:, 3] * 0.1 - 0.05, r[:, 4] * 0.1 - 0.05, zeros + 0.15,
                                          zeros, zeros, zeros], axis=1)
        self._gripper[env_idx] = _GRIPPER_OPEN

    def _success(self) -> np.ndarray:
        near = np.linalg.norm(self._ee[:, :3] - self._target, axis=1) < _SUCCESS_RADIUS
        return near & (self._gripper < (_GRIPPER_OPEN + _GRIPPER_CLOSED) / 2)

    def _obs(self) -> dict:
        n, w, h = self.num_envs, self._width, self._height
        qpos = np.concatenate([self._ee, self._gripper[:, None], self._gripper[:, None]], axis=1).astype(np.float32)
        rgb, seg = self._render()
        intrinsic = TWIN_INTRINSIC if self.spec.twin else np.array(
            [[w / 2, 0, (w - 1) / 2], [0, w / 2, (h - 1) / 2], [0, 0, 1]], dtype=np.float32)
        camera = self.spec.camera
        return {
            "agent": {"qpos": qpos, "qvel": np.zeros_like(qpos)},
            "extra": {"tcp_pose": np.concatenate([self._ee[:, :3], np.tile([1, 0, 0, 0], (n, 1))], axis=1).astype(np.float32)},
            "sensor_param": {camera: {
                "extrinsic_cv": np.tile(np.eye(4, dtype=np.float32)[:3], (n, 1, 1)),
                "cam2world_gl": np.tile(np.eye(4, dtype=np.float32), (n, 1, 1)),
                "intrinsic_cv": np.tile(intrinsic, (n, 1, 1)),
            }},
            "sensor_data": {camera: ({"rgb": rgb, "segmentation": seg} if self.obs_mode == "rgb+segmentation" else {"rgb": rgb})},
        }

    def _render(self) -> tuple[np.ndarray, np.ndarray]:
        """Top-down picture: background, red target disk, blue effector disk whose size shows its
        height and whose brightness shows the gripper opening. A twin's pixel (u, v) sees what
        pixel (u, v) of its 640x480 frame sees (fixed intrinsic); its background is the overlay
        image squashed to the sensor's size."""
        n, h, w = self.num_envs, self._height, self._width
        frame_w, frame_h = (TWIN_WIDTH, TWIN_HEIGHT) if self.spec.twin else (w, h)
        ys = ((np.arange(h, dtype=np.float32)[None, :, None] + 0.5) / frame_h * 2 - 1) * _WORKSPACE
        xs = ((np.arange(w, dtype=np.float32)[None, None, :] + 0.5) / frame_w * 2 - 1) * _WORKSPACE
        pixel = 2 * _WORKSPACE / min(frame_h, frame_w)

        def disk(centre: np.ndarray, radius: np.ndarray) -> np.ndarray:
            return (xs - centre[:, 0, None, None]) ** 2 + (ys - centre[:, 1, None, None]) ** 2 <= radius[:, None, None] ** 2

        target = disk(self._target, np.full(n, max(0.03, 2 * pixel)))
        ee_radius = np.maximum(0.02 + 0.1 * np.clip(self._ee[:, 2], 0.0, 0.3), 1.5 * pixel)
        effector = disk(self._ee, ee_radius)
        rgb = np.empty((n, h, w, 3), dtype=np.uint8)
        rgb[:] = _overlay(self.spec.colour, h, w) if self.spec.twin else np.asarray(self.spec.colour, dtype=np.uint8)
        rgb[target] = (200, 30, 30)
        shade = (100 + 150 * (self._gripper - _GRIPPER_CLOSED) / (_GRIPPER_OPEN - _GRIPPER_CLOSED)).astype(np.uint8)
        rgb[..., 2] = np.where(effector, shade[:, None, None], rgb[..., 2])
        rgb[..., 0] = np.where(effector, 20, rgb[..., 0])
        seg = np.zeros((n, h, w, 1), dtype=np.int16)
        seg[..., 0][target] = 1
        seg[..., 0][effector] = 2
        return rgb, seg


def _twin_layout(layout: int) -> tuple[np.ndarray, np.ndarray]:
    """Layout k of a twin's table: target and starting effector pose, the same for every env."""
    rng = np.random.RandomState(layout)
    target = np.array([rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2), rng.uniform(0.0, 0.1)], np.float32)
    ee = np.array([rng.uniform(-0.05, 0.05), rng.uniform(-0.05, 0.05), 0.15, 0, 0, 0], np.float32)
    return target, ee


def _overlay(colour: tuple[int, int, int], h: int, w: int) -> np.ndarray:
    """The greenscreen image (a 640x480 picture: gradients and a 40-pixel checker) squashed to h x w."""
    v = (np.arange(h, dtype=np.float32)[:, None] + 0.5) / h
    u = (np.arange(w, dtype=np.float32)[None, :] + 0.5) / w
    checker = ((np.floor(u * TWIN_WIDTH / 40) + np.floor(v * TWIN_HEIGHT / 40)) % 2) * 30
    image = np.empty((h, w, 3), dtype=np.float32)
    image[..., 0] = colour[0] + 60 * u + checker
    image[..., 1] = colour[1] + 60 * v
    image[..., 2] = colour[2] + checker
    return np.clip(image, 0, 255).astype(np.uint8)


def _camera_config(spec: FakeTaskSpec, sensor_configs: dict | None) -> tuple[int, int, str]:
    width, height = (TWIN_WIDTH, TWIN_HEIGHT) if spec.twin else (128, 128)
    config = {"width": width, "height": height, "shader_pack": "minimal"}   # CameraConfig's defaults
    for key, value in dict(sensor_configs or {}).items():
        if key == spec.camera:
            config.update(value)
        elif key in _CAMERA_KEYS:
            config[key] = value
        elif not isinstance(value, dict):
            raise AttributeError(f"{key} is not a valid attribute of CameraConfig")
    return int(config["width"]), int(config["height"]), str(config["shader_pack"])


_UNLIMITED = FakeManiSkill(make_limit=None)


def make(env_id: str, **kwargs) -> FakeManiSkillEnv:
    """Stands in for ``gym.make`` in a process without the make limit (for tests of the env itself);
    a FakeManiSkill runtime of its own reproduces the process-wide behaviours."""
    return _UNLIMITED.make(env_id, **kwargs)
