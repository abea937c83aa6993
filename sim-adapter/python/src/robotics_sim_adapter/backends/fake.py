"""The fake backend: the real maniskill3 backend code driving fakes.maniskill (a test double).

For tests and for trying the wire without a GPU; never the default backend. By default it serves
the double's own tasks (no assets, partial resets allowed); asked for them by name (``--tasks``), it
serves the stand-ins of the real ManiSkill3 tasks with the real task table's settings (the twins:
640x480 area-resized, whole-batch resets only, episode_id layouts), so clients can meet those
behaviours without a GPU. All run in a FakeManiSkill runtime of its own, so the process-wide
behaviours (make limit, torch seeding, one simulator context) hold as on a server.
"""
from __future__ import annotations

from typing import Sequence

from .. import __version__
from ..fakes.maniskill_runtime import FakeManiSkill
from ..fakes.maniskill_tasks import FAKE_TASKS
from .base import Camera
from .maniskill3 import ManiSkill3Backend
from .maniskill3_tasks import MANISKILL3_TASKS, ManiSkillTask

FAKE_BACKEND_TASKS = ("FakePickCan-v1", "FakeOpenDrawer-v1", "FakeCloseDrawer-v1")


def fake_backend(tasks: Sequence[str] | None = None, runtime: FakeManiSkill | None = None) -> ManiSkill3Backend:
    from . import select_tasks
    runtime = runtime or FakeManiSkill()
    own = tuple(
        ManiSkillTask(spec.env_id, spec.instruction, ("fake", "test_double"), spec.max_episode_steps,
                      "widowx_maniskill3", "rgb+segmentation", "sparse", spec.control_mode,
                      Camera(spec.camera, 128, 128), 5.0, partial_reset=True)
        for spec in (FAKE_TASKS[t] for t in FAKE_BACKEND_TASKS))
    chosen = own if tasks is None else select_tasks(own + MANISKILL3_TASKS, tasks, lambda t: t.env_id)
    return ManiSkill3Backend(make=runtime.make, tasks=chosen, name="fake",
                             version=f"fake-maniskill3 {__version__}", sim_backend="gpu",
                             max_envs_per_session=256, seed_torch=runtime.manual_seed)
