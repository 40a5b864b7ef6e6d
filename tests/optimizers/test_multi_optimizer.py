"""MultiOptimizer / OptimizerMap and ScheduleFreeAdamW against Keras."""

import numpy as np
import pytest

import kerax
from kerax import optimizers
from tests.optimizers.parity_utils import (
    gradient_sequence,
    run_keras,
    run_kerax_jit,
)


@pytest.mark.parametrize("options", [
    {"learning_rate": 0.01},
    {"learning_rate": 0.05, "warmup_steps": 3, "weight_decay": 0.1},
], ids=str)
def test_schedule_free_adamw_matches_keras(keras, options):
    grads = gradient_sequence(steps=6)
    k_params, k_opt, k_vars = run_keras(
        keras, keras.optimizers.ScheduleFreeAdamW(**options), grads)
    ours = optimizers.ScheduleFreeAdamW(**options)
    params, opt = run_kerax_jit(ours, grads)
    assert [v.name for v in ours.variables] == [v.name for v in k_vars]
    for a, b in zip(list(params) + list(opt), list(k_params) + list(k_opt)):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def _model(lib):
    inputs = lib.Input(shape=(4,))
    hidden = lib.layers.Dense(6, activation="tanh", name="enc")(inputs)
    return lib.Model(inputs, lib.layers.Dense(2, name="head")(hidden))


def _multi(lib):
    mapping = lib.optimizers.OptimizerMap(
        lib.optimizers.SGD(0.05, momentum=0.5),
        {"enc/.*": lib.optimizers.Adam(0.01)})
    return lib.optimizers.MultiOptimizer(mapping)


def test_multi_optimizer_fit_matches_keras(keras):
    rng = np.random.default_rng(5)
    x = rng.normal(size=(24, 4)).astype("float32")
    y = rng.normal(size=(24, 2)).astype("float32")
    theirs, ours = _model(keras), _model(kerax)
    ours.set_weights(theirs.get_weights())
    for model, lib in ((theirs, keras), (ours, kerax)):
        model.compile(optimizer=_multi(lib), loss="mse")
        model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    ours_vars = [v.name for v in ours.optimizer.variables]
    assert ours_vars == [v.name for v in theirs.optimizer.variables]
    for a, b in zip(ours.optimizer.variables, theirs.optimizer.variables):
        np.testing.assert_allclose(np.asarray(a.numpy()),
                                   np.asarray(b.numpy()), rtol=1e-5,
                                   atol=1e-6)


def test_multi_optimizer_with_callable_and_errors():
    adam, sgd = optimizers.Adam(0.1), optimizers.SGD(0.1)
    multi = optimizers.MultiOptimizer(
        lambda v: adam if "a" in v.path else sgd)
    a = kerax.Variable(np.ones(2, "float32"), name="a")
    b = kerax.Variable(np.ones(2, "float32"), name="b")
    multi.apply([np.ones(2, "float32")] * 2, [a, b])
    assert multi.optimizers == [adam, sgd]
    assert int(multi.iterations) == 1 and int(adam.iterations) == 1
    with pytest.raises(AttributeError, match="learning rate"):
        multi.learning_rate  # noqa: B018
    with pytest.raises(ValueError, match="LossScaleOptimizer"):
        optimizers.OptimizerMap(sgd)["x"] = optimizers.LossScaleOptimizer(
            adam)
    with pytest.raises(ValueError, match="already mapped"):
        m = optimizers.OptimizerMap(sgd, {"x": adam})
        m["x"] = adam
    m = optimizers.OptimizerMap(sgd, {"a.*": adam, ".*b": adam})
    with pytest.raises(ValueError, match="several patterns"):
        m["ab"]


def test_multi_optimizer_config_and_loss_scale():
    multi = optimizers.MultiOptimizer(
        optimizers.OptimizerMap(optimizers.SGD(0.1),
                                {"enc/.*": optimizers.Adam(0.2)}),
        loss_scale_factor=8.0)
    assert all(o.loss_scale_factor == 8.0 for o in multi.optimizers)
    again = optimizers.deserialize(optimizers.serialize(multi))
    assert type(again) is optimizers.MultiOptimizer
    assert again.loss_scale_factor == 8.0
    inner = again._optimizer_map
    assert isinstance(inner["enc/kernel"], optimizers.Adam)
    assert isinstance(inner["head/kernel"], optimizers.SGD)


def test_multi_optimizer_config_is_keras_readable_both_ways(keras):
    import json

    theirs = keras.optimizers.MultiOptimizer(keras.optimizers.OptimizerMap(
        keras.optimizers.SGD(0.1), {"enc/.*": keras.optimizers.Adam(0.2)}),
        loss_scale_factor=2.0)
    config = json.loads(json.dumps(keras.optimizers.serialize(theirs)))
    ours = optimizers.deserialize(config)
    assert isinstance(ours._optimizer_map["enc/x"], optimizers.Adam)
    assert ours.loss_scale_factor == 2.0
    back = keras.optimizers.deserialize(
        json.loads(json.dumps(optimizers.serialize(ours))))
    assert type(back._optimizer_map["enc/x"]).__name__ == "Adam"
    assert back.get_config()["loss_scale_factor"] == 2.0
