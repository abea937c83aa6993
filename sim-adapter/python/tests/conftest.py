"""Shared fixtures: an in-process adapter serving the fake backend, and a client stub for it."""
from __future__ import annotations

import grpc
import numpy as np
import pytest

from robotics_sim_adapter.backends.fake import fake_backend
from robotics_sim_adapter.generated import simulator_pb2 as pb
from robotics_sim_adapter.generated import simulator_pb2_grpc as pb_grpc
from robotics_sim_adapter.server import MAX_MESSAGE_BYTES, start_server
from robotics_sim_adapter.tensors import to_tensor

TASK = "FakePickCan-v1"


@pytest.fixture(scope="module")
def server():
    running = start_server(fake_backend(), port=0)
    yield running
    running.stop()


def connect(address: str) -> grpc.Channel:
    return grpc.insecure_channel(address.removeprefix("http://"),
                                 options=[("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
                                          ("grpc.max_send_message_length", MAX_MESSAGE_BYTES)])


@pytest.fixture(scope="module")
def stub(server):
    with connect(server.address) as channel:
        yield pb_grpc.SimulatorStub(channel)


def open_session(stub, num_envs: int = 2, seed: int = 7, size: int = 32, **kwargs) -> str:
    request = pb.OpenSessionRequest(num_envs=num_envs, tasks=kwargs.pop("tasks", [TASK]), seed=seed,
                                    cameras=[pb.CameraSpec(name="3rd_view_camera", width=size, height=size)], **kwargs)
    return stub.OpenSession(request).session_id


def actions(num_envs: int, value=None) -> pb.Tensor:
    array = np.zeros((num_envs, 7), np.float32) if value is None else np.asarray(value, np.float32)
    return to_tensor(array)
