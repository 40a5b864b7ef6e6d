"""`DepthwiseConv1D/2D`, `SeparableConv1D/2D`: contract, parity, errors."""

import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test

_ZEROS = {"depthwise_initializer": "zeros"}


def _check(parity, layer, keras_layer, x):
    """Builds both, sets the same random NumPy weights (Keras's random
    initializers compile slowly on CPU), compares outputs."""
    layer(x)
    keras_layer(x)
    assert [w.name for w in layer.weights] == [
        w.name for w in keras_layer.weights
    ]
    parity.randomize(layer, keras_layer)
    parity.check(layer, keras_layer, x, copy=False)


def test_contract_depthwise():
    run_layer_test(
        layers.DepthwiseConv2D,
        {"kernel_size": 2, "depth_multiplier": 2},
        input_shape=(2, 4, 4, 3),
        expected_output_shape=(2, 3, 3, 6),
        expected_num_trainable_weights=2,
        run_training_check=False,
    )


def test_contract_separable():
    run_layer_test(
        layers.SeparableConv2D,
        {"filters": 4, "kernel_size": 3, "padding": "same"},
        input_shape=(2, 4, 4, 3),
        expected_output_shape=(2, 4, 4, 4),
        expected_num_trainable_weights=3,
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"depth_multiplier": 2, "padding": "same", "strides": 2},
        {"dilation_rate": 2},
        {"data_format": "channels_first", "depth_multiplier": 3},
    ],
)
def test_depthwise2d_parity(parity, keras, rng, kwargs):
    channels_first = kwargs.get("data_format") == "channels_first"
    x = rng.normal(size=(2, 3, 6, 6) if channels_first else (2, 6, 6, 3))
    x = x.astype("float32")
    kwargs = {"kernel_size": 3, **kwargs, **_ZEROS}
    _check(parity, layers.DepthwiseConv2D(**kwargs),
                 keras.layers.DepthwiseConv2D(**kwargs), x)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"depth_multiplier": 2, "padding": "same", "strides": 2},
        {"data_format": "channels_first", "dilation_rate": 2},
    ],
)
def test_separable2d_parity(parity, keras, rng, kwargs):
    channels_first = kwargs.get("data_format") == "channels_first"
    x = rng.normal(size=(2, 3, 6, 6) if channels_first else (2, 6, 6, 3))
    x = x.astype("float32")
    kwargs = {"filters": 4, "kernel_size": 3, **kwargs, **_ZEROS,
              "pointwise_initializer": "zeros"}
    _check(parity, layers.SeparableConv2D(**kwargs),
                 keras.layers.SeparableConv2D(**kwargs), x)


@pytest.mark.parametrize("name", ["DepthwiseConv1D", "SeparableConv1D"])
def test_1d_parity(parity, keras, rng, name):
    x = rng.normal(size=(2, 7, 3)).astype("float32")
    kwargs = {"kernel_size": 3, "depth_multiplier": 2, "padding": "same"}
    if name.startswith("Separable"):
        kwargs.update(filters=2, pointwise_initializer="zeros")
    kwargs.update(_ZEROS)
    _check(parity, getattr(layers, name)(**kwargs),
                 getattr(keras.layers, name)(**kwargs), x)


def test_aliases():
    assert layers.SeparableConvolution2D is layers.SeparableConv2D
    assert layers.SeparableConvolution1D is layers.SeparableConv1D


def test_bad_depth_multiplier():
    with pytest.raises(ValueError, match="`depth_multiplier`"):
        layers.DepthwiseConv2D(3, depth_multiplier=0)


def test_bad_padding():
    with pytest.raises(ValueError, match="`padding`.*SeparableConv2D"):
        layers.SeparableConv2D(2, 3, padding="full")


def test_kernel_bigger_than_input():
    with pytest.raises(ValueError, match="`kernel_size`.*DepthwiseConv1D"):
        layers.DepthwiseConv1D(5)(np.ones((1, 3, 2), "float32"))
