"""The maniskill3 backend: GPU-batched ManiSkill3 envs of N sub-envs, pooled, behind one lock.

Tensors stay batched from the simulator to the wire: one [N, H, W, 3] image per camera, one
[N, P] proprio. The env factory is injected (``make``): ``gymnasium.make`` on GPU servers, a
fakes.maniskill_runtime.FakeManiSkill in the tests, so this same code runs against both.

What a real server needs, each from the ManiSkill3 / SimplerEnv source named (see also
shared/REFERENCE.md, last section):
- every served task is built once at start-up (``warm_up``), so a missing asset, which makes
  ``EnvSpec.make`` ask ``(y|n)`` on the terminal (mani_skill/utils/registration.py), fails the
  server's start with the download command instead of hanging or killing a client's call;
- envs are pooled by (task, N, camera settings) and reused across sessions: the 28th gym.make in
  one process fails (ManiSkill issue #1474);
- one lock serialises every call into the simulator across sessions: there is one GPU / Vulkan
  context, and the twins keep their overlay images in a class-level dict shared by instances;
- the twins render at their own 640x480 (their pixel intrinsic is fixed; a smaller sensor is an
  off-centre crop) and are area-resized here, as SimplerEnv's OpenVLA evaluation resizes with
  cv2.INTER_AREA; they render with shader_pack "default" as SimplerEnv's
  simpler_env/real2sim_eval_maniskill3.py does;
- seeds: ManiSkill seeds torch from the first env's seed only (BaseEnv.reset in
  mani_skill/envs/sapien_env.py), so the twins get each env's layout from
  ``options={"episode_id": seeds}`` (as real2sim_eval_maniskill3.py does), and a partial reset of
  other tasks resets env by env with torch seeded from that env's own seed;
- the Panda's rotation scale is read from its controller (mani-skill 3.0.1 inverts its sign).
"""
from __future__ import annotations

import logging
import threading
from typing import Callable, Sequence

import numpy as np

from .. import actions
from ..errors import ContractError, invalid, precondition
from ..images import area_resize
from .base import OPENVLA_CONTROL_MODE, BackendInfo, Batch, Camera, SessionSpec, Task, to_numpy
from .env_pool import MAX_BUILDS_PER_PROCESS, EnvPool
from .maniskill3_tasks import MANISKILL3_TASKS, WIDOWX_JOINTS, ManiSkillTask

log = logging.getLogger(__name__)

# ManiSkill3 seeds numpy RandomStates, which take 32-bit seeds; it draws its own below 2**31.
_SEED_MODULUS = 2**31


class AssetsMissing(RuntimeError):
    """A task's assets are not on this machine; the message gives the download command."""


