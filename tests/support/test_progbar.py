"""Progbar output against real Keras's, with a fake clock."""

import time

import jax.numpy as jnp
import numpy as np
import pytest

from kerax.support import progbar as progbar_module
from kerax.utils.progbar import Progbar


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(time, "time", fake)
    return fake


def _run(bar, clock, steps, capsys):
    """`steps`: list of (seconds to advance, current, values, finalize)."""
    capsys.readouterr()
    for advance, current, values, finalize in steps:
        clock.now += advance
        bar.update(current, values, finalize=finalize)
    return capsys.readouterr().out


def _both(keras, clock, capsys, steps, dynamic=True, **kwargs):
    outputs = []
    for cls in (Progbar, keras.utils.Progbar):
        clock.now = 1000.0
        bar = cls(**kwargs)
        bar._dynamic_display = dynamic
        outputs.append(_run(bar, clock, steps, capsys))
    return outputs


def _training_steps(n, dt, values_fn, finalize_last=None):
    steps = []
    for i in range(1, n + 1):
        finalize = finalize_last if i == n else None
        steps.append((dt, i, values_fn(i), finalize))
    return steps


def _metrics(i):
    return [("loss", 1.0 / i), ("accuracy", 0.5 + 0.04 * i)]


@pytest.mark.parametrize("verbose", [1, 2])
@pytest.mark.parametrize(
    "target,dt",
    [(10, 0.03), (469, 0.004), (7, 2.5), (30, 130.0), (12, 0.0002)],
)
def test_averaged_metrics_match_keras(keras, clock, capsys, verbose,
                                      target, dt):
    steps = _training_steps(target, dt, _metrics)
    ours, theirs = _both(
        keras, clock, capsys, steps, target=target, verbose=verbose
    )
    assert ours == theirs
    assert ours.endswith("\n")


@pytest.mark.parametrize("verbose", [1, 2])
def test_stateful_small_and_negative_values_match_keras(
    keras, clock, capsys, verbose
):
    def values(i):
        return [("loss", 3e-5 / i), ("neg", -0.25 * i), ("tiny", -1e-6)]

    steps = _training_steps(8, 0.07, values)
    ours, theirs = _both(
        keras, clock, capsys, steps, target=8, verbose=verbose,
        stateful_metrics=["loss", "neg", "tiny"],
    )
    assert ours == theirs
    ours, theirs = _both(
        keras, clock, capsys, steps, target=8, verbose=verbose,
        stateless_metrics=[],
    )
    assert ours == theirs


def test_unknown_target_and_shrinking_line_match_keras(keras, clock, capsys):
    # Values that get shorter force the padding that erases the old line.
    def values(i):
        return [("loss", 10.0 ** (3 - i))]

    steps = _training_steps(6, 0.1, values, finalize_last=True)
    ours, theirs = _both(keras, clock, capsys, steps, target=None)
    assert ours == theirs
    assert "/Unknown" in ours


def test_width_unit_name_and_add_match_keras(keras, clock, capsys):
    outputs = []
    for cls in (Progbar, keras.utils.Progbar):
        clock.now = 1000.0
        bar = cls(target=50, width=7, unit_name="sample")
        bar._dynamic_display = True
        capsys.readouterr()
        for _ in range(5):
            clock.now += 0.2
            bar.add(10, values=[("mse", 0.5)])
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert "ms/sample" in outputs[0]


def test_exact_layout(clock, capsys):
    bar = Progbar(target=469)
    bar._dynamic_display = True
    steps = [(0.1, 1, [("accuracy", 0.9), ("loss", 0.3)], None)]
    steps += [(1.872, 469, [("accuracy", 0.9137), ("loss", 0.2845)], None)]
    out = _run(bar, clock, steps, capsys)
    last = out.split("\r")[-1]
    plain = last.replace("\x1b[1m", "").replace("\x1b[0m", "")
    plain = plain.replace("\x1b[32m", "").replace("\x1b[37m", "")
    assert plain.endswith("\n")
    # (Trailing spaces erase the longer line drawn before.)
    assert plain.rstrip("\n ") == (
        "469/469 " + "━" * 20 + " 2s 4ms/step - accuracy: 0.9137 - "
        "loss: 0.2845"
    )


def test_not_a_tty_prints_only_the_final_line(keras, clock, capsys):
    steps = _training_steps(40, 0.06, _metrics)
    ours, theirs = _both(keras, clock, capsys, steps, dynamic=False,
                         target=40)
    assert ours.count("\n") == 1
    assert "\r" not in ours and "\b" not in ours
    # Keras in this mode starts every redraw on a new line; its last line
    # (less the padding that only mattered for in-place redraws) is ours.
    keras_last = theirs.rstrip("\n").split("\n")[-1].rstrip(" ")
    assert ours == keras_last + "\n"


def test_default_mode_follows_stdout(clock, capsys):
    # Under capsys stdout is not a terminal.
    bar = Progbar(target=3)
    assert not bar._dynamic_display
    out = _run(bar, clock, _training_steps(3, 1.0, _metrics), capsys)
    assert out.count("\n") == 1 and out.startswith("\x1b[1m3/3")


def test_interval_limits_redraws(clock, capsys):
    bar = Progbar(target=100, interval=1.0)
    bar._dynamic_display = True
    out = _run(bar, clock, _training_steps(100, 0.05, _metrics), capsys)
    # First update, one per second of fake time (5s), and the final one.
    assert out.count("\r") == 1 + 4 + 1


def test_values_converted_only_when_rendering(clock, capsys, monkeypatch):
    conversions = []
    real_mean = progbar_module._mean

    def counting_mean(total):
        conversions.append(total)
        return real_mean(total)

    monkeypatch.setattr(progbar_module, "_mean", counting_mean)
    bar = Progbar(target=20, stateless_metrics=[])
    bar._dynamic_display = False
    steps = [(0.01, i, [("loss", jnp.float32(i))], None) for i in range(1, 21)]
    out = _run(bar, clock, steps, capsys)
    assert len(conversions) == 1
    assert "loss: 20.0000" in out


def test_jax_and_numpy_values_print_like_floats(clock, capsys):
    outs = []
    for make in (float, np.float32, jnp.float32):
        bar = Progbar(target=4, verbose=2)
        steps = _training_steps(
            4, 0.5, lambda i, make=make: [("loss", make(0.25 * i))]
        )
        outs.append(_run(bar, clock, steps, capsys))
    assert outs[0] == outs[1] == outs[2]


def test_verbose_zero_is_silent(clock, capsys):
    bar = Progbar(target=3, verbose=0)
    assert _run(bar, clock, _training_steps(3, 1.0, _metrics), capsys) == ""


def test_invalid_arguments():
    with pytest.raises(ValueError, match="verbose=3"):
        Progbar(target=3, verbose=3)
    with pytest.raises(ValueError, match="stateful_metrics"):
        Progbar(target=3, stateful_metrics=["a"], stateless_metrics=["b"])
