"""Success scoring: SUCCESS_ONCE ends an env at its first success, SUCCESS_AT_END runs it to truncation."""
import grpc
import numpy as np
import pytest

from robotics_sim_adapter.backends.fake import fake_backend
from robotics_sim_adapter.errors import ContractError
from robotics_sim_adapter.generated import simulator_pb2 as pb
from robotics_sim_adapter.sessions import SessionRegistry
from robotics_sim_adapter.tensors import to_tensor


def reach_target(registry, scoring):
    opened = registry.open(pb.OpenSessionRequest(num_envs=1, tasks=["FakePickCan-v1"], seed=3, scoring=scoring,
                                                 max_episode_steps=3))
    session = registry.get(opened.session_id)
    fake = session.env._env
    delta = fake._target[0] - fake._ee[0, :3]
    reached = session.step(to_tensor(np.array([[*delta, 0, 0, 0, 0.0]], np.float32)))   # gripper closed
    stay = [session.step(to_tensor(np.array([[0, 0, 0, 0, 0, 0, 0.0]], np.float32))) for _ in range(2)]
    return opened, reached, stay


def test_success_once_terminates_at_the_first_success():
    opened, reached, _ = reach_target(SessionRegistry(fake_backend()), pb.SUCCESS_ONCE)
    assert opened.scoring == pb.SUCCESS_ONCE
    assert reached.success == [True] and reached.terminated == [True]


def test_success_at_end_runs_to_truncation_and_reports_success_each_step():
    opened, reached, stay = reach_target(SessionRegistry(fake_backend()), pb.SUCCESS_AT_END)
    assert opened.scoring == pb.SUCCESS_AT_END
    assert reached.success == [True] and reached.terminated == [False]
    assert [r.terminated for r in stay] == [[False], [False]]
    assert stay[-1].truncated == [True] and stay[-1].success == [True]      # scored here, at the last step


def test_unknown_scoring_is_invalid_argument():
    with pytest.raises(ContractError) as error:
        SessionRegistry(fake_backend()).open(pb.OpenSessionRequest(num_envs=1, tasks=["FakePickCan-v1"], scoring=7))
    assert error.value.code == grpc.StatusCode.INVALID_ARGUMENT and "SUCCESS_AT_END" in error.value.message


def test_scoring_travels_over_the_wire(stub):
    from conftest import TASK
    opened = stub.OpenSession(pb.OpenSessionRequest(num_envs=1, tasks=[TASK], scoring=pb.SUCCESS_AT_END))
    default = stub.OpenSession(pb.OpenSessionRequest(num_envs=1, tasks=[TASK]))
    assert (opened.scoring, default.scoring) == (pb.SUCCESS_AT_END, pb.SUCCESS_ONCE)
    for session in (opened, default):
        stub.CloseSession(pb.CloseSessionRequest(session_id=session.session_id))
