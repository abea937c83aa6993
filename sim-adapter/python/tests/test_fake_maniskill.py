"""The test double keeps to ManiSkill3's API and to the real behaviours a GPU server meets.

Each behaviour is checked against the semantics of the source file named in fakes/maniskill.py
and fakes/maniskill_runtime.py (ManiSkill3 sapien_env.py, registration.py, download_asset.py,
sensors/camera.py, controllers/pd_ee_pose.py, digital_twins/bridge_dataset_eval/base_env.py).
"""
import threading

import numpy as np
import pytest

from robotics_sim_adapter.fakes.maniskill import CAMERA, CONTROL_MODE, make
from robotics_sim_adapter.fakes.maniskill_runtime import MAKE_LIMIT, FakeManiSkill
from robotics_sim_adapter.fakes.maniskill_tasks import TWIN_INTRINSIC

TWIN = "PutCarrotOnPlateInScene-v1"


def env(n=3, **kwargs):
    return make("FakePickCan-v1", num_envs=n, obs_mode="rgb+segmentation", reward_mode="sparse",
                control_mode=CONTROL_MODE, sim_backend="gpu", sensor_configs=dict(width=40, height=30), **kwargs)


def twin(n=2, runtime=None, **kwargs):
    return (runtime or FakeManiSkill(make_limit=None)).make(
        TWIN, num_envs=n, obs_mode="rgb+segmentation", reward_mode="none", sim_backend="gpu", **kwargs)


def rgb(obs):
    return obs["sensor_data"][CAMERA]["rgb"]


def test_observation_names_shapes_and_dtypes_match_maniskill3():
    obs, info = env().reset(seed=[1, 2, 3])
    assert rgb(obs).shape == (3, 30, 40, 3) and rgb(obs).dtype == np.uint8
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
    # The twins: only rgb+segmentation and reward "none" (BaseBridgeEnv.SUPPORTED_*_MODES).
    with pytest.raises(NotImplementedError):
        make(TWIN, obs_mode="rgb", reward_mode="none")
    with pytest.raises(NotImplementedError):
        make(TWIN, obs_mode="rgb+segmentation", reward_mode="sparse")
    # update_camera_configs_from_dict: an unknown global key is an AttributeError.
    with pytest.raises(AttributeError):
        make("FakePickCan-v1", sensor_configs=dict(widht=64))


def test_seeded_reset_draws_every_layout_from_the_first_seed_only():
    # BaseEnv.reset: torch.manual_seed(self._episode_seed[0]) around _initialize_episode.
    a, b = env(), env()
    obs_a, _ = a.reset(seed=[5, 6, 7])
    obs_b, _ = b.reset(seed=[5, 60, 70])
    np.testing.assert_array_equal(rgb(obs_a), rgb(obs_b))
    assert not np.array_equal(rgb(env().reset(seed=[4, 6, 7])[0]), rgb(obs_a))


def test_partial_reset_redraws_from_the_first_seed_and_touches_only_its_envs():
    a = env()
    first, _ = a.reset(seed=[5, 6, 7])
    a.step(np.tile([0.05, 0.05, 0, 0, 0, 0, 1], (3, 1)).astype(np.float32))
    moved = rgb(a._obs())
    assert (moved != rgb(first)).any()        # motion shows in pixels
    obs, _ = a.reset(seed=[5, 6, 7], options={"env_idx": np.array([1])})
    # One env reset with seed[0] = 5 draws what env 0 drew first: env 1 gets env 0's layout.
    np.testing.assert_array_equal(rgb(obs)[1], rgb(first)[0])
    np.testing.assert_array_equal(rgb(obs)[0], moved[0])
    assert a.elapsed_steps.tolist() == [1, 0, 1]


def test_unseeded_reset_draws_from_the_process_torch_stream():
    runtime = FakeManiSkill(make_limit=None)
    e = runtime.make("FakePickCan-v1", num_envs=2, sensor_configs=dict(width=40, height=30))
    e.reset(seed=[1, 2])
    runtime.manual_seed(11)
    one, _ = e.reset(options={"env_idx": np.array([1])})
    runtime.manual_seed(11)
    again, _ = e.reset(options={"env_idx": np.array([1])})
    np.testing.assert_array_equal(rgb(one), rgb(again))
    runtime.manual_seed(12)
    assert not np.array_equal(rgb(e.reset(options={"env_idx": np.array([1])})[0])[1], rgb(one)[1])


