"""K math functions against NumPy and real Keras 3's `keras.ops`, on
arrays, Variables and KerasTensors."""

import numpy as np
import pytest

from kerax import backend as K

RNG = np.random.default_rng(0)
X = RNG.normal(size=(3, 4)).astype("float32")
Y = RNG.normal(size=(3, 4)).astype("float32")
POS = np.abs(X) + 0.1
B = X > 0

# name, args, kwargs, reference on NumPy arrays
CASES = [
    ("sum", (X,), {}, lambda: X.sum()),
    ("sum", (X,), {"axis": 1, "keepdims": True},
     lambda: X.sum(1, keepdims=True)),
    ("prod", (X,), {"axis": [0, 1]}, lambda: X.prod()),
    ("mean", (X,), {"axis": 0}, lambda: X.mean(0)),
    ("mean", (B,), {"axis": -1}, lambda: B.mean(-1)),
    ("var", (X,), {"axis": 1}, lambda: X.var(1)),
    ("std", (X,), {"keepdims": True}, lambda: X.std(keepdims=True)),
    ("max", (X,), {"axis": 0}, lambda: X.max(0)),
    ("min", (X,), {}, lambda: X.min()),
    ("any", (X,), {"axis": 1}, lambda: (X != 0).any(1)),
    ("all", (B,), {"axis": 0}, lambda: B.all(0)),
    ("argmax", (X,), {}, lambda: X.argmax(-1)),
    ("argmin", (X,), {"axis": 0}, lambda: X.argmin(0)),
    ("cumsum", (X,), {}, lambda: X.cumsum(0)),
    ("cumprod", (X,), {"axis": 1}, lambda: X.cumprod(1)),
    ("logsumexp", (X,), {"axis": 1},
     lambda: np.log(np.exp(X).sum(1))),
    ("square", (X,), {}, lambda: X ** 2),
    ("abs", (X,), {}, lambda: np.abs(X)),
    ("sqrt", (X,), {}, lambda: np.sqrt(np.maximum(X, 0))),
    ("exp", (X,), {}, lambda: np.exp(X)),
    ("log", (POS,), {}, lambda: np.log(POS)),
    ("round", (X * 4,), {}, lambda: np.round(X * 4)),
    ("sign", (X,), {}, lambda: np.sign(X)),
    ("pow", (POS, 1.5), {}, lambda: POS ** 1.5),
    ("sin", (X,), {}, lambda: np.sin(X)),
    ("cos", (X,), {}, lambda: np.cos(X)),
    ("clip", (X, -0.5, 0.5), {}, lambda: np.clip(X, -0.5, 0.5)),
    ("clip", (X, 0.5, -1.0), {}, lambda: np.full_like(X, 0.5)),
    ("clip", (X, None, 0.1), {}, lambda: np.minimum(X, 0.1)),
    ("maximum", (X, Y), {}, lambda: np.maximum(X, Y)),
    ("minimum", (X, Y), {}, lambda: np.minimum(X, Y)),
    ("equal", (X, X), {}, lambda: np.ones(X.shape, bool)),
    ("not_equal", (X, Y), {}, lambda: X != Y),
    ("greater", (X, Y), {}, lambda: X > Y),
    ("greater_equal", (X, Y), {}, lambda: X >= Y),
    ("less", (X, Y), {}, lambda: X < Y),
    ("less_equal", (X, Y), {}, lambda: X <= Y),
]


@pytest.mark.parametrize(
    "name,args,kwargs,reference", CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_against_numpy(three_ways, name, args, kwargs, reference):
    result = three_ways(getattr(K, name), args, kwargs)
    np.testing.assert_allclose(np.asarray(result), reference(), rtol=1e-5,
                               atol=1e-6)


@pytest.mark.parametrize("name,keras_name", [
    ("sum", "sum"), ("mean", "mean"), ("var", "var"), ("std", "std"),
    ("max", "max"), ("logsumexp", "logsumexp"), ("cumsum", "cumsum"),
])
def test_reductions_match_keras_ops(keras, name, keras_name):
    for axis in (None, 1):
        ours = getattr(K, name)(X, axis=axis) if name != "cumsum" else (
            K.cumsum(X, axis=1))
        theirs = getattr(keras.ops, keras_name)(X, axis=axis) if (
            name != "cumsum") else keras.ops.cumsum(X, axis=1)
        np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs),
                                   rtol=1e-5, atol=1e-6)


def test_reductions_default_to_every_axis():
    assert np.shape(K.max(X)) == ()
    assert K.sum(X, axis=(0, 1), keepdims=True).shape == (1, 1)
