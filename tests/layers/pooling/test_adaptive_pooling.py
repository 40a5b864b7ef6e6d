"""`AdaptiveAveragePooling*D`, `AdaptiveMaxPooling*D`: contract, parity,
errors."""

import pytest

from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.AdaptiveAveragePooling2D, {"output_size": (2, 3)},
        input_shape=(2, 5, 7, 3), expected_output_shape=(2, 2, 3, 3),
        expected_num_trainable_weights=0,
    )


@pytest.mark.parametrize("mode", ["Max", "Average"])
@pytest.mark.parametrize(
    "rank, output_size, data_format",
    [
        (1, 3, "channels_last"),
        (2, (3, 2), "channels_last"),
        (2, 4, "channels_first"),
        (3, (2, 3, 2), "channels_last"),
    ],
)
def test_parity(parity, keras, rng, mode, rank, output_size, data_format):
    spatial = (7, 5, 6)[:rank]
    shape = (2,) + spatial + (3,) if data_format == "channels_last" else (
        (2, 3) + spatial
    )
    x = rng.normal(size=shape).astype("float32")
    name = f"Adaptive{mode}Pooling{rank}D"
    kwargs = {"output_size": output_size, "data_format": data_format}
    parity.check(getattr(layers, name)(**kwargs),
                 getattr(keras.layers, name)(**kwargs), x)


def test_bad_output_size():
    with pytest.raises(ValueError, match="`output_size`"):
        layers.AdaptiveMaxPooling2D((2, 2, 2))


def test_bad_data_format():
    with pytest.raises(ValueError, match="`data_format`"):
        layers.AdaptiveAveragePooling1D(2, data_format="NWC")
