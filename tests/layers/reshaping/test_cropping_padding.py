"""`Cropping1D/2D/3D`, `ZeroPadding1D/2D/3D`: contract, parity, errors."""

import numpy as np
import pytest

import kerax
from kerax import layers
from kerax.testing import run_layer_test


@pytest.mark.parametrize(
    "name, kwargs, shape, out",
    [
        ("Cropping2D", {"cropping": ((1, 0), (1, 2))}, (2, 4, 5, 3),
         (2, 3, 2, 3)),
        ("ZeroPadding1D", {"padding": (1, 2)}, (2, 3, 4), (2, 6, 4)),
    ],
)
def test_contract(name, kwargs, shape, out):
    run_layer_test(getattr(layers, name), kwargs, input_shape=shape,
                   expected_output_shape=out,
                   expected_num_trainable_weights=0)


@pytest.mark.parametrize(
    "name, kwargs, shape",
    [
        ("Cropping1D", {"cropping": (1, 2)}, (2, 6, 3)),
        ("Cropping1D", {"cropping": 2}, (2, 6, 3)),
        ("Cropping2D", {"cropping": ((1, 2), (0, 1))}, (2, 5, 4, 3)),
        ("Cropping2D", {"cropping": 1, "data_format": "channels_first"},
         (2, 3, 5, 4)),
        ("Cropping3D", {"cropping": (1, 0, 2)}, (1, 4, 3, 5, 2)),
        ("Cropping3D", {"data_format": "channels_first"}, (1, 2, 4, 3, 5)),
        ("ZeroPadding1D", {"padding": 2, "data_format": "channels_first"},
         (2, 3, 4)),
        ("ZeroPadding2D", {"padding": ((1, 0), (2, 3))}, (2, 3, 4, 2)),
        ("ZeroPadding2D", {"padding": (1, 2),
                           "data_format": "channels_first"}, (2, 2, 3, 4)),
        ("ZeroPadding3D", {"padding": (1, 0, 2)}, (1, 2, 3, 2, 2)),
    ],
)
def test_parity(parity, keras, rng, name, kwargs, shape):
    x = rng.normal(size=shape).astype("float32")
    layer = getattr(layers, name)(**kwargs)
    keras_layer = getattr(keras.layers, name)(**kwargs)
    parity.check(layer, keras_layer, x)
    assert layer.compute_output_shape(shape) == tuple(
        keras_layer.compute_output_shape(shape)
    )
    theirs = keras_layer.get_config()
    ours = layer.get_config()
    assert set(ours) == set(theirs)
    key = "cropping" if "cropping" in theirs else "padding"
    assert ours[key] == tuple(theirs[key])


def test_unknown_spatial_size():
    out = layers.ZeroPadding2D(1)(kerax.Input((None, 4, 2)))
    assert out.shape == (None, None, 6, 2)
    out = layers.Cropping1D((1, 1))(kerax.Input((None, 3)))
    assert out.shape == (None, None, 3)


@pytest.mark.parametrize(
    "name, value",
    [
        ("Cropping1D", (1, 2, 3)),
        ("Cropping2D", ((1, 2), (3, 4, 5))),
        ("Cropping3D", "1"),
        ("ZeroPadding2D", ((1, 2), (3, -4))),
        ("ZeroPadding3D", (1, 2)),
    ],
)
def test_bad_amounts(name, value):
    argument = "cropping" if name.startswith("Crop") else "padding"
    with pytest.raises(ValueError, match=f"`{argument}`.*{name}"):
        getattr(layers, name)(value)


def test_cropping_more_than_input():
    layer = layers.Cropping2D(((3, 3), (0, 0)), name="crop_all")
    with pytest.raises(ValueError, match="`cropping`.*crop_all"):
        layer(np.ones((1, 5, 5, 1), "float32"))
    with pytest.raises(ValueError, match="`cropping`"):
        layers.Cropping1D((2, 3))(kerax.Input((5, 2)))


def test_bad_data_format():
    with pytest.raises(ValueError, match="`data_format`.*ZeroPadding2D"):
        layers.ZeroPadding2D(data_format="NHWC")
