"""`SpectralNormalization`: contract, Keras parity, power iteration."""

import numpy as np
import pytest

from kerax import layers
from kerax.initializers import GlorotUniform
from kerax.testing import run_layer_test


def test_contract_inference():
    run_layer_test(
        layers.SpectralNormalization,
        {"layer": layers.Dense(2)},
        input_shape=(2, 3),
        expected_output_shape=(2, 2),
        expected_num_trainable_weights=2,
        expected_num_non_trainable_weights=1,
        run_training_check=False,
        ignored_config_keys=("layer",),
    )


def test_contract_training():
    run_layer_test(
        layers.SpectralNormalization,
        {"layer": layers.Dense(2), "power_iterations": 2},
        input_shape=(2, 3),
        call_kwargs={"training": True},
        expected_output_shape=(2, 2),
        run_training_check=False,
        ignored_config_keys=("layer",),
        atol=1e-5,
        rtol=1e-5,
    )


def _pair(keras, kind):
    if kind == "dense":
        return (
            layers.SpectralNormalization(layers.Dense(3), power_iterations=2),
            keras.layers.SpectralNormalization(
                keras.layers.Dense(3), power_iterations=2
            ),
            np.random.default_rng(1).normal(size=(2, 4)).astype("float32"),
        )
    return (
        layers.SpectralNormalization(layers.Embedding(5, 3)),
        keras.layers.SpectralNormalization(keras.layers.Embedding(5, 3)),
        np.array([[1, 2, 4]]),
    )


@pytest.mark.parametrize("kind", ["dense", "embedding"])
def test_parity(parity, keras, kind):
    kx, k, x = _pair(keras, kind)
    parity.copy_weights(kx, k, x)
    parity.check(kx, k, x, copy=False)
    # Training: vector_u and the kernel are updated like Keras's.
    parity.check(kx, k, x, call_kwargs={"training": True}, copy=False)
    parity.check(kx, k, x, call_kwargs={"training": True}, copy=False)


def test_normalizes_spectral_norm(rng):
    # A seeded kernel whose top two singular values are far apart (1.82 vs
    # 1.24): 20 power iterations converge whatever the random `vector_u`.
    # An unseeded kernel drawn in another test order can have them within
    # a few percent, and then 20 iterations are not enough for 1e-3.
    dense = layers.Dense(4, kernel_initializer=GlorotUniform(seed=4))
    layer = layers.SpectralNormalization(dense, power_iterations=20)
    x = rng.normal(size=(2, 6)).astype("float32")
    layer(x, training=True)
    sigma = np.linalg.svd(np.asarray(layer.layer.kernel.value))[1][0]
    np.testing.assert_allclose(sigma, 1.0, rtol=1e-3)


def test_vector_u_is_non_trainable_state():
    layer = layers.SpectralNormalization(layers.Dense(2))
    layer(np.ones((1, 3), "float32"))
    assert [w.name for w in layer.non_trainable_weights] == ["vector_u"]
    assert [w.name for w in layer.trainable_weights] == ["kernel", "bias"]


def test_config_round_trip():
    layer = layers.SpectralNormalization(
        layers.Dense(2, name="d"), power_iterations=3
    )
    revived = layers.SpectralNormalization.from_config(layer.get_config())
    assert revived.power_iterations == 3
    assert isinstance(revived.layer, layers.Dense)
    assert revived.layer.units == 2


@pytest.mark.parametrize("iterations", [0, -1, 1.5])
def test_bad_power_iterations(iterations):
    with pytest.raises(ValueError, match="power_iterations="):
        layers.SpectralNormalization(
            layers.Dense(2), power_iterations=iterations
        )


def test_bad_layer():
    with pytest.raises(ValueError, match="Received: layer="):
        layers.SpectralNormalization("dense")


def test_layer_without_kernel():
    layer = layers.SpectralNormalization(layers.UnitNormalization())
    with pytest.raises(ValueError, match="no attribute 'kernel'"):
        layer(np.ones((1, 3), "float32"))
