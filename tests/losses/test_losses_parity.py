"""Numerical parity of every kerax loss with real Keras 3 (JAX backend)."""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import kerax.losses as kl

RNG = np.random.default_rng(0)
B, D = 4, 3


def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _inputs(kind, from_logits=False):
    """Returns `(y_true, y_pred)` float32 NumPy arrays for an input kind."""
    f32 = np.float32
    if kind == "regression":
        return RNG.normal(size=(B, D)).astype(f32), RNG.normal(
            size=(B, D)
        ).astype(f32)
    if kind == "positive":
        return RNG.uniform(0, 2, (B, D)).astype(f32), RNG.uniform(
            0.1, 2, (B, D)
        ).astype(f32)
    if kind == "sequence":
        return RNG.normal(size=(B, 5, D)).astype(f32), RNG.normal(
            size=(B, 5, D)
        ).astype(f32)
    if kind == "binary":
        logits = RNG.normal(size=(B, D)).astype(f32) * 3
        y_pred = logits if from_logits else 1 / (1 + np.exp(-logits))
        return RNG.integers(0, 2, (B, D)).astype(f32), y_pred.astype(f32)
    if kind in ("categorical", "sparse"):
        logits = RNG.normal(size=(B, 5)).astype(f32) * 2
        y_pred = logits if from_logits else _softmax(logits)
        labels = RNG.integers(0, 5, (B,))
        if kind == "sparse":
            return labels.astype(f32), y_pred.astype(f32)
        return np.eye(5, dtype=f32)[labels], y_pred.astype(f32)
    if kind == "signed":
        return RNG.choice([-1.0, 1.0], (B, D)).astype(f32), RNG.normal(
            size=(B, D)
        ).astype(f32)
    if kind == "segmentation":
        return RNG.integers(0, 2, (2, 4, 4, 1)).astype(f32), RNG.uniform(
            0, 1, (2, 4, 4, 1)
        ).astype(f32)
    if kind == "circle":
        emb = RNG.normal(size=(6, 4)).astype(f32)
        emb /= np.linalg.norm(emb, axis=-1, keepdims=True)
        return np.array([0, 0, 1, 1, 2, 3], f32), emb
    if kind == "ctc":
        labels = np.array([[1, 2, 0], [3, 3, 1]], f32)
        return labels, RNG.normal(size=(2, 6, 4)).astype(f32)
    raise ValueError(kind)


# (class name, constructor kwargs, input kind)
CASES = [
    ("MeanSquaredError", {}, "regression"),
    ("MeanAbsoluteError", {}, "regression"),
    ("MeanAbsolutePercentageError", {}, "regression"),
    ("MeanSquaredLogarithmicError", {}, "positive"),
    ("CosineSimilarity", {}, "regression"),
    ("CosineSimilarity", {"axis": 0}, "regression"),
    ("Huber", {}, "regression"),
    ("Huber", {"delta": 0.3}, "regression"),
    ("LogCosh", {}, "regression"),
    ("Hinge", {}, "binary"),
    ("SquaredHinge", {}, "binary"),
    ("SquaredHinge", {}, "signed"),
    ("CategoricalHinge", {}, "categorical"),
    ("KLDivergence", {}, "categorical"),
    ("Poisson", {}, "positive"),
    ("BinaryCrossentropy", {}, "binary"),
    ("BinaryCrossentropy", {"from_logits": True}, "binary"),
    ("BinaryCrossentropy", {"label_smoothing": 0.2}, "binary"),
    ("BinaryCrossentropy", {"from_logits": True, "axis": 0}, "binary"),
    ("BinaryFocalCrossentropy", {}, "binary"),
    (
        "BinaryFocalCrossentropy",
        {"apply_class_balancing": True, "alpha": 0.4, "gamma": 1.5},
        "binary",
    ),
    (
        "BinaryFocalCrossentropy",
        {"from_logits": True, "label_smoothing": 0.1},
        "binary",
    ),
    ("CategoricalCrossentropy", {}, "categorical"),
    ("CategoricalCrossentropy", {"from_logits": True}, "categorical"),
    ("CategoricalCrossentropy", {"label_smoothing": 0.1}, "categorical"),
    ("CategoricalFocalCrossentropy", {}, "categorical"),
    (
        "CategoricalFocalCrossentropy",
        {"from_logits": True, "alpha": 0.5, "label_smoothing": 0.2},
        "categorical",
    ),
    ("SparseCategoricalCrossentropy", {}, "sparse"),
    ("SparseCategoricalCrossentropy", {"from_logits": True}, "sparse"),
    ("SparseCategoricalCrossentropy", {"ignore_class": 2}, "sparse"),
    ("CategoricalGeneralizedCrossEntropy", {"q": 0.8}, "sparse"),
    ("Dice", {"axis": (1, 2, 3)}, "segmentation"),
    ("Tversky", {"alpha": 0.3, "beta": 0.7, "axis": (1, 2)}, "segmentation"),
    ("Circle", {}, "circle"),
    ("Circle", {"gamma": 10.0, "remove_diagonal": False}, "circle"),
    ("CTC", {}, "ctc"),
]


def _id(case):
    name, kwargs, kind = case
    args = ",".join(f"{k}={v}" for k, v in kwargs.items())
    return f"{name}({args})-{kind}"


