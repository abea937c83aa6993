"""The maniskill3 backend's real code on the real task table, driven by the ManiSkill3 test double.

Each fix for a real GPU server has its test here: assets at start-up, the twins' camera, per-env
seeds, the env pool and the one lock, the Panda's rotation sign, shaders, success scoring.
"""
import os
import threading

import grpc
import numpy as np
import pytest

from robotics_sim_adapter.backends import BackendUnavailable, load_backend
from robotics_sim_adapter.backends.base import Camera, SessionSpec
from robotics_sim_adapter.backends.maniskill3 import AssetsMissing, ManiSkill3Backend
from robotics_sim_adapter.backends.maniskill3_tasks import MANISKILL3_TASKS, WIDOWX_CONTROL_MODE
from robotics_sim_adapter.errors import ContractError
from robotics_sim_adapter.fakes.maniskill_runtime import FakeManiSkill
from robotics_sim_adapter.generated import simulator_pb2 as pb
from robotics_sim_adapter.images import area_resize
from robotics_sim_adapter.sessions import SessionRegistry

TWIN = "PutCarrotOnPlateInScene-v1"
CAMERA = "3rd_view_camera"


class Recorder:
    """gym.make on a fake ManiSkill process, recording what the backend asks of it."""

    def __init__(self, runtime=None, instruction=None):
        self.runtime = runtime or FakeManiSkill()
        self.makes, self.resets, self.steps, self.envs = [], [], [], []
        self.instruction = instruction

    def __call__(self, env_id, **kwargs):
        self.makes.append((env_id, kwargs))
        env = self.runtime.make(env_id, **kwargs)
        original_reset, original_step = env.reset, env.step

        def reset(seed=None, options=None):
            self.resets.append((seed, options))
            return original_reset(seed=seed, options=options)

        def step(action):
            self.steps.append(np.array(action))
            return original_step(action)
        env.reset, env.step = reset, step
        if self.instruction is not None:
            env.get_language_instruction = lambda: self.instruction
        self.envs.append(env)
        return env


def backend(make=None, **kwargs):
    make = make or Recorder()
    return ManiSkill3Backend(make, seed_torch=make.runtime.manual_seed, **kwargs), make


def spec(n=2, task=TWIN, mode="openvla", cameras=(), steps=0, scoring=0):
    return SessionSpec(num_envs=n, tasks=(task,) * n, cameras=cameras, control_mode=mode,
                       max_episode_steps=steps, scoring=scoring)


def image(batch):
    return batch.images[next(iter(batch.images))]


# --- 1. assets: a missing one fails the start, never a client's call -------------------------

def missing_assets(prompt):
    return Recorder(FakeManiSkill(downloaded_assets=set(), prompt=prompt, environ={}))


def closed_stdin(text):
    raise EOFError("EOF when reading a line")


def test_warm_up_with_a_missing_asset_and_no_terminal_fails_with_the_download_command():
    twin_backend, _ = backend(missing_assets(closed_stdin), tasks=[t for t in MANISKILL3_TASKS if t.env_id == TWIN])
    with pytest.raises(AssetsMissing, match="download_asset bridge_v2_real2sim -y"):
        twin_backend.warm_up()


def test_answering_n_at_start_up_does_not_exit_the_process():
    twin_backend, _ = backend(missing_assets(lambda text: "n"), tasks=[t for t in MANISKILL3_TASKS if t.env_id == TWIN])
    with pytest.raises(AssetsMissing):
        twin_backend.warm_up()


def test_a_missing_asset_in_a_clients_call_is_failed_precondition_not_a_hang():
    ms, _ = backend(missing_assets(closed_stdin))
    with pytest.raises(ContractError) as error:
        ms.open(spec(task="PickSingleYCB-v1", cameras=(Camera("base_camera", 32, 32),)))
    assert error.value.code == grpc.StatusCode.FAILED_PRECONDITION
    assert "download_asset ycb -y" in error.value.message


def test_warm_up_builds_each_served_task_once_and_sessions_reuse_those_envs():
    ms, make = backend()
    ms.warm_up()
    assert [m[0] for m in make.makes] == [t.env_id for t in MANISKILL3_TASKS]
    ms.open(spec(n=1)).close()
    assert len(make.makes) == len(MANISKILL3_TASKS)


def test_loading_maniskill3_sets_the_skip_prompt_variable(monkeypatch):
    monkeypatch.delenv("MS_SKIP_ASSET_DOWNLOAD_PROMPT", raising=False)
    try:
        load_backend("maniskill3")
    except BackendUnavailable:
        pass                      # no ManiSkill here; the variable is set before the import
    assert os.environ["MS_SKIP_ASSET_DOWNLOAD_PROMPT"] == "1"


