"""kerax optimizers against real Keras 3 (JAX backend), step for step."""

import numpy as np
import pytest

from kerax import optimizers
from tests.optimizers import parity_utils as pu

CASES = [
    ("SGD", {"learning_rate": 0.1}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    ("RMSprop", {"learning_rate": 0.01, "loss_scale_factor": 8.0}),
    ("RMSprop", {"learning_rate": 0.01, "centered": True, "momentum": 0.5}),
    ("Adam", {"learning_rate": 0.1}),
    ("Adam", {"learning_rate": 0.1, "amsgrad": True}),
    ("AdamW", {"learning_rate": 0.1, "weight_decay": 0.05}),
    ("Adadelta", {"learning_rate": 1.0}),
    ("Adagrad", {"learning_rate": 0.1}),
    ("Adamax", {"learning_rate": 0.1}),
    ("Nadam", {"learning_rate": 0.1}),
    (
        "Ftrl",
        {
            "learning_rate": 0.1,
            "l1_regularization_strength": 0.01,
            "l2_regularization_strength": 0.02,
            "l2_shrinkage_regularization_strength": 0.01,
            "beta": 0.1,
        },
    ),
    ("Lion", {"learning_rate": 0.1}),
    ("Lamb", {"learning_rate": 0.1}),
    ("Adafactor", {"learning_rate": 0.1}),
    ("Muon", {"learning_rate": 0.1}),
    ("Muon", {"learning_rate": 0.1, "nesterov": False, "rms_rate": None}),
    ("Adam", {"learning_rate": 0.1, "clipnorm": 0.5}),
    ("Adam", {"learning_rate": 0.1, "clipvalue": 0.2}),
    ("SGD", {"learning_rate": 0.1, "global_clipnorm": 0.5}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.5, "weight_decay": 0.1}),
    ("Adam", {"learning_rate": 0.1, "use_ema": True}),
    (
        "SGD",
        {
            "learning_rate": 0.1,
            "use_ema": True,
            "ema_momentum": 0.9,
            "ema_overwrite_frequency": 2,
        },
    ),
    ("Adam", {"learning_rate": 0.1, "gradient_accumulation_steps": 2}),
    (
        "Nadam",
        {
            "learning_rate": 0.1,
            "gradient_accumulation_steps": 2,
            "use_ema": True,
            "ema_overwrite_frequency": 2,
        },
    ),
]


def _ids(case):
    name, kwargs = case
    extra = ",".join(k for k in kwargs if k != "learning_rate")
    return f"{name}({extra})"


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_matches_keras(keras, case):
    name, kwargs = case
    grads = pu.gradient_sequence()
    k_params, k_values, k_opt_vars = pu.run_keras(
        keras, getattr(keras.optimizers, name)(**kwargs), grads
    )
    ours = getattr(optimizers, name)(**kwargs)
    params, opt_values = pu.run_kerax_jit(ours, grads)
    assert pu.describe(ours.variables) == pu.describe(k_opt_vars)
    pu.assert_close(params, k_params)
    pu.assert_close(opt_values, k_values)


def test_schedule_learning_rate_matches_keras(keras):
    grads = pu.gradient_sequence()
    k_sched = keras.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5)
    k_params, _, _ = pu.run_keras(
        keras, keras.optimizers.Adam(learning_rate=k_sched), grads
    )
    ours = optimizers.Adam(
        learning_rate=optimizers.schedules.ExponentialDecay(0.1, 2, 0.5)
    )
    params, _ = pu.run_kerax_jit(ours, grads)
    assert [v.name for v in ours.variables][:1] == ["iteration"]
    pu.assert_close(params, k_params)


def test_loss_scale_optimizer_matches_keras(keras):
    grads = pu.gradient_sequence(scale=4.0)
    grads[2][0] = grads[2][0].copy()
    grads[2][0][0, 0] = np.inf
    k_opt = keras.optimizers.LossScaleOptimizer(
        keras.optimizers.SGD(learning_rate=0.1, momentum=0.9),
        initial_scale=4.0,
        dynamic_growth_steps=2,
    )
    k_params, k_values, k_opt_vars = pu.run_keras(keras, k_opt, grads)
    ours = optimizers.LossScaleOptimizer(
        optimizers.SGD(learning_rate=0.1, momentum=0.9),
        initial_scale=4.0,
        dynamic_growth_steps=2,
    )
    params, opt_values = pu.run_kerax_jit(ours, grads)
    assert pu.describe(ours.variables) == pu.describe(k_opt_vars)
    pu.assert_close(params, k_params)
    pu.assert_close(opt_values, k_values)
