"""`BatchNormalization`: contract, Keras parity (training updates,
inference, axes, masks, renorm), Keras 2 arguments, errors."""

import jax
import numpy as np
import pytest

import kerax
from kerax import layers
from kerax.testing import run_layer_test


def test_contract_inference():
    run_layer_test(
        layers.BatchNormalization, {}, input_shape=(4, 3),
        expected_output_shape=(4, 3), expected_num_trainable_weights=2,
        expected_num_non_trainable_weights=2, supports_masking=True,
    )


def test_contract_training():
    run_layer_test(
        layers.BatchNormalization,
        {"axis": 1, "momentum": 0.9, "center": False},
        input_shape=(4, 3, 2), call_kwargs={"training": True},
        expected_output_shape=(4, 3, 2), expected_num_trainable_weights=1,
        expected_num_non_trainable_weights=2, run_training_check=False,
    )


def test_contract_renorm():
    run_layer_test(
        layers.BatchNormalization,
        {"renorm": True, "renorm_clipping": {"rmax": 2.0, "dmax": 1.0}},
        input_shape=(4, 3), call_kwargs={"training": True},
        expected_num_trainable_weights=2,
        expected_num_non_trainable_weights=5, run_training_check=False,
    )


@pytest.mark.parametrize("kwargs, shape", [
    ({}, (4, 3)),
    ({"axis": 1}, (4, 3, 2)),
    ({"axis": -1, "scale": False}, (3, 2, 2, 3)),
    ({"momentum": 0.5, "epsilon": 1e-2, "center": False}, (5, 3)),
])
def test_parity(parity, keras, rng, kwargs, shape):
    x = (rng.normal(size=shape) * 3 + 1).astype("float32")
    ours = layers.BatchNormalization(**kwargs)
    theirs = keras.layers.BatchNormalization(**kwargs)
    parity.copy_weights(ours, theirs, x)
    weights = theirs.get_weights()  # non-trivial weights and statistics
    weights[-2] = rng.normal(size=weights[-2].shape).astype("float32")
    weights[-1] = rng.uniform(0.5, 2, size=weights[-1].shape).astype(
        "float32")
    theirs.set_weights(weights)
    ours.set_weights(weights)
    # Inference, then a training call (which updates the moving stats,
    # compared after the call), then inference with the new stats.
    for training in (False, True, False):
        parity.check(ours, theirs, x, call_kwargs={"training": training},
                     copy=False, atol=1e-4)


def test_parity_masked_training(parity, keras, rng):
    x = rng.normal(size=(2, 4, 3)).astype("float32")
    mask = np.array([[True, True, False, False], [True, True, True, False]])
    parity.check(layers.BatchNormalization(),
                 keras.layers.BatchNormalization(), x,
                 call_kwargs={"training": True, "mask": mask}, atol=1e-4)


def test_parity_renorm(parity, keras, rng):
    kwargs = {"renorm": True, "renorm_clipping": {"rmax": 1.5, "dmax": 0.5},
              "renorm_momentum": 0.9}
    ours = layers.BatchNormalization(**kwargs)
    theirs = keras.layers.BatchNormalization(**kwargs)
    for _ in range(2):
        x = (rng.normal(size=(6, 3)) * 2 + 1).astype("float32")
        parity.check(ours, theirs, x, call_kwargs={"training": True},
                     copy=_ == 0, atol=1e-4)
    parity.check(ours, theirs, x, call_kwargs={"training": False},
                 copy=False, atol=1e-4)


def test_moving_stats_only_when_training(rng):
    x = rng.normal(size=(8, 2)).astype("float32")
    layer = layers.BatchNormalization(momentum=0.5)
    layer(x)
    np.testing.assert_array_equal(layer.moving_mean.numpy(), [0.0, 0.0])
    layer(x, training=True)
    np.testing.assert_allclose(layer.moving_mean.numpy(),
                               x.mean(0) * 0.5, rtol=1e-5)
    frozen = layers.BatchNormalization()
    frozen(x)
    frozen.trainable = False
    frozen(x, training=True)
    np.testing.assert_array_equal(frozen.moving_mean.numpy(), [0.0, 0.0])


def test_stateless_call_returns_new_moving_stats(rng):
    x = rng.normal(size=(8, 2)).astype("float32")
    layer = layers.BatchNormalization(momentum=0.0)
    layer(x)
    tv = [v.value for v in layer.trainable_variables]
    ntv = [v.value for v in layer.non_trainable_variables]
    _, new = jax.jit(
        lambda t, n: layer.stateless_call(t, n, x, training=True)
    )(tv, ntv)
    np.testing.assert_allclose(np.asarray(new[0]), x.mean(0), rtol=1e-5)
    np.testing.assert_array_equal(layer.moving_mean.numpy(), [0.0, 0.0])


def test_weight_names_and_config_match_keras(keras):
    ours = layers.BatchNormalization()
    theirs = keras.layers.BatchNormalization()
    ours.build((None, 3))
    theirs.build((None, 3))
    assert [w.name for w in ours.weights] == [w.name for w in theirs.weights]
    assert set(ours.get_config()) == set(theirs.get_config())


def test_keras2_arguments():
    layer = layers.BatchNormalization(fused=True)
    assert "fused" not in layer.get_config()
    with pytest.raises(ValueError, match="virtual_batch_size"):
        layers.BatchNormalization(virtual_batch_size=8)
    with pytest.raises(ValueError, match="adjustment"):
        layers.BatchNormalization(adjustment=lambda s: (1, 0))


def test_synchronized_accepted(rng):
    layer = layers.BatchNormalization(synchronized=True)
    layer(rng.normal(size=(4, 2)).astype("float32"), training=True)
    assert layer.get_config()["synchronized"] is True


def test_bad_axis():
    with pytest.raises(ValueError, match="Received: axis="):
        layers.BatchNormalization(axis="x")
    layer = layers.BatchNormalization(axis=3, name="bn_axis")
    with pytest.raises(ValueError, match="bn_axis"):
        layer(np.zeros((2, 3), "float32"))


def test_bad_momentum_and_epsilon():
    with pytest.raises(ValueError, match="Received: momentum="):
        layers.BatchNormalization(momentum=1.5)
    with pytest.raises(ValueError, match="Received: epsilon="):
        layers.BatchNormalization(epsilon=-1.0)


def test_bad_renorm_clipping():
    with pytest.raises(ValueError, match="renorm_clipping"):
        layers.BatchNormalization(renorm=True, renorm_clipping={"x": 1})


def test_wrong_rank_after_build():
    layer = layers.BatchNormalization(name="bn_rank")
    layer(np.zeros((2, 3), "float32"))
    with pytest.raises(ValueError, match="bn_rank"):
        layer(np.zeros((2, 3, 3), "float32"))


def test_symbolic_build():
    out = layers.BatchNormalization()(kerax.Input((5, 3)))
    assert out.shape == (None, 5, 3)
