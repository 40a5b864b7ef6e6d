"""The tap-sum depthwise convolution equals XLA's grouped convolution,
values and gradients."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax import lax

from kerax import ops
from kerax.ops import depthwise_taps
from kerax.ops.conv_padding import axis_pads


def _grouped(x, kernel, strides, padding, dilation):
    """The reference: lax's grouped convolution, channels last."""
    n = x.ndim - 2
    spatial = "DHW"[-n:] if n > 1 else "W"
    numbers = (f"N{spatial}C", f"{spatial}IO", f"N{spatial}C")
    pads = [axis_pads(size, k, s, d, padding) for size, k, s, d
            in zip(x.shape[1:-1], kernel.shape[:-2], strides, dilation)]
    channels, multiplier = kernel.shape[-2:]
    return lax.conv_general_dilated(
        x, kernel.reshape(kernel.shape[:-2] + (1, channels * multiplier)),
        strides, pads, rhs_dilation=dilation, dimension_numbers=numbers,
        feature_group_count=channels)


@pytest.mark.parametrize("shape, kernel_size, strides, padding, dilation, "
                         "multiplier", [
    ((2, 9, 9, 4), (3, 3), (2, 2), "same", (1, 1), 1),
    ((2, 8, 7, 3), (3, 3), (1, 1), "valid", (2, 2), 2),
    ((2, 10, 3), (4,), (1,), "causal", (2,), 1),
    ((1, 6, 5, 4, 2), (2, 3, 2), (1, 2, 1), "same", (1, 1, 1), 3),
])
def test_values_and_gradients_match_the_grouped_convolution(
        shape, kernel_size, strides, padding, dilation, multiplier):
    rng = np.random.RandomState(0)
    x = jnp.asarray(rng.randn(*shape).astype("float32"))
    kernel = jnp.asarray(rng.randn(*kernel_size, shape[-1],
                                   multiplier).astype("float32"))

    def taps(x, kernel):
        return depthwise_taps.depthwise_by_taps(
            x, kernel, strides, padding, dilation, "channels_last")

    def grouped(x, kernel):
        return _grouped(x, kernel, strides, padding, dilation)

    # Each side's values and gradients under one jit: run eagerly, every
    # tap's slice, scale and add compiles on its own (seconds a case).
    def values_and_grads(fn):
        def run(x, kernel, cotangent):
            grads = jax.grad(lambda *a: jnp.sum(fn(*a) * cotangent),
                             argnums=(0, 1))(x, kernel)
            return fn(x, kernel), grads
        return jax.jit(run)

    out_shape = jax.eval_shape(taps, x, kernel).shape
    cotangent = jnp.asarray(rng.randn(*out_shape).astype("float32"))
    got, mine = values_and_grads(taps)(x, kernel, cotangent)
    want, theirs = values_and_grads(grouped)(x, kernel, cotangent)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    for a, b in zip(mine, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)


def test_channels_first_moves_the_channel_axis():
    rng = np.random.RandomState(1)
    x = rng.randn(2, 3, 6, 6).astype("float32")
    kernel = rng.randn(3, 3, 3, 2).astype("float32")
    first = ops.depthwise_conv(x, kernel, padding="same",
                               data_format="channels_first")
    last = ops.depthwise_conv(np.moveaxis(x, 1, -1), kernel, padding="same")
    np.testing.assert_allclose(first, np.moveaxis(np.asarray(last), -1, 1),
                               rtol=1e-6)


def test_used_on_cpu_for_small_float_kernels_only():
    assert depthwise_taps.use_taps(jnp.ones((3, 3, 8, 1)))
    assert not depthwise_taps.use_taps(jnp.ones((100, 8, 1)))  # 100 taps
    assert not depthwise_taps.use_taps(jnp.ones((3, 3, 8, 1), "int32"))
