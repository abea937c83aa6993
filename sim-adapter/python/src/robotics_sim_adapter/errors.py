"""The one exception the server turns into a gRPC status: bad input never crashes a session."""
from __future__ import annotations

import grpc


class ContractError(Exception):
    """A request the contract rejects, with the status code and a message that says what was wrong."""

    def __init__(self, code: grpc.StatusCode, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def invalid(message: str) -> ContractError:
    return ContractError(grpc.StatusCode.INVALID_ARGUMENT, message)


def not_found(message: str) -> ContractError:
    return ContractError(grpc.StatusCode.NOT_FOUND, message)


def precondition(message: str) -> ContractError:
    return ContractError(grpc.StatusCode.FAILED_PRECONDITION, message)


def exhausted(message: str) -> ContractError:
    return ContractError(grpc.StatusCode.RESOURCE_EXHAUSTED, message)