# --- 2 and 6. the twins' camera: 640x480, default shader, area-resized here ---------------

def test_twin_is_made_at_its_own_640x480_with_the_default_shader_whatever_size_is_asked():
    ms, make = backend()
    ms.open(spec(cameras=(Camera(CAMERA, 64, 48),)))
    env_id, kwargs = make.makes[0]
    assert env_id == TWIN
    assert kwargs == dict(num_envs=2, obs_mode="rgb+segmentation", reward_mode="none",
                          control_mode=WIDOWX_CONTROL_MODE, sim_backend="gpu",
                          sensor_configs=dict(width=640, height=480, shader_pack="default"), max_episode_steps=60)


def test_twin_image_is_the_area_resized_640x480_render_not_a_crop():
    ms, make = backend()
    env = ms.open(spec(cameras=(Camera(CAMERA, 224, 224),)))
    batch = env.reset(None, [5, 6])
    full = make.envs[0]._obs()["sensor_data"][CAMERA]["rgb"]
    assert full.shape == (2, 480, 640, 3)
    np.testing.assert_array_equal(image(batch), area_resize(full, 224, 224))


# --- 3. seeds: each env's layout from its own seed -------------------------------------------

def test_twin_layout_follows_each_envs_own_seed():
    ms, make = backend()
    env = ms.open(spec())
    a = image(env.reset(None, [3, 10]))
    b = image(env.reset(None, [4, 10]))
    seed, options = make.resets[-1]
    assert seed == [4, 10] and options["episode_id"].tolist() == [4, 10]
    np.testing.assert_array_equal(a[1], b[1])          # env 1 kept its seed, so its layout
    assert not np.array_equal(a[0], b[0])


def pick_cube(ms_kwargs=None):
    ms, make = backend(**(ms_kwargs or {}))
    return ms, make, ms.open(spec(n=3, task="PickCube-v1", cameras=(Camera("base_camera", 32, 32),)))


def test_partial_reset_draws_from_the_reset_envs_own_seed():
    _, make, env = pick_cube()
    env.reset(None, [1, 2, 3])
    a = image(env.reset([2], [7, 8, 99]))
    seed, options = make.resets[-1]
    assert seed is None and options["env_idx"].tolist() == [2]
    b = image(env.reset([2], [70, 80, 99]))
    np.testing.assert_array_equal(a[2], b[2])          # same own seed, other envs' seeds changed
    c = image(env.reset([2], [7, 8, 98]))
    assert not np.array_equal(a[2], c[2])


def test_full_reset_is_reproducible_from_the_seeds():
    _, _, env = pick_cube()
    a = image(env.reset(None, [1, 2, 3]))
    env.step(np.tile([0.05, 0, 0, 0, 0, 0, 1], (3, 1)).astype(np.float32))
    np.testing.assert_array_equal(image(env.reset(None, [1, 2, 3])), a)


def test_twin_session_refuses_a_subset_reset_with_failed_precondition():
    ms, make = backend()
    registry = SessionRegistry(ms)
    opened = registry.open(pb.OpenSessionRequest(num_envs=2, tasks=[TWIN], seed=1))
    session = registry.get(opened.session_id)
    with pytest.raises(ContractError) as error:
        session.reset(pb.ResetRequest(session_id=opened.session_id, env_ids=[1]))
    assert error.value.code == grpc.StatusCode.FAILED_PRECONDITION
    assert "resets all envs at once" in error.value.message
    assert len(session.reset(pb.ResetRequest(session_id=opened.session_id, env_ids=[0, 1])).success) == 2
    assert all(options.get("env_idx") is None for _, options in make.resets)
    registry.close_all()


# --- 4. long-lived servers: pooled envs, one lock ---------------------------------------------

def test_sessions_reuse_pooled_envs_past_the_make_limit():
    ms, make = backend()
    registry = SessionRegistry(ms)
    for seed in range(40):
        opened = registry.open(pb.OpenSessionRequest(num_envs=2, tasks=[TWIN], seed=seed))
        registry.close(opened.session_id)
    assert len(make.makes) == 1


def test_concurrent_sessions_get_their_own_envs_and_the_limit_is_resource_exhausted():
    ms, make = backend(max_builds=2)
    first, second = ms.open(spec()), ms.open(spec())
    assert make.envs[0] is not make.envs[1]
    with pytest.raises(ContractError) as error:
        ms.open(spec(n=3))
    assert error.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED and "#1474" in error.value.message
    first.close()
    ms.open(spec()).reset(None, [1, 2])                  # the returned env serves the next session


