"""The `Metric` contract the training engine relies on: stateless and
jitted updates, input forms, lookup and serialization, and errors."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import kerax.metrics as km
from kerax.core.variable import Variable


def test_jit_stateless_matches_stateful():
    """All metrics updated in one jitted step, as the engine does."""
    rng = np.random.default_rng(0)
    data = {
        "yt": rng.integers(0, 2, (6, 3)).astype("float32"),
        "yp": rng.uniform(0, 1, (6, 3)).astype("float32"),
        "labels": rng.integers(0, 3, (6,)),
        "pred_labels": rng.integers(0, 3, (6,)),
        "regression": rng.normal(size=(6, 3)).astype("float32"),
    }
    sw = rng.uniform(0, 1, (6,)).astype("float32")
    int_sw = rng.integers(0, 3, (6,))
    cases = [
        (km.AUC(multi_label=True, num_labels=3), ("yt", "yp"), sw),
        (km.AUC(curve="PR", thresholds=[0.2, 0.6]), ("yt", "yp"), sw),
        (km.Precision(top_k=2, class_id=1), ("yt", "yp"), sw),
        (km.Mean(), ("yp",), sw),
        (km.SparseCategoricalCrossentropy(ignore_class=0),
         ("labels", "yp"), sw),
        (km.MeanIoU(3), ("labels", "pred_labels"), int_sw),
        (km.R2Score(num_regressors=1), ("regression", "yp"), sw),
        (km.F1Score(average="macro"), ("yt", "yp"), sw),
    ]
    f1 = cases[-1][0]
    f1.update_state(data["yt"], data["yp"])  # builds its variables
    f1.reset_state()

    def step(all_values, data, weighted):
        new_values, results = [], []
        for (metric, keys, weights), values in zip(cases, all_values):
            kwargs = {"sample_weight": weights} if weighted else {}
            args = [data[k] for k in keys]
            values = metric.stateless_update_state(values, *args, **kwargs)
            new_values.append(values)
            results.append(metric.stateless_result(values))
        return new_values, results

    step = jax.jit(step, static_argnums=2)
    all_values = [m.stateless_reset_state() for m, _, _ in cases]
    all_values, _ = step(all_values, data, False)
    all_values, results = step(all_values, data, True)
    for (metric, keys, weights), result in zip(cases, results):
        args = [data[k] for k in keys]
        metric.update_state(*args)
        metric.update_state(*args, sample_weight=weights)
        np.testing.assert_allclose(
            result, metric.result(), rtol=1e-5, atol=1e-6,
            err_msg=type(metric).__name__,
        )


def test_lazily_built_metric_under_eval_shape():
    metric = km.F1Score()
    y = jnp.ones((4, 3))

    def step(y_true, y_pred):
        return metric.stateless_update_state((), y_true, y_pred)

    shapes = jax.eval_shape(step, y, y)
    assert [s.shape for s in shapes] == [(3,)] * 4
    # The variables exist now, with concrete (not traced) values.
    assert len(metric.variables) == 4
    assert isinstance(metric.variables[0].numpy(), np.ndarray)


def test_stateless_does_not_touch_variables_and_checks_length():
    metric = km.Mean()
    values = metric.stateless_update_state(
        metric.stateless_reset_state(), [1.0, 2.0]
    )
    assert [float(v) for v in values] == [3.0, 2.0]
    assert float(metric.result()) == 0.0
    with pytest.raises(ValueError, match="expected 2"):
        metric.stateless_update_state([jnp.zeros(())], [1.0])


def test_input_forms_and_sample_weight_broadcast():
    metric = km.MeanSquaredError()
    y_true = Variable(np.zeros((2, 2), "float32"))
    metric.update_state(y_true, [[1.0, 1.0], [2.0, 2.0]], sample_weight=[1, 0])
    assert float(metric.result()) == 1.0
    mean = km.Mean()
    mean.update_state(jnp.array([[1.0, 2.0], [3.0, 4.0]]), sample_weight=2.0)
    assert float(mean.result()) == 2.5
    assert float(mean.count.numpy()) == 2.0  # a scalar weight: one sample
    acc = km.SparseCategoricalAccuracy()
    acc.update_state(np.array([[1], [0]]), [[0.1, 0.9], [0.3, 0.7]])
    assert float(acc.result()) == 0.5


def test_metric_functions():
    y_true = [[0.0, 1.0], [1.0, 0.0]]
    y_pred = [[0.2, 0.8], [0.4, 0.6]]
    np.testing.assert_allclose(
        km.binary_accuracy(y_true, y_pred), [[1.0, 1.0], [0.0, 0.0]]
    )
    np.testing.assert_allclose(
        km.categorical_accuracy(y_true, y_pred), [1.0, 0.0]
    )
    np.testing.assert_allclose(
        km.sparse_categorical_accuracy([1, 0], y_pred), [1.0, 0.0]
    )
    np.testing.assert_allclose(
        km.top_k_categorical_accuracy(y_true, y_pred, k=2), [1.0, 1.0]
    )
    np.testing.assert_allclose(
        km.sparse_top_k_categorical_accuracy([1, 0], y_pred, k=1),
        [1.0, 0.0],
    )
    np.testing.assert_allclose(
        km.mean_squared_error(y_true, y_pred), [0.04, 0.36], rtol=1e-6
    )


@pytest.mark.parametrize(
    "identifier, cls",
    [
        ("mse", km.MeanSquaredError),
        ("MAE", km.MeanAbsoluteError),
        ("mape", km.MeanAbsolutePercentageError),
        ("msle", km.MeanSquaredLogarithmicError),
        ("bce", km.BinaryCrossentropy),
        ("binary_accuracy", km.BinaryAccuracy),
        ("AUC", km.AUC),
        ("auc", km.AUC),
        ("mean_io_u", km.MeanIoU),
        ("F1Score", km.F1Score),
        ("accuracy", km.Accuracy),
    ],
)
def test_get(identifier, cls):
    if cls is km.MeanIoU:
        with pytest.raises(TypeError):
            km.get(identifier)  # needs num_classes, like Keras
        return
    assert type(km.get(identifier)) is cls


def test_get_passthrough_and_errors():
    metric = km.Precision()
    assert km.get(metric) is metric
    assert km.get(km.mean_squared_error) is km.mean_squared_error
    assert km.get(None) is None
    assert type(km.get(km.Recall)) is km.Recall
    with pytest.raises(ValueError, match="Could not interpret metric"):
        km.get("not_a_metric")
    with pytest.raises(ValueError, match="Could not interpret metric"):
        km.deserialize("not_a_metric")
    with pytest.raises(ValueError, match="Unknown metric class"):
        km.deserialize({"class_name": "Nope", "config": {}})


def test_serialize_deserialize_round_trip(keras):
    metrics = [
        km.AUC(thresholds=[0.2, 0.5], label_weights=[1.0]),
        km.Precision(top_k=2, name="p"),
        km.MeanIoU(4, ignore_class=0),
        km.FBetaScore(beta=2.0, average="weighted"),
        km.MeanMetricWrapper(km.mean_squared_error, name="wrapped"),
    ]
    for metric in metrics:
        config = km.serialize(metric)
        assert config["module"] == "keras.metrics"
        assert config["class_name"] == type(metric).__name__
        clone = km.deserialize(config)
        assert type(clone) is type(metric)
        assert clone.get_config() == metric.get_config()
    # Real Keras reads what kerax writes, and the other way round.
    wrapper = keras.metrics.deserialize(km.serialize(metrics[-1]))
    assert wrapper.name == "wrapped"
    ours = km.deserialize(
        keras.metrics.serialize(keras.metrics.AUC(num_thresholds=9))
    )
    assert ours.num_thresholds == 9


def test_mean_metric_wrapper_custom_function():
    def scaled_error(y_true, y_pred, scale=1.0):
        return scale * jnp.abs(jnp.asarray(y_true) - jnp.asarray(y_pred))

    metric = km.MeanMetricWrapper(scaled_error, name="scaled", scale=2.0)
    metric.update_state([1.0, 2.0], [1.5, 2.5])
    assert float(metric.result()) == 1.0
    config = metric.get_config()
    assert config["scale"] == 2.0 and config["name"] == "scaled"
    clone = km.deserialize(
        km.serialize(metric), custom_objects={"scaled_error": scaled_error}
    )
    assert float(clone([0.0], [1.0])) == 2.0


def test_names_dtype_and_variable_paths():
    first, second = km.Precision(), km.Precision()
    assert second.name != first.name and second.name.startswith("precision")
    assert km.MeanIoU(2).dtype == "int32"
    assert km.Mean(dtype="float16").result().dtype == jnp.float16
    metric = km.AUC(name="my_auc")
    assert [v.path for v in metric.variables] == [
        "my_auc/true_positives",
        "my_auc/false_positives",
        "my_auc/true_negatives",
        "my_auc/false_negatives",
    ]
    assert all(not v.trainable for v in metric.variables)


def test_custom_subclass_must_call_super():
    class Broken(km.Metric):
        def __init__(self):
            self.total = self.add_variable((), "zeros")

    with pytest.raises(RuntimeError, match="super"):
        Broken()


def test_r2_adjusted_warns_like_keras():
    metric = km.R2Score(num_regressors=5)
    metric.update_state([[1.0], [2.0]], [[1.5], [2.5]])
    with pytest.warns(UserWarning, match="More independent predictors"):
        metric.result()


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: km.AUC(num_thresholds=1), "num_thresholds"),
        (lambda: km.AUC(num_thresholds=2.5), "num_thresholds"),
        (lambda: km.AUC(curve="XYZ"), "curve"),
        (lambda: km.AUC(summation_method="avg"), "summation"),
        (lambda: km.AUC(num_labels=3), "num_labels"),
        (lambda: km.Precision(thresholds=[0.5, 1.5]), r"\[0, 1\]"),
        (lambda: km.SensitivityAtSpecificity(1.5), "specificity"),
        (lambda: km.RecallAtPrecision(0.5, num_thresholds=0),
         "num_thresholds"),
        (lambda: km.FBetaScore(beta=1), "beta"),
        (lambda: km.F1Score(threshold=1.5), "threshold"),
        (lambda: km.F1Score(average="mean"), "average"),
        (lambda: km.IoU(2, target_class_ids=[2]), "out of range"),
        (lambda: km.R2Score(class_aggregation="max"), "class_aggregation"),
        (lambda: km.R2Score(num_regressors=-1), "num_regressors"),
    ],
)
def test_argument_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_input_errors():
    with pytest.raises(ValueError, match="class_id"):
        km.Precision(class_id=1).update_state([1, 0], [0.3, 0.8])
    with pytest.raises(ValueError, match="rank 2"):
        km.AUC(multi_label=True).update_state([1, 0], [0.3, 0.8])
    with pytest.raises(ValueError, match="2D inputs"):
        km.F1Score().update_state([1, 0], [0.3, 0.8])
