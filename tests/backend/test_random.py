"""K random tensors and random Variables: shapes, dtypes, ranges,
statistics, seeds."""

import numpy as np
import pytest

import kerax
from kerax import backend as K


def test_random_tensors_statistics():
    normal = np.asarray(K.random_normal((4000,), mean=2.0, stddev=0.5,
                                        seed=1))
    assert abs(normal.mean() - 2.0) < 0.05 and abs(normal.std() - 0.5) < 0.05
    uniform = np.asarray(K.random_uniform((4000,), -1.0, 3.0, seed=2))
    assert uniform.min() >= -1.0 and uniform.max() < 3.0
    assert abs(uniform.mean() - 1.0) < 0.1
    truncated = np.asarray(K.truncated_normal((4000,), stddev=2.0, seed=3))
    assert np.abs(truncated).max() <= 4.0
    binary = np.asarray(K.random_binomial((4000,), p=0.3, seed=4))
    assert set(np.unique(binary)) <= {0.0, 1.0}
    assert abs(binary.mean() - 0.3) < 0.03
    assert binary.dtype == np.float32


def test_seeds_and_dtypes():
    a = K.random_normal((3,), seed=5)
    assert np.array_equal(a, K.random_normal((3,), seed=5))
    assert K.random_uniform((2, 2), dtype="float16").dtype == np.float16
    kerax.utils.set_random_seed(7)
    first = np.asarray(K.random_normal((3,)))
    kerax.utils.set_random_seed(7)
    assert np.array_equal(first, K.random_normal((3,)))
    assert not np.array_equal(first, K.random_normal((3,)))


def test_random_variables():
    v = K.random_uniform_variable((2, 3), 0.0, 1.0, seed=1, name="u")
    assert isinstance(v, kerax.Variable) and v.name == "u"
    assert v.shape == (2, 3) and K.get_value(v).min() >= 0
    w = K.random_normal_variable((500,), 1.0, 0.1, dtype="float32", seed=2)
    assert abs(K.get_value(w).mean() - 1.0) < 0.03


def test_unknown_shape_is_an_error():
    with pytest.raises(ValueError, match="fully known shape"):
        K.random_normal((None, 3))


def test_unseeded_draws_inside_jit_change_per_call():
    import jax

    @jax.jit
    def noisy(x):
        return x + K.random_normal(K.shape(x)) + K.dropout(x, 0.5)

    x = np.ones((2, 50), "float32")
    kerax.utils.set_random_seed(3)
    first, second = np.asarray(noisy(x)), np.asarray(noisy(x))
    assert not np.array_equal(first, second)
    kerax.utils.set_random_seed(3)
    np.testing.assert_array_equal(noisy(x), first)
