"""`fit` and `evaluate` run a short final batch through the full-size
compiled step.

The padded rows are masked out (`kerax.trainers.row_mask`); results must
equal evaluating the short batch on its own, which is what happens when
masking is switched off for the model, and cases masking cannot cover must
fall back to that automatically.
"""

import numpy as np
import pytest
from compile_cache import module_compile_cache  # noqa: F401

import kerax
from kerax import layers, metrics

# The same models are built for the masked and the plain run: their
# programs compile once.
pytestmark = pytest.mark.usefixtures("module_compile_cache")

N, BATCH = 50, 16  # batches of 16, 16, 16 and 2 rows


def _data():
    rng = np.random.RandomState(0)
    x = rng.rand(N, 6).astype("float32")
    y = (x.sum(axis=1) > 3).astype("int32")
    return x, y, rng.rand(N).astype("float32")


def _keys(model):
    return sorted((k[1], k[2]) for k in model._jit_cache if k[0] == "test")


def _evaluate_both_ways(build, **kwargs):
    """(masked logs, separately compiled logs, masked model)."""
    results = []
    for masked in (True, False):
        kerax.backend.clear_session()  # same auto-named metrics both times
        kerax.utils.set_random_seed(1)
        model = build()
        if not masked:
            model._loop_allowed[("masked", BATCH)] = False
        results.append((model.evaluate(batch_size=BATCH, verbose=0,
                                       return_dict=True, **kwargs), model))
    (masked_logs, model), (plain_logs, _) = results
    return masked_logs, plain_logs, model


def _assert_same(a, b):
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_allclose(a[key], b[key], rtol=2e-6, atol=1e-7,
                                   err_msg=key)


def _two_output_model():
    inputs = kerax.Input((6,))
    hidden = layers.Dense(8, activation="relu")(inputs)
    hidden = layers.BatchNormalization()(hidden)
    probs = layers.Dense(2, activation="softmax", name="probs")(hidden)
    score = layers.Dense(1, activation="sigmoid", name="score")(hidden)
    model = kerax.Model(inputs, {"probs": probs, "score": score})
    model.compile(
        "adam",
        loss={"probs": "sparse_categorical_crossentropy",
              "score": kerax.losses.BinaryCrossentropy(reduction="sum")},
        metrics={
            "probs": ["accuracy", metrics.SparseTopKCategoricalAccuracy(k=1),
                      metrics.MeanIoU(num_classes=2, sparse_y_pred=False)],
            "score": [metrics.AUC(num_thresholds=20), metrics.Precision(),
                      metrics.Recall(), "mse", metrics.F1Score(threshold=0.5),
                      metrics.R2Score()],
        },
        weighted_metrics={"probs": ["accuracy"], "score": ["mae"]},
    )
    return model


@pytest.mark.parametrize("weighted", [False, True])
def test_masked_partial_batch_equals_a_separate_compile(weighted):
    x, y, sw = _data()
    targets = {"probs": y, "score": y.reshape(-1, 1).astype("float32")}
    kwargs = {"x": x, "y": targets}
    if weighted:
        kwargs["sample_weight"] = sw
    masked, plain, model = _evaluate_both_ways(_two_output_model, **kwargs)
    _assert_same(masked, plain)
    assert _keys(model) == [("masked", BATCH)]  # one compile for all


def _activity_regularized():
    model = kerax.Sequential([
        kerax.Input((6,)),
        layers.Dense(2, activation="softmax",
                     activity_regularizer=kerax.regularizers.L2(0.1)),
    ])
    model.compile("sgd", "sparse_categorical_crossentropy")
    return model


def _custom_metric():
    def batch_mean(y_true, y_pred):  # mixes rows: a custom function
        return kerax.ops.mean(y_pred) + 0 * kerax.ops.mean(y_true)

    model = kerax.Sequential([kerax.Input((6,)), layers.Dense(2)])
    model.compile("sgd", "mse", metrics=[batch_mean])
    return model


class _OwnLoss(kerax.losses.Loss):
    def __call__(self, y_true, y_pred, sample_weight=None, mask=None):
        return kerax.ops.mean((y_pred - y_true) ** 2)


def _custom_loss():
    model = kerax.Sequential([kerax.Input((6,)), layers.Dense(2)])
    model.compile("sgd", _OwnLoss())
    return model


@pytest.mark.parametrize(
    "build", [_activity_regularized, _custom_metric, _custom_loss],
    ids=["activity_regularizer", "custom_metric", "custom_loss_call"])
def test_what_masking_cannot_cover_compiles_the_short_batch(build):
    x, y, _ = _data()
    if build is not _activity_regularized:
        y = np.stack([y, 1 - y], axis=1).astype("float32")
    masked, plain, model = _evaluate_both_ways(build, x=x, y=y)
    _assert_same(masked, plain)
    assert ("gather", N % BATCH) in _keys(model)  # the fallback ran


def test_overridden_test_step_is_never_masked():
    class Counting(kerax.Model):
        def test_step(self, state, data):
            logs, state = super().test_step(state, data)
            return logs, state

    x, y, _ = _data()
    inputs = kerax.Input((6,))
    model = Counting(inputs, layers.Dense(2, activation="softmax")(inputs))
    model.compile("sgd", "sparse_categorical_crossentropy")
    model.evaluate(x, y, batch_size=BATCH, verbose=0)
    assert _keys(model) == [("gather", N % BATCH), ("gather", BATCH)]


def test_metric_that_rejects_row_weights_falls_back():
    # MeanIoU flattens (batch, 3) targets, so per-row weights cannot apply.
    def build():
        model = kerax.Sequential([kerax.Input((6,)), layers.Dense(3)])
        model.compile("sgd", "mse", metrics=[metrics.MeanIoU(num_classes=3)])
        return model

    x, _, _ = _data()
    y = np.random.RandomState(1).randint(0, 3, (N, 3)).astype("float32")
    masked, plain, model = _evaluate_both_ways(build, x=x, y=y)
    _assert_same(masked, plain)
    assert ("gather", N % BATCH) in _keys(model)


def _fit_both_ways(batch_norm):
    x, y, _ = _data()
    results = []
    for masked in (True, False):
        kerax.backend.clear_session()
        kerax.utils.set_random_seed(1)
        stack = [kerax.Input((6,)), layers.Dense(8, activation="relu")]
        if batch_norm:
            stack.append(layers.BatchNormalization())
        model = kerax.Sequential(
            stack + [layers.Dense(2, activation="softmax")])
        model.compile("adam", "sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        if not masked:
            model._loop_allowed[("train", BATCH, True)] = (True, False)
        history = model.fit(x, y, batch_size=BATCH, epochs=2, shuffle=False,
                            verbose=0)
        keys = sorted((k[1], k[2]) for k in model._jit_cache if k[0] == "train")
        results.append((history.history, model.get_weights(), keys))
    return results


@pytest.mark.parametrize("batch_norm", [False, True])
def test_fit_short_batch_is_masked_unless_state_sees_it(batch_norm):
    (h1, w1, keys), (h2, w2, _) = _fit_both_ways(batch_norm)
    _assert_same({k: np.array(v) for k, v in h1.items()},
                 {k: np.array(v) for k, v in h2.items()})
    for a, b in zip(w1, w2):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    if batch_norm:  # batch statistics would include the padded rows
        assert ("gather", N % BATCH) in keys
    else:
        assert keys == [("gather_loop_masked", BATCH)]
