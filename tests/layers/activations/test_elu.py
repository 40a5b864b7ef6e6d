"""`ELU`: contract, Keras parity, errors."""

import pytest

from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.ELU,
        {"alpha": 0.5},
        input_shape=(2, 3),
        expected_output_shape=(2, 3),
        expected_num_trainable_weights=0,
        supports_masking=True,
    )


@pytest.mark.parametrize("alpha", [1.0, 0.3])
def test_parity(parity, keras, rng, alpha):
    x = rng.normal(size=(2, 5)).astype("float32")
    parity.check(layers.ELU(alpha=alpha), keras.layers.ELU(alpha=alpha), x)


def test_config_keeps_alpha():
    # Keras's ELU leaves `alpha` out of its config; kerax keeps it.
    config = layers.ELU(alpha=0.7).get_config()
    assert config["alpha"] == 0.7
    assert layers.ELU.from_config(config).alpha == 0.7


def test_bad_alpha():
    with pytest.raises(ValueError, match="Received: alpha="):
        layers.ELU(alpha="big")
