"""`UpSampling1D/2D/3D`: contract, parity, errors."""

import pytest

from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.UpSampling2D, {"size": (2, 3), "interpolation": "bilinear"},
        input_shape=(2, 3, 2, 4), expected_output_shape=(2, 6, 6, 4),
        expected_num_trainable_weights=0,
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"size": (2, 3), "data_format": "channels_first"},
        {"size": 3, "interpolation": "bilinear"},
        {"size": (2, 1), "interpolation": "bilinear",
         "data_format": "channels_first"},
        {"size": 2, "interpolation": "bicubic"},
    ],
)
def test_2d_parity(parity, keras, rng, kwargs):
    x = rng.normal(size=(2, 3, 4, 3)).astype("float32")
    parity.check(layers.UpSampling2D(**kwargs),
                 keras.layers.UpSampling2D(**kwargs), x)


@pytest.mark.parametrize(
    "name, kwargs, shape",
    [
        ("UpSampling1D", {"size": 3}, (2, 4, 3)),
        ("UpSampling3D", {"size": (1, 2, 3)}, (1, 2, 3, 2, 2)),
        ("UpSampling3D", {"data_format": "channels_first"},
         (1, 2, 2, 3, 2)),
    ],
)
def test_1d_3d_parity(parity, keras, rng, name, kwargs, shape):
    x = rng.normal(size=shape).astype("float32")
    parity.check(getattr(layers, name)(**kwargs),
                 getattr(keras.layers, name)(**kwargs), x)


def test_bad_interpolation():
    with pytest.raises(ValueError, match="`interpolation`.*UpSampling2D"):
        layers.UpSampling2D(interpolation="cubic-ish")


def test_bad_size():
    with pytest.raises(ValueError, match="`size`"):
        layers.UpSampling3D(size=(2, 2))
    with pytest.raises(ValueError, match="`size`"):
        layers.UpSampling1D(size=0)


def test_bad_data_format():
    with pytest.raises(ValueError, match="`data_format`.*UpSampling3D"):
        layers.UpSampling3D(data_format="NDHWC")
