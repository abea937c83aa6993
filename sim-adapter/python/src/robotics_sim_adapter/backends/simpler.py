"""The simpler backend: SimplerEnv (ManiSkill2 real-to-sim, CPU), N single envs per session.

Each env is its own ``simpler_env.make(task)`` instance, so envs reset one by one and may run
different tasks (of one robot: the camera and proprio must match across the batch).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .. import actions
from ..errors import invalid
from ..images import area_resize
from .base import OPENVLA_CONTROL_MODE, Backend, BackendInfo, Batch, Camera, SessionSpec, Task, to_numpy

# SimplerEnv's own controllers: [dxyz, axis-angle delta, gripper] per robot.
NATIVE_CONTROL_MODE = "simpler_native"
GOOGLE_CAMERA = Camera("overhead_camera", 640, 512)
WIDOWX_CAMERA = Camera("3rd_view_camera", 640, 480)


@dataclass(frozen=True)
class SimplerTask:
    id: str
    instruction: str
    robot: str                   # an actions.openvla_converter profile
    camera: Camera
    max_episode_steps: int       # the step limits of SimplerEnv's evaluation scripts
    control_frequency_hz: float


def _google(task_id: str, instruction: str, steps: int) -> SimplerTask:
    return SimplerTask(task_id, instruction, "google_robot_simpler", GOOGLE_CAMERA, steps, 3.0)


def _widowx(task_id: str, instruction: str, steps: int = 60) -> SimplerTask:
    return SimplerTask(task_id, instruction, "widowx_simpler", WIDOWX_CAMERA, steps, 5.0)


SIMPLER_TASKS: tuple[SimplerTask, ...] = (
    _google("google_robot_pick_coke_can", "pick coke can", 80),
    _google("google_robot_move_near", "move near", 80),
    _google("google_robot_open_drawer", "open drawer", 113),
    _google("google_robot_close_drawer", "close drawer", 113),
    _widowx("widowx_spoon_on_towel", "put the spoon on the towel"),
    _widowx("widowx_carrot_on_plate", "put carrot on plate"),
    _widowx("widowx_stack_cube", "stack the green block on the yellow block"),
    _widowx("widowx_put_eggplant_in_basket", "put eggplant into yellow basket", 120),
)


class SimplerBackend(Backend):
    def __init__(self, simpler_env, get_image, version: str = "", tasks: Sequence[SimplerTask] = SIMPLER_TASKS,
                 max_envs_per_session: int = 64):
        # simpler_env (the module, for make) and get_image_from_maniskill2_obs_dict, injected.
        self._simpler_env = simpler_env
        self._get_image = get_image
        self._tasks = {t.id: t for t in tasks}
        robot_tag = {"google_robot_simpler": "google_robot", "widowx_simpler": "widowx"}
        self._info = BackendInfo(
            name="simpler", version=version,
            tasks=tuple(Task(t.id, t.instruction, (robot_tag[t.robot], f"control_hz={t.control_frequency_hz:g}"),
                             t.max_episode_steps) for t in tasks),
            partial_reset=True, per_env_task=True,
            control_frequency_hz=tasks[0].control_frequency_hz,
            max_envs_per_session=max_envs_per_session,
            cameras=(GOOGLE_CAMERA, WIDOWX_CAMERA),
            proprio_names=(),
            control_modes=(OPENVLA_CONTROL_MODE, NATIVE_CONTROL_MODE))

    def describe(self) -> BackendInfo:
        return self._info

    def open(self, spec: SessionSpec) -> "SimplerBatchEnv":
        tasks = [self._tasks[t] for t in spec.tasks]
        robots = {t.robot for t in tasks}
        if len(robots) > 1:
            raise invalid("a simpler session runs tasks of one robot (Google robot or WidowX), "
                          f"got {', '.join(sorted(robots))}")
        if spec.control_mode not in self._info.control_modes:
            raise invalid(f"unknown control mode '{spec.control_mode}'; "
                          f"known: {', '.join(self._info.control_modes)}")
        default = tasks[0].camera
        for camera in spec.cameras:
            if camera.name != default.name:
                raise invalid(f"unknown camera '{camera.name}' for {tasks[0].robot}; it has '{default.name}'")
        cameras = tuple(Camera(c.name, c.width or default.width, c.height or default.height)
                        for c in spec.cameras) or (default,)
        return SimplerBatchEnv(self, tasks, spec, cameras)


class SimplerBatchEnv:
    def __init__(self, backend: SimplerBackend, tasks: list[SimplerTask], spec: SessionSpec,
                 cameras: tuple[Camera, ...]):
        self._backend = backend
        self.num_envs = spec.num_envs
        self.tasks = [t.id for t in tasks]
        self.cameras = cameras
        self.partial_reset = True
        self.proprio_dim = 0
        self._max_steps = spec.max_episode_steps
        self._limits = [spec.max_episode_steps or t.max_episode_steps for t in tasks]
        self._envs = [backend._simpler_env.make(t.id) for t in tasks]
        self._convert = (actions.openvla_converter(tasks[0].robot, spec.num_envs)
                         if spec.control_mode == OPENVLA_CONTROL_MODE else actions.PassThrough())
        n = spec.num_envs
        self._obs: list[dict] = [{} for _ in range(n)]
        self._reward = np.zeros(n, np.float32)
        self._terminated = np.zeros(n, bool)
        self._truncated = np.zeros(n, bool)
        self._success = np.zeros(n, bool)
        self._elapsed = np.zeros(n, np.int32)

    def reset(self, env_ids, seeds, tasks=None) -> Batch:
        ids = range(self.num_envs) if env_ids is None else list(env_ids)
        for k, i in enumerate(ids):
            if tasks and tasks[k] != self.tasks[i]:
                self._envs[i].close()
                task = self._backend._tasks[tasks[k]]
                self._envs[i] = self._backend._simpler_env.make(task.id)
                self.tasks[i] = task.id
                self._limits[i] = self._max_steps or task.max_episode_steps
            self._obs[i], _ = self._envs[i].reset(seed=int(seeds[i]) % 2**31)
            self._reward[i], self._terminated[i], self._truncated[i], self._success[i], self._elapsed[i] = 0, False, False, False, 0
        self._convert.reset(None if env_ids is None else ids)
        batch = self._batch()
        self.proprio_dim = batch.proprio.shape[1]
        return batch

    def step(self, action: np.ndarray) -> Batch:
        native = self._convert(action)
        for i, env in enumerate(self._envs):
            obs, reward, terminated, truncated, info = env.step(np.asarray(native[i], dtype=np.float64))
            self._obs[i] = obs
            self._elapsed[i] += 1
            self._reward[i] = float(reward)
            self._terminated[i] = bool(terminated)
            self._truncated[i] = bool(truncated) or self._elapsed[i] >= self._limits[i]
            self._success[i] = bool(info.get("success", False))
        return self._batch()

    def close(self) -> None:
        for env in self._envs:
            env.close()

    def _batch(self) -> Batch:
        images = {}
        for camera in self.cameras:
            frames = [np.asarray(self._backend._get_image(env, obs), dtype=np.uint8)[..., :3]
                      for env, obs in zip(self._envs, self._obs)]
            images[camera.name] = np.stack([area_resize(f, camera.height, camera.width) for f in frames])
        proprio = np.stack([to_numpy(obs["agent"]["qpos"]).astype(np.float32).reshape(-1) for obs in self._obs])
        instructions = [str(env.get_language_instruction()) for env in self._envs]
        return Batch(images=images, proprio=proprio, instructions=instructions,
                     reward=self._reward.copy(), terminated=self._terminated.copy(),
                     truncated=self._truncated.copy(), success=self._success.copy(),
                     elapsed_steps=self._elapsed.copy())
