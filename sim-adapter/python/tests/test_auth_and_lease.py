import shutil
import subprocess
import time

import grpc
import pytest

from conftest import TASK, connect
from robotics_sim_adapter.backends.fake import fake_backend
from robotics_sim_adapter.generated import simulator_pb2 as pb
from robotics_sim_adapter.generated import simulator_pb2_grpc as pb_grpc
from robotics_sim_adapter.server import start_server
from robotics_sim_adapter.sessions import SessionRegistry


@pytest.fixture(scope="module")
def guarded():
    running = start_server(fake_backend(), port=0, token="s3cret")
    yield running
    running.stop()


@pytest.mark.parametrize("metadata,allowed", [
    ((("authorization", "Bearer s3cret"),), True),
    ((("authorization", "Bearer wrong"),), False),
    ((("authorization", "s3cret"),), False),
    ((), False),
])
def test_bearer_token_is_required_when_set(guarded, metadata, allowed):
    with connect(guarded.address) as channel:
        stub = pb_grpc.SimulatorStub(channel)
        if allowed:
            assert stub.Describe(pb.DescribeRequest(), metadata=metadata).backend == "fake"
            return
        with pytest.raises(grpc.RpcError) as error:
            stub.Describe(pb.DescribeRequest(), metadata=metadata)
        assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_streams_need_the_token_too(guarded):
    with connect(guarded.address) as channel:
        with pytest.raises(grpc.RpcError) as error:
            list(pb_grpc.SimulatorStub(channel).StepStream(iter([pb.StepRequest(session_id="x")])))
        assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_an_idle_session_expires_after_its_lease_and_a_used_one_does_not():
    clock = Clock()
    registry = SessionRegistry(fake_backend(), lease_seconds=10, clock=clock)
    idle = registry.open(pb.OpenSessionRequest(num_envs=1, tasks=[TASK])).session_id
    busy = registry.open(pb.OpenSessionRequest(num_envs=1, tasks=[TASK])).session_id
    for _ in range(3):
        clock.now += 6
        registry.get(busy)
    assert registry.reap() == 1 and len(registry) == 1
    with pytest.raises(Exception, match="unknown session"):
        registry.get(idle)
    clock.now += 11
    with pytest.raises(Exception, match="expired after 10 s idle"):
        registry.get(busy)


def test_the_server_frees_idle_sessions_by_itself():
    # 2 s, not less: on a busy CI machine a shorter lease can expire before the first check.
    running = start_server(fake_backend(), port=0, lease_seconds=2)
    try:
        with connect(running.address) as channel:
            stub = pb_grpc.SimulatorStub(channel)
            assert stub.Describe(pb.DescribeRequest()).capabilities.session_lease_seconds == 2
            stub.OpenSession(pb.OpenSessionRequest(num_envs=1, tasks=[TASK]))
            assert len(running.registry) == 1
            deadline = time.monotonic() + 20
            while len(running.registry) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(running.registry) == 0
    finally:
        running.stop()


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl makes the test certificate")
def test_tls_serves_a_client_that_trusts_the_certificate(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    running = start_server(fake_backend(), port=0, token="t", tls=(cert.read_bytes(), key.read_bytes()))
    try:
        assert running.address.startswith("https://127.0.0.1:")
        credentials = grpc.ssl_channel_credentials(root_certificates=cert.read_bytes())
        with grpc.secure_channel(f"127.0.0.1:{running.port}", credentials) as channel:
            reply = pb_grpc.SimulatorStub(channel).Describe(pb.DescribeRequest(), metadata=(("authorization", "Bearer t"),), timeout=10)
            assert reply.backend == "fake"
    finally:
        running.stop()
