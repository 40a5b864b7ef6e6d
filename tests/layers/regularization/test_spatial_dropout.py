"""`SpatialDropout1D/2D/3D`: contract, whole-map dropping, seeds, errors."""

import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test

CASES = [
    (layers.SpatialDropout1D, {}, (2, 5, 3)),
    (layers.SpatialDropout2D, {"data_format": "channels_last"}, (2, 3, 3, 4)),
    (
        layers.SpatialDropout3D,
        {"data_format": "channels_first"},
        (2, 4, 2, 2, 2),
    ),
]


@pytest.mark.parametrize("cls, kwargs, shape", CASES)
def test_contract_training(cls, kwargs, shape):
    run_layer_test(
        cls,
        {"rate": 0.5, "seed": 1, **kwargs},
        input_shape=shape,
        call_kwargs={"training": True},
        expected_output_shape=shape,
        expected_num_trainable_weights=0,
        expected_num_seed_generators=1,
        run_training_check=False,
    )


@pytest.mark.parametrize("cls, kwargs, shape", CASES)
def test_drops_whole_feature_maps(cls, kwargs, shape):
    x = np.ones((64,) + shape[1:], "float32")
    y = np.asarray(cls(0.5, seed=3, **kwargs)(x, training=True))
    assert set(np.unique(y).tolist()) <= {0.0, 2.0}
    channels_first = kwargs.get("data_format") == "channels_first"
    spatial = (
        tuple(range(2, y.ndim))
        if channels_first
        else tuple(range(1, y.ndim - 1))
    )
    assert (y.min(axis=spatial) == y.max(axis=spatial)).all()
    assert 0.3 < (y == 0).mean() < 0.7


@pytest.mark.parametrize("cls, kwargs, shape", CASES)
def test_identity_at_inference(parity, keras, cls, kwargs, shape):
    x = np.random.default_rng(0).normal(size=shape).astype("float32")
    k_cls = getattr(keras.layers, cls.__name__)
    parity.check(
        cls(0.5, **kwargs),
        k_cls(0.5, **kwargs),
        x,
        call_kwargs={"training": False},
    )
    np.testing.assert_array_equal(np.asarray(cls(0.5, **kwargs)(x)), x)


def test_reproducible_under_seed():
    x = np.ones((4, 3, 8), "float32")
    a = layers.SpatialDropout1D(0.5, seed=5)(x, training=True)
    b = layers.SpatialDropout1D(0.5, seed=5)(x, training=True)
    np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


@pytest.mark.parametrize(
    "cls", [layers.SpatialDropout2D, layers.SpatialDropout3D]
)
def test_config_matches_keras(keras, cls):
    ours = cls(0.2, data_format="channels_first", seed=2).get_config()
    theirs = getattr(keras.layers, cls.__name__)(
        0.2, data_format="channels_first", seed=2
    ).get_config()
    assert set(theirs) <= set(ours)
    for key in ("rate", "seed", "data_format"):
        assert ours[key] == theirs[key]
    assert "noise_shape" not in ours


def test_wrong_rank():
    with pytest.raises(ValueError):
        layers.SpatialDropout2D(0.5)(np.ones((2, 3, 4), "float32"))


@pytest.mark.parametrize("rate", [1.5, -0.1])
def test_bad_rate(rate):
    with pytest.raises(ValueError, match="Received: rate="):
        layers.SpatialDropout1D(rate)


def test_bad_data_format():
    with pytest.raises(ValueError, match="Received: data_format="):
        layers.SpatialDropout2D(0.5, data_format="channels_middle")
