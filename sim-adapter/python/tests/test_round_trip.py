"""A whole rollout over real gRPC, in process: describe, open, reset, step, stream, close."""
import numpy as np

from conftest import TASK, actions, open_session
from robotics_sim_adapter.generated import simulator_pb2 as pb
from robotics_sim_adapter.tensors import from_tensor


def test_describe_states_backend_tasks_and_capabilities(stub):
    reply = stub.Describe(pb.DescribeRequest())
    caps = reply.capabilities
    assert reply.backend == "fake" and reply.version.startswith("fake-maniskill3")
    assert [t.id for t in reply.tasks] == ["FakePickCan-v1", "FakeOpenDrawer-v1", "FakeCloseDrawer-v1"]
    assert reply.tasks[0].instruction == "pick coke can" and reply.tasks[0].max_episode_steps == 40
    assert caps.partial_reset and not caps.per_env_task and not caps.has_expert
    assert caps.action_dim == 7 and caps.control_frequency_hz == 5.0
    assert [c.name for c in caps.cameras] == ["3rd_view_camera"]
    assert "openvla" in caps.control_modes and caps.session_lease_seconds == 300


def test_open_reports_envs_cameras_and_proprio(stub):
    reply = stub.OpenSession(pb.OpenSessionRequest(num_envs=3, tasks=[TASK], seed=1,
                                                   cameras=[pb.CameraSpec(name="3rd_view_camera", width=48, height=40)]))
    assert reply.num_envs == 3 and list(reply.tasks) == [TASK] * 3 and reply.proprio_dim == 8
    assert [(c.name, c.width, c.height) for c in reply.cameras] == [("3rd_view_camera", 48, 40)]


def test_default_camera_is_the_tasks_own_at_its_default_size(stub):
    reply = stub.OpenSession(pb.OpenSessionRequest(num_envs=1, tasks=[TASK]))
    assert [(c.name, c.width, c.height) for c in reply.cameras] == [("3rd_view_camera", 128, 128)]


def test_reset_and_step_carry_batched_tensors_of_the_contract(stub):
    session = open_session(stub, num_envs=4, size=24)
    result = stub.Reset(pb.ResetRequest(session_id=session, seeds=[1, 2, 3, 4]))
    image = from_tensor(result.images["3rd_view_camera"])
    assert image.dtype == np.uint8 and image.shape == (4, 24, 24, 3)
    assert from_tensor(result.proprio).dtype == np.float32 and list(result.proprio.shape) == [4, 8]
    assert list(result.episode_seeds) == [1, 2, 3, 4] and list(result.elapsed_steps) == [0] * 4
    assert list(result.instructions) == ["pick coke can"] * 4 and list(result.tasks) == [TASK] * 4
    step = stub.Step(pb.StepRequest(session_id=session, actions=actions(4, np.tile([0.02, 0, 0, 0, 0, 0, 1], (4, 1)))))
    assert list(step.elapsed_steps) == [1] * 4 and len(step.reward) == len(step.terminated) == len(step.truncated) == 4
    assert not any(step.physics_error)
    assert (from_tensor(step.images["3rd_view_camera"]) != image).any()


def test_same_seed_gives_the_same_images_in_two_sessions(stub):
    first = [open_session(stub, num_envs=2, seed=11) for _ in range(2)]
    images = [from_tensor(stub.Reset(pb.ResetRequest(session_id=s)).images["3rd_view_camera"]) for s in first]
    np.testing.assert_array_equal(images[0], images[1])
    other = open_session(stub, num_envs=2, seed=12)
    assert (from_tensor(stub.Reset(pb.ResetRequest(session_id=other)).images["3rd_view_camera"]) != images[0]).any()


def test_episode_seeds_advance_on_each_reset_without_seeds(stub):
    session = open_session(stub, num_envs=2, seed=5)
    a = list(stub.Reset(pb.ResetRequest(session_id=session)).episode_seeds)
    b = list(stub.Reset(pb.ResetRequest(session_id=session)).episode_seeds)
    assert a != b and len(set(a)) == 2


def test_subset_reset_restarts_only_those_envs(stub):
    session = open_session(stub, num_envs=3)
    stub.Reset(pb.ResetRequest(session_id=session, seeds=[1, 2, 3]))
    stub.Step(pb.StepRequest(session_id=session, actions=actions(3)))
    result = stub.Reset(pb.ResetRequest(session_id=session, env_ids=[1], seeds=[42]))
    assert list(result.elapsed_steps) == [1, 0, 1] and list(result.episode_seeds) == [1, 42, 3]


def test_rollout_over_a_stream_runs_to_the_time_limit_then_resets(stub):
    session = stub.OpenSession(pb.OpenSessionRequest(num_envs=2, tasks=[TASK], seed=3, max_episode_steps=5,
                                                     cameras=[pb.CameraSpec(name="3rd_view_camera", width=16, height=16)])).session_id
    results = list(stub.StepStream(iter([pb.StepRequest(session_id=session, actions=actions(2))] * 5)))
    assert [list(r.elapsed_steps) for r in results] == [[k, k] for k in range(1, 6)]
    assert list(results[-1].truncated) == [True, True] and not any(results[0].truncated)
    assert list(stub.Reset(pb.ResetRequest(session_id=session)).elapsed_steps) == [0, 0]
    stub.CloseSession(pb.CloseSessionRequest(session_id=session))


def test_two_clients_sessions_do_not_interfere(stub):
    a, b, reference = (open_session(stub, num_envs=1, seed=9) for _ in range(3))
    for _ in range(3):
        stub.Step(pb.StepRequest(session_id=a, actions=actions(1, [[0.05, 0.05, 0, 0, 0, 0, 1]])))
    stub.CloseSession(pb.CloseSessionRequest(session_id=a))
    after = stub.Step(pb.StepRequest(session_id=b, actions=actions(1)))
    expected = stub.Step(pb.StepRequest(session_id=reference, actions=actions(1)))
    assert list(after.elapsed_steps) == [1]
    np.testing.assert_array_equal(from_tensor(after.images["3rd_view_camera"]),
                                  from_tensor(expected.images["3rd_view_camera"]))


def test_a_64_env_224px_batch_fits_the_message_limits(stub):
    session = open_session(stub, num_envs=64, size=224)
    result = stub.Step(pb.StepRequest(session_id=session, actions=actions(64)))
    assert len(result.images["3rd_view_camera"].data) == 64 * 224 * 224 * 3
    stub.CloseSession(pb.CloseSessionRequest(session_id=session))
