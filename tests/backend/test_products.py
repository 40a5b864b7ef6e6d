"""K.dot, K.batch_dot (Keras 2.3 shapes), transpose, l2_normalize,
in_top_k."""

import numpy as np
import pytest

from kerax import backend as K

RNG = np.random.default_rng(1)


def _r(*shape):
    return RNG.normal(size=shape).astype("float32")


@pytest.mark.parametrize("x,y,subscripts", [
    (_r(3, 4), _r(4, 5), "ij,jk->ik"),
    (_r(2, 5, 3), _r(3, 4), "abi,ij->abj"),
    (_r(2, 3), _r(4, 3, 5), "ai,bij->abj"),
])
def test_dot(three_ways, x, y, subscripts):
    out = three_ways(K.dot, (x, y), {})
    np.testing.assert_allclose(out, np.einsum(subscripts, x, y), rtol=1e-5,
                               atol=1e-5)


@pytest.mark.parametrize("x,y,axes,subscripts,shape", [
    (_r(4, 20, 1), _r(4, 30, 20), (1, 2), "bki,bjk->bij", (4, 1, 30)),
    (_r(4, 5), _r(4, 5), 1, "bk,bk->b", (4, 1)),
    (_r(4, 3, 5), _r(4, 5), None, "bpk,bk->bp", (4, 3)),
    (_r(4, 5), _r(4, 5, 6), None, "bk,bkj->bj", (4, 6)),
    (_r(4, 2, 3, 5), _r(4, 5, 6), None, "bpqk,bkj->bpqj", (4, 2, 3, 6)),
    (_r(4, 3, 5), _r(4, 3, 6), (1, 1), "bkp,bkj->bpj", (4, 5, 6)),
])
def test_batch_dot(three_ways, x, y, axes, subscripts, shape):
    out = three_ways(K.batch_dot, (x, y), {"axes": axes})
    assert out.shape == shape
    np.testing.assert_allclose(
        out, np.einsum(subscripts, x, y).reshape(shape), rtol=1e-5,
        atol=1e-5)


def test_batch_dot_errors():
    with pytest.raises(ValueError, match="batch axis"):
        K.batch_dot(_r(2, 3), _r(2, 3), axes=0)
    with pytest.raises(ValueError, match="differ in size"):
        K.batch_dot(_r(2, 3), _r(2, 4), axes=1)
    with pytest.raises(ValueError, match="rank 2"):
        K.batch_dot(_r(2), _r(2, 4))


def test_transpose_and_l2_normalize(three_ways):
    x = _r(3, 4)
    np.testing.assert_allclose(three_ways(K.transpose, (x,), {}), x.T)
    out = three_ways(K.l2_normalize, (x,), {"axis": 1})
    np.testing.assert_allclose(
        out, x / np.sqrt((x ** 2).sum(1, keepdims=True)), rtol=1e-5)
    np.testing.assert_allclose(K.l2_normalize(np.zeros(3, "float32")), 0.0)
    whole = K.l2_normalize(x)
    np.testing.assert_allclose(np.sqrt((np.asarray(whole) ** 2).sum()), 1.0,
                               rtol=1e-5)


def test_in_top_k_matches_keras_ops(keras, three_ways):
    predictions = _r(6, 5)
    targets = RNG.integers(0, 5, size=6).astype("int32")
    for k in (1, 3):
        ours = three_ways(K.in_top_k, (predictions, targets, k), {})
        theirs = keras.ops.in_top_k(targets, predictions, k)
        np.testing.assert_array_equal(ours, np.asarray(theirs))
    ties = np.array([[1.0, 1.0, 0.0]], "float32")
    assert K.in_top_k(ties, np.array([1]), 1).tolist() == [True]
    nan = np.array([[np.nan, 1.0]], "float32")
    assert K.in_top_k(nan, np.array([0]), 2).tolist() == [False]
