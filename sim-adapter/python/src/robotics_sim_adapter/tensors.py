"""numpy <-> the wire's Tensor {dtype, shape, bytes}: little-endian, row-major, one message per batch."""
from __future__ import annotations

import numpy as np

from .errors import invalid
from .generated import simulator_pb2 as pb

_TO_NUMPY = {
    pb.DTYPE_UINT8: np.dtype("<u1"),
    pb.DTYPE_FLOAT32: np.dtype("<f4"),
    pb.DTYPE_INT32: np.dtype("<i4"),
    pb.DTYPE_INT16: np.dtype("<i2"),
    pb.DTYPE_BOOL: np.dtype("?"),
}


def dtype_name(code: int) -> str:
    return pb.DType.Name(code) if code in pb.DType.values() else f"DType({code})"


def to_tensor(array: np.ndarray) -> pb.Tensor:
    """Encodes a numpy array (any byte order) as a little-endian row-major Tensor."""
    array = np.asarray(array)
    for code, wire in _TO_NUMPY.items():
        if array.dtype.kind == wire.kind and array.dtype.itemsize == wire.itemsize:
            data = np.ascontiguousarray(array, dtype=wire).tobytes()
            return pb.Tensor(dtype=code, shape=list(array.shape), data=data)
    raise TypeError(f"no wire dtype for numpy {array.dtype}")


def from_tensor(tensor: pb.Tensor, what: str = "tensor") -> np.ndarray:
    """Decodes a Tensor, rejecting unknown dtypes and byte counts that disagree with the shape."""
    dtype = _TO_NUMPY.get(tensor.dtype)
    if dtype is None:
        raise invalid(f"{what} has dtype {dtype_name(tensor.dtype)}, which the contract does not define")
    shape = tuple(int(d) for d in tensor.shape)
    if any(d < 0 for d in shape):
        raise invalid(f"{what} has a negative dimension in shape {list(shape)}")
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(tensor.data) != expected:
        raise invalid(f"{what} holds {len(tensor.data)} bytes but shape {list(shape)} of "
                      f"{dtype_name(tensor.dtype)} needs {expected}")
    return np.frombuffer(tensor.data, dtype=dtype).reshape(shape).astype(dtype.newbyteorder("="), copy=False)
