"""robotics-sim-adapter: serve a Python simulator over the robotics.sim.v1 contract."""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading

from . import __version__
from .backends import BACKENDS, BackendUnavailable, load_backend
from .backends.maniskill3 import AssetsMissing
from .sessions import DEFAULT_LEASE_SECONDS
from .server import start_server

_LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="robotics-sim-adapter", description=__doc__)
    parser.add_argument("--backend", required=True, choices=BACKENDS,
                        help="maniskill3 (GPU-batched), simpler (SimplerEnv, CPU) or fake (a test double)")
    parser.add_argument("--port", type=int, default=50051, help="port to listen on; 0 picks a free one")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind; loopback by default, anything else needs --token (or --insecure)")
    parser.add_argument("--token", default=os.environ.get("ROBOTICS_SIM_TOKEN"),
                        help="require 'authorization: Bearer TOKEN' on every call (default: $ROBOTICS_SIM_TOKEN)")
    parser.add_argument("--insecure", action="store_true",
                        help="allow a non-loopback bind without a token")
    parser.add_argument("--tls-cert", help="PEM certificate chain: serve TLS (with --tls-key)")
    parser.add_argument("--tls-key", help="PEM private key for --tls-cert")
    parser.add_argument("--lease-seconds", type=float, default=DEFAULT_LEASE_SECONDS,
                        help="close a session after this long without a call")
    parser.add_argument("--tasks", type=lambda text: [t for t in text.split(",") if t],
                        help="comma-separated task ids to serve (default: all the backend has); each is built "
                             "once at start-up, so a missing asset stops the start")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if args.host not in _LOOPBACK and not args.token and not args.insecure:
        print(f"robotics-sim-adapter: refusing to listen on {args.host} without --token: anyone who can reach "
              "the port could drive the simulator (pass --insecure to do it anyway)", file=sys.stderr)
        return 2
    if bool(args.tls_cert) != bool(args.tls_key):
        print("robotics-sim-adapter: --tls-cert and --tls-key go together", file=sys.stderr)
        return 2
    try:
        backend = load_backend(args.backend, args.tasks)
        warm_up = getattr(backend, "warm_up", None)
        if warm_up is not None:
            # Build each served task now: a missing asset or broken install fails the start, not a call.
            warm_up()
    except (BackendUnavailable, AssetsMissing, ValueError) as error:
        print(f"robotics-sim-adapter: {error}", file=sys.stderr)
        return 2
    tls = None
    if args.tls_cert:
        with open(args.tls_cert, "rb") as cert, open(args.tls_key, "rb") as key:
            tls = (cert.read(), key.read())
    running = start_server(backend, args.host, args.port, args.token, args.lease_seconds, tls=tls)
    # One line on stdout that callers (the C# tests) parse for the bound port.
    print(f"listening on {running.address}", flush=True)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    done.wait()
    running.stop(grace=1.0)
    return 0
