"""K array manipulation against NumPy, on arrays, Variables and
KerasTensors."""

import numpy as np
import pytest

from kerax import backend as K

RNG = np.random.default_rng(2)
X = RNG.normal(size=(2, 3, 4)).astype("float32")
M = RNG.normal(size=(3, 4)).astype("float32")
IDX = np.array([[0, 2], [1, 1]], "int32")

CASES = [
    ("cast", (X, "int32"), {}, lambda: X.astype("int32")),
    ("identity", (X,), {}, lambda: X),
    ("concatenate", ([X, X],), {}, lambda: np.concatenate([X, X], -1)),
    ("concatenate", ([X, X],), {"axis": 0},
     lambda: np.concatenate([X, X], 0)),
    ("stack", ([M, M],), {"axis": 1}, lambda: np.stack([M, M], 1)),
    ("reshape", (X, (4, -1)), {}, lambda: X.reshape(4, -1)),
    ("permute_dimensions", (X, (0, 2, 1)), {},
     lambda: X.transpose(0, 2, 1)),
    ("flatten", (X,), {}, lambda: X.reshape(-1)),
    ("batch_flatten", (X,), {}, lambda: X.reshape(2, -1)),
    ("expand_dims", (M,), {}, lambda: M[..., None]),
    ("expand_dims", (M, 0), {}, lambda: M[None]),
    ("squeeze", (M[:, None],), {"axis": 1}, lambda: M),
    ("repeat_elements", (X, 2, 1), {}, lambda: np.repeat(X, 2, 1)),
    ("repeat", (M, 2), {}, lambda: np.repeat(M[:, None], 2, 1)),
    ("tile", (M, (2, 1)), {}, lambda: np.tile(M, (2, 1))),
    ("reverse", (X, 1), {}, lambda: X[:, ::-1]),
    ("reverse", (X, [0, 2]), {}, lambda: X[::-1, :, ::-1]),
    ("slice", (X, (0, 1, 1), (-1, 2, 2)), {}, lambda: X[:, 1:3, 1:3]),
    ("gather", (M, IDX), {}, lambda: M[IDX]),
    ("zeros_like", (X,), {}, lambda: np.zeros_like(X)),
    ("ones_like", (X,), {"dtype": "int32"},
     lambda: np.ones(X.shape, "int32")),
]


@pytest.mark.parametrize(
    "name,args,kwargs,reference", CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_against_numpy(three_ways, name, args, kwargs, reference):
    result = three_ways(getattr(K, name), args, kwargs)
    expected = reference()
    assert np.asarray(result).dtype == expected.dtype
    np.testing.assert_allclose(np.asarray(result), expected, rtol=1e-6)


def test_one_hot_matches_keras_ops(keras, three_ways):
    out = three_ways(K.one_hot, (IDX, 4), {})
    assert out.dtype == np.float32 and out.shape == (2, 2, 4)
    np.testing.assert_array_equal(out, keras.ops.one_hot(IDX, 4))


def test_arange_size_and_defaults():
    assert K.arange(4).tolist() == [0, 1, 2, 3]
    assert K.arange(-3).tolist() == []
    assert K.arange(1, 7, 2, dtype="float32").tolist() == [1.0, 3.0, 5.0]
    assert K.arange(3).dtype == np.int32
    assert int(K.size(X)) == X.size
    assert K.tile(np.arange(3), 2).tolist() == [0, 1, 2, 0, 1, 2]


def test_repeat_needs_rank_2():
    with pytest.raises(ValueError, match="rank-2"):
        K.repeat(X, 2)
