"""Sessions: a batch of N envs per client, validated requests, seeds, and idle leases.

Every check here answers with the same gRPC status as the C# tabletop server: INVALID_ARGUMENT for
malformed input, NOT_FOUND for an unknown session or task, FAILED_PRECONDITION for what this
backend cannot do (a subset reset where only whole-batch resets are possible), RESOURCE_EXHAUSTED
for more envs than a session may hold.
"""
from __future__ import annotations

import threading
import time
import uuid
from typing import Callable

import numpy as np

from .actions import ACTION_DIM
from .backends.base import OPENVLA_CONTROL_MODE, Backend, Batch, BatchEnv, Camera, SessionSpec
from .errors import exhausted, invalid, not_found, precondition
from .generated import simulator_pb2 as pb
from .tensors import dtype_name, from_tensor, to_tensor

DEFAULT_LEASE_SECONDS = 300
_MASK64 = (1 << 64) - 1


def derive_seed(session_seed: int, env_id: int, episode: int) -> int:
    """The seed of an env's episode when the client gives none: splitmix64 of (seed, env, episode),
    kept below 2**31 so every simulator's RNG takes it unchanged."""
    z = (session_seed + 0x9E3779B97F4A7C15 * (1 + env_id * 0x10001 + episode * 0x1F1F1F1F)) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return (z ^ (z >> 31)) % (2**31)


class Session:
    def __init__(self, session_id: str, backend_name: str, spec: SessionSpec, env: BatchEnv,
                 seed: int, per_env_task: bool, known_tasks: set[str]):
        self.id = session_id
        self.spec = spec
        self.env = env
        self.lock = threading.Lock()
        self.closed = False
        self.last_used = 0.0
        self._backend_name = backend_name
        self._seed = seed
        self._per_env_task = per_env_task
        self._known_tasks = known_tasks
        n = spec.num_envs
        self._episodes = np.zeros(n, dtype=np.int64)
        self.episode_seeds = [derive_seed(seed, i, 0) for i in range(n)]
        # The envs start reset with episode 0's seeds, which a first Reset without seeds repeats.
        env.reset(None, list(self.episode_seeds))

    @property
    def num_envs(self) -> int:
        return self.spec.num_envs

    def reset(self, request: pb.ResetRequest) -> pb.StepResult:
        n = self.num_envs
        ids = list(request.env_ids)
        for env_id in ids:
            if not 0 <= env_id < n:
                raise invalid(f"env id {env_id} is out of range: the session has {n} envs (0..{n - 1})")
        if len(set(ids)) != len(ids):
            raise invalid(f"env_ids {ids} name an env more than once")
        targets = ids or list(range(n))
        if request.seeds and len(request.seeds) != len(targets):
            raise invalid(f"got {len(request.seeds)} seeds for {len(targets)} envs to reset: give one per env or none")
        tasks = list(request.tasks)
        if tasks:
            if len(tasks) != len(targets):
                raise invalid(f"got {len(tasks)} tasks for {len(targets)} envs to reset: give one per env or none")
            for task in tasks:
                if task not in self._known_tasks:
                    raise not_found(f"unknown task '{task}'")
            changes = [t != self.env.tasks[i] for i, t in zip(targets, tasks)]
            if any(changes) and not self._per_env_task:
                raise precondition(f"backend {self._backend_name} cannot change an env's task on reset "
                                   "(capabilities.per_env_task is false); open a new session for another task")
        if len(targets) < n and not self.env.partial_reset:
            raise precondition(f"backend {self._backend_name} resets all envs at once for task "
                               f"{self.env.tasks[0]} (capabilities.partial_reset is false); send empty env_ids")
        seeds = list(request.seeds) or [derive_seed(self._seed, i, int(self._episodes[i])) for i in targets]
        for i, s in zip(targets, seeds):
            self.episode_seeds[i] = int(s)
            self._episodes[i] += 1
        batch = self.env.reset(ids or None, list(self.episode_seeds), tasks or None)
        return self._result(batch)

    def step(self, actions: pb.Tensor) -> pb.StepResult:
        n = self.num_envs
        shape = list(actions.shape)
        if actions.dtype != pb.DTYPE_FLOAT32:
            raise invalid(f"actions must be float32 [{n}, {ACTION_DIM}], got {dtype_name(actions.dtype)} {shape}")
        if shape != [n, ACTION_DIM]:
            raise invalid(f"actions must have shape [{n}, {ACTION_DIM}], got {shape}")
        array = from_tensor(actions, "actions")
        bad = ~np.isfinite(array).all(axis=1)
        if bad.any():
            raise invalid(f"actions hold NaN or Inf (env {int(np.flatnonzero(bad)[0])})")
        return self._result(self.env.step(array))

    def close(self) -> None:
        self.closed = True
        self.env.close()

    def _result(self, batch: Batch) -> pb.StepResult:
        physics_error = ~np.isfinite(batch.proprio).all(axis=1)
        terminated = batch.terminated
        if self.spec.scoring == pb.SUCCESS_AT_END:
            # Success does not end the episode; a failure (terminated without success) still does.
            terminated = terminated & ~batch.success
        result = pb.StepResult(
            proprio=to_tensor(np.nan_to_num(batch.proprio.astype(np.float32))),
            instructions=batch.instructions,
            tasks=list(self.env.tasks),
            reward=batch.reward.astype(np.float32).tolist(),
            terminated=(terminated | physics_error).tolist(),
            truncated=batch.truncated.tolist(),
            success=(batch.success & ~physics_error).tolist(),
            elapsed_steps=batch.elapsed_steps.astype(np.int32).tolist(),
            physics_error=physics_error.tolist(),
            episode_seeds=[int(s) for s in self.episode_seeds])
        for name, image in batch.images.items():
            result.images[name].CopyFrom(to_tensor(image))
        for name, extra in batch.extras.items():
            result.extras[name].CopyFrom(to_tensor(extra))
        return result


