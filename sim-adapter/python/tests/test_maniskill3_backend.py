"""The maniskill3 backend's real code, driven through an injected factory (the fake, recorded)."""
import dataclasses

import grpc
import numpy as np
import pytest

from robotics_sim_adapter.backends.base import SessionSpec, Camera
from robotics_sim_adapter.backends.maniskill3 import ManiSkill3Backend
from robotics_sim_adapter.backends.maniskill3_tasks import MANISKILL3_TASKS, WIDOWX_CONTROL_MODE
from robotics_sim_adapter.errors import ContractError
from robotics_sim_adapter.fakes import maniskill
from robotics_sim_adapter.generated import simulator_pb2 as pb
from robotics_sim_adapter.sessions import SessionRegistry

TWIN = "PutCarrotOnPlateInScene-v1"


class Recorder:
    """A gym.make stand-in that records its calls and serves the fake under any twin id."""

    def __init__(self, instruction=None):
        self.makes, self.resets, self.steps = [], [], []
        self.instruction = instruction

    def __call__(self, env_id, **kwargs):
        self.makes.append((env_id, kwargs))
        env = maniskill.make("FakePickCan-v1", **{**kwargs, "control_mode": maniskill.CONTROL_MODE})
        recorder = self

        class Recorded(maniskill.FakeManiSkillEnv):
            pass
        env.__class__ = Recorded
        original_reset, original_step = env.reset, env.step

        def reset(seed=None, options=None):
            recorder.resets.append((seed, options))
            return original_reset(seed=seed, options=options)

        def step(action):
            recorder.steps.append(np.array(action))
            return original_step(action)
        env.reset, env.step = reset, step
        if self.instruction is not None:
            env.get_language_instruction = lambda: self.instruction
        return env


def spec(n=2, task=TWIN, mode="openvla", cameras=()):
    return SessionSpec(num_envs=n, tasks=(task,) * n, cameras=cameras, control_mode=mode, max_episode_steps=0)


def test_twin_is_made_with_its_quirks_on_the_gpu():
    make = Recorder()
    ManiSkill3Backend(make).open(spec(cameras=(Camera("3rd_view_camera", 64, 48),)))
    env_id, kwargs = make.makes[0]
    assert env_id == TWIN
    assert kwargs == dict(num_envs=2, obs_mode="rgb+segmentation", reward_mode="none",
                          control_mode=WIDOWX_CONTROL_MODE, sim_backend="gpu",
                          sensor_configs=dict(width=64, height=48), max_episode_steps=60)


def test_describe_lists_twins_and_picks_and_says_partial_reset_is_off():
    info = ManiSkill3Backend(Recorder()).describe()
    ids = [t.id for t in info.tasks]
    assert ids[:4] == ["PutCarrotOnPlateInScene-v1", "PutSpoonOnTableClothInScene-v1",
                       "StackGreenCubeOnYellowCubeBakedTexInScene-v1", "PutEggplantInBasketScene-v1"]
    assert "PickCube-v1" in ids
    assert info.partial_reset is False and info.per_env_task is False
    assert info.task("PutEggplantInBasketScene-v1").max_episode_steps == 120
    assert all(t.obs_mode == "rgb+segmentation" and t.reward_mode == "none"
               for t in MANISKILL3_TASKS if "widowx" in t.tags)


def test_openvla_actions_reach_the_twin_as_raw_euler_with_signed_gripper():
    make = Recorder()
    env = ManiSkill3Backend(make).open(spec())
    env.reset(None, [1, 2])
    env.step(np.array([[0.01, 0, 0, 0.1, 0.2, 0.3, 0.8], [0, 0, 0, 0, 0, 0, 0.2]], np.float32))
    np.testing.assert_allclose(make.steps[0], [[0.01, 0, 0, 0.1, 0.2, 0.3, 1], [0, 0, 0, 0, 0, 0, -1]], atol=1e-7)


def test_native_control_mode_passes_actions_through():
    make = Recorder()
    env = ManiSkill3Backend(make).open(spec(mode=WIDOWX_CONTROL_MODE))
    env.reset(None, [1, 2])
    raw = np.array([[0.01, 0, 0, 0.1, 0.2, 0.3, 0.3]] * 2, np.float32)
    env.step(raw)
    np.testing.assert_array_equal(make.steps[0], raw)


def test_reset_passes_all_seeds_and_env_idx_for_a_subset():
    make = Recorder()
    # PickCube-v1's settings, rendered by the fake's camera.
    pick = dataclasses.replace(next(t for t in MANISKILL3_TASKS if t.env_id == "PickCube-v1"),
                               camera=Camera(maniskill.CAMERA, 32, 32))
    env = ManiSkill3Backend(make, tasks=[pick]).open(spec(n=3, task="PickCube-v1"))
    env.reset([2], [4, 5, 2**40 + 6])
    seed, options = make.resets[-1]
    assert seed == [4, 5, (2**40 + 6) % 2**31]
    assert options["env_idx"].tolist() == [2]


@pytest.mark.parametrize("instruction,expected", [(["a", "b"], ["a", "b"]), ("one string", ["one string"] * 2)])
def test_instruction_comes_from_the_env_as_list_or_string(instruction, expected):
    env = ManiSkill3Backend(Recorder(instruction)).open(spec())
    assert env.reset(None, [1, 2]).instructions == expected


def test_unknown_camera_for_the_task_is_invalid_argument():
    with pytest.raises(ContractError) as error:
        ManiSkill3Backend(Recorder()).open(spec(cameras=(Camera("base_camera", 0, 0),)))
    assert error.value.code == grpc.StatusCode.INVALID_ARGUMENT


def test_twin_session_refuses_a_subset_reset_with_failed_precondition():
    registry = SessionRegistry(ManiSkill3Backend(Recorder()))
    opened = registry.open(pb.OpenSessionRequest(num_envs=2, tasks=[TWIN], seed=1))
    session = registry.get(opened.session_id)
    with pytest.raises(ContractError) as error:
        session.reset(pb.ResetRequest(session_id=opened.session_id, env_ids=[1]))
    assert error.value.code == grpc.StatusCode.FAILED_PRECONDITION
    assert "resets all envs at once" in error.value.message
    assert len(session.reset(pb.ResetRequest(session_id=opened.session_id, env_ids=[0, 1])).success) == 2
    registry.close_all()
