"""Depthwise convolution as a sum over kernel taps, for XLA CPU.

XLA's CPU backend runs a depthwise convolution (`feature_group_count` =
channels) through a slow generic loop: on the 2-core dev machine a 3x3
depthwise layer of MobileNetV2, (16, 56, 56, 144), took ~500 ms forward
and ~3.2 s for its gradients. Written as one strided slice of the padded
input per kernel tap, scaled by that tap's per-channel weights and summed,
the same layer takes ~28 ms forward and ~180 ms with gradients, and XLA
fuses the whole sum into one loop. See docs/conv_cpu.md.

>>> import jax.numpy as jnp
>>> depthwise_by_taps(jnp.ones((1, 4, 2)), jnp.ones((3, 2, 1)), (1,),
...                   "valid", (1,), "channels_last").tolist()
[[[3.0, 3.0], [3.0, 3.0]]]
"""

from __future__ import annotations

import itertools
import math

import jax
import jax.numpy as jnp
from jax import lax

from kerax.ops.conv_padding import axis_pads

# Past this many taps (e.g. a 1D kernel of 100) the unrolled sum is no
# longer worth its compile time; the grouped convolution is used instead.
MAX_TAPS = 64


def use_taps(kernel) -> bool:
    """Whether `depthwise_by_taps` should replace the grouped convolution
    for this kernel `(*spatial, channels, multiplier)`."""
    return (jax.default_backend() == "cpu"
            and math.prod(kernel.shape[:-2]) <= MAX_TAPS
            and jnp.issubdtype(kernel.dtype, jnp.floating))


def depthwise_by_taps(inputs, kernel, strides, padding, dilation,
                      data_format):
    """`ops.depthwise_conv` of `inputs` `(batch, *spatial, channels)` (or
    channels first) with `kernel` `(*kernel_spatial, channels,
    multiplier)`; output channel `c * multiplier + m`, as Keras's."""
    channels_first = data_format == "channels_first"
    if channels_first:
        inputs = jnp.moveaxis(inputs, 1, -1)
    padding = str(padding).lower()
    sizes = kernel.shape[:-2]
    channels, multiplier = kernel.shape[-2], kernel.shape[-1]
    pads = [axis_pads(n, k, s, d, padding) for n, k, s, d in zip(
        inputs.shape[1:-1], sizes, strides, dilation)]
    padded = jnp.pad(inputs, [(0, 0), *pads, (0, 0)])
    outs = [(n - (k - 1) * d - 1) // s + 1 for n, k, s, d in zip(
        padded.shape[1:-1], sizes, strides, dilation)]
    total = None
    for tap in itertools.product(*(range(k) for k in sizes)):
        starts = [i * d for i, d in zip(tap, dilation)]
        window = lax.slice(
            padded,
            (0, *starts, 0),
            (padded.shape[0],
             *(b + (o - 1) * s + 1 for b, o, s in zip(starts, outs, strides)),
             channels),
            (1, *strides, 1),
        )
        weights = kernel[tap]  # (channels, multiplier)
        if multiplier == 1:
            term = window * weights[:, 0]
        else:
            term = (window[..., None] * weights).reshape(
                window.shape[:-1] + (channels * multiplier,))
        total = term if total is None else total + term
    return jnp.moveaxis(total, -1, 1) if channels_first else total
