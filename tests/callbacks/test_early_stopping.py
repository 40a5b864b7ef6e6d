import numpy as np
import pytest
from callback_fakes import run_fit

from kerax import callbacks


def _losses(*values, name="val_loss"):
    return [{name: v, "loss": 1.0} for v in values]


def test_stops_after_patience(model):
    stopper = callbacks.EarlyStopping(patience=2)
    run_fit(model, [stopper], _losses(1.0, 0.9, 0.95, 0.91, 0.5, 0.4))
    # Best at epoch 1; epochs 2 and 3 are bad: stop at epoch 3.
    assert stopper.stopped_epoch == 3
    assert model.stop_training
    assert model.history.epoch == [0, 1, 2, 3]
    assert stopper.best == pytest.approx(0.9)


def test_min_delta_and_max_mode(model):
    stopper = callbacks.EarlyStopping(
        monitor="val_accuracy", min_delta=0.1, patience=1
    )
    logs = [{"val_accuracy": v} for v in (0.5, 0.55, 0.58, 0.9)]
    run_fit(model, [stopper], logs)  # auto mode: accuracy is maximised
    assert stopper.stopped_epoch == 1
    stopper = callbacks.EarlyStopping(monitor="score", mode="min", patience=0)
    run_fit(model, [stopper], [{"score": 3.0}, {"score": 1.0}, {"score": 2.0}])
    assert stopper.stopped_epoch == 2


def test_baseline_not_beaten_keeps_counting(model):
    # Improvements that do not beat the baseline do not reset the count.
    stopper = callbacks.EarlyStopping(patience=2, baseline=0.1)
    run_fit(model, [stopper], _losses(1.0, 0.5, 0.6, 0.4))
    assert stopper.stopped_epoch == 2
    stopper = callbacks.EarlyStopping(patience=2)
    run_fit(model, [stopper], _losses(1.0, 0.5, 0.6, 0.4))
    assert stopper.stopped_epoch == 0


def test_never_stops_on_first_epoch(model):
    stopper = callbacks.EarlyStopping(patience=0, baseline=0.1)
    run_fit(model, [stopper], _losses(1.0))
    assert stopper.stopped_epoch == 0 and not model.stop_training


def test_baseline_beaten_resets_wait(model):
    stopper = callbacks.EarlyStopping(patience=1, baseline=0.8)
    run_fit(model, [stopper], _losses(0.9, 0.7, 0.6, 0.5))
    assert stopper.stopped_epoch == 0
    assert not model.stop_training


def test_restore_best_weights_and_messages(model, capsys):
    stopper = callbacks.EarlyStopping(
        patience=1, restore_best_weights=True, verbose=1
    )
    initial = model.get_weights()
    run_fit(model, [stopper], _losses(1.0, 0.2, 0.5, 0.6, 0.7))
    # Weights grow by one per epoch; the best epoch (1) ended at +2.
    assert stopper.best_epoch == 1 and stopper.stopped_epoch == 2
    np.testing.assert_allclose(model.get_weights()[0], initial[0] + 2)
    assert capsys.readouterr().out == (
        "Epoch 3: early stopping\n"
        "Restoring model weights from the end of the best epoch: 2.\n"
    )


def test_start_from_epoch(model):
    stopper = callbacks.EarlyStopping(patience=0, start_from_epoch=2)
    run_fit(model, [stopper], _losses(0.1, 0.5, 0.9, 1.0, 1.1))
    # Epochs 0-1 are warm-up; best=0.9 at epoch 2; epoch 3 is worse.
    assert stopper.stopped_epoch == 3
    assert stopper.best == pytest.approx(0.9)


def test_reusable_across_fits(model):
    stopper = callbacks.EarlyStopping(patience=0)
    run_fit(model, [stopper], _losses(1.0, 2.0))
    assert stopper.stopped_epoch == 1
    run_fit(model, [stopper], _losses(5.0, 4.0, 3.0))
    assert stopper.stopped_epoch == 0 and stopper.best == 3.0


def test_missing_metric_warns(model):
    stopper = callbacks.EarlyStopping(monitor="val_loss")
    with pytest.warns(UserWarning, match="Available metrics are: loss"):
        run_fit(model, [stopper], [{"loss": 1.0}])


def test_errors(model):
    with pytest.raises(ValueError, match="patience=-1"):
        callbacks.EarlyStopping(patience=-1)
    with pytest.warns(UserWarning, match="mode 'up' is unknown"):
        stopper = callbacks.EarlyStopping(monitor="weird", mode="up")
    with pytest.raises(ValueError, match="monitor=weird"):
        run_fit(model, [stopper], [{"weird": 1.0}])


class _KerasModelStub:
    def __init__(self):
        self.stop_training = False

    def get_weights(self):
        return []


@pytest.mark.parametrize("seed", range(4))
def test_same_decisions_as_keras(keras, model, seed):
    rng = np.random.default_rng(seed)
    values = [float(np.float32(v)) for v in rng.uniform(0, 1, 12).round(2)]
    kwargs = {"monitor": "val_loss", "patience": int(rng.integers(0, 3)),
              "min_delta": float(rng.choice([0.0, 0.05])),
              "baseline": [None, 0.3][seed % 2], "mode": "min",
              "start_from_epoch": seed % 3}
    ours = callbacks.EarlyStopping(**kwargs)
    run_fit(model, [ours], _losses(*values))
    theirs = keras.callbacks.EarlyStopping(**kwargs)
    stub = _KerasModelStub()
    theirs.set_model(stub)
    theirs.on_train_begin()
    for epoch, value in enumerate(values):
        theirs.on_epoch_end(epoch, {"val_loss": value})
        if stub.stop_training:
            break
    assert ours.stopped_epoch == theirs.stopped_epoch
    assert ours.wait == theirs.wait
    assert ours.best == theirs.best
