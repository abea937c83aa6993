"""Image resizing for backends whose cameras render at a fixed size (SimplerEnv: 640x480 / 640x512)."""
from __future__ import annotations

import numpy as np


def area_resize(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """Resizes uint8 [..., H, W, C] by area averaging (OpenCV's INTER_AREA when shrinking).

    Each output pixel averages the input it covers, weighted by overlap. Computed from running
    sums (O(pixels)), since the BLAS here is too slow for the dense weight-matrix form.
    """
    in_h, in_w = image.shape[-3], image.shape[-2]
    if (in_h, in_w) == (height, width):
        return image
    out = _area_axis(image.astype(np.float64), height, image.ndim - 3)
    out = _area_axis(out, width, image.ndim - 2)
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def _area_axis(x: np.ndarray, size_out: int, axis: int) -> np.ndarray:
    size_in = x.shape[axis]
    scale = size_in / size_out
    pad = [(0, 0)] * x.ndim
    pad[axis] = (1, 0)
    running = np.pad(np.cumsum(x, axis=axis), pad)          # running[k] = sum of the first k pixels
    edges = np.arange(size_out + 1) * scale
    lower = np.minimum(np.floor(edges).astype(np.int64), size_in - 1)
    frac = edges - lower
    shape = [1] * x.ndim
    shape[axis] = -1
    # The running sum at a fractional edge: whole pixels, plus the covered part of the next one.
    at_edges = np.take(running, lower, axis=axis) + frac.reshape(shape) * np.take(x, lower, axis=axis)
    return np.diff(at_edges, axis=axis) / scale
