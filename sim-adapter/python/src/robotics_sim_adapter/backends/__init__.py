"""Backends by name, each imported only when asked for (ManiSkill3 / SimplerEnv are heavy and optional)."""
from __future__ import annotations

import os
from typing import Sequence

from .base import Backend

BACKENDS = ("maniskill3", "simpler", "fake")


class BackendUnavailable(RuntimeError):
    """The backend's simulator package is not installed; the message says what to pip install."""


def load_backend(name: str, tasks: Sequence[str] | None = None) -> Backend:
    """The named backend serving `tasks` (None = all it knows); ValueError for an unknown task."""
    if name == "fake":
        from .fake import fake_backend
        return fake_backend(tasks)
    if name == "maniskill3":
        # A missing asset makes gym.make ask (y|n) on the terminal; newer ManiSkill versions skip
        # the prompt and download when this is 1 (the server builds every task at start-up, so
        # the download happens then). Set it to 0 to be asked instead.
        os.environ.setdefault("MS_SKIP_ASSET_DOWNLOAD_PROMPT", "1")
        try:
            import gymnasium as gym
            import mani_skill
            import mani_skill.envs  # noqa: F401  (registers the env ids with gymnasium)
            import torch
        except ImportError as error:
            raise BackendUnavailable(
                f"backend maniskill3 needs ManiSkill3 ({error.name} is missing): "
                "pip install './sim-adapter/python[maniskill3]'") from error
        from .maniskill3 import ManiSkill3Backend
        from .maniskill3_tasks import MANISKILL3_TASKS
        return ManiSkill3Backend(make=gym.make, tasks=select_tasks(MANISKILL3_TASKS, tasks, lambda t: t.env_id),
                                 version=f"mani_skill {getattr(mani_skill, '__version__', '?')}",
                                 index=lambda ids: torch.tensor(ids, dtype=torch.long),
                                 seed_torch=torch.manual_seed,
                                 tensor=lambda array, device: torch.as_tensor(array, device=device))
    if name == "simpler":
        try:
            import simpler_env
            from simpler_env.utils.env.observation_utils import get_image_from_maniskill2_obs_dict
        except ImportError as error:
            raise BackendUnavailable(
                f"backend simpler needs SimplerEnv ({error.name} is missing): "
                "pip install './sim-adapter/python[simpler]' and SimplerEnv with its ManiSkill2_real2sim "
                "(see https://github.com/simpler-env/SimplerEnv)") from error
        from .simpler import SIMPLER_TASKS, SimplerBackend
        return SimplerBackend(simpler_env, get_image_from_maniskill2_obs_dict,
                              tasks=select_tasks(SIMPLER_TASKS, tasks, lambda t: t.id),
                              version=f"simpler_env {getattr(simpler_env, '__version__', '?')}")
    raise ValueError(f"unknown backend '{name}'; choose one of {', '.join(BACKENDS)}")


def select_tasks(known: Sequence, wanted: Sequence[str] | None, task_id) -> tuple:
    """The tasks of `known` named in `wanted`, in its order (None = all)."""
    if wanted is None:
        return tuple(known)
    by_id = {task_id(t): t for t in known}
    unknown = [w for w in wanted if w not in by_id]
    if unknown:
        raise ValueError(f"unknown task(s) {', '.join(unknown)}; this backend has: {', '.join(by_id)}")
    return tuple(by_id[w] for w in dict.fromkeys(wanted))
