"""Helpers for the backend tests: run a K function on arrays, on
Variables and on symbolic tensors, and compare."""

import jax
import numpy as np
import pytest

import kerax
from kerax.core.keras_tensor import KerasTensor


def _symbolic(value):
    if isinstance(value, np.ndarray) and value.ndim:
        return KerasTensor(value.shape, str(value.dtype))
    return value


def _variable(value):
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return kerax.Variable(value, dtype=str(value.dtype))
    return value


def _leaves(x):
    return jax.tree_util.tree_leaves(
        x, is_leaf=lambda v: isinstance(v, KerasTensor))


def run_three_ways(fn, args, kwargs):
    """`fn` on arrays; checks Variables give the same values and
    KerasTensors the same shapes and dtypes. Returns the array result."""
    result = fn(*args, **kwargs)
    wrap = lambda f, tree: jax.tree_util.tree_map(
        f, tree, is_leaf=lambda v: isinstance(v, np.ndarray))
    with_vars = fn(*wrap(_variable, args), **wrap(_variable, kwargs))
    for a, b in zip(_leaves(result), _leaves(with_vars)):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-6)
    spec = fn(*wrap(_symbolic, args), **wrap(_symbolic, kwargs))
    for concrete, symbolic in zip(_leaves(result), _leaves(spec)):
        assert isinstance(symbolic, KerasTensor)
        assert tuple(symbolic.shape) == tuple(np.shape(concrete))
        assert symbolic.dtype == str(np.asarray(concrete).dtype)
    return result


@pytest.fixture
def three_ways():
    return run_three_ways
