"""The CPU convolution's custom kernel gradient equals autodiff's."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from kerax import ops
from kerax.layers.convolutional import cpu_conv


@pytest.mark.parametrize("shape, kernel_shape, strides, padding, dilation, "
                         "data_format", [
    ((2, 9, 9, 3), (3, 3, 3, 4), (2, 2), "same", (1, 1), "channels_last"),
    ((2, 8, 7, 3), (3, 2, 3, 2), (1, 1), "valid", (2, 1), "channels_last"),
    ((2, 10, 3), (3, 3, 2), (1,), "causal", (2,), "channels_last"),
    ((2, 3, 6, 6), (3, 3, 3, 2), (1, 1), "same", (1, 1), "channels_first"),
    ((1, 5, 4, 6, 2), (2, 3, 2, 2, 3), (1, 2, 1), "same", (1, 1, 1),
     "channels_last"),
])
def test_gradients_match_plain_conv(shape, kernel_shape, strides, padding,
                                    dilation, data_format):
    rng = np.random.RandomState(0)
    x = jnp.asarray(rng.randn(*shape).astype("float32"))
    kernel = jnp.asarray(rng.randn(*kernel_shape).astype("float32"))

    def mine(x, kernel):
        return cpu_conv.conv(x, kernel, strides, padding, data_format,
                             dilation)

    def plain(x, kernel):
        return ops.conv(x, kernel, strides=strides, padding=padding,
                        data_format=data_format, dilation_rate=dilation)

    np.testing.assert_allclose(mine(x, kernel), plain(x, kernel),
                               rtol=1e-5, atol=1e-5)
    cotangent = jnp.asarray(rng.randn(*plain(x, kernel).shape).astype(
        "float32"))
    got = jax.grad(lambda *a: jnp.sum(mine(*a) * cotangent),
                   argnums=(0, 1))(x, kernel)
    expected = jax.grad(lambda *a: jnp.sum(plain(*a) * cotangent),
                        argnums=(0, 1))(x, kernel)
    for a, b in zip(got, expected):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)
