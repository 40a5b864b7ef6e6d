"""to_categorical / normalize / pad_sequences against real Keras."""

import numpy as np
import pytest

from kerax.preprocessing.sequence import pad_sequences as pad_from_pre
from kerax.utils import normalize, pad_sequences, to_categorical
from kerax.utils.np_utils import to_categorical as np_utils_to_categorical


@pytest.mark.parametrize("labels", [[0, 2, 1], [[1], [0]], [[0, 1], [2, 2]]])
def test_to_categorical_matches_keras(keras, labels):
    ours = to_categorical(labels)
    theirs = keras.utils.to_categorical(np.array(labels))
    np.testing.assert_array_equal(ours, theirs)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    assert to_categorical(labels, num_classes=5).shape[-1] == 5


def test_to_categorical_keras2_dtype_and_path():
    import kerax

    out = np_utils_to_categorical([1, 0], num_classes=3, dtype="float32")
    assert out.dtype == np.float32 and out.tolist() == [[0, 1, 0], [1, 0, 0]]
    # Keras 2's np_utils default is float32; Keras 3's keras.utils float64.
    assert np_utils_to_categorical([[2], [0]]).dtype == np.float32
    assert np_utils_to_categorical([[2], [0]]).shape == (2, 3)
    assert kerax.utils.np_utils.to_categorical([1], 2, "int8").dtype == np.int8
    assert to_categorical([1, 0], dtype="int32").dtype == np.int32
    assert kerax.utils.np_utils.normalize is normalize
    with pytest.raises(ValueError, match="num_classes=2"):
        to_categorical([0, 3], num_classes=2)


def test_to_categorical_jax_input():
    import jax.numpy as jnp

    out = to_categorical(jnp.array([[2], [0]]), num_classes=3)
    assert out.shape == (2, 3) and out.dtype == jnp.float32


X = np.array([[3.0, 4.0, 0.0], [0.0, 0.0, 0.0], [1.0, -1.0, 2.0]])


@pytest.mark.parametrize("axis,order", [(-1, 2), (1, 1), (-1, 1)])
def test_normalize_matches_keras(keras, axis, order):
    np.testing.assert_allclose(normalize(X, axis, order),
                               keras.utils.normalize(X, axis, order))


def test_normalize_axis_0():
    # Keras's NumPy path expands the norm at axis -1 when axis=0 (a bug);
    # kerax divides along the axis it normalized.
    np.testing.assert_allclose(normalize(X, axis=0, order=1),
                               X / np.array([[4.0, 5.0, 2.0]]))
    import jax.numpy as jnp

    np.testing.assert_allclose(normalize(jnp.asarray(X)), normalize(X),
                               rtol=1e-6)


SEQS = [[1, 2, 3], [4], [], [5, 6, 7, 8, 9]]


@pytest.mark.parametrize("kwargs", [
    {}, {"maxlen": 3}, {"maxlen": 2, "padding": "post"},
    {"maxlen": 3, "truncating": "post", "value": -1},
    {"dtype": "float32", "value": 0.5},
], ids=str)
def test_pad_sequences_matches_keras(keras, kwargs):
    ours = pad_sequences(SEQS, **kwargs)
    theirs = keras.utils.pad_sequences(SEQS, **kwargs)
    np.testing.assert_array_equal(ours, theirs)
    assert ours.dtype == theirs.dtype
    assert pad_from_pre is pad_sequences


def test_pad_sequences_nd_strings_and_errors():
    out = pad_sequences([np.ones((2, 3)), np.ones((1, 3))])
    assert out.shape == (2, 2, 3) and out[1, 0].tolist() == [0, 0, 0]
    out = pad_sequences([["a", "b"], ["c"]], dtype=object, value="")
    assert out.tolist() == [["a", "b"], ["", "c"]]
    with pytest.raises(ValueError, match="padding=middle"):
        pad_sequences(SEQS, padding="middle")
    with pytest.raises(ValueError, match="truncating=x"):
        pad_sequences(SEQS, truncating="x")
    with pytest.raises(ValueError, match="maxlen=-1"):
        pad_sequences(SEQS, maxlen=-1)
    with pytest.raises(ValueError, match="value"):
        pad_sequences([["a"]], dtype="<U3", value=0)
    with pytest.raises(ValueError, match="different from expected shape"):
        pad_sequences([np.ones((1, 3)), np.ones((1, 2))])


def test_to_categorical_keras2_y_argument():
    # Keras 2's `y=` works at both Keras 2 paths; `kerax.utils` still
    # shows Keras 3's signature (`x`).
    from kerax import utils
    from kerax.utils import np_utils

    assert utils.to_categorical(y=[0, 2]).tolist() == [[1, 0, 0], [0, 0, 1]]
    with pytest.raises(TypeError, match="not both"):
        utils.to_categorical([0], y=[1])

    assert np_utils.to_categorical(y=[0, 2]).tolist() == [[1, 0, 0],
                                                          [0, 0, 1]]
    assert np_utils.to_categorical(y=[1]).dtype == "float32"
