import jax
import jax.numpy as jnp
import numpy as np
import pytest

import kerax
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


def _dense_kernel(lib):
    layer = lib.layers.Dense(2, kernel_constraint="non_neg",
                             kernel_regularizer="l2", name="dense")
    layer.build((None, 3))
    layer.kernel.assign(np.arange(6.0, dtype="float32").reshape(3, 2) - 2)
    return layer


def test_layer_variable_metadata_matches_keras(keras):
    ours, theirs = _dense_kernel(kerax), _dense_kernel(keras)
    for attr in ("path", "name", "trainable", "shape", "dtype", "ndim"):
        assert getattr(ours.kernel, attr) == getattr(theirs.kernel, attr)
    assert ours.kernel.path == "dense/kernel"
    assert type(ours.kernel.constraint).__name__ == "NonNeg"
    assert type(ours.kernel.regularizer).__name__ == "L2"
    assert ours.bias.constraint is None and ours.bias.regularizer is None


@pytest.mark.parametrize("expr", [
    "k + 1", "1 + k", "k - 1", "1 - k", "k * 2", "2 * k", "k / 2",
    "2 / (k + 3)", "k // 2", "7 // (k + 3)", "k % 3", "7 % (k + 3)",
    "k ** 2", "2 ** k", "-k", "+k", "abs(k)", "k @ np.ones(2, 'float32')",
    "np.ones(3, 'float32') @ k", "k > 0", "k >= 0", "k < 0", "k <= 0",
    "k == 1", "k != 1", "k[0]", "k[:, 1]", "np.asarray(k)", "np.sum(k)",
    "k.numpy()", "k * k", "k + k", "k.value", "float(k[1, 1])",
])
def test_arithmetic_matches_keras(keras, expr):
    ours = eval(expr, {"k": _dense_kernel(kerax).kernel, "np": np})
    theirs = eval(expr, {"k": _dense_kernel(keras).kernel, "np": np})
    assert np.asarray(ours).dtype == np.asarray(theirs).dtype
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs),
                               rtol=1e-6)


def test_int_variable_and_dtypes():
    v = Variable(np.array([1, 2], "int32"))
    assert v.dtype == "int32" and (v + 1).dtype == jnp.int32
    assert (v / 2).dtype == jnp.float32
    half = Variable(np.zeros(3), dtype="float16", trainable=False, name="h")
    assert half.dtype == "float16" and half.trainable is False
    assert Variable(np.zeros(2, "float64")).dtype == "float32"  # floatx


def test_default_names_are_unique_like_keras():
    kerax.backend.clear_session()
    assert [Variable(1.0).name for _ in range(3)] == [
        "variable", "variable_1", "variable_2"]
    layer = kerax.layers.Layer(name="holder")
    a = layer.add_weight(shape=(2,))
    b = layer.add_weight(shape=(2,))
    assert a.name != b.name and a.path == f"holder/{a.name}"
    kerax.backend.clear_session()
    assert Variable(1.0).name == "variable"


def test_repr_and_ops_take_variables():
    v = Variable([1.0, 2.0], name="w")
    assert repr(v).startswith("<Variable path=w, shape=(2,), dtype=float32")
    np.testing.assert_allclose(kerax.ops.sum(v), 3.0)
    np.testing.assert_allclose(kerax.ops.matmul(v, jnp.ones(2)), 3.0)
    np.testing.assert_allclose(jnp.asarray(v), [1.0, 2.0])
    assert v.assign([3.0, 4.0]).tolist() == [3.0, 4.0]


def test_traced_assign_outside_a_scope_is_refused():
    v = Variable(jnp.zeros(2), name="counter")

    def bump(x):
        v.assign(v.value + x)
        return x

    with pytest.raises(RuntimeError, match="'counter'.*StatelessScope"):
        jax.jit(bump)(jnp.ones(2))
    assert isinstance(v._value, jax.Array)
    assert v.numpy().tolist() == [0.0, 0.0]

    def scoped(x):
        with StatelessScope() as scope:
            v.assign(v.value + x)
        return scope.get_current_value(v)

    assert jax.jit(scoped)(jnp.ones(2)).tolist() == [1.0, 1.0]
    assert v.numpy().tolist() == [0.0, 0.0]


def test_outside_stateless_scopes_writes_the_variable():
    from kerax.core.scope import get_stateless_scope, outside_stateless_scopes

    v = Variable(jnp.zeros(2))
    with StatelessScope([(v, jnp.ones(2))]) as scope:
        with outside_stateless_scopes():
            assert get_stateless_scope() is None
            v.assign(jnp.full(2, 5.0))
        assert get_stateless_scope() is scope
        assert v.value.tolist() == [1.0, 1.0]
    assert v.numpy().tolist() == [5.0, 5.0]