class ManiSkill3Backend:
    def __init__(self, make: Callable[..., object], tasks: Sequence[ManiSkillTask] = MANISKILL3_TASKS,
                 name: str = "maniskill3", version: str = "", sim_backend: str = "gpu",
                 max_envs_per_session: int = 1024, index: Callable[[Sequence[int]], object] | None = None,
                 seed_torch: Callable[[int], None] | None = None,
                 tensor: Callable[[np.ndarray, object], object] | None = None,
                 max_builds: int = MAX_BUILDS_PER_PROCESS):
        """index: env ids -> the env's index tensor; seed_torch: torch.manual_seed; tensor:
        (float32 array, device) -> a tensor on that device. The defaults serve numpy fakes."""
        if not tasks:
            raise ValueError("a maniskill3 backend needs at least one task")
        self._make = make
        self._tasks = {t.env_id: t for t in tasks}
        self._sim_backend = sim_backend
        self._index = index or np.asarray
        self._seed_torch = seed_torch or (lambda seed: None)
        self._tensor = tensor or (lambda array, device: array)
        self._pool = EnvPool(max_builds)
        # One lock for every call into the simulator, whichever session makes it.
        self.lock = threading.RLock()
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

    @property
    def builds(self) -> int:
        """How many envs this process has built (ManiSkill's limit counts them all)."""
        return self._pool.builds

    def describe(self) -> BackendInfo:
        return self._info

    def warm_up(self) -> None:
        """Builds and resets each served task once (one env, kept in the pool): a missing asset or
        a broken install fails here, at the server's start, not in a client's call."""
        for task in self._tasks.values():
            key, sensor_configs = _pool_key(task, 1, (task.camera,))
            with self.lock:
                env = self._pool.acquire(key, lambda: self._build(task, 1, sensor_configs, AssetsMissing))
                try:
                    env.reset(seed=[0], options=_layout_options(task, [0], self._index))
                finally:
                    self._pool.release(key, env)
            log.info("built %s", task.env_id)

    def open(self, spec: SessionSpec) -> "ManiSkillBatchEnv":
        task = self._tasks[spec.tasks[0]]
        if spec.control_mode not in (OPENVLA_CONTROL_MODE, task.control_mode):
            raise invalid(f"control mode '{spec.control_mode}' is not offered by task {task.env_id}; "
                          f"use '{OPENVLA_CONTROL_MODE}' or '{task.control_mode}'")
        cameras = _resolve_cameras(task, spec.cameras)
        key, sensor_configs = _pool_key(task, spec.num_envs, cameras)
        with self.lock:
            env = self._pool.acquire(key, lambda: self._build(task, spec.num_envs, sensor_configs, precondition))
            try:
                convert = self._converter(task, spec, env)
            except BaseException:
                self._pool.release(key, env)
                raise
        return ManiSkillBatchEnv(self, key, env, task, spec, cameras, convert)

    def release(self, key, env) -> None:
        with self.lock:
            self._pool.release(key, env)

    def discard(self, env) -> None:
        """Closes an env a simulator fault may have left broken, instead of pooling it."""
        with self.lock:
            env.close()

    def close(self) -> None:
        """Closes the pooled envs (at server shutdown)."""
        with self.lock:
            for env in self._pool.drain():
                env.close()

    def reset_env(self, env, task: ManiSkillTask, env_ids: Sequence[int] | None, seeds: Sequence[int]):
        """Resets env_ids (None = all) of a pooled env under the lock; returns its observation."""
        seeds = [int(s) % _SEED_MODULUS for s in seeds]
        with self.lock:
            if env_ids is None:
                obs, _ = env.reset(seed=seeds, options=_layout_options(task, seeds, self._index))
                return obs
            if not task.partial_reset:
                raise precondition(f"task {task.env_id} resets all envs at once")
            # A seeded reset reseeds torch from seeds[0] whichever envs reset: reset env by env,
            # unseeded, with torch seeded from that env's own seed.
            obs = None
            for i in env_ids:
                self._seed_torch(seeds[i])
                obs, _ = env.reset(seed=None, options={"env_idx": self._index([int(i)])})
            return obs

    def step_env(self, env, native: np.ndarray):
        with self.lock:
            return env.step(native)

    def _build(self, task: ManiSkillTask, num_envs: int, sensor_configs: dict, error) -> object:
        try:
            return self._make(task.env_id, num_envs=num_envs, obs_mode=task.obs_mode,
                              reward_mode=task.reward_mode, control_mode=task.control_mode,
                              sim_backend=self._sim_backend, sensor_configs=dict(sensor_configs),
                              max_episode_steps=task.max_episode_steps)
        except (EOFError, SystemExit) as failure:
            # EnvSpec.make asked (y|n) for missing assets: stdin is closed (EOFError, as under
            # systemd with StandardInput=null) or the answer was "n" (exit() in this thread).
            raise error(f"task {task.env_id} could not be built ({type(failure).__name__}: ManiSkill asks on the "
                        f"terminal for missing assets); on the server run: {download_commands(task)}") from failure

    def _converter(self, task: ManiSkillTask, spec: SessionSpec, env) -> actions.ActionConverter:
        if spec.control_mode != OPENVLA_CONTROL_MODE:
            return actions.PassThrough()
        rot_scale = _rotation_scale(env, self._tensor) if task.robot == "panda_maniskill3" else None
        return actions.openvla_converter(task.robot, spec.num_envs, rot_scale)


def download_commands(task: ManiSkillTask) -> str:
    uids = task.asset_ids or (task.env_id,)
    return "; ".join(f"python -m mani_skill.utils.download_asset {uid} -y" for uid in uids)


def _resolve_cameras(task: ManiSkillTask, asked: Sequence[Camera]) -> tuple[Camera, ...]:
    if not asked:
        return (task.camera,)
    for camera in asked:
        if camera.name != task.camera.name:
            raise invalid(f"unknown camera '{camera.name}' for task {task.env_id}; it has '{task.camera.name}'")
    return tuple(Camera(c.name, c.width or task.camera.width, c.height or task.camera.height) for c in asked)


