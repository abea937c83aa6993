"""The maniskill3 backend: one GPU-batched ManiSkill3 env of N sub-envs per session.

Tensors stay batched from the simulator to the wire: one [N, H, W, 3] image per camera, one
[N, P] proprio. The env factory is injected (``make``): ``gymnasium.make`` on GPU servers,
fakes.maniskill.make in the tests, so this same code runs against both.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from .. import actions
from ..errors import invalid
from ..images import area_resize
from .base import OPENVLA_CONTROL_MODE, Backend, BackendInfo, Batch, Camera, SessionSpec, Task, to_numpy
from .maniskill3_tasks import MANISKILL3_TASKS, WIDOWX_JOINTS, ManiSkillTask

# ManiSkill3 seeds numpy RandomStates, which take 32-bit seeds; it draws its own below 2**31.
_SEED_MODULUS = 2**31


class ManiSkill3Backend(Backend):
    def __init__(self, make: Callable[..., object], tasks: Sequence[ManiSkillTask] = MANISKILL3_TASKS,
                 name: str = "maniskill3", version: str = "", sim_backend: str = "gpu",
                 max_envs_per_session: int = 1024, index: Callable[[Sequence[int]], object] | None = None):
        self._make = make
        self._tasks = {t.env_id: t for t in tasks}
        self._sim_backend = sim_backend
        self._index = index or np.asarray
        cameras = {t.camera.name: t.camera for t in tasks}
        self._info = BackendInfo(
            name=name, version=version,
            tasks=tuple(Task(t.env_id, t.instruction, t.tags, t.max_episode_steps) for t in tasks),
            partial_reset=all(t.partial_reset for t in tasks),
            # One ManiSkill env runs one task for all its sub-envs.
            per_env_task=False,
            control_frequency_hz=tasks[0].control_frequency_hz,
            max_envs_per_session=max_envs_per_session,
            cameras=tuple(cameras.values()),
            proprio_names=WIDOWX_JOINTS,
            control_modes=(OPENVLA_CONTROL_MODE,) + tuple(dict.fromkeys(t.control_mode for t in tasks)))

    def describe(self) -> BackendInfo:
        return self._info

    def open(self, spec: SessionSpec) -> "ManiSkillBatchEnv":
        task = self._tasks[spec.tasks[0]]
        if spec.control_mode not in (OPENVLA_CONTROL_MODE, task.control_mode):
            raise invalid(f"control mode '{spec.control_mode}' is not offered by task {task.env_id}; "
                          f"use '{OPENVLA_CONTROL_MODE}' or '{task.control_mode}'")
        cameras = _resolve_cameras(task, spec.cameras)
        return ManiSkillBatchEnv(self._make, task, spec, cameras, self._sim_backend, self._index)


def _resolve_cameras(task: ManiSkillTask, asked: Sequence[Camera]) -> tuple[Camera, ...]:
    if not asked:
        return (task.camera,)
    for camera in asked:
        if camera.name != task.camera.name:
            raise invalid(f"unknown camera '{camera.name}' for task {task.env_id}; it has '{task.camera.name}'")
    return tuple(Camera(c.name, c.width or task.camera.width, c.height or task.camera.height) for c in asked)


class ManiSkillBatchEnv:
    def __init__(self, make, task: ManiSkillTask, spec: SessionSpec, cameras: tuple[Camera, ...],
                 sim_backend: str, index):
        self.num_envs = spec.num_envs
        self.tasks = [task.env_id] * spec.num_envs
        self.cameras = cameras
        self.partial_reset = task.partial_reset
        self._task = task
        self._index = index
        sensor_configs = {c.name: dict(width=c.width, height=c.height) for c in cameras}
        if len(cameras) == 1:
            sensor_configs = dict(width=cameras[0].width, height=cameras[0].height)
        self._env = make(task.env_id, num_envs=spec.num_envs, obs_mode=task.obs_mode,
                         reward_mode=task.reward_mode, control_mode=task.control_mode,
                         sim_backend=sim_backend, sensor_configs=sensor_configs,
                         max_episode_steps=spec.max_episode_steps or task.max_episode_steps)
        self._convert = (actions.openvla_converter(task.robot, spec.num_envs)
                         if spec.control_mode == OPENVLA_CONTROL_MODE else actions.PassThrough())
        n = spec.num_envs
        self._reward = np.zeros(n, np.float32)
        self._terminated = np.zeros(n, bool)
        self._truncated = np.zeros(n, bool)
        self._success = np.zeros(n, bool)
        self._elapsed = np.zeros(n, np.int32)
        self.proprio_dim = 0

    def reset(self, env_ids, seeds, tasks=None) -> Batch:
        options = {} if env_ids is None else {"env_idx": self._index(list(env_ids))}
        obs, info = self._env.reset(seed=[int(s) % _SEED_MODULUS for s in seeds], options=options)
        self._convert.reset(env_ids)
        ids = slice(None) if env_ids is None else np.asarray(env_ids, dtype=np.int64)
        for flags in (self._reward, self._terminated, self._truncated, self._success, self._elapsed):
            flags[ids] = 0
        batch = self._batch(obs)
        self.proprio_dim = batch.proprio.shape[1]
        return batch

    def step(self, action: np.ndarray) -> Batch:
        native = self._convert(action).astype(np.float32)
        obs, reward, terminated, truncated, info = self._env.step(native)
        n = self.num_envs
        self._reward = to_numpy(reward).astype(np.float32).reshape(n)
        self._terminated = to_numpy(terminated).astype(bool).reshape(n)
        self._truncated = to_numpy(truncated).astype(bool).reshape(n)
        self._success = to_numpy(info.get("success", np.zeros(n, bool))).astype(bool).reshape(n)
        self._elapsed = (to_numpy(info["elapsed_steps"]).astype(np.int32).reshape(n)
                         if "elapsed_steps" in info else self._elapsed + 1)
        return self._batch(obs)

    def close(self) -> None:
        self._env.close()

    def _batch(self, obs: dict) -> Batch:
        images = {}
        for camera in self.cameras:
            rgb = to_numpy(obs["sensor_data"][camera.name]["rgb"])[..., :3]
            images[camera.name] = np.ascontiguousarray(area_resize(rgb.astype(np.uint8), camera.height, camera.width))
        return Batch(images=images,
                     proprio=to_numpy(obs["agent"]["qpos"]).astype(np.float32).reshape(self.num_envs, -1),
                     instructions=self._instructions(),
                     reward=self._reward.copy(), terminated=self._terminated.copy(),
                     truncated=self._truncated.copy(), success=self._success.copy(),
                     elapsed_steps=self._elapsed.copy())

    def _instructions(self) -> list[str]:
        getter = getattr(self._env.unwrapped, "get_language_instruction", None)
        if getter is None:
            return [self._task.instruction] * self.num_envs
        text = getter()
        # A list of N strings in recent ManiSkill3, one string in older versions.
        return [str(t) for t in text] if isinstance(text, (list, tuple)) else [str(text)] * self.num_envs