def _assert_close(actual, expected, rtol=1e-5, atol=1e-5):
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_class_matches_keras(keras, case):
    name, kwargs, kind = case
    y_true, y_pred = _inputs(kind, kwargs.get("from_logits", False))
    n = y_true.shape[0]
    weights = RNG.uniform(0, 2, (n,)).astype(np.float32)
    if kind in ("ctc", "circle"):
        # Keras runs these slowly op by op: compare one jitted weighted call.
        ours = getattr(kl, name)(**kwargs)
        ref = jax.jit(
            lambda t, p, w: getattr(keras.losses, name)(**kwargs)(
                t, p, sample_weight=w
            )
        )
        _assert_close(
            ours(y_true, y_pred, sample_weight=weights),
            ref(y_true, y_pred, weights),
        )
        return
    # Per-sample values are compared by the function test, the reductions
    # by `test_reductions_and_weights_match_keras`.
    ours = getattr(kl, name)(**kwargs)
    ref = getattr(keras.losses, name)(**kwargs)
    _assert_close(ours(y_true, y_pred), ref(y_true, y_pred))
    if kind == "segmentation" or kwargs.get("axis", -1) != -1:
        return  # the losses are not one per sample
    _assert_close(
        ours(y_true, y_pred, sample_weight=weights),
        ref(y_true, y_pred, sample_weight=weights),
    )


def _fn_name(cls_name):
    names = {
        "KLDivergence": "kl_divergence",
        "CTC": "ctc",
        "CategoricalGeneralizedCrossEntropy": (
            "categorical_generalized_cross_entropy"
        ),
    }
    if cls_name in names:
        return names[cls_name]
    out = "".join("_" + c.lower() if c.isupper() else c for c in cls_name)
    return out.lstrip("_")


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_function_matches_keras(keras, case):
    name, kwargs, kind = case
    y_true, y_pred = _inputs(kind, kwargs.get("from_logits", False))
    fn_name = _fn_name(name)
    if name == "CategoricalGeneralizedCrossEntropy":
        kwargs = {"q": 0.5, **kwargs}
    ours = getattr(kl, fn_name)(y_true, y_pred, **kwargs)
    ref_fn = functools.partial(getattr(keras.losses, fn_name), **kwargs)
    if kind in ("ctc", "circle"):  # slow op by op in Keras
        ref_fn = jax.jit(ref_fn)
    ref = ref_fn(jnp.asarray(y_true), jnp.asarray(y_pred))
    _assert_close(ours, ref)


@pytest.mark.parametrize(
    "reduction",
    ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", None],
)
@pytest.mark.parametrize("sw_shape", [None, (B,), (B, 1), (B, 5)])
def test_reductions_and_weights_match_keras(keras, reduction, sw_shape):
    y_true, y_pred = _inputs("sequence")
    sw = None
    if sw_shape is not None:
        sw = RNG.uniform(0, 2, sw_shape).astype(np.float32)
    if sw_shape == (B,):  # (B,) does not broadcast against (B, 5) losses
        y_true, y_pred = y_true[:, 0], y_pred[:, 0]
    sw_args = {} if sw is None else {"sample_weight": sw}
    ours = kl.MeanSquaredError(reduction=reduction)
    ref = keras.losses.MeanSquaredError(reduction=reduction)
    _assert_close(
        ours(y_true, y_pred, **sw_args), ref(y_true, y_pred, **sw_args)
    )


@pytest.mark.parametrize(
    "reduction", ["sum_over_batch_size", "sum", "mean_with_sample_weight"]
)
@pytest.mark.parametrize("weighted", [False, True])
def test_mask_matches_keras_mask(keras, reduction, weighted):
    from keras.src.backend.common.masking import set_keras_mask

    y_true, y_pred = _inputs("sequence")
    mask = RNG.integers(0, 2, (B, 5)).astype(bool)
    sw = {"sample_weight": RNG.uniform(0, 2, (B, 5))} if weighted else {}
    ours = kl.MeanAbsoluteError(reduction=reduction)
    ref = keras.losses.MeanAbsoluteError(reduction=reduction)
    y_pred_masked = jnp.asarray(y_pred)
    set_keras_mask(y_pred_masked, jnp.asarray(mask))
    expected = ref(y_true, y_pred_masked, **sw)
    _assert_close(ours(y_true, y_pred, mask=mask, **sw), expected)


def test_ignore_class_masks_like_keras(keras):
    y_pred = _softmax(RNG.normal(size=(2, 3, 4))).astype(np.float32)
    y_true = np.array([[0, 1, 3], [3, 2, 3]], np.float32)[..., None]
    mask = np.array([[1, 1, 0], [1, 1, 1]], bool)
    for reduction in ("sum_over_batch_size", None):
        ours = kl.SparseCategoricalCrossentropy(
            ignore_class=3, reduction=reduction
        )
        ref = keras.losses.SparseCategoricalCrossentropy(
            ignore_class=3, reduction=reduction
        )
        _assert_close(ours(y_true, y_pred), ref(y_true, y_pred))
        y_pred_masked = jnp.asarray(y_pred)
        from keras.src.backend.common.masking import set_keras_mask

        set_keras_mask(y_pred_masked, jnp.asarray(mask))
        _assert_close(
            ours(y_true, y_pred, mask=mask), ref(y_true, y_pred_masked)
        )


def test_keras_loss_reads_kerax_config(keras):
    y_true, y_pred = _inputs("binary", from_logits=True)
    ours = kl.BinaryFocalCrossentropy(from_logits=True, gamma=1.0)
    ref = keras.losses.deserialize(kl.serialize(ours))
    _assert_close(ours(y_true, y_pred), ref(y_true, y_pred))
    ours = kl.Huber(delta=0.5)
    ref = keras.losses.deserialize(kl.serialize(ours))
    _assert_close(ours(y_true, y_pred), ref(y_true, y_pred))