def _pool_key(task: ManiSkillTask, num_envs: int, cameras: Sequence[Camera]) -> tuple[tuple, dict]:
    """The pool key and sensor_configs of an env: a twin renders at its own size whatever is asked."""
    if task.digital_twin:
        sensor_configs = dict(width=task.camera.width, height=task.camera.height)
    elif len(cameras) == 1:
        sensor_configs = dict(width=cameras[0].width, height=cameras[0].height)
    else:
        sensor_configs = {c.name: dict(width=c.width, height=c.height) for c in cameras}
    if task.shader_pack is not None:
        sensor_configs["shader_pack"] = task.shader_pack
    return (task.env_id, num_envs, repr(sorted(sensor_configs.items()))), sensor_configs


def _layout_options(task: ManiSkillTask, seeds: Sequence[int], index) -> dict:
    # The twins index their layout table by episode_id (position (id % (P*Q)) // Q, orientation id % Q).
    return {"episode_id": index([int(s) for s in seeds])} if task.digital_twin else {}


def _rotation_scale(env, tensor) -> float | None:
    """What the Panda's arm controller multiplies a normalised rotation by (its sign included),
    measured by running its own _clip_and_scale_action on a unit x rotation."""
    try:
        arm = env.unwrapped.agent.controller.controllers["arm"]
        probe = np.array([[0, 0, 0, 1, 0, 0]], dtype=np.float32)
        scaled = to_numpy(arm._clip_and_scale_action(tensor(probe, getattr(env.unwrapped, "device", None))))
        return float(scaled.reshape(-1)[3])
    except Exception as error:  # an older / newer ManiSkill without this layout: keep the documented scale
        log.warning("could not read the Panda controller's rotation scale (%s); assuming +%g",
                    error, actions.PandaEeDeltaManiSkill3.ROT_LIMIT)
        return None


class ManiSkillBatchEnv:
    """One session's use of a pooled env; closing it hands the env back to the pool."""

    def __init__(self, backend: ManiSkill3Backend, key, env, task: ManiSkillTask, spec: SessionSpec,
                 cameras: tuple[Camera, ...], convert: actions.ActionConverter):
        self.num_envs = spec.num_envs
        self.tasks = [task.env_id] * spec.num_envs
        self.cameras = cameras
        self.partial_reset = task.partial_reset
        self._backend = backend
        self._key = key
        self._env = env
        self._task = task
        self._convert = convert
        # The pooled env keeps the task's own limit; a session's own limit is applied here.
        self._max_steps = spec.max_episode_steps or task.max_episode_steps
        n = spec.num_envs
        self._reward = np.zeros(n, np.float32)
        self._terminated = np.zeros(n, bool)
        self._truncated = np.zeros(n, bool)
        self._success = np.zeros(n, bool)
        self._elapsed = np.zeros(n, np.int32)
        self._released = False
        self._faulted = False
        self.proprio_dim = 0

    def reset(self, env_ids, seeds, tasks=None) -> Batch:
        if env_ids is not None and sorted(env_ids) == list(range(self.num_envs)):
            env_ids = None        # every env: one whole-batch reset
        obs = self._simulate(self._backend.reset_env, self._env, self._task,
                             None if env_ids is None else list(env_ids), seeds)
        self._convert.reset(env_ids)
        ids = slice(None) if env_ids is None else np.asarray(env_ids, dtype=np.int64)
        for flags in (self._reward, self._terminated, self._truncated, self._success, self._elapsed):
            flags[ids] = 0
        batch = self._batch(obs)
        self.proprio_dim = batch.proprio.shape[1]
        return batch

    def step(self, action: np.ndarray) -> Batch:
        native = self._convert(action).astype(np.float32)
        obs, reward, terminated, truncated, info = self._simulate(self._backend.step_env, self._env, native)
        n = self.num_envs
        self._reward = to_numpy(reward).astype(np.float32).reshape(n)
        self._terminated = to_numpy(terminated).astype(bool).reshape(n)
        self._success = to_numpy(info.get("success", np.zeros(n, bool))).astype(bool).reshape(n)
        self._elapsed = (to_numpy(info["elapsed_steps"]).astype(np.int32).reshape(n)
                         if "elapsed_steps" in info else self._elapsed + 1)
        self._truncated = self._elapsed >= self._max_steps
        return self._batch(obs)

    def close(self) -> None:
        if not self._released:
            self._released = True
            if self._faulted:
                self._backend.discard(self._env)
            else:
                self._backend.release(self._key, self._env)

    def _simulate(self, call, *args):
        try:
            return call(*args)
        except ContractError:
            raise                  # refused before the simulator was touched
        except BaseException:
            self._faulted = True   # the env may be half-stepped: never hand it to another session
            raise

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
