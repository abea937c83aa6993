"""The Simulator gRPC service: wire requests -> sessions, ContractError -> a gRPC status."""
from __future__ import annotations

import functools
import logging
from typing import Iterator

import grpc

from .actions import ACTION_DIM
from .backends.base import BackendInfo
from .errors import ContractError, not_found
from .generated import simulator_pb2 as pb
from .generated import simulator_pb2_grpc as pb_grpc
from .sessions import Session, SessionRegistry

log = logging.getLogger(__name__)


def _statuses(method):
    """Turns ContractError into its status and anything else into INTERNAL, never a dead server."""
    @functools.wraps(method)
    def wrapper(self, request, context):
        try:
            return method(self, request, context)
        except ContractError as error:
            context.abort(error.code, error.message)
        except Exception as error:  # a simulator fault: report it, keep serving other sessions
            log.exception("%s failed", method.__name__)
            context.abort(grpc.StatusCode.INTERNAL, f"{method.__name__} failed in the simulator: {error}")
    return wrapper


class SimulatorService(pb_grpc.SimulatorServicer):
    def __init__(self, registry: SessionRegistry):
        self._registry = registry

    @_statuses
    def Describe(self, request, context):
        return describe_response(self._registry.info, self._registry.lease_seconds)

    @_statuses
    def OpenSession(self, request, context):
        return self._registry.open(request)

    @_statuses
    def CloseSession(self, request, context):
        self._registry.close(request.session_id)
        return pb.CloseSessionResponse()

    @_statuses
    def Reset(self, request, context):
        return self._locked(request.session_id, lambda s: s.reset(request))

    @_statuses
    def Step(self, request, context):
        return self._locked(request.session_id, lambda s: s.step(request.actions))

    def StepStream(self, request_iterator: Iterator[pb.StepRequest], context):
        # The first bad request ends the stream with its status, as a unary Step would answer it.
        for request in request_iterator:
            try:
                yield self._locked(request.session_id, lambda s: s.step(request.actions))
            except ContractError as error:
                context.abort(error.code, error.message)
            except Exception as error:
                log.exception("StepStream failed")
                context.abort(grpc.StatusCode.INTERNAL, f"StepStream failed in the simulator: {error}")

    def _locked(self, session_id: str, call):
        session: Session = self._registry.get(session_id)
        with session.lock:
            if session.closed:
                raise not_found(f"unknown session '{session_id}' (never opened, closed, or expired)")
            return call(session)


def describe_response(info: BackendInfo, lease_seconds: float) -> pb.DescribeResponse:
    return pb.DescribeResponse(
        backend=info.name, version=info.version,
        tasks=[pb.TaskInfo(id=t.id, instruction=t.instruction, tags=list(t.tags), max_episode_steps=t.max_episode_steps)
               for t in info.tasks],
        capabilities=pb.Capabilities(
            partial_reset=info.partial_reset, per_env_task=info.per_env_task,
            control_frequency_hz=info.control_frequency_hz, max_envs_per_session=info.max_envs_per_session,
            cameras=[pb.CameraSpec(name=c.name, width=c.width, height=c.height) for c in info.cameras],
            proprio_names=list(info.proprio_names), action_dim=ACTION_DIM, control_modes=list(info.control_modes),
            has_expert=False, session_lease_seconds=int(lease_seconds)))
