import jax
import jax.numpy as jnp
import numpy as np
import pytest

from kerax.core.scope import StatelessScope
from kerax.core.variable import AutocastScope, Variable


def test_value_assign_and_numpy():
    v = Variable(np.zeros((2, 3)), name="w")
    assert v.dtype == "float32" and v.shape == (2, 3)
    v.assign(np.ones((2, 3)))
    v.assign_add(np.ones((2, 3)))
    v.assign_sub(0.5 * np.ones((2, 3)))
    np.testing.assert_allclose(v.numpy(), 1.5)
    np.testing.assert_allclose(np.asarray(v), 1.5)


def test_arithmetic_and_protocols():
    v = Variable([1.0, 2.0])
    np.testing.assert_allclose(v + 1, [2.0, 3.0])
    np.testing.assert_allclose(2 * v, [2.0, 4.0])
    np.testing.assert_allclose(v @ jnp.ones(2), 3.0)
    np.testing.assert_allclose(-v, [-1.0, -2.0])
    assert len(v) == 2 and float(v[1]) == 2.0


def test_initializer_callable_requires_shape():
    with pytest.raises(ValueError, match="shape"):
        Variable(lambda shape, dtype: jnp.zeros(shape))
    v = Variable(lambda shape, dtype: jnp.ones(shape, dtype), shape=(3,))
    np.testing.assert_allclose(v.numpy(), 1.0)


def test_assign_shape_mismatch_names_shapes():
    v = Variable(np.zeros(3))
    with pytest.raises(ValueError, match=r"variable.shape=\(3,\)"):
        v.assign(np.zeros(4))


def test_bad_name():
    with pytest.raises(ValueError, match="name"):
        Variable(1.0, name="a/b")


def test_stateless_scope_reads_and_captures_writes():
    v = Variable(np.zeros(2))

    def f(value):
        with StatelessScope([(v, value)]) as scope:
            v.assign(v.value * 2 + 1)
            return scope.get_current_value(v)

    out = jax.jit(f)(jnp.ones(2))
    np.testing.assert_allclose(out, 3.0)
    np.testing.assert_allclose(v.numpy(), 0.0)  # untouched


def test_autocast_scope_reads_half():
    v = Variable(np.ones(2, "float32"))
    with AutocastScope("bfloat16"):
        assert v.value.dtype == jnp.bfloat16
        assert v.dtype == "bfloat16"
    assert v.value.dtype == jnp.float32
