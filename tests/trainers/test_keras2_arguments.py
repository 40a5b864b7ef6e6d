"""Keras 2 arguments of the training API: fit's loader arguments,
train_on_batch / test_on_batch's `reset_metrics`."""

import numpy as np
import pytest

import kerax


@pytest.fixture
def model():
    model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
    model.compile("sgd", "mse", metrics=["mae"])
    return model


def test_fit_accepts_keras2_loader_arguments(model):
    x, y = np.ones((8, 2), "float32"), np.zeros(8, "float32")
    history = model.fit(x, y, batch_size=4, epochs=1, verbose=0, workers=4,
                        use_multiprocessing=True, max_queue_size=3)
    assert np.isfinite(history.history["loss"][0])


def test_reset_metrics_false_accumulates(model):
    x, y = np.ones((4, 2), "float32"), np.zeros(4, "float32")
    # Mean absolute error of each batch alone, without training.
    first = model.test_on_batch(x, y, return_dict=True)["mae"]
    second = model.test_on_batch(3 * x, y, return_dict=True)["mae"]
    model.test_on_batch(x, y)
    both = model.test_on_batch(3 * x, y, reset_metrics=False,
                               return_dict=True)["mae"]
    assert both == pytest.approx((first + second) / 2, rel=1e-5)
    model.train_on_batch(x, y)
    accumulated = model.train_on_batch(x, y, reset_metrics=False,
                                       return_dict=True)
    alone = model.train_on_batch(x, y, return_dict=True)
    assert accumulated["mae"] != pytest.approx(alone["mae"])
