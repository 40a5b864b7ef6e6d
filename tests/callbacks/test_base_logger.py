import pytest

from kerax.callbacks import BaseLogger


def test_weighted_average_and_stateful_metrics():
    logger = BaseLogger(stateful_metrics=["auc"])
    logger.on_epoch_begin(0)
    logger.on_batch_end(0, {"batch": 0, "size": 3, "loss": 1.0, "auc": 0.2})
    logger.on_batch_end(1, {"batch": 1, "size": 1, "loss": 5.0, "auc": 0.9})
    logs = {}
    logger.on_epoch_end(0, logs)
    assert logs == {"loss": pytest.approx(2.0), "auc": 0.9}
    logger.on_epoch_begin(1)
    logs = {"loss": 7.0}
    logger.on_epoch_end(1, logs)
    assert logs == {"loss": 7.0}  # no batch seen: left alone


def test_in_fit():
    import numpy as np

    import kerax

    model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
    model.compile("sgd", "mse")
    history = model.fit(np.ones((8, 2)), np.ones(8), batch_size=4,
                        epochs=1, verbose=0, callbacks=[BaseLogger()])
    assert np.isfinite(history.history["loss"][0])
