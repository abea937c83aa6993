"""FakeManiSkill: what one Python process with ManiSkill3 imported shares across all its envs.

A TEST DOUBLE. Each behaviour below is one a real server meets and the adapter must handle:
- torch's global RNG, which ManiSkill3 reseeds from the first env's seed on every seeded reset
  (``BaseEnv.reset`` in mani_skill/envs/sapien_env.py: ``torch.manual_seed(self._episode_seed[0])``
  inside ``torch.random.fork_rng()``); an unseeded reset draws from the global stream as it is;
- the asset check of ``EnvSpec.make`` (mani_skill/utils/registration.py): a missing asset asks
  ``prompt_yes_no`` on the terminal (mani_skill/utils/download_asset.py, ``input("(y|n): ")``);
  "n" prints and calls ``exit()``; newer versions skip the prompt when
  MS_SKIP_ASSET_DOWNLOAD_PROMPT=1 and download;
- the make limit: the 28th ``gym.make`` in one process fails (ManiSkill issue #1474), whether or
  not the earlier envs were closed;
- one GPU / Vulkan context: two threads inside the simulator at once is an error here (on a real
  server it is undefined behaviour, which is worse).
"""
from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator, Mapping

import numpy as np

from .maniskill_tasks import FAKE_TASKS, KNOWN_ASSETS

MAKE_LIMIT = 27
SKIP_PROMPT_VARIABLE = "MS_SKIP_ASSET_DOWNLOAD_PROMPT"


class FakeTorchRandom:
    """torch's global RNG as the envs use it: manual_seed, randint, rand, fork_rng."""

    def __init__(self, seed: int = 0):
        self._rng = np.random.RandomState(seed)

    def manual_seed(self, seed: int) -> None:
        self._rng = np.random.RandomState(int(seed) % 2**32)

    def randint(self, high: int, size: int) -> np.ndarray:
        return self._rng.randint(high, size=size)

    def rand(self, *shape: int) -> np.ndarray:
        return self._rng.random_sample(shape).astype(np.float32)

    @contextmanager
    def fork_rng(self) -> Iterator[None]:
        state = self._rng.get_state()
        try:
            yield
        finally:
            self._rng.set_state(state)


class FakeManiSkill:
    """One fake ManiSkill3 process: ``make`` stands in for ``gymnasium.make``."""

    def __init__(self, downloaded_assets: set[str] | None = None, prompt: Callable[[str], str] = input,
                 environ: Mapping[str, str] = os.environ, make_limit: int | None = MAKE_LIMIT,
                 call_delay_s: float = 0.0):
        self.torch = FakeTorchRandom()
        self.downloaded_assets = set(KNOWN_ASSETS if downloaded_assets is None else downloaded_assets)
        self.prompt = prompt
        self.environ = environ
        self.make_limit = make_limit
        self.makes = 0
        self.call_delay_s = call_delay_s   # widens the window in which a second thread is caught
        self._inside = 0
        self._guard = threading.Lock()

    def make(self, env_id: str, **kwargs):
        from .maniskill import FakeManiSkillEnv
        if env_id not in FAKE_TASKS:
            raise ValueError(f"Environment {env_id} doesn't exist.")   # gymnasium's error.NameNotFound says so
        self._check_assets(env_id)
        self.makes += 1
        if self.make_limit is not None and self.makes > self.make_limit:
            raise RuntimeError(f"fake ManiSkill: gym.make number {self.makes} in one process fails "
                               "(ManiSkill issue #1474)")
        return FakeManiSkillEnv(self, FAKE_TASKS[env_id], **kwargs)

    def manual_seed(self, seed: int) -> None:
        """Stands in for ``torch.manual_seed``."""
        self.torch.manual_seed(seed)

    @contextmanager
    def simulator_call(self) -> Iterator[None]:
        """Wraps every reset and step: raises if another thread is inside the simulator."""
        with self._guard:
            self._inside += 1
            concurrent = self._inside > 1
        try:
            if concurrent:
                raise RuntimeError("fake ManiSkill: two threads inside the simulator at once")
            if self.call_delay_s:
                time.sleep(self.call_delay_s)
            yield
        finally:
            with self._guard:
                self._inside -= 1

    def _check_assets(self, env_id: str) -> None:
        missing = [a for a in FAKE_TASKS[env_id].asset_ids if a not in self.downloaded_assets]
        if not missing:
            return
        if self.environ.get(SKIP_PROMPT_VARIABLE) == "1":
            self.downloaded_assets.update(missing)
            return
        print(f"Environment {env_id} requires asset(s) {', '.join(missing)} which could not be found. "
              "Would you like to download them now?")
        while True:
            answer = self.prompt("(y|n): ")          # EOFError when stdin is closed (systemd)
            if answer.lower() == "y":
                self.downloaded_assets.update(missing)
                return
            if answer.lower() == "n":
                print("Exiting as assets are not found or downloaded")
                exit()                               # SystemExit, in whatever thread called make