def test_twin_layout_comes_from_episode_id_whatever_the_seed():
    a, b = twin(), twin()
    obs_a, _ = a.reset(seed=[1, 2], options={"episode_id": np.array([3, 27])})
    obs_b, _ = b.reset(seed=[9, 8], options={"episode_id": np.array([27, 3])})
    # Layouts repeat every 24 ids (position (id % (P*Q)) // Q, orientation id % Q).
    np.testing.assert_array_equal(rgb(obs_a)[0], rgb(obs_b)[0])
    np.testing.assert_array_equal(rgb(obs_a)[1], rgb(obs_b)[1])


def test_twin_partial_reset_crashes_as_the_real_twins_do():
    e = twin()
    e.reset(seed=[1, 2])
    with pytest.raises(RuntimeError, match="must match the size"):
        e.reset(seed=[1, 2], options={"env_idx": np.array([1])})


def test_twin_camera_keeps_its_intrinsic_so_a_smaller_sensor_is_a_top_left_crop():
    full, _ = twin(1).reset(seed=[3])
    small_env = twin(1, sensor_configs=dict(width=224, height=224))
    small, _ = small_env.reset(seed=[3])
    np.testing.assert_array_equal(small["sensor_param"][CAMERA]["intrinsic_cv"][0], TWIN_INTRINSIC)
    seg_full = full["sensor_data"][CAMERA]["segmentation"][0, :224, :224]
    seg_small = small["sensor_data"][CAMERA]["segmentation"][0]
    np.testing.assert_array_equal(seg_small, seg_full)                     # the objects: cropped, not scaled
    objects = seg_small[..., 0] > 0
    np.testing.assert_array_equal(rgb(small)[0][objects], rgb(full)[0, :224, :224][objects])
    # The greenscreen background is the whole 640x480 image squashed: its right edge shows at x = 223.
    assert not np.array_equal(rgb(small)[0, :, -1][~objects[:, -1]], rgb(full)[0, :224, 223][~objects[:, -1]])
    assert small_env.shader_pack == "minimal"


def test_panda_controller_of_3_0_1_inverts_rotation_and_clips_it_by_norm():
    e = make("PickCube-v1", num_envs=1, obs_mode="rgb", reward_mode="sparse")
    e.reset(seed=[0])
    roll = e._obs()["agent"]["qpos"][0, 3]
    e.step(np.array([[0, 0, 0, 0.5, 0, 0, 1.0]], np.float32))
    assert e._obs()["agent"]["qpos"][0, 3] == pytest.approx(roll - 0.05)       # +0.5 normalised -> -0.05 rad
    scaled = e.unwrapped.agent.controller.controllers["arm"]._clip_and_scale_action(np.array([[2, 0, 0, 3, 4, 0]]))
    np.testing.assert_allclose(scaled[0], [0.1, 0, 0, -0.06, -0.08, 0], atol=1e-7)


def test_missing_asset_prompts_and_n_exits():
    asked = []
    runtime = FakeManiSkill(downloaded_assets=set(), prompt=lambda text: asked.append(text) or "n", environ={})
    with pytest.raises(SystemExit):
        twin(runtime=runtime)
    assert asked == ["(y|n): "]
    closed = FakeManiSkill(downloaded_assets=set(), prompt=lambda text: (_ for _ in ()).throw(EOFError()), environ={})
    with pytest.raises(EOFError):
        twin(runtime=closed)
    assert runtime.makes == 0 and closed.makes == 0


def test_missing_asset_with_the_skip_variable_downloads_without_asking():
    runtime = FakeManiSkill(downloaded_assets=set(), prompt=lambda text: pytest.fail("asked"),
                            environ={"MS_SKIP_ASSET_DOWNLOAD_PROMPT": "1"})
    twin(runtime=runtime)
    assert "bridge_v2_real2sim" in runtime.downloaded_assets


def test_the_28th_make_in_one_process_fails_even_after_closing():
    runtime = FakeManiSkill()
    for _ in range(MAKE_LIMIT):
        runtime.make("FakePickCan-v1").close()
    with pytest.raises(RuntimeError, match="#1474"):
        runtime.make("FakePickCan-v1")


def test_two_threads_inside_the_simulator_at_once_is_an_error():
    runtime = FakeManiSkill(call_delay_s=0.05)
    envs = [runtime.make("FakePickCan-v1"), runtime.make("FakePickCan-v1")]
    entered = threading.Barrier(2)
    errors = []

    def reset(e):
        entered.wait()
        try:
            e.reset(seed=[0])
        except RuntimeError as error:
            errors.append(error)
    threads = [threading.Thread(target=reset, args=(e,)) for e in envs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 1 and "at once" in str(errors[0])


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
