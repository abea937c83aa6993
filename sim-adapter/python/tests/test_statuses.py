"""Every bad input gets its gRPC status and a message that says what was wrong; the server keeps serving."""
import grpc
import numpy as np
import pytest

from conftest import TASK, actions, open_session
from robotics_sim_adapter.generated import simulator_pb2 as pb


def status_of(call):
    with pytest.raises(grpc.RpcError) as error:
        call()
    return error.value.code(), error.value.details()


def raw_actions(dtype, shape, data):
    return pb.Tensor(dtype=dtype, shape=shape, data=data)


BAD_STEPS = {
    "wrong shape": (actions(2, np.zeros((2, 6))), "shape [2, 7], got [2, 6]"),
    "wrong env count": (actions(3), "shape [2, 7], got [3, 7]"),
    "wrong dtype": (raw_actions(pb.DTYPE_UINT8, [2, 7], bytes(14)), "float32"),
    "short data": (raw_actions(pb.DTYPE_FLOAT32, [2, 7], bytes(20)), "holds 20 bytes"),
    "NaN": (actions(2, [[0] * 7, [0, np.nan, 0, 0, 0, 0, 0]]), "NaN or Inf (env 1)"),
    "Inf": (actions(2, [[np.inf] + [0] * 6, [0] * 7]), "NaN or Inf (env 0)"),
    "missing": (None, "float32"),
}


@pytest.mark.parametrize("case", BAD_STEPS)
def test_bad_actions_are_invalid_argument(stub, case):
    tensor, message = BAD_STEPS[case]
    session = open_session(stub)
    request = pb.StepRequest(session_id=session, actions=tensor) if tensor is not None else pb.StepRequest(session_id=session)
    code, details = status_of(lambda: stub.Step(request))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and message in details
    # The session survives its bad request.
    assert len(stub.Step(pb.StepRequest(session_id=session, actions=actions(2))).success) == 2


BAD_OPENS = {
    "unknown task": (dict(num_envs=1, tasks=["NoSuchTask-v9"]), grpc.StatusCode.NOT_FOUND, "unknown task 'NoSuchTask-v9'"),
    "no envs": (dict(num_envs=0, tasks=[TASK]), grpc.StatusCode.INVALID_ARGUMENT, "num_envs"),
    "too many envs": (dict(num_envs=100000, tasks=[TASK]), grpc.StatusCode.RESOURCE_EXHAUSTED, "num_envs"),
    "no task": (dict(num_envs=1), grpc.StatusCode.INVALID_ARGUMENT, "tasks is empty"),
    "task count": (dict(num_envs=3, tasks=[TASK, TASK]), grpc.StatusCode.INVALID_ARGUMENT, "got 2 tasks for 3 envs"),
    "mixed tasks": (dict(num_envs=2, tasks=[TASK, "FakeOpenDrawer-v1"]), grpc.StatusCode.INVALID_ARGUMENT, "per_env_task"),
    "camera": (dict(num_envs=1, tasks=[TASK], cameras=[pb.CameraSpec(name="wrist")]), grpc.StatusCode.INVALID_ARGUMENT, "unknown camera 'wrist'"),
    "control mode": (dict(num_envs=1, tasks=[TASK], control_mode="joint_torque"), grpc.StatusCode.INVALID_ARGUMENT, "unknown control mode"),
    "object poses": (dict(num_envs=1, tasks=[TASK], object_poses=True), grpc.StatusCode.INVALID_ARGUMENT, "does not offer object poses"),
    "step limit": (dict(num_envs=1, tasks=[TASK], max_episode_steps=-1), grpc.StatusCode.INVALID_ARGUMENT, "max_episode_steps"),
}


@pytest.mark.parametrize("case", BAD_OPENS)
def test_bad_open_session(stub, case):
    fields, expected, message = BAD_OPENS[case]
    code, details = status_of(lambda: stub.OpenSession(pb.OpenSessionRequest(**fields)))
    assert code == expected and message in details


BAD_RESETS = {
    "env id too big": (dict(env_ids=[2]), grpc.StatusCode.INVALID_ARGUMENT, "env id 2 is out of range"),
    "negative env id": (dict(env_ids=[-1]), grpc.StatusCode.INVALID_ARGUMENT, "env id -1 is out of range"),
    "duplicate env id": (dict(env_ids=[1, 1]), grpc.StatusCode.INVALID_ARGUMENT, "more than once"),
    "seed count": (dict(env_ids=[0], seeds=[1, 2]), grpc.StatusCode.INVALID_ARGUMENT, "got 2 seeds for 1 envs"),
    "unknown task": (dict(env_ids=[0], tasks=["Nope-v0"]), grpc.StatusCode.NOT_FOUND, "unknown task 'Nope-v0'"),
    "task change": (dict(env_ids=[0], tasks=["FakeOpenDrawer-v1"]), grpc.StatusCode.FAILED_PRECONDITION, "per_env_task"),
}


@pytest.mark.parametrize("case", BAD_RESETS)
def test_bad_reset(stub, case):
    fields, expected, message = BAD_RESETS[case]
    session = open_session(stub)
    code, details = status_of(lambda: stub.Reset(pb.ResetRequest(session_id=session, **fields)))
    assert code == expected and message in details


@pytest.mark.parametrize("call", ["Step", "Reset", "CloseSession", "StepStream"])
def test_unknown_session_is_not_found(stub, call):
    requests = {"Step": lambda: stub.Step(pb.StepRequest(session_id="nope", actions=actions(1))),
                "Reset": lambda: stub.Reset(pb.ResetRequest(session_id="nope")),
                "CloseSession": lambda: stub.CloseSession(pb.CloseSessionRequest(session_id="nope")),
                "StepStream": lambda: list(stub.StepStream(iter([pb.StepRequest(session_id="nope", actions=actions(1))])))}
    code, details = status_of(requests[call])
    assert code == grpc.StatusCode.NOT_FOUND and "nope" in details


def test_step_after_close_is_not_found(stub):
    session = open_session(stub)
    stub.CloseSession(pb.CloseSessionRequest(session_id=session))
    code, _ = status_of(lambda: stub.Step(pb.StepRequest(session_id=session, actions=actions(2))))
    assert code == grpc.StatusCode.NOT_FOUND


def test_a_bad_request_in_a_stream_ends_it_with_its_status(stub):
    session = open_session(stub)
    requests = [pb.StepRequest(session_id=session, actions=actions(2)),
                pb.StepRequest(session_id=session, actions=actions(2, np.full((2, 7), np.nan)))]
    results = []
    with pytest.raises(grpc.RpcError) as error:
        for result in stub.StepStream(iter(requests)):
            results.append(result)
    assert len(results) == 1 and error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
