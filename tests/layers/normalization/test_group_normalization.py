"""`GroupNormalization`: contract, Keras parity, semantics, errors."""

import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.GroupNormalization,
        {"groups": 2},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_trainable_weights=2,
        expected_num_non_trainable_weights=0,
        supports_masking=True,
    )


def test_contract_channels_first_no_center():
    run_layer_test(
        layers.GroupNormalization,
        {"groups": -1, "axis": 1, "center": False},
        input_shape=(2, 4, 3),
        expected_output_shape=(2, 4, 3),
        expected_num_trainable_weights=1,
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"groups": 2},
        {"groups": -1},
        {"groups": 3, "axis": 1},
        {"groups": 1, "axis": -2, "center": False},
        {"groups": 2, "axis": 2, "scale": False, "epsilon": 0.1},
    ],
)
def test_parity(parity, keras, rng, kwargs):
    x = (rng.normal(size=(2, 3, 4, 6)) * 3 + 1).astype("float32")
    kx = layers.GroupNormalization(**kwargs)
    k = keras.layers.GroupNormalization(**kwargs)
    parity.copy_weights(kx, k, x)
    parity.randomize(kx, k)
    parity.check(kx, k, x, atol=1e-4, copy=False)


def test_instance_normalization_statistics(rng):
    x = (rng.normal(size=(2, 5, 3)) * 4 + 2).astype("float32")
    out = np.asarray(layers.GroupNormalization(groups=-1)(x))
    np.testing.assert_allclose(out.mean(axis=1), 0.0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=1), 1.0, atol=1e-3)


def test_weight_names():
    layer = layers.GroupNormalization(groups=2)
    layer(np.ones((1, 4), "float32"))
    assert [w.path for w in layer.weights] == [
        f"{layer.name}/gamma",
        f"{layer.name}/beta",
    ]


def test_config_matches_keras(keras):
    ours = layers.GroupNormalization(groups=4, axis=1).get_config()
    theirs = keras.layers.GroupNormalization(groups=4, axis=1).get_config()
    assert set(ours) == set(theirs)
    for key in ("groups", "axis", "epsilon", "gamma_initializer"):
        assert ours[key] == theirs[key]


@pytest.mark.parametrize("groups", [0, -2, 1.5, "2"])
def test_bad_groups(groups):
    with pytest.raises(ValueError, match="Received: groups="):
        layers.GroupNormalization(groups=groups)


@pytest.mark.parametrize("groups, channels", [(3, 4), (8, 4)])
def test_groups_must_divide_channels(groups, channels):
    with pytest.raises(ValueError, match="Number of groups"):
        layers.GroupNormalization(groups=groups)(
            np.ones((1, channels), "float32")
        )


def test_bad_axis():
    with pytest.raises(ValueError, match="Received: axis="):
        layers.GroupNormalization(groups=1, axis=3)(np.ones((1, 4), "float32"))