def test_two_sessions_stepping_at_once_never_overlap_in_the_simulator():
    ms, make = backend(Recorder(FakeManiSkill(call_delay_s=0.002)))
    envs = [ms.open(spec(n=1)), ms.open(spec(n=1))]
    for e in envs:
        e.reset(None, [1])
    start = threading.Barrier(2)
    errors = []

    def run(e):
        start.wait()
        try:
            for _ in range(15):
                e.step(np.zeros((1, 7), np.float32))
        except Exception as error:
            errors.append(error)
    threads = [threading.Thread(target=run, args=(e,)) for e in envs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_a_sessions_own_step_limit_truncates_a_pooled_env():
    ms, _ = backend()
    env = ms.open(spec(n=1, steps=2))
    env.reset(None, [1])
    assert env.step(np.zeros((1, 7), np.float32)).truncated.tolist() == [False]
    assert env.step(np.zeros((1, 7), np.float32)).truncated.tolist() == [True]


# --- 5. Panda rotation sign -------------------------------------------------------------------

def test_panda_rotation_reaches_the_robot_with_the_sign_asked():
    _, make, env = pick_cube()
    env.reset(None, [1, 2, 3])
    roll = make.envs[0]._obs()["agent"]["qpos"][:, 3].copy()
    env.step(np.tile([0, 0, 0, 0.03, 0, 0, 1], (3, 1)).astype(np.float32))
    np.testing.assert_allclose(make.envs[0]._obs()["agent"]["qpos"][:, 3] - roll, 0.03, atol=1e-6)


# --- actions, instructions, cameras -----------------------------------------------------------

def test_openvla_actions_reach_the_twin_as_xyz_euler_with_signed_gripper():
    ms, make = backend()
    env = ms.open(spec())
    env.reset(None, [1, 2])
    env.step(np.array([[0.01, 0, 0, 0.1, 0, 0, 0.8], [0, 0, 0, 0, 0, 0, 0.2]], np.float32))
    np.testing.assert_allclose(make.steps[0], [[0.01, 0, 0, 0.1, 0, 0, 1], [0, 0, 0, 0, 0, 0, -1]], atol=1e-7)


def test_native_control_mode_passes_actions_through():
    ms, make = backend()
    env = ms.open(spec(mode=WIDOWX_CONTROL_MODE))
    env.reset(None, [1, 2])
    raw = np.array([[0.01, 0, 0, 0.1, 0.2, 0.3, 0.3]] * 2, np.float32)
    env.step(raw)
    np.testing.assert_array_equal(make.steps[0], raw)


def test_describe_lists_twins_and_picks_and_says_partial_reset_is_off():
    info = ManiSkill3Backend(Recorder()).describe()
    ids = [t.id for t in info.tasks]
    assert ids[:4] == ["PutCarrotOnPlateInScene-v1", "PutSpoonOnTableClothInScene-v1",
                       "StackGreenCubeOnYellowCubeBakedTexInScene-v1", "PutEggplantInBasketScene-v1"]
    assert "PickCube-v1" in ids
    assert info.partial_reset is False and info.per_env_task is False
    assert info.task("PutEggplantInBasketScene-v1").max_episode_steps == 120


@pytest.mark.parametrize("instruction,expected", [(["a", "b"], ["a", "b"]), ("one string", ["one string"] * 2)])
def test_instruction_comes_from_the_env_as_list_or_string(instruction, expected):
    ms, _ = backend(Recorder(instruction=instruction))
    assert ms.open(spec()).reset(None, [1, 2]).instructions == expected


def test_unknown_camera_for_the_task_is_invalid_argument():
    ms, _ = backend()
    with pytest.raises(ContractError) as error:
        ms.open(spec(cameras=(Camera("base_camera", 0, 0),)))
    assert error.value.code == grpc.StatusCode.INVALID_ARGUMENT


def test_an_env_that_faulted_is_closed_not_pooled():
    ms, make = backend()
    env = ms.open(spec(n=1))
    env.reset(None, [1])
    make.envs[0].step = lambda action: (_ for _ in ()).throw(RuntimeError("PhysX: illegal memory access"))
    with pytest.raises(RuntimeError):
        env.step(np.zeros((1, 7), np.float32))
    env.close()
    assert make.envs[0].closed
    ms.open(spec(n=1)).reset(None, [1])
    assert len(make.makes) == 2


def test_fake_backend_serves_the_twin_stand_ins_with_the_real_settings_when_named():
    from robotics_sim_adapter.backends.fake import fake_backend
    info = fake_backend([TWIN]).describe()
    assert [t.id for t in info.tasks] == [TWIN] and info.partial_reset is False
    assert [t.id for t in fake_backend().describe().tasks] == ["FakePickCan-v1", "FakeOpenDrawer-v1", "FakeCloseDrawer-v1"]
