"""`kerax.ops` under Keras's names, usable on KerasTensors: symbolic shapes
and dtypes equal Keras's, and a model built from ops runs."""

import numpy as np
import pytest

import kerax
from kerax import ops
from kerax.core.keras_tensor import KerasTensor


def test_every_keras_op_exists(keras):
    names = [n for n in dir(keras.ops) if not n.startswith("_")]
    assert not [n for n in names if not hasattr(ops, n)]


# (op name, input shapes, keyword arguments); None batch sizes stay None.
CASES = [
    ("matmul", [(None, 3, 4), (4, 5)], {}),
    ("relu", [(None, 3)], {}),
    ("softmax", [(None, 2, 3)], {"axis": 1}),
    ("conv", [(None, 8, 8, 3), (3, 3, 3, 4)], {"strides": 2,
                                                 "padding": "same"}),
    ("concatenate", [[(None, 2), (None, 3)]], {"axis": -1}),
    ("reshape", [(None, 6)], {"newshape": (-1, 2, 3)}),
    ("sum", [(None, 3, 4)], {"axis": 1, "keepdims": True}),
    ("argmax", [(None, 5)], {"axis": -1}),
    ("transpose", [(None, 2, 3)], {"axes": (0, 2, 1)}),
    ("expand_dims", [(None, 3)], {"axis": -1}),
    ("one_hot", "int", {"num_classes": 4}),
    ("take", "take", {"axis": 0}),
]


def _symbolic(lib, shapes):
    if shapes == "int":
        return [lib.Input(batch_shape=(None, 3), dtype="int32")]
    if shapes == "take":
        return [lib.Input(batch_shape=(5, 2)),
                lib.Input(batch_shape=(None,), dtype="int32")]
    args = []
    for shape in shapes:
        if isinstance(shape, list):
            args.append([lib.Input(batch_shape=s) for s in shape])
        else:
            args.append(lib.Input(batch_shape=shape))
    return args


@pytest.mark.parametrize("name, shapes, kwargs", CASES,
                         ids=[c[0] for c in CASES])
def test_symbolic_shapes_match_keras(keras, name, shapes, kwargs):
    ours = getattr(ops, name)(*_symbolic(kerax, shapes), **kwargs)
    theirs = getattr(keras.ops, name)(*_symbolic(keras, shapes), **kwargs)
    assert isinstance(ours, KerasTensor)
    assert ours.shape == tuple(theirs.shape)
    assert ours.dtype == theirs.dtype


def test_model_from_ops_runs_like_its_eager_ops():
    x = kerax.Input((4,))
    y = ops.softmax(ops.matmul(ops.relu(x), ops.ones((4, 3))) * 0.5)
    model = kerax.Model(x, y)
    data = np.random.default_rng(0).normal(size=(2, 4)).astype("float32")
    expected = ops.softmax(ops.matmul(ops.relu(data), ops.ones((4, 3))) * .5)
    np.testing.assert_allclose(model(data), expected, rtol=1e-6)
