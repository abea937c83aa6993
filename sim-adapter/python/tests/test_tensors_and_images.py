import numpy as np
import pytest

from robotics_sim_adapter.errors import ContractError
from robotics_sim_adapter.generated import simulator_pb2 as pb
from robotics_sim_adapter.images import area_resize
from robotics_sim_adapter.tensors import from_tensor, to_tensor


@pytest.mark.parametrize("dtype,code", [(np.uint8, pb.DTYPE_UINT8), (np.float32, pb.DTYPE_FLOAT32),
                                        (np.int32, pb.DTYPE_INT32), (np.int16, pb.DTYPE_INT16),
                                        (np.bool_, pb.DTYPE_BOOL)])
def test_tensor_round_trip_keeps_dtype_shape_and_values(dtype, code):
    array = (np.arange(24).reshape(2, 3, 4) % 3).astype(dtype)
    tensor = to_tensor(array)
    assert tensor.dtype == code and list(tensor.shape) == [2, 3, 4]
    np.testing.assert_array_equal(from_tensor(tensor), array)


def test_tensor_bytes_are_little_endian_row_major():
    tensor = to_tensor(np.array([[1.0, 2.0]], dtype=">f4"))
    assert tensor.data == np.array([1.0, 2.0], "<f4").tobytes()


def test_from_tensor_rejects_byte_count_that_disagrees_with_shape():
    with pytest.raises(ContractError, match="holds 8 bytes but shape \\[1, 7\\]"):
        from_tensor(pb.Tensor(dtype=pb.DTYPE_FLOAT32, shape=[1, 7], data=b"\0" * 8), "actions")


def test_from_tensor_rejects_unspecified_dtype():
    with pytest.raises(ContractError, match="DTYPE_UNSPECIFIED"):
        from_tensor(pb.Tensor(dtype=pb.DTYPE_UNSPECIFIED, shape=[1], data=b"\0"))


def test_area_resize_by_an_integer_factor_is_the_block_mean():
    image = np.random.RandomState(0).randint(0, 256, size=(2, 8, 6, 3)).astype(np.uint8)
    expected = image.reshape(2, 4, 2, 3, 2, 3).astype(float).mean(axis=(2, 4))
    np.testing.assert_array_equal(area_resize(image, 4, 3), np.rint(expected).astype(np.uint8))


def test_area_resize_non_integer_keeps_a_flat_image_flat_and_identity_is_free():
    flat = np.full((480, 640, 3), 77, np.uint8)
    out = area_resize(flat, 224, 224)
    assert out.shape == (224, 224, 3) and (out == 77).all()
    assert area_resize(flat, 480, 640) is flat
