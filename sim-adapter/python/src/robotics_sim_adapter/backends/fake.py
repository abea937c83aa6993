"""The fake backend: the real maniskill3 backend code driving fakes.maniskill (a test double).

For tests and for trying the wire without a GPU; never the default backend.
"""
from __future__ import annotations

from .. import __version__
from ..fakes.maniskill import CAMERA, CONTROL_MODE, FAKE_TASKS, make
from .base import Camera
from .maniskill3 import ManiSkill3Backend
from .maniskill3_tasks import ManiSkillTask


def fake_backend() -> ManiSkill3Backend:
    tasks = tuple(
        ManiSkillTask(spec.env_id, spec.instruction, ("fake", "test_double"), spec.max_episode_steps,
                      "widowx_maniskill3", "rgb+segmentation", "sparse", CONTROL_MODE,
                      Camera(CAMERA, 128, 128), 5.0, partial_reset=True)
        for spec in FAKE_TASKS.values())
    return ManiSkill3Backend(make=make, tasks=tasks, name="fake", version=f"fake-maniskill3 {__version__}",
                             sim_backend="gpu", max_envs_per_session=256)
