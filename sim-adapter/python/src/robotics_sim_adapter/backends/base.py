"""What a backend offers the server: its description, and batches of envs that reset and step.

Backends speak numpy; the session layer (sessions.py) validates requests and speaks the wire.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, Sequence

import numpy as np

# The wire's control mode for OpenVLA-style actions, converted per robot by actions.py.
# A backend's native controller name passes actions through unchanged.
OPENVLA_CONTROL_MODE = "openvla"


@dataclass(frozen=True)
class Camera:
    name: str
    width: int
    height: int


@dataclass(frozen=True)
class Task:
    id: str
    instruction: str
    tags: tuple[str, ...]
    max_episode_steps: int


@dataclass(frozen=True)
class BackendInfo:
    name: str
    version: str
    tasks: tuple[Task, ...]
    partial_reset: bool
    per_env_task: bool
    control_frequency_hz: float
    max_envs_per_session: int
    cameras: tuple[Camera, ...]
    proprio_names: tuple[str, ...]
    control_modes: tuple[str, ...]

    def task(self, task_id: str) -> Task | None:
        return next((t for t in self.tasks if t.id == task_id), None)


@dataclass(frozen=True)
class SessionSpec:
    """A validated OpenSession request: one task id per env, cameras as asked (size 0 = default)."""
    num_envs: int
    tasks: tuple[str, ...]
    cameras: tuple[Camera, ...]
    control_mode: str
    max_episode_steps: int
    # pb.SuccessScoring: SUCCESS_ONCE (0) ends an env at its first success; SUCCESS_AT_END (1)
    # does not, so episodes run to truncation and are scored at their last step (SimplerEnv's way).
    scoring: int = 0


@dataclass
class Batch:
    """What a reset or step produced, for all N envs (numpy, batched as on the wire)."""
    images: dict[str, np.ndarray]          # camera -> uint8 [N, H, W, 3]
    proprio: np.ndarray                    # float32 [N, P]
    instructions: list[str]
    reward: np.ndarray                     # float32 [N]
    terminated: np.ndarray                 # bool [N]
    truncated: np.ndarray                  # bool [N]
    success: np.ndarray                    # bool [N]
    elapsed_steps: np.ndarray              # int32 [N]
    extras: dict[str, np.ndarray] = field(default_factory=dict)


class BatchEnv(Protocol):
    """N envs opened for one session."""
    num_envs: int
    tasks: list[str]
    cameras: tuple[Camera, ...]
    proprio_dim: int
    # False when this batch can only reset all envs at once.
    partial_reset: bool

    def reset(self, env_ids: Sequence[int] | None, seeds: Sequence[int],
              tasks: Sequence[str] | None = None) -> Batch:
        """Resets env_ids (None = all); seeds holds one seed per env of the batch (all N)."""
        ...

    def step(self, actions: np.ndarray) -> Batch:
        """One float32 [N, 7] action batch in the session's control mode."""
        ...

    def close(self) -> None: ...


class Backend(Protocol):
    def describe(self) -> BackendInfo: ...

    def open(self, spec: SessionSpec) -> BatchEnv:
        """Builds the envs; raises errors.ContractError for cameras or modes this task lacks."""
        ...


def to_numpy(value) -> np.ndarray:
    """A torch tensor (any device) or array-like -> numpy, without copying numpy input."""
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    return np.asarray(value)
