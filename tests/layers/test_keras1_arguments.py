"""Keras 1 argument names that Keras 2 converted (with a warning)."""

import numpy as np
import pytest

import kerax
from kerax import layers


def _made(factory):
    with pytest.warns(UserWarning, match="Keras 1 arguments"):
        return factory()


@pytest.mark.parametrize("factory,expected", [
    (lambda: layers.Dense(output_dim=3, init="zeros", bias=False),
     {"units": 3, "use_bias": False}),
    (lambda: layers.Dropout(p=0.25), {"rate": 0.25}),
    (lambda: layers.GaussianNoise(sigma=0.1), {"stddev": 0.1}),
    (lambda: layers.Conv2D(8, 3, nb_col=2, border_mode="same",
                           subsample=(2, 2), dim_ordering="th"),
     {"filters": 8, "kernel_size": (3, 2), "padding": "same",
      "strides": (2, 2), "data_format": "channels_first"}),
    (lambda: layers.Convolution2D(4, nb_row=3, nb_col=3),
     {"kernel_size": (3, 3)}),
    (lambda: layers.Conv3D(2, kernel_dim1=1, kernel_dim2=2, kernel_dim3=3),
     {"kernel_size": (1, 2, 3)}),
    (lambda: layers.Conv1D(nb_filter=4, filter_length=3,
                           subsample_length=2),
     {"filters": 4, "kernel_size": (3,), "strides": (2,)}),
    (lambda: layers.MaxPooling1D(pool_length=3, stride=1),
     {"pool_size": (3,), "strides": (1,)}),
    (lambda: layers.AveragePooling2D(2, border_mode="same",
                                     dim_ordering="tf"),
     {"padding": "same", "data_format": "channels_last"}),
    (lambda: layers.LSTM(output_dim=4, inner_activation="sigmoid",
                         dropout_U=0.1, forget_bias_init="one"),
     {"units": 4, "recurrent_dropout": 0.1, "unit_forget_bias": True}),
    (lambda: layers.BatchNormalization(mode=0, gamma_init="ones"), {}),
    (lambda: layers.ZeroPadding2D(padding={"top_pad": 1, "right_pad": 2}),
     {"padding": ((1, 0), (0, 2))}),
    (lambda: layers.UpSampling1D(length=3), {"size": 3}),
])
def test_conversions(factory, expected):
    config = _made(factory).get_config()
    for key, value in expected.items():
        assert config[key] == value


def test_recurrent_and_conv1d_input_dim_become_input_shape():
    lstm = _made(lambda: layers.LSTM(output_dim=2, input_dim=3,
                                     input_length=5))
    model = kerax.Sequential([lstm])
    assert model.input_shape == (None, 5, 3)
    assert model.predict(np.zeros((1, 5, 3)), verbose=0).shape == (1, 2)


def test_errors_and_keras3_meaning_kept():
    with pytest.raises(TypeError, match="both the Keras 1 argument `p`"):
        layers.Dropout(p=0.1, rate=0.2)
    with pytest.raises(TypeError, match="mode"):
        layers.BatchNormalization(mode=2)
    with pytest.warns(UserWarning, match="SpatialDropout1D"):
        layers.Embedding(5, 2, dropout=0.2)
    # Three positional ints are Keras 3's (filters, kernel_size, strides).
    conv = layers.Conv2D(4, 3, 2)
    assert conv.kernel_size == (3, 3) and conv.strides == (2, 2)
