"""`Conv1D/2D/3D`: contract, Keras parity, errors."""

import numpy as np
import pytest

import kerax
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


def _x(rng, shape):
    return rng.normal(size=shape).astype("float32")


def test_contract_conv2d():
    run_layer_test(
        layers.Conv2D,
        {"filters": 4, "kernel_size": 3, "padding": "same",
         "activation": "relu", "kernel_regularizer": "l2"},
        input_shape=(2, 5, 5, 3),
        expected_output_shape=(2, 5, 5, 4),
        expected_num_trainable_weights=2,
        expected_num_losses=1,
    )


@pytest.mark.parametrize(
    "name, kwargs, shape, out",
    [
        ("Conv1D", {"filters": 2, "kernel_size": 2, "padding": "causal",
                    "use_bias": False}, (2, 5, 3), (2, 5, 2)),
        ("Conv3D", {"filters": 2, "kernel_size": 2, "groups": 2,
                    "data_format": "channels_first"},
         (1, 4, 3, 3, 3), (1, 2, 2, 2, 2)),
    ],
)
def test_contract_1d_3d(name, kwargs, shape, out):
    run_layer_test(
        getattr(layers, name), kwargs, input_shape=shape,
        expected_output_shape=out, run_training_check=False,
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"padding": "valid"},
        {"padding": "same", "strides": 2},
        {"padding": "valid", "strides": (2, 1)},
        {"padding": "same", "dilation_rate": 2},
        {"padding": "valid", "dilation_rate": (2, 1)},
        {"groups": 2, "padding": "same"},
        {"data_format": "channels_first", "padding": "same", "strides": 2},
        {"data_format": "channels_first", "groups": 2},
        {"use_bias": False, "activation": "tanh"},
    ],
)
def test_conv2d_parity(parity, keras, rng, kwargs):
    channels_first = kwargs.get("data_format") == "channels_first"
    x = _x(rng, (2, 4, 7, 6) if channels_first else (2, 7, 6, 4))
    kwargs = {"filters": 6, "kernel_size": (3, 2), **kwargs}
    kwargs.update(_ZEROS)
    _check(parity, layers.Conv2D(**kwargs), keras.layers.Conv2D(**kwargs), x)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"padding": "causal", "dilation_rate": 2},
        {"padding": "causal", "data_format": "channels_first"},
        {"padding": "same", "strides": 3},
        {"padding": "valid", "groups": 3},
    ],
)
def test_conv1d_parity(parity, keras, rng, kwargs):
    channels_first = kwargs.get("data_format") == "channels_first"
    x = _x(rng, (2, 3, 9) if channels_first else (2, 9, 3))
    kwargs = {"filters": 3, "kernel_size": 3, **kwargs}
    kwargs.update(_ZEROS)
    _check(parity, layers.Conv1D(**kwargs), keras.layers.Conv1D(**kwargs), x)


@pytest.mark.parametrize(
    "kwargs",
    [{"padding": "same", "strides": 2},
     {"data_format": "channels_first", "dilation_rate": 2}],
)
def test_conv3d_parity(parity, keras, rng, kwargs):
    channels_first = kwargs.get("data_format") == "channels_first"
    x = _x(rng, (1, 2, 5, 5, 5) if channels_first else (1, 5, 5, 5, 2))
    kwargs = {"filters": 2, "kernel_size": 2, **kwargs}
    kwargs.update(_ZEROS)
    _check(parity, layers.Conv3D(**kwargs), keras.layers.Conv3D(**kwargs), x)


def test_config_matches_keras(keras):
    kwargs = {"filters": 3, "kernel_size": 2, "strides": 1,
              "padding": "same", "kernel_regularizer": "l2"}
    ours = layers.Conv2D(name="c", **kwargs).get_config()
    theirs = keras.layers.Conv2D(name="c", **kwargs).get_config()
    assert set(ours) == set(theirs)
    for key in ("filters", "kernel_size", "strides", "padding",
                "dilation_rate", "groups", "data_format", "use_bias"):
        assert ours[key] == theirs[key], key


def test_aliases_and_symbolic_shape():
    assert layers.Convolution2D is layers.Conv2D
    assert layers.Convolution1D is layers.Conv1D
    assert layers.Convolution3D is layers.Conv3D
    out = layers.Conv2D(8, 3, strides=2)(kerax.Input((28, 28, 1)))
    assert out.shape == (None, 13, 13, 8)


# ------------------------------------------------------------- errors
def test_bad_padding_string():
    with pytest.raises(ValueError, match="`padding`.*Conv2D.*full"):
        layers.Conv2D(2, 3, padding="full")


def test_causal_only_for_1d():
    with pytest.raises(ValueError, match="`padding`.*Conv2D"):
        layers.Conv2D(2, 3, padding="causal")


def test_bad_data_format():
    with pytest.raises(ValueError, match="`data_format`.*Conv1D.*nhwc"):
        layers.Conv1D(2, 3, data_format="nhwc")


def test_kernel_bigger_than_input():
    layer = layers.Conv2D(2, 5, name="too_big")
    with pytest.raises(ValueError, match="`kernel_size`.*too_big"):
        layer(np.ones((1, 3, 3, 1), "float32"))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"filters": 0, "kernel_size": 3}, "`filters`"),
        ({"filters": 4, "kernel_size": 0}, "`kernel_size`"),
        ({"filters": 4, "kernel_size": (3, 3, 3)}, "`kernel_size`"),
        ({"filters": 4, "kernel_size": 3, "strides": 0}, "`strides`"),
        ({"filters": 3, "kernel_size": 3, "groups": 2}, "groups"),
        ({"filters": 4, "kernel_size": 3, "strides": 2,
          "dilation_rate": 2}, "dilation_rate"),
        ({"filters": 4, "kernel_size": 3, "lora_rank": 0}, "lora_rank"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        layers.Conv2D(**kwargs)


def test_channels_not_divisible_by_groups():
    layer = layers.Conv2D(4, 1, groups=2)
    with pytest.raises(ValueError, match="groups"):
        layer(np.ones((1, 2, 2, 3), "float32"))