class SessionRegistry:
    """Open sessions by id; a session idle longer than the lease is closed and forgotten."""

    def __init__(self, backend: Backend, lease_seconds: float = DEFAULT_LEASE_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.backend = backend
        self.info = backend.describe()
        self.lease_seconds = lease_seconds
        self._clock = clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def open(self, request: pb.OpenSessionRequest) -> pb.OpenSessionResponse:
        self.reap()
        spec = self._validate(request)
        env = self.backend.open(spec)
        try:
            session = Session(uuid.uuid4().hex, self.info.name, spec, env, request.seed,
                              self.info.per_env_task, {t.id for t in self.info.tasks})
        except BaseException:
            env.close()
            raise
        session.last_used = self._clock()
        with self._lock:
            self._sessions[session.id] = session
        return pb.OpenSessionResponse(
            session_id=session.id, num_envs=spec.num_envs, tasks=list(env.tasks),
            cameras=[pb.CameraSpec(name=c.name, width=c.width, height=c.height) for c in env.cameras],
            proprio_dim=env.proprio_dim, scoring=spec.scoring)

    def get(self, session_id: str) -> Session:
        """The live session (its lease renewed), or NOT_FOUND."""
        now = self._clock()
        with self._lock:
            session = self._sessions.get(session_id)
            if session is not None and now - session.last_used > self.lease_seconds:
                del self._sessions[session_id]
                expired = session
                session = None
            else:
                expired = None
            if session is not None:
                session.last_used = now
        if expired is not None:
            self._close_quietly(expired)
            raise not_found(f"session '{session_id}' expired after {self.lease_seconds:g} s idle")
        if session is None:
            raise not_found(f"unknown session '{session_id}' (never opened, closed, or expired)")
        return session

    def close(self, session_id: str) -> None:
        with self._lock:
            session = self._sessions.pop(session_id, None)
        if session is None:
            raise not_found(f"unknown session '{session_id}' (never opened, closed, or expired)")
        self._close_quietly(session)

    def reap(self) -> int:
        """Closes every session idle past its lease; returns how many."""
        now = self._clock()
        with self._lock:
            expired = [s for s in self._sessions.values() if now - s.last_used > self.lease_seconds]
            for s in expired:
                del self._sessions[s.id]
        for s in expired:
            self._close_quietly(s)
        return len(expired)

    def close_all(self) -> None:
        with self._lock:
            sessions, self._sessions = list(self._sessions.values()), {}
        for s in sessions:
            self._close_quietly(s)

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)

    @staticmethod
    def _close_quietly(session: Session) -> None:
        with session.lock:
            if not session.closed:
                try:
                    session.close()
                except Exception:  # a failing simulator close must not take the server down
                    session.closed = True

    def _validate(self, request: pb.OpenSessionRequest) -> SessionSpec:
        info = self.info
        n = request.num_envs
        if n < 1:
            raise invalid(f"num_envs must be in 1..{info.max_envs_per_session}, got {n}")
        if n > info.max_envs_per_session:
            # As the C# tabletop: asking for more envs than a session may hold is a resource limit.
            raise exhausted(f"num_envs must be in 1..{info.max_envs_per_session}, got {n}")
        tasks = list(request.tasks)
        if not tasks:
            raise invalid("tasks is empty: name one task for all envs or one per env")
        if len(tasks) not in (1, n):
            raise invalid(f"got {len(tasks)} tasks for {n} envs: give one task for all envs or one per env")
        for task in tasks:
            if info.task(task) is None:
                raise not_found(f"unknown task '{task}'; this server runs: {', '.join(t.id for t in info.tasks)}")
        if request.object_poses:
            # ManiSkill3 keeps object poses in task-specific "extra" entries; no common layout to send them in yet.
            raise invalid(f"backend {info.name} does not offer object poses (capabilities.object_pose_names is empty); "
                          "open the session without object_poses (a pixel-only policy)")
        if len(set(tasks)) > 1 and not info.per_env_task:
            raise invalid(f"backend {info.name} runs one task per session (capabilities.per_env_task is false)")
        cameras = []
        for camera in request.cameras:
            if camera.width < 0 or camera.height < 0:
                raise invalid(f"camera '{camera.name}' has a negative size {camera.width}x{camera.height}")
            if camera.name not in {c.name for c in info.cameras}:
                raise invalid(f"unknown camera '{camera.name}'; this server has: {', '.join(c.name for c in info.cameras)}")
            cameras.append(Camera(camera.name, camera.width, camera.height))
        mode = request.control_mode or OPENVLA_CONTROL_MODE
        if mode not in info.control_modes:
            raise invalid(f"unknown control mode '{mode}'; this server has: {', '.join(info.control_modes)}")
        if request.scoring not in pb.SuccessScoring.values():
            raise invalid(f"unknown scoring {request.scoring}; known: "
                          + ", ".join(f"{name} ({value})" for name, value in pb.SuccessScoring.items()))
        if request.max_episode_steps < 0:
            raise invalid(f"max_episode_steps must be >= 0 (0 = the task's own limit), got {request.max_episode_steps}")
        return SessionSpec(num_envs=n, tasks=tuple(tasks * n if len(tasks) == 1 else tasks),
                           cameras=tuple(cameras), control_mode=mode,
                           max_episode_steps=request.max_episode_steps, scoring=request.scoring)

