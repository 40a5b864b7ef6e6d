"""ProgbarLogger against Keras's, driven through the same hook sequence."""

import time

import jax.numpy as jnp
import pytest

from kerax import callbacks
from kerax.support import progbar as progbar_module


@pytest.fixture
def clock(monkeypatch):
    state = {"now": 500.0}
    monkeypatch.setattr(time, "time", lambda: state["now"])
    return state


def _drive_fit(logger_hooks, clock, steps, epochs, jax_logs):
    """Calls fit's hook sequence (with silent validation) on `logger_hooks`."""
    def logs(epoch, batch):
        values = {"loss": 1.0 / (epoch + batch + 1), "accuracy": 0.1 * batch}
        if jax_logs:
            return {k: jnp.float32(v) for k, v in values.items()}
        return dict(sorted(values.items()))

    logger_hooks.on_train_begin()
    for epoch in range(epochs):
        logger_hooks.on_epoch_begin(epoch)
        for batch in range(steps):
            clock["now"] += 0.03
            logger_hooks.on_train_batch_begin(batch)
            logger_hooks.on_train_batch_end(batch, logs(epoch, batch))
        logger_hooks.on_test_begin()
        for batch in range(2):
            logger_hooks.on_test_batch_end(batch, {"loss": 9.0})
        logger_hooks.on_test_end({"loss": 9.0})
        clock["now"] += 0.01
        epoch_logs = logs(epoch, steps)
        epoch_logs.update(val_loss=0.5, val_accuracy=0.25)
        if not jax_logs:
            epoch_logs = dict(sorted(epoch_logs.items()))
        logger_hooks.on_epoch_end(epoch, epoch_logs)
    logger_hooks.on_train_end()


def _drive_evaluate_and_predict(logger_hooks, clock, steps):
    logger_hooks.on_test_begin()
    for batch in range(steps):
        clock["now"] += 0.002
        logger_hooks.on_test_batch_end(batch, {"loss": 0.5 + batch})
    logger_hooks.on_test_end({"loss": 2.0})
    logger_hooks.on_predict_begin()
    for batch in range(steps):
        clock["now"] += 0.0004
        logger_hooks.on_predict_batch_end(batch, {"outputs": None})
    logger_hooks.on_predict_end()


@pytest.mark.parametrize("verbose", [1, 2, "auto"])
@pytest.mark.parametrize("steps", [6, None])
def test_fit_output_matches_keras(keras, clock, capsys, monkeypatch,
                                  verbose, steps):
    monkeypatch.setattr(progbar_module, "_stdout_is_interactive",
                        lambda: True)
    params = {"verbose": verbose, "epochs": 2, "steps": steps}
    outputs = []
    for is_ours in (True, False):
        clock["now"] = 500.0
        if is_ours:
            hooks = callbacks.CallbackList(
                add_progbar=True, model=object(), **params
            )
        else:
            hooks = keras.callbacks.ProgbarLogger()
            hooks.set_params(params)
        capsys.readouterr()
        _drive_fit(hooks, clock, steps=6, epochs=2, jax_logs=is_ours)
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith("Epoch 1/2\n")


@pytest.mark.parametrize("verbose", [1, 2])
def test_evaluate_and_predict_output_matches_keras(
    keras, clock, capsys, monkeypatch, verbose
):
    monkeypatch.setattr(progbar_module, "_stdout_is_interactive",
                        lambda: True)
    params = {"verbose": verbose, "epochs": 1, "steps": 5}
    outputs = []
    for cls in (callbacks.ProgbarLogger, keras.callbacks.ProgbarLogger):
        clock["now"] = 500.0
        logger = cls()
        logger.set_params(params)
        capsys.readouterr()
        _drive_evaluate_and_predict(logger, clock, steps=5)
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert "us/step" in outputs[0]


def test_piped_output_is_one_line_per_epoch(clock, capsys):
    hooks = callbacks.CallbackList(
        add_progbar=True, model=object(), verbose=1, epochs=2, steps=50
    )
    capsys.readouterr()
    _drive_fit(hooks, clock, steps=50, epochs=2, jax_logs=True)
    lines = capsys.readouterr().out.split("\n")
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2"
    assert lines[1].startswith("\x1b[1m50/50\x1b[0m")
    assert lines[1].endswith(
        "accuracy: 5.0000 - loss: 0.0196 - val_accuracy: 0.2500 - "
        "val_loss: 0.5000"
    )
    assert len(lines) == 5 and lines[4] == ""
    assert "\r" not in "".join(lines)


def test_silent(clock, capsys):
    hooks = callbacks.CallbackList(
        add_progbar=True, model=object(), verbose=0, epochs=2, steps=3
    )
    _drive_fit(hooks, clock, steps=3, epochs=2, jax_logs=True)
    assert capsys.readouterr().out == ""
