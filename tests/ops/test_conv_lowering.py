"""`ops.conv`'s spare-row lowering on CPU equals the plain XLA convolution,
values and gradients."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax import lax

from kerax import ops
from kerax.ops import conv_lowering
from kerax.ops.conv_padding import axis_pads


def _plain(x, kernel, strides, padding, dilation, data_format):
    """The reference: one `lax.conv_general_dilated`, explicit padding."""
    n = x.ndim - 2
    spatial = "DHW"[-n:]
    lhs = f"N{spatial}C" if data_format == "channels_last" else (
        f"NC{spatial}")
    sizes = x.shape[1:-1] if data_format == "channels_last" else x.shape[2:]
    pads = [axis_pads(size, k, s, d, padding) for size, k, s, d
            in zip(sizes, kernel.shape[:-2], strides, dilation)]
    return lax.conv_general_dilated(
        x, kernel, strides, pads, rhs_dilation=dilation,
        dimension_numbers=(lhs, f"{spatial}IO", lhs))


@pytest.mark.parametrize("shape, kernel_shape, strides, padding, dilation, "
                         "data_format", [
    ((2, 9, 8, 8), (3, 3, 8, 4), (1, 1), "valid", (1, 1), "channels_last"),
    ((2, 9, 9, 8), (3, 2, 8, 3), (2, 2), "valid", (1, 1), "channels_last"),
    ((2, 10, 9, 8), (3, 3, 8, 2), (1, 1), "valid", (2, 1), "channels_last"),
    ((2, 8, 7, 6), (3, 3, 8, 2), (1, 2), "valid", (1, 1), "channels_first"),
    ((2, 11, 8), (4, 8, 5), (3,), "valid", (1,), "channels_last"),
    ((1, 5, 6, 4, 8), (2, 3, 2, 8, 3), (1, 2, 1), "valid", (1, 1, 1),
     "channels_last"),
])
def test_values_and_gradients_match_the_plain_convolution(
        shape, kernel_shape, strides, padding, dilation, data_format):
    rng = np.random.RandomState(0)
    x = jnp.asarray(rng.randn(*shape).astype("float32"))
    kernel = jnp.asarray(rng.randn(*kernel_shape).astype("float32"))

    n = x.ndim - 2
    spatial = "DHW"[-n:]
    lhs = f"N{spatial}C" if data_format == "channels_last" else (
        f"NC{spatial}")

    def mine(x, kernel):
        if n == 2:  # through the op, which picks the spare row
            return ops.conv(x, kernel, strides=strides, padding=padding,
                            data_format=data_format, dilation_rate=dilation)
        return conv_lowering.conv_spare_row(
            x, kernel, strides, [(0, 0)] * n, dilation,
            (lhs, f"{spatial}IO", lhs))

    def plain(x, kernel):
        return _plain(x, kernel, strides, padding, dilation, data_format)

    expected = jax.jit(plain)(x, kernel)
    np.testing.assert_allclose(jax.jit(mine)(x, kernel), expected,
                               rtol=1e-5, atol=1e-5)
    cotangent = jnp.asarray(rng.randn(*expected.shape).astype("float32"))
    got = jax.jit(jax.grad(lambda *a: jnp.sum(mine(*a) * cotangent),
                           argnums=(0, 1)))(x, kernel)
    want = jax.jit(jax.grad(lambda *a: jnp.sum(plain(*a) * cotangent),
                            argnums=(0, 1)))(x, kernel)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)


def _uses_spare_row(shape, kernel_shape, padding="valid", groups=1):
    x, kernel = jnp.ones(shape), jnp.ones(kernel_shape)
    pads = [axis_pads(n, k, 1, 1, padding)
            for n, k in zip(shape[1:-1], kernel_shape[:-2])]
    return conv_lowering.use_spare_row(x, kernel, pads, groups)


def test_the_rule_takes_only_unpadded_multi_tap_wide_convolutions():
    on_cpu = jax.default_backend() == "cpu"
    assert _uses_spare_row((1, 6, 6, 8), (3, 3, 8, 4)) is on_cpu
    assert not _uses_spare_row((1, 6, 6, 8), (3, 3, 8, 4), "same")
    assert not _uses_spare_row((1, 6, 6, 8), (1, 1, 8, 4))
    assert not _uses_spare_row((1, 6, 6, 1), (3, 3, 1, 4))
    assert not _uses_spare_row((1, 6, 8), (3, 8, 4))
    assert not _uses_spare_row((1, 6, 6, 6, 8), (3, 3, 3, 8, 4))
    assert not _uses_spare_row((1, 6, 6, 16), (3, 3, 8, 4), groups=2)
    assert not conv_lowering.use_spare_row(
        jnp.ones((1, 6, 6, 8), "int32"), jnp.ones((3, 3, 8, 4), "int32"),
        [(0, 0), (0, 0)], 1)


def test_forward_mode_differentiation_works():
    x, kernel = jnp.ones((1, 5, 5, 8)), jnp.ones((3, 3, 8, 2))
    _, tangent = jax.jvp(lambda k: ops.conv(x, k), (kernel,), (kernel,))
    np.testing.assert_allclose(tangent, jnp.full((1, 3, 3, 2), 72.0))


def test_batch_chunks_give_the_same_values_and_gradients(monkeypatch):
    rng = np.random.RandomState(1)
    x = jnp.asarray(rng.randn(5, 7, 6, 8).astype("float32"))
    kernel = jnp.asarray(rng.randn(3, 3, 8, 4).astype("float32"))
    cotangent = jnp.asarray(rng.randn(5, 5, 4, 4).astype("float32"))

    def loss(conv):
        return lambda x, k: jnp.sum(conv(x, k) * cotangent)

    def plain(x, k):
        return _plain(x, k, (1, 1), "valid", (1, 1), "channels_last")

    # Two examples' worth of input per chunk: chunks of 2, 2 and 1.
    monkeypatch.setattr(conv_lowering, "CHUNK_BYTES", 2 * 7 * 6 * 8 * 4)
    assert conv_lowering.batch_chunks(5, 7 * 6 * 8 * 4) == [
        (0, 2), (2, 4), (4, 5)]
    np.testing.assert_allclose(jax.jit(ops.conv)(x, kernel),
                               plain(x, kernel), rtol=1e-5, atol=1e-5)
    got = jax.jit(jax.grad(loss(ops.conv), argnums=(0, 1)))(x, kernel)
    want = jax.grad(loss(plain), argnums=(0, 1))(x, kernel)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)
