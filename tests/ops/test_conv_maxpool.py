"""`ops.max_pool`'s reshape lowering on CPU equals `lax.reduce_window`,
values and gradients (ties go to the first maximum of a window)."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax import lax

from kerax import ops
from kerax.ops import conv_maxpool


def _reduce_window(x, pool, strides, padding, data_format):
    if data_format == "channels_last":
        dims, steps = (1, *pool, 1), (1, *strides, 1)
    else:
        dims, steps = (1, 1, *pool), (1, 1, *strides)
    return lax.reduce_window(x, -jnp.inf, lax.max, dims, steps,
                             padding.upper())


@pytest.mark.parametrize("shape, pool, padding, data_format", [
    ((2, 8, 8, 3), (2, 2), "valid", "channels_last"),
    ((2, 9, 7, 3), (2, 2), "valid", "channels_last"),
    ((2, 3, 9, 6), (3, 2), "valid", "channels_first"),
    ((2, 8, 6, 3), (2, 3), "same", "channels_last"),
    ((2, 10, 4), (3,), "valid", "channels_last"),
    ((1, 4, 6, 4, 2), (2, 3, 2), "valid", "channels_last"),
])
def test_values_and_gradients_match_reduce_window(shape, pool, padding,
                                                  data_format):
    rng = np.random.RandomState(0)
    # Rounded values: many ties inside windows.
    x = jnp.asarray(np.round(rng.randn(*shape)).astype("float32"))

    def mine(x):
        return ops.max_pool(x, pool, padding=padding,
                            data_format=data_format)

    def plain(x):
        return _reduce_window(x, pool, pool, padding, data_format)

    def pullback(fn):  # forward and backward in one program
        return jax.jit(lambda x, ct: jax.vjp(fn, x)[1](ct)[0])

    expected = plain(x)
    np.testing.assert_array_equal(jax.jit(mine)(x), expected)
    cotangent = jnp.asarray(rng.randn(*expected.shape).astype("float32"))
    got = pullback(mine)(x, cotangent)
    want = pullback(plain)(x, cotangent)
    np.testing.assert_array_equal(got, want)


def test_ties_go_to_the_first_maximum_in_row_major_order():
    x = jnp.array([[1.0, 2.0], [2.0, 0.0]]).reshape(1, 2, 2, 1)
    grad = jax.grad(lambda x: jnp.sum(ops.max_pool(x, 2)))(x)
    assert grad.ravel().tolist() == [0.0, 1.0, 0.0, 0.0]


def test_forward_mode_and_second_order():
    x = jnp.arange(8.0).reshape(1, 8, 1)
    _, tangent = jax.jvp(lambda x: ops.max_pool(x, 2), (x,), (x,))
    assert tangent.ravel().tolist() == [1.0, 3.0, 5.0, 7.0]
    hessian_row = jax.grad(lambda x: jnp.sum(
        jax.grad(lambda y: jnp.sum(ops.max_pool(y, 2) ** 2))(x)))(x)
    assert hessian_row.ravel().tolist() == [0, 2, 0, 2, 0, 2, 0, 2]


def test_the_rule_takes_only_tiling_windows():
    x = jnp.ones((1, 6, 6, 2))
    on_cpu = jax.default_backend() == "cpu"
    assert conv_maxpool.use_tiled(x, (2, 2), (2, 2), "valid",
                                  "channels_last") is on_cpu
    assert not conv_maxpool.use_tiled(x, (3, 3), (2, 2), "valid",
                                      "channels_last")
    assert not conv_maxpool.use_tiled(x, (4, 4), (4, 4), "same",
                                      "channels_last")
    assert not conv_maxpool.use_tiled(x.astype("int32"), (2, 2), (2, 2),
                                      "valid", "channels_last")
    assert not conv_maxpool.use_tiled(x, (8, 2), (8, 2), "valid",
                                      "channels_last")
    assert ops.max_pool(jnp.ones((1, 3, 2)), 4).shape == (1, 0, 2)
