"""Backends by name, each imported only when asked for (ManiSkill3 / SimplerEnv are heavy and optional)."""
from __future__ import annotations

from .base import Backend

BACKENDS = ("maniskill3", "simpler", "fake")


class BackendUnavailable(RuntimeError):
    """The backend's simulator package is not installed; the message says what to pip install."""


def load_backend(name: str) -> Backend:
    if name == "fake":
        from .fake import fake_backend
        return fake_backend()
    if name == "maniskill3":
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
        return ManiSkill3Backend(make=gym.make, version=f"mani_skill {getattr(mani_skill, '__version__', '?')}",
                                 index=lambda ids: torch.tensor(ids, dtype=torch.long))
    if name == "simpler":
        try:
            import simpler_env
            from simpler_env.utils.env.observation_utils import get_image_from_maniskill2_obs_dict
        except ImportError as error:
            raise BackendUnavailable(
                f"backend simpler needs SimplerEnv ({error.name} is missing): "
                "pip install './sim-adapter/python[simpler]' and SimplerEnv with its ManiSkill2_real2sim "
                "(see https://github.com/simpler-env/SimplerEnv)") from error
        from .simpler import SimplerBackend
        return SimplerBackend(simpler_env, get_image_from_maniskill2_obs_dict,
                              version=f"simpler_env {getattr(simpler_env, '__version__', '?')}")
    raise ValueError(f"unknown backend '{name}'; choose one of {', '.join(BACKENDS)}")
