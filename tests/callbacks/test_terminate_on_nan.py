"""`TerminateOnNaN` stops before a NaN update is kept: the model ends with
the weights and optimizer state of the last good step (Keras keeps the
NaN weights)."""

import numpy as np
import pytest

import kerax


def _model(steps_per_execution=1):
    kerax.utils.set_random_seed(1)
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
    model.compile("adam", "mse", steps_per_execution=steps_per_execution)
    return model


X = np.ones((16, 3), "float32")
X[9] = np.nan  # in the third batch of 4
Y = np.ones((16, 2), "float32")


@pytest.mark.parametrize("steps_per_execution", [1, 4])
def test_keeps_the_last_good_weights(steps_per_execution):
    reference = _model(steps_per_execution)
    reference.fit(X[:8], Y[:8], batch_size=4, shuffle=False, verbose=0)
    model = _model(steps_per_execution)
    history = model.fit(X, Y, batch_size=4, shuffle=False, verbose=0,
                        callbacks=[kerax.callbacks.TerminateOnNaN()])
    assert np.isnan(history.history["loss"][0])
    assert int(model.optimizer.iterations.numpy()) == 2
    for got, want in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(got, want)
    for got, want in zip(model.optimizer.variables,
                         reference.optimizer.variables):
        np.testing.assert_array_equal(got.numpy(), want.numpy())


def test_raise_error_keeps_the_last_good_weights():
    model = _model()
    with pytest.raises(RuntimeError, match="NaN or Inf loss"):
        model.fit(X, Y, batch_size=4, shuffle=False, verbose=0,
                  callbacks=[kerax.callbacks.TerminateOnNaN(raise_error=True)])
    assert all(np.isfinite(w).all() for w in model.get_weights())


def test_without_the_callback_nan_updates_are_kept():
    model = _model()
    model.fit(X, Y, batch_size=4, shuffle=False, verbose=0)
    assert not np.isfinite(model.get_weights()[0]).all()
