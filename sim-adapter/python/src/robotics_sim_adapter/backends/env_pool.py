"""EnvPool: ManiSkill envs kept for reuse by key (task, number of envs, camera settings).

A long-lived server cannot build an env per session: the 28th ``gym.make`` in one process fails
(ManiSkill issue #1474), closed envs included. A session borrows an idle env of its key or builds
one; closing the session hands it back. The pool counts every build and refuses, with a message
that says why, the build that would pass the process's limit.
"""
from __future__ import annotations

from typing import Callable, Hashable

from ..errors import exhausted

# ManiSkill issue #1474: the 28th gym.make in one process fails.
MAX_BUILDS_PER_PROCESS = 27


class EnvPool:
    """Not thread-safe by itself: the maniskill3 backend calls it under its one lock."""

    def __init__(self, max_builds: int = MAX_BUILDS_PER_PROCESS):
        self.max_builds = max_builds
        self.builds = 0
        self._idle: dict[Hashable, list[object]] = {}

    def acquire(self, key: Hashable, build: Callable[[], object]) -> object:
        idle = self._idle.get(key)
        if idle:
            return idle.pop()
        if self.builds >= self.max_builds:
            raise exhausted(
                f"this server process has built {self.builds} ManiSkill envs, the most one process can "
                f"(the next gym.make fails: ManiSkill issue #1474); {self.idle_count()} idle envs of other "
                "task / num_envs / camera settings are kept for reuse: open sessions with those settings, "
                "or restart the server")
        env = build()
        self.builds += 1
        return env

    def release(self, key: Hashable, env: object) -> None:
        self._idle.setdefault(key, []).append(env)

    def idle_count(self) -> int:
        return sum(len(envs) for envs in self._idle.values())

    def drain(self) -> list[object]:
        """Every idle env, removed from the pool (to close them at shutdown)."""
        envs = [env for idle in self._idle.values() for env in idle]
        self._idle.clear()
        return envs
