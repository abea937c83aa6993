"""The test double keeps to ManiSkill3's API: names, shapes, dtypes, batching, partial resets."""
import numpy as np
import pytest

from robotics_sim_adapter.fakes.maniskill import CAMERA, CONTROL_MODE, make


def env(n=3, **kwargs):
    return make("FakePickCan-v1", num_envs=n, obs_mode="rgb+segmentation", reward_mode="sparse",
                control_mode=CONTROL_MODE, sim_backend="gpu", sensor_configs=dict(width=40, height=30), **kwargs)


def test_observation_names_shapes_and_dtypes_match_maniskill3():
    obs, info = env().reset(seed=[1, 2, 3])
    assert obs["sensor_data"][CAMERA]["rgb"].shape == (3, 30, 40, 3)
    assert obs["sensor_data"][CAMERA]["rgb"].dtype == np.uint8
    assert obs["sensor_data"][CAMERA]["segmentation"].dtype == np.int16
    assert obs["sensor_data"][CAMERA]["segmentation"].shape == (3, 30, 40, 1)
    assert obs["agent"]["qpos"].shape == (3, 8) and obs["agent"]["qpos"].dtype == np.float32
    assert set(obs["sensor_param"][CAMERA]) == {"extrinsic_cv", "cam2world_gl", "intrinsic_cv"}


def test_step_returns_batched_reward_flags_and_info():
    e = env()
    e.reset(seed=[1, 2, 3])
    obs, reward, terminated, truncated, info = e.step(np.zeros((3, 7), np.float32))
    assert reward.shape == (3,) and reward.dtype == np.float32
    assert terminated.dtype == bool and truncated.dtype == bool and info["success"].dtype == bool
    assert info["elapsed_steps"].tolist() == [1, 1, 1]
    assert e.unwrapped.get_language_instruction() == ["pick coke can"] * 3


def test_rejects_what_maniskill3_rejects():
    with pytest.raises(NotImplementedError):
        make("FakePickCan-v1", obs_mode="state")
    with pytest.raises(RuntimeError):
        make("FakePickCan-v1", num_envs=2, sim_backend="cpu")
    with pytest.raises(ValueError):
        make("NoSuchEnv-v1")


def test_same_seed_same_pixels_and_partial_reset_touches_only_its_envs():
    a, b = env(), env()
    obs_a, _ = a.reset(seed=[5, 6, 7])
    obs_b, _ = b.reset(seed=[5, 6, 7])
    np.testing.assert_array_equal(obs_a["sensor_data"][CAMERA]["rgb"], obs_b["sensor_data"][CAMERA]["rgb"])
    a.step(np.tile([0.05, 0.05, 0, 0, 0, 0, 1], (3, 1)).astype(np.float32))
    moved = a._obs()["sensor_data"][CAMERA]["rgb"]
    assert (moved != obs_a["sensor_data"][CAMERA]["rgb"]).any()        # motion shows in pixels
    obs, _ = a.reset(seed=[5, 6, 7], options={"env_idx": np.array([1])})
    rgb = obs["sensor_data"][CAMERA]["rgb"]
    np.testing.assert_array_equal(rgb[1], obs_a["sensor_data"][CAMERA]["rgb"][1])
    np.testing.assert_array_equal(rgb[0], moved[0])
    assert a.elapsed_steps.tolist() == [1, 0, 1]


def test_reaching_the_target_with_a_closed_gripper_succeeds():
    e = env(1)
    e.reset(seed=[3])
    delta = e._target[0] - e._ee[0, :3]
    _, reward, terminated, _, info = e.step(np.array([[*delta, 0, 0, 0, -1.0]], np.float32))
    assert info["success"].tolist() == [True] and terminated.tolist() == [True] and reward.tolist() == [1.0]


def test_time_limit_truncates():
    e = env(1, max_episode_steps=2)
    e.reset(seed=0)
    assert e.step(np.zeros((1, 7), np.float32))[3].tolist() == [False]
    assert e.step(np.zeros((1, 7), np.float32))[3].tolist() == [True]
