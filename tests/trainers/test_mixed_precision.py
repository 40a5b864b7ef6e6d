import numpy as np
import pytest

import kerax
from kerax import layers


@pytest.fixture
def policy():
    yield kerax.mixed_precision.set_global_policy
    kerax.mixed_precision.set_global_policy("float32")


@pytest.mark.parametrize("name", ["mixed_bfloat16", "mixed_float16"])
def test_mixed_policy_trains(policy, name):
    policy(name)
    half = name.split("_")[1]
    kerax.utils.set_random_seed(0)
    model = kerax.Sequential([
        kerax.Input((4,)), layers.Dense(8, activation="relu"),
        layers.Dense(1, dtype="float32"),
    ])
    assert model.layers[0].compute_dtype == half
    assert model.layers[0].kernel.dtype == "float32"
    model.compile("adam", "mse")
    if name == "mixed_float16":
        assert isinstance(model.optimizer,
                          kerax.mixed_precision.LossScaleOptimizer)
    x = np.random.RandomState(0).rand(64, 4).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    history = model.fit(x, y, epochs=3, batch_size=16, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert model.predict(x, verbose=0).dtype == np.float32
