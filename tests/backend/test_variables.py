"""K Variables, constants, placeholders and tensor facts."""

import jax.numpy as jnp
import numpy as np
import pytest

import kerax
from kerax import backend as K
from kerax.core.keras_tensor import KerasTensor


def test_variable_and_constant():
    v = K.variable([[1, 2], [3, 4]], name="v")
    assert isinstance(v, kerax.Variable) and v.name == "v"
    assert K.dtype(v) == "float32"  # floatx, as in Keras 2
    assert K.dtype(K.variable(np.ones(2), dtype="int32")) == "int32"
    assert K.is_variable(v) and K.is_tensor(v)
    c = K.constant(2.0, shape=(2, 3))
    assert c.shape == (2, 3) and K.dtype(c) == "float32"
    assert K.constant([1, 2, 3, 4], shape=(2, 2)).tolist() == [[1, 2], [3, 4]]
    assert not K.is_tensor(np.ones(2)) and K.is_tensor(jnp.ones(2))


def test_get_set_values():
    a, b = K.variable(np.zeros(2)), K.variable(np.zeros(3))
    K.set_value(a, [1.0, 2.0])
    K.batch_set_value([(b, np.arange(3))])
    assert [x.tolist() for x in K.batch_get_value([a, b])] == [
        [1.0, 2.0], [0.0, 1.0, 2.0]]
    assert K.get_value(np.ones(2)).tolist() == [1.0, 1.0]
    assert K.eval(a).tolist() == [1.0, 2.0]
    with pytest.raises(TypeError, match="Variable"):
        K.set_value(np.ones(2), [1.0, 2.0])
    with pytest.raises(TypeError, match="K.function"):
        K.get_value(K.placeholder((None, 2)))


def test_zeros_ones_eye_are_variables():
    for v, expected in [(K.zeros((2, 2)), np.zeros((2, 2))),
                        (K.ones((2,), dtype="int32"), np.ones(2)),
                        (K.eye(3), np.eye(3)), (K.eye((2, 3)), np.eye(2, 3))]:
        assert isinstance(v, kerax.Variable)
        np.testing.assert_array_equal(K.get_value(v), expected)
    assert K.dtype(K.ones((2,), dtype="int32")) == "int32"
    assert K.zeros_like(K.eye(2)).shape == (2, 2)
    assert K.ones_like(np.zeros((2, 1))).tolist() == [[1.0], [1.0]]


def test_placeholders():
    p = K.placeholder(shape=(None, 4), name="p")
    assert isinstance(p, KerasTensor) and K.is_placeholder(p)
    assert K.int_shape(p) == (None, 4) and K.ndim(p) == 2
    q = K.placeholder(ndim=3, dtype="int32")
    assert K.int_shape(q) == (None, None, None) and K.dtype(q) == "int32"
    assert K.is_keras_tensor(p) and not K.is_keras_tensor(np.ones(2))
    assert not K.is_placeholder(p + 1)
    assert K.is_tensor(p)
    with pytest.raises(ValueError, match="ndim"):
        K.placeholder()


def test_shapes_and_counts():
    x = np.ones((2, 3), "float32")
    assert K.int_shape(x) == (2, 3) and K.shape(x) == (2, 3)
    assert K.ndim(K.variable(x)) == 2 and K.count_params(K.variable(x)) == 6
    assert K.shape(K.placeholder((None, 3))) == (None, 3)
    assert K.int_shape(3.0) is None


def test_sparse_conversions():
    sparse = K.ctc_label_dense_to_sparse(np.array([[1, 2, 0], [3, 0, 0]]),
                                         np.array([2, 1]))
    assert K.is_sparse(sparse) and not K.is_sparse(np.ones(2))
    assert K.to_dense(sparse).tolist() == [[1, 2, 0], [3, 0, 0]]
    assert sparse.nse == 3
    dense = np.ones(2)
    assert K.to_dense(dense) is dense


def test_zeros_inside_a_traced_call_are_tensors():
    import jax

    @jax.jit
    def f(x):
        state = K.zeros((x.shape[0], 2))
        assert not isinstance(state, kerax.Variable)
        return state + K.sum(x)

    assert f(np.ones((3, 1))).tolist() == [[3.0, 3.0]] * 3


def test_symbolic_batch_size_during_shape_inference():
    import jax

    seen = {}

    def probe(x):
        seen["int_shape"], seen["shape"] = K.int_shape(x), K.shape(x)
        return K.reshape(x, (K.shape(x)[0], 3, 1))

    batch = jax.export.symbolic_shape("b")[0]
    out = jax.eval_shape(probe, jax.ShapeDtypeStruct((batch, 3), "float32"))
    assert seen["int_shape"] == (None, 3)
    assert seen["shape"][0] is batch and out.shape[1:] == (3, 1)
