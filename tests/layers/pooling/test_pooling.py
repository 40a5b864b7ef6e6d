"""`MaxPooling*D`, `AveragePooling*D`: contract, Keras parity, errors."""

import jax
import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test


@pytest.mark.parametrize(
    "name, kwargs, shape, out",
    [
        ("MaxPooling2D", {"pool_size": 2}, (2, 4, 5, 3), (2, 2, 2, 3)),
        ("AveragePooling1D", {"pool_size": 2, "padding": "same"},
         (2, 5, 3), (2, 3, 3)),
        ("MaxPooling3D", {"pool_size": 2, "data_format": "channels_first"},
         (1, 2, 4, 4, 4), (1, 2, 2, 2, 2)),
    ],
)
def test_contract(name, kwargs, shape, out):
    run_layer_test(
        getattr(layers, name), kwargs, input_shape=shape,
        expected_output_shape=out, expected_num_trainable_weights=0,
    )


@pytest.mark.parametrize("mode", ["Max", "Average"])
@pytest.mark.parametrize(
    "kwargs",
    [
        {"pool_size": 2},
        {"pool_size": 3, "strides": 2, "padding": "same"},
        {"pool_size": (2, 3), "strides": 1, "padding": "valid"},
        {"pool_size": 3, "strides": 2, "padding": "same",
         "data_format": "channels_first"},
    ],
)
def test_2d_parity(parity, keras, rng, mode, kwargs):
    x = rng.normal(size=(2, 5, 7, 3)).astype("float32")
    name = f"{mode}Pooling2D"
    parity.check(getattr(layers, name)(**kwargs),
                 getattr(keras.layers, name)(**kwargs), x)


@pytest.mark.parametrize(
    "name, kwargs, shape",
    [
        ("MaxPooling1D", {"pool_size": 3, "strides": 2, "padding": "same"},
         (2, 7, 3)),
        ("AveragePooling1D", {"pool_size": 2,
                              "data_format": "channels_first"}, (2, 3, 7)),
        ("MaxPooling3D", {"padding": "same"}, (1, 3, 5, 4, 2)),
        ("AveragePooling3D", {"pool_size": 2, "padding": "same"},
         (1, 3, 5, 4, 2)),
    ],
)
def test_1d_3d_parity(parity, keras, rng, name, kwargs, shape):
    x = rng.normal(size=shape).astype("float32")
    parity.check(getattr(layers, name)(**kwargs),
                 getattr(keras.layers, name)(**kwargs), x)


def test_aliases_and_defaults():
    assert layers.MaxPool2D is layers.MaxPooling2D
    assert layers.AvgPool1D is layers.AveragePooling1D
    assert layers.MaxPool3D is layers.MaxPooling3D
    assert layers.MaxPooling1D().pool_size == (2,)
    assert layers.MaxPooling2D(strides=None).strides == (2, 2)


@pytest.mark.parametrize("name", ["MaxPooling2D", "AveragePooling2D"])
def test_pooling_gradient_under_jit(name):
    layer = getattr(layers, name)(padding="same") if name.startswith(
        "Max") else getattr(layers, name)(2, padding="same")
    x = np.ones((1, 4, 4, 1), "float32")
    grad = jax.jit(jax.grad(lambda x: layer(x).sum()))(x)
    assert grad.shape == x.shape


# ------------------------------------------------------------- errors
def test_bad_padding_string():
    with pytest.raises(ValueError, match="`padding`.*MaxPooling2D.*full"):
        layers.MaxPooling2D(padding="full")


def test_bad_data_format():
    with pytest.raises(ValueError, match="`data_format`.*AveragePooling2D"):
        layers.AveragePooling2D(2, data_format="NCHW")


def test_pool_bigger_than_input():
    layer = layers.MaxPooling2D(5, name="big_pool")
    with pytest.raises(ValueError, match="`pool_size`.*big_pool"):
        layer(np.ones((1, 3, 3, 1), "float32"))


@pytest.mark.parametrize(
    "kwargs", [{"pool_size": 0}, {"pool_size": (2, 2, 2)},
               {"pool_size": 2, "strides": 0}]
)
def test_bad_sizes(kwargs):
    with pytest.raises(ValueError, match="pool_size|strides"):
        layers.MaxPooling2D(**kwargs)
