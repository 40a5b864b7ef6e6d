"""How `ops.conv` is lowered on XLA CPU: the "spare row" convolution.

XLA CPU hands float convolutions to its YNNPACK fusion. There, a
convolution with no padding at all (`"valid"`, or `"same"` with a 1-tap
kernel) ran 3-4x slower than the same convolution with some padding: on
the 2-core dev machine (jax 0.10.2), the MNIST CNN's second layer,
(128, 26, 26, 32) -> 64 filters 3x3 "valid", took ~80 ms, and ~25 ms when
padded by one row at the end of the first spatial axis, the extra output
row sliced off. Autodiff of the padded form is faster too: its kernel
gradient (a padded convolution as well) ~77 ms instead of ~116 ms, its
input gradient unchanged. The numbers are identical: the spare row only
meets the zero padding and is dropped. See docs/conv_cpu.md.

>>> import jax.numpy as jnp
>>> x, k = jnp.ones((1, 5, 5, 8)), jnp.ones((3, 3, 8, 2))
>>> conv_spare_row(x, k, (1, 1), [(0, 0), (0, 0)], (1, 1),
...                ("NHWC", "HWIO", "NHWC")).shape
(1, 3, 3, 2)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import jax
import jax.numpy as jnp
from jax import lax

# Only 2D convolutions: XLA CPU kept 1D and 3D ones out of YNNPACK, and
# the spare row measured no gain there ((32, 200, 64) -> 64, kernel 5: 4.0
# ms either way; (8, 12, 20, 20, 16) -> 32, 3x3x3: 136 vs 140 ms).
RANK = 2
# Batch chunks of at most this much input. Whole jitted MNIST CNN train
# step (batch 128; conv2's input is 86.5 KB per example), one A/B run on
# the loaded dev machine: one piece 396 ms, chunks of 2 MiB (6 chunks)
# 344 ms, 4 MiB (3) 336 ms, 8 MiB (2) 337 ms; compile time 4.6 s, 6.8 s,
# 5.2 s, 4.8 s. Each chunk's convolution and gradients run faster (conv2
# alone in chunks of 16: forward 44 vs 61 ms, kernel gradient 55 vs 105
# ms, input gradient 25 vs 51 ms), but each adds compile time.
CHUNK_BYTES = 4 * 1024 * 1024
# Fewer input channels than this (the first layer of an image model, one
# to three channels) measured no gain: (128, 28, 28, 1) -> 32 filters 3x3
# took 1.3 ms unpadded, 2.4 ms with the spare row.
MIN_CHANNELS = 8


def use_spare_row(inputs, kernel, pads: Sequence[tuple[int, int]],
                  groups: int) -> bool:
    """Whether `ops.conv` of `inputs` with `kernel` (Keras layout,
    explicit per-axis `pads`) should run as `conv_spare_row`: ungrouped
    float 2D convolutions without any padding, with a kernel of several
    taps and at least `MIN_CHANNELS` input channels, on the CPU backend."""
    return (
        jax.default_backend() == "cpu"
        and inputs.ndim == RANK + 2
        and groups == 1
        and jnp.issubdtype(inputs.dtype, jnp.floating)
        and kernel.shape[-2] >= MIN_CHANNELS
        and math.prod(kernel.shape[:-2]) > 1
        and all(lo == 0 and hi == 0 for lo, hi in pads)
    )


def batch_chunks(batch: int, example_bytes: int) -> list[tuple[int, int]]:
    """`(start, stop)` of near-equal batch chunks of at most
    `CHUNK_BYTES` of input each (one chunk when the batch fits).

    >>> batch_chunks(128, 26 * 26 * 32 * 4)
    [(0, 43), (43, 86), (86, 128)]
    """
    per_chunk = max(1, CHUNK_BYTES // max(1, example_bytes))
    count = -(-batch // per_chunk)
    size = -(-batch // count)
    return [(start, min(start + size, batch))
            for start in range(0, batch, size)]


def conv_spare_row(inputs, kernel, strides: Sequence[int],
                   pads: Sequence[tuple[int, int]],
                   dilation: Sequence[int], numbers):
    """`lax.conv_general_dilated` with `pads`, computed with one spare
    output row (the first spatial axis gets `strides[0]` more zeros at its
    end, and the output row they produce is dropped), one batch chunk of
    at most `CHUNK_BYTES` of input at a time."""
    batch = inputs.shape[0]
    if not isinstance(batch, int):  # a symbolic batch (jax.export)
        return _spare_row(inputs, kernel, strides, pads, dilation, numbers)
    example_bytes = math.prod(inputs.shape[1:]) * inputs.dtype.itemsize
    chunks = batch_chunks(batch, example_bytes)
    if len(chunks) == 1:
        return _spare_row(inputs, kernel, strides, pads, dilation, numbers)
    return jnp.concatenate([
        _spare_row(lax.slice_in_dim(inputs, start, stop), kernel, strides,
                   pads, dilation, numbers)
        for start, stop in chunks
    ])


def _spare_row(inputs, kernel, strides, pads, dilation, numbers):
    padded = [tuple(p) for p in pads]
    padded[0] = (padded[0][0], padded[0][1] + strides[0])
    dimension_numbers = lax.conv_dimension_numbers(
        inputs.shape, kernel.shape, numbers)
    out = lax.conv_general_dilated(
        inputs, kernel, window_strides=tuple(strides), padding=padded,
        rhs_dilation=tuple(dilation), dimension_numbers=dimension_numbers,
    )
    axis = dimension_numbers.out_spec[2]
    return lax.slice_in_dim(out, 0, out.shape[axis] - 1, axis=axis)
