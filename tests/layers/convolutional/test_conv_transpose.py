"""`Conv1DTranspose/2DTranspose/3DTranspose`: contract, parity, errors."""

import pytest

from kerax import layers
from kerax.testing import run_layer_test

_ZEROS = {"kernel_initializer": "zeros"}


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


def test_contract():
    run_layer_test(
        layers.Conv2DTranspose,
        {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same"},
        input_shape=(2, 3, 3, 2),
        expected_output_shape=(2, 6, 6, 3),
        expected_num_trainable_weights=2,
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"strides": 2, "padding": "valid"},
        {"strides": 2, "padding": "same"},
        {"strides": (2, 3), "padding": "same", "output_padding": (1, 2)},
        {"strides": 3, "padding": "valid", "output_padding": 1},
        {"dilation_rate": 2, "padding": "same"},
        {"strides": 2, "data_format": "channels_first"},
    ],
)
def test_conv2d_transpose_parity(parity, keras, rng, kwargs):
    channels_first = kwargs.get("data_format") == "channels_first"
    shape = (2, 3, 4, 5) if channels_first else (2, 4, 5, 3)
    x = rng.normal(size=shape).astype("float32")
    kwargs = {"filters": 2, "kernel_size": 3, **kwargs, **_ZEROS}
    layer = layers.Conv2DTranspose(**kwargs)
    _check(parity, layer, keras.layers.Conv2DTranspose(**kwargs), x)
    assert layer.compute_output_shape(shape) == layer(x).shape


@pytest.mark.parametrize(
    "name, kwargs, shape",
    [
        ("Conv1DTranspose", {"strides": 2, "padding": "same"}, (2, 5, 3)),
        ("Conv1DTranspose", {"kernel_size": 2, "strides": 3}, (2, 4, 3)),
        ("Conv3DTranspose", {"strides": 2, "padding": "same"},
         (1, 2, 3, 2, 2)),
    ],
)
def test_1d_3d_parity(parity, keras, rng, name, kwargs, shape):
    x = rng.normal(size=shape).astype("float32")
    kwargs = {"filters": 2, "kernel_size": 3, **kwargs, **_ZEROS}
    layer = getattr(layers, name)(**kwargs)
    _check(parity, layer, getattr(keras.layers, name)(**kwargs), x)
    assert layer.compute_output_shape(shape) == layer(x).shape


def test_aliases():
    assert layers.Deconvolution2D is layers.Conv2DTranspose
    assert layers.Convolution2DTranspose is layers.Conv2DTranspose
    assert layers.Deconvolution3D is layers.Conv3DTranspose


def test_output_padding_not_less_than_strides():
    with pytest.raises(ValueError, match="output_padding"):
        layers.Conv2DTranspose(2, 3, strides=2, output_padding=2)


def test_causal_padding_rejected():
    with pytest.raises(ValueError, match="`padding`.*Conv1DTranspose"):
        layers.Conv1DTranspose(2, 3, padding="causal")


def test_bad_data_format():
    with pytest.raises(ValueError, match="`data_format`"):
        layers.Conv3DTranspose(2, 3, data_format="NCDHW")
