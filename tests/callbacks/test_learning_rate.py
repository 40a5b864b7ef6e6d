import numpy as np
import pytest
from callback_fakes import FakeModel, run_fit

from kerax import callbacks


def _lr(model):
    return float(model.optimizer.learning_rate)


def test_reduce_lr_on_plateau_patience_and_cooldown(capsys):
    model = FakeModel(learning_rate=1.0)
    reduce = callbacks.ReduceLROnPlateau(
        monitor="loss", factor=0.5, patience=1, cooldown=2, verbose=1
    )
    rates = []
    record = callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: rates.append(_lr(model))
    )
    losses = [{"loss": v} for v in (1.0, 1.0, 1.0, 1.0, 1.0, 0.5)]
    run_fit(model, [reduce, record], losses)
    # Epoch 1 reduces; epochs 2-3 cool down; epoch 3 counts and reduces.
    assert rates == [1.0, 0.5, 0.5, 0.25, 0.25, 0.25]
    # The logged rate is the one the epoch trained with (before reducing).
    assert model.history.history["learning_rate"] == [
        1.0, 1.0, 0.5, 0.5, 0.25, 0.25]
    out = capsys.readouterr().out
    assert out == (
        "\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.5.\n"
        "\nEpoch 4: ReduceLROnPlateau reducing learning rate to 0.25.\n"
    )


class _KerasStub:
    def __init__(self, optimizer):
        self.optimizer = optimizer


@pytest.mark.parametrize("seed", range(4))
def test_reduce_lr_same_decisions_as_keras(keras, seed):
    rng = np.random.default_rng(seed)
    values = [float(np.float32(v)) for v in rng.uniform(0, 1, 15).round(1)]
    kwargs = {"monitor": "val_loss", "factor": 0.5, "mode": "min",
              "patience": int(rng.integers(0, 3)),
              "cooldown": int(rng.integers(0, 3)),
              "min_lr": float(rng.choice([0.0, 0.1]))}
    model = FakeModel(learning_rate=1.0)
    ours = callbacks.ReduceLROnPlateau(**kwargs)
    our_rates = []
    record = callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: our_rates.append(_lr(model))
    )
    run_fit(model, [ours, record], [{"val_loss": v} for v in values])
    theirs = keras.callbacks.ReduceLROnPlateau(**kwargs)
    stub = _KerasStub(FakeModel(learning_rate=1.0).optimizer)
    theirs.set_model(stub)
    theirs.on_train_begin()
    their_rates = []
    for epoch, value in enumerate(values):
        theirs.on_epoch_end(epoch, {"val_loss": value})
        their_rates.append(float(stub.optimizer.learning_rate))
    assert our_rates == their_rates
    assert (ours.wait, ours.cooldown_counter) == (
        theirs.wait, theirs.cooldown_counter)


def test_reduce_lr_min_lr_and_min_delta():
    model = FakeModel(learning_rate=0.1)
    reduce = callbacks.ReduceLROnPlateau(
        monitor="val_loss", factor=0.1, patience=0, min_lr=0.05,
        min_delta=0.1,
    )
    # Improvements smaller than min_delta count as plateaus.
    run_fit(model, [reduce], [{"val_loss": 1 - 0.01 * i} for i in range(4)])
    assert _lr(model) == pytest.approx(0.05)


def test_reduce_lr_keras2_epsilon_alias():
    reduce = callbacks.ReduceLROnPlateau(epsilon=0.3)
    assert reduce.min_delta == 0.3
    with pytest.raises(TypeError, match="bogus"):
        callbacks.ReduceLROnPlateau(bogus=1)
    with pytest.raises(ValueError, match="factor=1.5"):
        callbacks.ReduceLROnPlateau(factor=1.5)


def test_scheduler_two_and_one_argument_forms(capsys):
    model = FakeModel(learning_rate=1.0)
    seen = []

    def halve(epoch, lr):
        seen.append((epoch, lr))
        return lr / 2

    run_fit(model, [callbacks.LearningRateScheduler(halve, verbose=1)],
            [{"loss": 1.0}] * 3)
    assert seen == [(0, 1.0), (1, 0.5), (2, 0.25)]
    assert model.history.history["learning_rate"] == [0.5, 0.25, 0.125]
    assert capsys.readouterr().out.startswith(
        "\nEpoch 1: LearningRateScheduler setting learning rate to 0.5.\n"
    )
    run_fit(model, [callbacks.LearningRateScheduler(lambda e: 0.1 * e)],
            [{"loss": 1.0}] * 3)
    assert _lr(model) == pytest.approx(0.2)


def test_scheduler_rejects_bad_output():
    model = FakeModel()
    scheduler = callbacks.LearningRateScheduler(lambda epoch: "fast")
    with pytest.raises(ValueError, match="should be a float. Got: fast"):
        run_fit(model, [scheduler], [{"loss": 1.0}])
    with pytest.raises(ValueError, match="schedule=3"):
        callbacks.LearningRateScheduler(3)
