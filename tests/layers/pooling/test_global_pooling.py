"""`GlobalMaxPooling*D`, `GlobalAveragePooling*D`: contract, parity,
masking, errors."""

import numpy as np
import pytest

import kerax
from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.GlobalAveragePooling2D, {"keepdims": True},
        input_shape=(2, 3, 4, 5), expected_output_shape=(2, 1, 1, 5),
        expected_num_trainable_weights=0,
    )


def test_contract_1d_masking():
    run_layer_test(
        layers.GlobalAveragePooling1D, {},
        input_shape=(2, 3, 4), expected_output_shape=(2, 4),
        supports_masking=True, run_training_check=False,
    )


@pytest.mark.parametrize("rank", [1, 2, 3])
@pytest.mark.parametrize("mode", ["Max", "Average"])
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"keepdims": True, "data_format": "channels_first"}],
)
def test_parity(parity, keras, rng, rank, mode, kwargs):
    x = rng.normal(size=(2,) + (3, 4, 5)[:rank] + (2,)).astype("float32")
    name = f"Global{mode}Pooling{rank}D"
    parity.check(getattr(layers, name)(**kwargs),
                 getattr(keras.layers, name)(**kwargs), x)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_average_1d_mask_parity(keras, rng, data_format):
    x = rng.normal(size=(3, 5, 2)).astype("float32")
    if data_format == "channels_first":
        x = x.transpose(0, 2, 1)
    mask = np.array(
        [[1, 1, 0, 0, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0]], bool
    )
    ours = layers.GlobalAveragePooling1D(data_format=data_format)(
        x, mask=mask
    )
    theirs = keras.layers.GlobalAveragePooling1D(data_format=data_format)(
        x, mask=mask
    )
    np.testing.assert_allclose(ours, theirs, atol=1e-6)
    assert layers.GlobalAveragePooling1D().compute_mask(x, mask) is None


def test_mask_through_functional_model():
    inputs = kerax.Input((4,), dtype="int32")
    embedded = layers.Embedding(5, 2, mask_zero=True)(inputs)
    model = kerax.Model(inputs, layers.GlobalAveragePooling1D()(embedded))
    ids = np.array([[1, 2, 0, 0]], "int32")
    table = model.layers[1].get_weights()[0]
    np.testing.assert_allclose(
        model.predict(ids, verbose=0)[0], table[[1, 2]].mean(0), atol=1e-6
    )


def test_aliases():
    assert layers.GlobalMaxPool1D is layers.GlobalMaxPooling1D
    assert layers.GlobalAvgPool2D is layers.GlobalAveragePooling2D
    assert layers.GlobalAvgPool3D is layers.GlobalAveragePooling3D


def test_bad_data_format():
    with pytest.raises(ValueError, match="`data_format`.*GlobalMaxPooling3D"):
        layers.GlobalMaxPooling3D(data_format="channels_middle")


def test_wrong_rank():
    with pytest.raises(ValueError, match="expected ndim=4"):
        layers.GlobalMaxPooling2D()(np.ones((2, 3, 4), "float32"))
