"""Custom `train_step` / `test_step` / `compute_loss` written in JAX style,
as Keras 3's "customizing fit() with JAX" guide writes them: the state is
an explicit tuple, gradients come from `jax.value_and_grad` over
`stateless_call`, and the steps return `(logs, state)`."""

import jax
import numpy as np

import kerax
from kerax.testing import assert_concrete_state
from tests.patterns.parity import assert_close, copy_weights, history_close

_rng = np.random.default_rng(1)
X = _rng.normal(size=(16, 5)).astype("float32")
Y = _rng.normal(size=(16, 1)).astype("float32")


def make_custom_model(lib):
    class CustomModel(lib.Model):
        def compute_loss_and_updates(self, trainable_variables,
                                     non_trainable_variables, x, y,
                                     training=False):
            y_pred, non_trainable_variables = self.stateless_call(
                trainable_variables, non_trainable_variables, x,
                training=training)
            loss = self.compute_loss(x, y, y_pred)
            return loss, (y_pred, non_trainable_variables)

        def train_step(self, state, data):
            (trainable_variables, non_trainable_variables,
             optimizer_variables, metrics_variables) = state
            x, y = data
            grad_fn = jax.value_and_grad(self.compute_loss_and_updates,
                                         has_aux=True)
            (loss, (y_pred, non_trainable_variables)), grads = grad_fn(
                trainable_variables, non_trainable_variables, x, y,
                training=True)
            trainable_variables, optimizer_variables = (
                self.optimizer.stateless_apply(
                    optimizer_variables, grads, trainable_variables))
            new_metrics_vars, logs = [], {}
            for metric in self.metrics:
                start = len(new_metrics_vars)
                this_vars = metrics_variables[
                    start:start + len(metric.variables)]
                if metric.name == "loss":
                    this_vars = metric.stateless_update_state(this_vars, loss)
                else:
                    this_vars = metric.stateless_update_state(
                        this_vars, y, y_pred)
                logs[metric.name] = metric.stateless_result(this_vars)
                new_metrics_vars += this_vars
            state = (trainable_variables, non_trainable_variables,
                     optimizer_variables, new_metrics_vars)
            return logs, state

        def test_step(self, state, data):
            x, y = data
            trainable_variables, non_trainable_variables, metrics_variables = (
                state)
            y_pred, non_trainable_variables = self.stateless_call(
                trainable_variables, non_trainable_variables, x,
                training=False)
            loss = self.compute_loss(x, y, y_pred)
            new_metrics_vars, logs = [], {}
            for metric in self.metrics:
                start = len(new_metrics_vars)
                this_vars = metrics_variables[
                    start:start + len(metric.variables)]
                if metric.name == "loss":
                    this_vars = metric.stateless_update_state(this_vars, loss)
                else:
                    this_vars = metric.stateless_update_state(
                        this_vars, y, y_pred)
                logs[metric.name] = metric.stateless_result(this_vars)
                new_metrics_vars += this_vars
            return logs, (trainable_variables, non_trainable_variables,
                          new_metrics_vars)

    inputs = lib.Input(shape=(5,))
    hidden = lib.layers.Dense(8, activation="relu")(inputs)
    outputs = lib.layers.Dense(1)(lib.layers.Dropout(0.0, seed=1)(hidden))
    return CustomModel(inputs, outputs)


def test_jax_style_custom_steps_match_keras(keras):
    theirs, ours = make_custom_model(keras), make_custom_model(kerax)
    copy_weights(theirs, ours)
    for model, lib in ((theirs, keras), (ours, kerax)):
        model.compile(optimizer=lib.optimizers.Adam(0.01), loss="mse",
                      metrics=["mae"])
    kwargs = {"batch_size": 8, "epochs": 2, "shuffle": False, "verbose": 0}
    history_close(ours.fit(X, Y, **kwargs).history,
                  theirs.fit(X, Y, **kwargs).history)
    assert_concrete_state(ours)
    assert_close(ours.get_weights(), theirs.get_weights())
    assert_close(ours.evaluate(X, Y, batch_size=8, verbose=0),
                 theirs.evaluate(X, Y, batch_size=8, verbose=0))
    assert_concrete_state(ours)


