"""The simpler backend against a stand-in simpler_env module (SimplerEnv cannot be installed here)."""
import types

import grpc
import numpy as np
import pytest

from robotics_sim_adapter.backends.base import Camera, SessionSpec
from robotics_sim_adapter.backends.simpler import SimplerBackend
from robotics_sim_adapter.errors import ContractError


class StandInEnv:
    """One SimplerEnv env: 7-D actions, qpos, a 640x512 image whose brightness counts steps."""

    def __init__(self, task):
        self.task, self.actions, self.t = task, [], 0

    def reset(self, seed=None, options=None):
        self.seed, self.t = seed, 0
        return {"agent": {"qpos": np.zeros(11, np.float32)}}, {}

    def step(self, action):
        self.actions.append(action)
        self.t += 1
        return {"agent": {"qpos": np.full(11, self.t, np.float32)}}, 0.0, False, False, {"success": self.t == 3}

    def get_language_instruction(self):
        return f"instruction of {self.task}"

    def close(self):
        pass


def backend():
    made = []

    def make(task):
        made.append(StandInEnv(task))
        return made[-1]
    module = types.SimpleNamespace(make=make)
    get_image = lambda env, obs: np.full((512, 640, 3), 10 * env.t, np.uint8)  # noqa: E731
    return SimplerBackend(module, get_image), made


def spec(tasks, cameras=(), steps=0):
    return SessionSpec(num_envs=len(tasks), tasks=tuple(tasks), cameras=cameras, control_mode="openvla", max_episode_steps=steps)


def test_one_simpler_env_per_slot_with_converted_actions_and_resized_images():
    b, made = backend()
    env = b.open(spec(["google_robot_pick_coke_can", "google_robot_open_drawer"], (Camera("overhead_camera", 224, 224),)))
    first = env.reset(None, [3, 4])
    assert [m.task for m in made] == ["google_robot_pick_coke_can", "google_robot_open_drawer"]
    assert [m.seed for m in made] == [3, 4]
    assert first.images["overhead_camera"].shape == (2, 224, 224, 3)
    assert first.instructions == ["instruction of google_robot_pick_coke_can", "instruction of google_robot_open_drawer"]
    batch = env.step(np.array([[0.01, 0, 0, 0, 0, 0.5, 1.0]] * 2, np.float32))
    np.testing.assert_allclose(made[0].actions[0], [0.01, 0, 0, 0, 0, 0.5, 0.0], atol=1e-7)  # axis-angle, relative gripper
    assert (batch.images["overhead_camera"] == 10).all()
    assert batch.proprio.shape == (2, 11)


def test_step_limit_of_the_evaluation_scripts_truncates():
    b, _ = backend()
    env = b.open(spec(["widowx_carrot_on_plate"], steps=2))
    env.reset(None, [1])
    assert env.step(np.zeros((1, 7), np.float32)).truncated.tolist() == [False]
    assert env.step(np.zeros((1, 7), np.float32)).truncated.tolist() == [True]


def test_describe_has_the_papers_tasks_with_their_limits():
    info = backend()[0].describe()
    limits = {t.id: t.max_episode_steps for t in info.tasks}
    assert limits["google_robot_pick_coke_can"] == 80
    assert limits["google_robot_open_drawer"] == limits["google_robot_close_drawer"] == 113
    assert limits["widowx_put_eggplant_in_basket"] == 120
    assert info.partial_reset and info.per_env_task


def test_mixing_robots_in_one_session_is_invalid_argument():
    with pytest.raises(ContractError) as error:
        backend()[0].open(spec(["google_robot_pick_coke_can", "widowx_stack_cube"]))
    assert error.value.code == grpc.StatusCode.INVALID_ARGUMENT


def test_reset_with_a_new_task_replaces_that_env_only():
    b, made = backend()
    env = b.open(spec(["google_robot_pick_coke_can"] * 2))
    env.reset(None, [1, 2])
    env.reset([1], [1, 9], ["google_robot_close_drawer"])
    assert env.tasks == ["google_robot_pick_coke_can", "google_robot_close_drawer"]
    assert made[-1].task == "google_robot_close_drawer" and made[-1].seed == 9
