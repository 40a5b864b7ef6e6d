import jax.numpy as jnp
import pytest
from callback_fakes import FakeModel, run_fit

from kerax import callbacks
from kerax.support import progbar as progbar_module


class Recorder(callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def on_epoch_end(self, epoch, logs=None):
        self.calls.append(("epoch_end", epoch, dict(logs)))


class Keras2Batch(callbacks.Callback):
    def on_batch_end(self, batch, logs=None):
        self.last = batch


class EvalListener(callbacks.Callback):
    def on_test_batch_end(self, batch, logs=None):
        pass


def test_hooks_reach_every_callback_with_params_and_model(model):
    rec = Recorder()
    cbs = run_fit(model, [rec], [{"loss": 1.0}, {"loss": 0.5}])
    assert [c[:2] for c in rec.calls] == [("epoch_end", 0), ("epoch_end", 1)]
    assert rec.model is model
    assert rec.params == {"verbose": 0, "epochs": 2, "steps": 3}
    history = model.history
    assert isinstance(history, callbacks.History)
    assert history in cbs.callbacks
    assert history.history == {"loss": [1.0, 0.5]}
    assert all(type(v) is float for v in history.history["loss"])
    assert history.epoch == [0, 1]
    assert history.params["epochs"] == 2 and history.model is model


def test_logs_are_sorted_flattened_and_unconverted(model):
    rec = Recorder()
    cbs = callbacks.CallbackList([rec], model=model)
    logs = {"val_loss": jnp.float32(1), "loss": jnp.float32(2),
            "nested": {"acc": jnp.float32(3)}}
    cbs.on_epoch_end(0, logs)
    seen = rec.calls[0][2]
    assert list(seen) == ["acc", "loss", "val_loss"]
    assert all(isinstance(v, type(jnp.float32(1))) or hasattr(v, "shape")
               for v in seen.values())
    assert "nested" in logs  # the trainer's dict is untouched


def test_keras2_batch_alias_is_called(model):
    cb = Keras2Batch()
    run_fit(model, [cb], [{"loss": 1.0}], steps=4)
    assert cb.last == 3


def test_needs_batch_hooks():
    def needs(cbs, mode):
        return callbacks.CallbackList(cbs).needs_batch_hooks(mode)

    assert not needs([], "train")
    assert not needs([callbacks.History(), Recorder()], "train")
    assert needs([Keras2Batch()], "train")
    assert not needs([Keras2Batch()], "test")
    assert needs([EvalListener()], "test")
    assert not needs([EvalListener()], "train")
    lam = callbacks.LambdaCallback(on_epoch_end=lambda e, logs: None)
    assert not needs([lam], "train")
    lam = callbacks.LambdaCallback(on_batch_end=lambda b, logs: None)
    assert needs([lam], "train")
    lam = callbacks.LambdaCallback(on_predict_batch_end=lambda b, logs: None)
    assert needs([lam], "predict") and not needs([lam], "train")
    assert needs([callbacks.TerminateOnNaN()], "train")
    assert not needs([callbacks.ModelCheckpoint("m.keras")], "train")
    assert needs([callbacks.ModelCheckpoint("m.keras", save_freq=2)], "train")
    assert not needs([callbacks.TensorBoard("logs")], "train")
    assert needs([callbacks.TensorBoard("logs", update_freq=5)], "train")
    assert not needs([callbacks.BackupAndRestore("b")], "train")
    assert needs([callbacks.BackupAndRestore("b", save_freq=3)], "train")
    assert not needs([callbacks.EarlyStopping()], "train")


@pytest.mark.parametrize(
    "verbose,steps,expected",
    [(0, 10, False), (1, 10, False), (2, 10, False), (2, None, True),
     (1, None, True), ("auto", 10, False)],
)
def test_needs_batch_hooks_progbar(verbose, steps, expected, monkeypatch):
    monkeypatch.setattr(progbar_module, "_stdout_is_interactive",
                        lambda: True)
    cbs = callbacks.CallbackList(
        add_history=True, add_progbar=True, model=FakeModel(),
        verbose=verbose, epochs=1, steps=steps,
    )
    assert cbs.needs_batch_hooks("train") is expected
    assert cbs.needs_batch_hooks("predict") is expected
    cbs.on_train_begin()
    assert cbs.needs_batch_hooks("test") is False  # validation is silent


def test_progbar_needs_no_batch_hooks_when_piped():
    # Not a terminal: only the final line is printed, from epoch-end logs.
    cbs = callbacks.CallbackList(add_progbar=True, verbose=1, epochs=1,
                                 steps=10)
    assert not cbs.needs_batch_hooks("train")
    cbs = callbacks.CallbackList(add_progbar=True, verbose=1, epochs=1)
    assert cbs.needs_batch_hooks("train")  # steps unknown: counts batches


def test_default_callbacks_are_not_duplicated():
    history = callbacks.History()
    progbar = callbacks.ProgbarLogger()
    cbs = callbacks.CallbackList([[history], progbar], add_history=True,
                                 add_progbar=True)
    assert cbs.callbacks == [history, progbar]


def test_errors():
    with pytest.raises(TypeError, match="callbacks item"):
        callbacks.CallbackList([object()])
    with pytest.raises(ValueError, match="mode='fit'"):
        callbacks.CallbackList().needs_batch_hooks("fit")