def make_tracker_model(lib):
    """The guide's second form: own loss and metric trackers."""

    class TrackerModel(lib.Model):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.loss_tracker = lib.metrics.Mean(name="loss")
            self.mae_metric = lib.metrics.MeanAbsoluteError(name="mae")
            self.loss_fn = lib.losses.MeanSquaredError()

        @property
        def metrics(self):
            return [self.loss_tracker, self.mae_metric]

        def compute_loss_and_updates(self, trainable_variables,
                                     non_trainable_variables, x, y,
                                     training=False):
            y_pred, non_trainable_variables = self.stateless_call(
                trainable_variables, non_trainable_variables, x,
                training=training)
            return self.loss_fn(y, y_pred), (y_pred, non_trainable_variables)

        def train_step(self, state, data):
            (trainable_variables, non_trainable_variables,
             optimizer_variables, metrics_variables) = state
            x, y = data
            grad_fn = jax.value_and_grad(self.compute_loss_and_updates,
                                         has_aux=True)
            (loss, (y_pred, non_trainable_variables)), grads = grad_fn(
                trainable_variables, non_trainable_variables, x, y,
                training=True)
            trainable_variables, optimizer_variables = (
                self.optimizer.stateless_apply(
                    optimizer_variables, grads, trainable_variables))
            loss_vars = self.loss_tracker.stateless_update_state(
                metrics_variables[:len(self.loss_tracker.variables)], loss)
            mae_vars = self.mae_metric.stateless_update_state(
                metrics_variables[len(self.loss_tracker.variables):],
                y, y_pred)
            logs = {
                "loss": self.loss_tracker.stateless_result(loss_vars),
                "mae": self.mae_metric.stateless_result(mae_vars),
            }
            return logs, (trainable_variables, non_trainable_variables,
                          optimizer_variables, loss_vars + mae_vars)

    inputs = lib.Input(shape=(5,))
    return TrackerModel(inputs, lib.layers.Dense(1)(inputs))


def test_own_trackers_and_loss_match_keras(keras):
    theirs, ours = make_tracker_model(keras), make_tracker_model(kerax)
    copy_weights(theirs, ours)
    for model, lib in ((theirs, keras), (ours, kerax)):
        model.compile(optimizer=lib.optimizers.SGD(0.05))
    kwargs = {"batch_size": 8, "epochs": 2, "shuffle": False, "verbose": 0}
    history_close(ours.fit(X, Y, **kwargs).history,
                  theirs.fit(X, Y, **kwargs).history)
    assert_concrete_state(ours)


def make_compute_loss_model(lib):
    """Overriding `compute_loss` only (Keras 3's signature): a penalty on
    the outputs joins the compiled loss; `fit` runs the default step."""

    class PenalizedModel(lib.Model):
        def compute_loss(self, x=None, y=None, y_pred=None,
                         sample_weight=None, training=True):
            loss = super().compute_loss(x, y, y_pred, sample_weight,
                                        training=training)
            return loss + 0.1 * lib.ops.mean(lib.ops.square(y_pred))

    inputs = lib.Input(shape=(5,))
    return PenalizedModel(inputs, lib.layers.Dense(1)(inputs))


def test_overridden_compute_loss_matches_keras(keras):
    theirs = make_compute_loss_model(keras)
    ours = make_compute_loss_model(kerax)
    copy_weights(theirs, ours)
    for model, lib in ((theirs, keras), (ours, kerax)):
        model.compile(optimizer=lib.optimizers.SGD(0.05), loss="mse")
    kwargs = {"batch_size": 8, "epochs": 2, "shuffle": False, "verbose": 0}
    history_close(ours.fit(X, Y, **kwargs).history,
                  theirs.fit(X, Y, **kwargs).history)
    assert_close(ours.evaluate(X, Y, batch_size=8, verbose=0),
                 theirs.evaluate(X, Y, batch_size=8, verbose=0))
    assert_concrete_state(ours)
