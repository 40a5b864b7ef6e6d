"""`GaussianDropout`, `GaussianNoise`, `AlphaDropout`: contract,
inference parity with Keras, training statistics, seeds, errors."""

import jax
import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test

NOISE = [
    (layers.GaussianDropout, {"rate": 0.3}),
    (layers.GaussianNoise, {"stddev": 0.5}),
    (layers.AlphaDropout, {"rate": 0.2}),
]


@pytest.mark.parametrize("cls, kwargs", NOISE)
def test_contract_training(cls, kwargs):
    run_layer_test(
        cls,
        {**kwargs, "seed": 1},
        input_shape=(2, 3),
        call_kwargs={"training": True},
        expected_output_shape=(2, 3),
        expected_num_trainable_weights=0,
        expected_num_seed_generators=1,
        supports_masking=True,
        run_training_check=False,
    )


@pytest.mark.parametrize("cls, kwargs", NOISE)
def test_parity_inference(parity, keras, rng, cls, kwargs):
    x = rng.normal(size=(2, 3)).astype("float32")
    k_cls = getattr(keras.layers, cls.__name__)
    parity.check(
        cls(**kwargs), k_cls(**kwargs), x, call_kwargs={"training": False}
    )
    np.testing.assert_array_equal(np.asarray(cls(**kwargs)(x)), x)


@pytest.mark.parametrize("cls, kwargs", NOISE)
def test_config_matches_keras(keras, cls, kwargs):
    ours = cls(**kwargs, seed=3).get_config()
    theirs = getattr(keras.layers, cls.__name__)(**kwargs, seed=3).get_config()
    assert set(ours) == set(theirs)
    for key in kwargs:
        assert ours[key] == theirs[key]


def test_gaussian_dropout_statistics():
    x = np.ones((200, 100), "float32")
    y = np.asarray(layers.GaussianDropout(0.5, seed=0)(x, training=True))
    assert abs(y.mean() - 1.0) < 0.02
    assert abs(y.std() - 1.0) < 0.02  # sqrt(0.5 / 0.5)


def test_gaussian_noise_statistics():
    x = np.full((200, 100), 3.0, "float32")
    y = np.asarray(layers.GaussianNoise(0.2, seed=0)(x, training=True))
    assert abs(y.mean() - 3.0) < 0.01
    assert abs(y.std() - 0.2) < 0.01


def test_alpha_dropout_keeps_standard_statistics():
    x = np.random.default_rng(0).normal(size=(200, 100)).astype("float32")
    layer = layers.AlphaDropout(0.3, seed=0)
    y = np.asarray(layer(x, training=True))
    assert abs(y.mean()) < 0.03
    assert abs(y.std() - 1.0) < 0.03
    assert not np.allclose(y, x)


def test_alpha_dropout_noise_shape():
    x = np.zeros((4, 6, 3), "float32")
    y = np.asarray(
        layers.AlphaDropout(0.5, noise_shape=(None, 1, 3), seed=1)(
            x, training=True
        )
    )
    np.testing.assert_array_equal(y, np.broadcast_to(y[:, :1], y.shape))


@pytest.mark.parametrize("cls, kwargs", NOISE)
def test_seed_reproducible_and_advances_under_jit(cls, kwargs):
    x = np.ones((4, 8), "float32")
    a, b = cls(**kwargs, seed=7), cls(**kwargs, seed=7)
    np.testing.assert_array_equal(
        np.asarray(a(x, training=True)), np.asarray(b(x, training=True))
    )
    step = jax.jit(lambda nt: a.stateless_call([], nt, x, training=True))
    state = [v.value for v in a.non_trainable_variables]
    out1, state = step(state)
    out2, state = step(state)
    assert not np.array_equal(np.asarray(out1), np.asarray(out2))


def test_zero_rate_has_no_seed_generator():
    for layer in (
        layers.GaussianDropout(0.0),
        layers.GaussianNoise(0.0),
        layers.AlphaDropout(0.0),
    ):
        layer(np.ones((1, 2), "float32"))
        assert layer.non_trainable_variables == []


@pytest.mark.parametrize(
    "cls, kwargs, name",
    [
        (layers.GaussianDropout, {"rate": 1.5}, "rate"),
        (layers.GaussianDropout, {"rate": "a"}, "rate"),
        (layers.GaussianNoise, {"stddev": -1}, "stddev"),
        (layers.AlphaDropout, {"rate": -0.5}, "rate"),
        (
            layers.AlphaDropout,
            {"rate": 0.5, "noise_shape": "ab"},
            "noise_shape",
        ),
        (layers.GaussianNoise, {"stddev": 0.1, "seed": "s"}, "seed"),
    ],
)
def test_errors(cls, kwargs, name):
    with pytest.raises(ValueError, match=f"Received: {name}="):
        cls(**kwargs)


def test_gaussian_dropout_rate_one_in_training():
    with pytest.raises(ValueError, match="rate=1"):
        layers.GaussianDropout(1.0)(np.ones((1, 2), "float32"), training=True)
