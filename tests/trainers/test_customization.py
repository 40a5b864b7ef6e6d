"""Keras 3's training customization hooks, against real Keras:
`compute_metrics`, `stateless_compute_loss`, attribute metrics, state
trees and the `make_*_function` builders."""

import jax
import numpy as np
import pytest

import kerax

_rng = np.random.default_rng(11)
X = _rng.normal(size=(16, 3)).astype("float32")
Y = _rng.normal(size=(16, 1)).astype("float32")
FIT = {"batch_size": 4, "epochs": 2, "shuffle": False, "verbose": 0}


def _close(ours, theirs, keys):
    for key in keys:
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-5,
                                   atol=1e-6)


def _pair(make):
    import keras

    theirs, ours = make(keras), make(kerax)
    ours.set_weights(theirs.get_weights())
    return (theirs, keras), (ours, kerax)


def make_compute_metrics_model(lib):
    """Keras's documented override: one extra metric, updated by hand."""

    class MyModel(lib.Model):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.peak = lib.metrics.Mean(name="mean_pred")

        def compute_metrics(self, x, y, y_pred, sample_weight=None):
            results = super().compute_metrics(x, y, y_pred, sample_weight)
            self.peak.update_state(y_pred)
            results["mean_pred"] = self.peak.result()
            return results

    inputs = lib.Input(shape=(3,))
    return MyModel(inputs, lib.layers.Dense(1)(inputs))


def test_compute_metrics_override_matches_keras(keras):
    histories = []
    for model, lib in _pair(make_compute_metrics_model):
        model.compile(lib.optimizers.SGD(0.05), "mse", metrics=["mae"])
        histories.append(model.fit(X, Y, validation_data=(X, Y),
                                   **FIT).history)
    theirs, ours = histories
    assert set(ours) == set(theirs)
    _close(ours, theirs, theirs)


def make_stateless_model(lib):
    """A JAX-style step built on `stateless_compute_loss` and
    `compute_metrics`, as Keras's own JAX trainer writes it."""

    class StatelessModel(lib.Model):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.loss_tracker = lib.metrics.Mean(name="my_loss")

        def train_step(self, state, data):
            trainable, non_trainable, opt_vars, metric_vars = state
            x, y = data

            def loss_fn(trainable, non_trainable, metric_vars):
                y_pred, non_trainable = self.stateless_call(
                    trainable, non_trainable, x, training=True)
                loss, (_, non_trainable, metric_vars) = (
                    self.stateless_compute_loss(
                        trainable, non_trainable, metric_vars, x=x, y=y,
                        y_pred=y_pred, training=True))
                return loss, (y_pred, non_trainable, metric_vars)

            (loss, (y_pred, non_trainable, metric_vars)), grads = (
                jax.value_and_grad(loss_fn, has_aux=True)(
                    trainable, non_trainable, metric_vars))
            trainable, opt_vars = self.optimizer.stateless_apply(
                opt_vars, grads, trainable)
            mapping = list(zip(self.metrics_variables, metric_vars))
            with lib.StatelessScope(state_mapping=mapping) as scope:
                self.loss_tracker.update_state(loss)
                logs = self.compute_metrics(x, y, y_pred)
            metric_vars = [scope.get_current_value(v)
                           for v in self.metrics_variables]
            return logs, (trainable, non_trainable, opt_vars, metric_vars)

    inputs = lib.Input(shape=(3,))
    hidden = lib.layers.Dense(4, activation="relu",
                              kernel_regularizer="l2")(inputs)
    return StatelessModel(inputs, lib.layers.Dense(1)(hidden))


def test_stateless_compute_loss_train_step_matches_keras(keras):
    histories, models = [], []
    for model, lib in _pair(make_stateless_model):
        model.compile(lib.optimizers.Adam(0.01), "mse", metrics=["mae"])
        histories.append(model.fit(X, Y, **FIT).history)
        models.append(model)
    theirs, ours = histories
    _close(ours, theirs, ["my_loss", "mae"])
    for a, b in zip(models[1].get_weights(), models[0].get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def _named_model(lib):
    return lib.Sequential([lib.Input((2,), name="x"),
                           lib.layers.Dense(1, name="dense_a")],
                          name="tree_model")


def test_state_tree_matches_keras_and_round_trips(keras):
    trees = []
    x, y = X[:, :2], Y
    for model, lib in _pair(_named_model):
        model.compile(lib.optimizers.Adam(name="opt"), "mse", metrics=["mae"])
        model.fit(x, y, epochs=1, verbose=0)
        trees.append(model.get_state_tree("numpy_array"))
    theirs, ours = trees
    assert jax.tree_util.tree_structure(ours) == jax.tree_util.tree_structure(
        theirs)
    model = _named_model(kerax)
    model.compile(kerax.optimizers.Adam(name="opt"), "mse", metrics=["mae"])
    model.fit(x, y, epochs=1, verbose=0)
    model.set_state_tree(theirs)
    again = model.get_state_tree("numpy_array")
    for a, b in zip(jax.tree_util.tree_leaves(again),
                    jax.tree_util.tree_leaves(theirs)):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    with pytest.raises(ValueError, match="value_format"):
        model.get_state_tree("torch")
    with pytest.raises(ValueError, match="unknown state tree group"):
        model.set_state_tree({"weights": {}})


def test_make_functions_run_the_steps():
    model = _named_model(kerax)
    model.compile(kerax.optimizers.SGD(0.1), "mse", steps_per_execution=2)
    model.fit(X[:, :2], Y, epochs=1, verbose=0)
    model.make_train_function()
    first = model.train_function
    model.make_train_function()
    assert model.train_function is first
    state = tuple(tuple(np.array(v.value) for v in group)
                  for group in model._variable_lists())
    batches = iter([(X[:4, :2], Y[:4]), (X[4:8, :2], Y[4:8])])
    logs, state = model.train_function(state, batches)
    assert int(state[2][0]) == int(model.optimizer.iterations) + 2
    assert np.isfinite(float(logs["loss"]))
    model.make_test_function()
    test_state = (state[0], state[1], state[3])
    logs, _ = model.test_function(test_state, (X[:4, :2], Y[:4]))
    assert "loss" in logs
    predict = model.make_predict_function()
    outputs, (trainable, _) = predict(
        (state[0], state[1]), iter([X[:4, :2], X[4:6, :2]]))
    assert outputs.shape == (6, 1) and len(trainable) == 2
