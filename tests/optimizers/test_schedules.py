"""Learning-rate schedules against Keras 3, under jit, and serialized."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from kerax.optimizers import schedules

CASES = [
    ("ExponentialDecay", (0.1, 3, 0.5), {}),
    ("ExponentialDecay", (0.1, 3, 0.5), {"staircase": True}),
    ("InverseTimeDecay", (0.1, 2, 0.5), {}),
    ("InverseTimeDecay", (0.1, 2, 0.5), {"staircase": True}),
    ("PiecewiseConstantDecay", ([2, 5, 8], [1.0, 0.5, 0.25, 0.1]), {}),
    ("PolynomialDecay", (0.1, 6), {"end_learning_rate": 0.01, "power": 2.0}),
    ("PolynomialDecay", (0.1, 4), {"cycle": True}),
    ("CosineDecay", (0.1, 8), {"alpha": 0.1}),
    ("CosineDecay", (0.0, 6), {"warmup_target": 0.2, "warmup_steps": 3}),
    ("CosineDecayRestarts", (0.1, 3), {}),
    ("CosineDecayRestarts", (0.1, 3), {"t_mul": 1.0, "m_mul": 0.5}),
    ("CosineDecayRestarts", (0.1, 2), {"t_mul": 1.5, "alpha": 0.1}),
]
STEPS = np.arange(13, dtype="int32")


@pytest.mark.parametrize("name,args,kwargs", CASES)
def test_matches_keras_eager_and_jit(keras, name, args, kwargs):
    ours = getattr(schedules, name)(*args, **kwargs)
    theirs = getattr(keras.optimizers.schedules, name)(*args, **kwargs)
    expected = np.asarray(jax.vmap(theirs)(jnp.asarray(STEPS)))
    eager = [float(ours(jnp.asarray(s))) for s in STEPS[7:8]]
    jitted = jax.jit(jax.vmap(ours))(jnp.asarray(STEPS))
    np.testing.assert_allclose(eager, expected[7:8], rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(jitted, expected, rtol=1e-6, atol=1e-7)
    config = schedules.serialize(ours)
    assert config == keras.optimizers.schedules.serialize(theirs)
    again = schedules.deserialize(config)
    assert type(again) is type(ours)
    assert again.get_config() == ours.get_config()


def test_accepts_variables_and_python_ints():
    from kerax.core.variable import Variable

    schedule = schedules.ExponentialDecay(1.0, 1, 0.5)
    assert float(schedule(Variable(np.int32(2)))) == 0.25
    assert float(schedule(3)) == 0.125


def test_custom_schedule_round_trip():
    @schedules.register
    class Halving(schedules.LearningRateSchedule):
        def __init__(self, rate):
            self.rate = rate

        def __call__(self, step):
            return self.rate * 0.5**step

        def get_config(self):
            return {"rate": self.rate}

    again = schedules.deserialize(schedules.serialize(Halving(2.0)))
    assert float(again(1)) == 1.0


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda: schedules.ExponentialDecay(0.1, 0, 0.5), "decay_steps=0"),
        (lambda: schedules.CosineDecay(0.1, -1), "decay_steps=-1"),
        (
            lambda: schedules.CosineDecayRestarts(0.1, 0),
            "first_decay_steps=0",
        ),
        (
            lambda: schedules.PiecewiseConstantDecay([1, 2], [1.0]),
            "boundaries=[1, 2]",
        ),
        (
            lambda: schedules.deserialize({"class_name": "Nope"}),
            "Unknown decay: 'Nope'",
        ),
    ],
)
def test_errors_name_the_argument(make, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[")):
        make()


def test_base_class_requires_overrides():
    with pytest.raises(NotImplementedError, match="__call__"):
        schedules.LearningRateSchedule()(0)
    with pytest.raises(NotImplementedError, match="get_config"):
        schedules.LearningRateSchedule().get_config()
