"""Builds and runs the gRPC server: message limits, auth, the lease reaper."""
from __future__ import annotations

import threading
from concurrent import futures
from dataclasses import dataclass

import grpc

from .auth import BearerTokenInterceptor
from .backends.base import Backend
from .generated import simulator_pb2_grpc as pb_grpc
from .service import SimulatorService
from .sessions import DEFAULT_LEASE_SECONDS, SessionRegistry

# Image batches are large (64 envs x 224x224x3 = 9.6 MB per camera); leave room for several cameras.
MAX_MESSAGE_BYTES = 256 * 1024 * 1024


@dataclass
class RunningServer:
    server: grpc.Server
    registry: SessionRegistry
    backend: Backend
    host: str
    port: int
    _stop_reaper: threading.Event
    tls: bool = False

    @property
    def address(self) -> str:
        return f"{'https' if self.tls else 'http'}://{_bracket(self.host)}:{self.port}"

    def stop(self, grace: float | None = None) -> None:
        self._stop_reaper.set()
        self.server.stop(grace).wait()
        self.registry.close_all()
        close = getattr(self.backend, "close", None)
        if close is not None:
            close()     # the pooled envs


def start_server(backend: Backend, host: str = "127.0.0.1", port: int = 0, token: str | None = None,
                 lease_seconds: float = DEFAULT_LEASE_SECONDS, workers: int = 16,
                 tls: tuple[bytes, bytes] | None = None) -> RunningServer:
    """Starts serving `backend` on host:port (0 = any free port); returns once it listens.

    tls: (PEM certificate chain, PEM private key) to serve HTTPS/h2; None = plaintext h2c.
    """
    registry = SessionRegistry(backend, lease_seconds)
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=workers),
        interceptors=[BearerTokenInterceptor(token)] if token else [],
        options=[("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
                 ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
                 ("grpc.so_reuseport", 0)])
    pb_grpc.add_SimulatorServicer_to_server(SimulatorService(registry), server)
    target = f"{_bracket(host)}:{port}"
    bound = (server.add_secure_port(target, grpc.ssl_server_credentials([(tls[1], tls[0])])) if tls
             else server.add_insecure_port(target))
    if bound == 0:
        raise OSError(f"could not bind {host}:{port}")
    server.start()
    stop = threading.Event()
    threading.Thread(target=_reap_loop, args=(registry, stop), name="lease-reaper", daemon=True).start()
    return RunningServer(server, registry, backend, host, bound, stop, tls=tls is not None)


def _reap_loop(registry: SessionRegistry, stop: threading.Event) -> None:
    interval = max(0.05, min(5.0, registry.lease_seconds / 4))
    while not stop.wait(interval):
        registry.reap()


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
