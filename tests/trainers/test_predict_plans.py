"""How `predict` groups batches per call (kerax/trainers/predict_loop.py):
every plan must give the results of one call per batch."""

import numpy as np
import pytest

import kerax
from kerax import layers, ops
from kerax.trainers import predict_loop

BATCH = 16


def _per_batch(model, x):
    return np.concatenate([
        np.asarray(model.predict_on_batch(x[i:i + BATCH]))
        for i in range(0, len(x), BATCH)
    ])


def _mlp():
    kerax.utils.set_random_seed(0)
    return kerax.Sequential([
        kerax.Input((6,)), layers.Dense(8, activation="relu"),
        layers.Dropout(0.5), layers.Dense(3, activation="softmax"),
    ])


@pytest.fixture(scope="module")
def x():
    return np.random.RandomState(0).rand(150, 6).astype("float32")


def test_mlp_runs_batched_and_matches_per_batch_calls(x):
    model = _mlp()
    out = model.predict(x, batch_size=BATCH, verbose=0)
    plan, k = model._loop_allowed[("predict", BATCH)]
    assert plan == "batched" and k == 1024 // BATCH
    np.testing.assert_allclose(out, _per_batch(model, x), atol=1e-6)


def test_batches_only_see_their_own_rows(x):
    kerax.utils.set_random_seed(0)
    model = kerax.Sequential([
        kerax.Input((6,)),
        layers.Lambda(lambda t: t - ops.mean(t, axis=0, keepdims=True)),
        layers.Dense(2),
    ])
    # Whole batches: a final partial batch is padded with repeated rows
    # (no extra compile), which only a row-mixing layer like this notices.
    x = x[:9 * BATCH]
    out = model.predict(x, batch_size=BATCH, verbose=0)
    assert model._loop_allowed[("predict", BATCH)][0] == "batched"
    np.testing.assert_allclose(out, _per_batch(model, x), atol=1e-5)


class _Counter(layers.Layer):
    """Adds how many batches it has seen: results depend on batch order."""

    def build(self, input_shape):
        self.count = self.add_weight(shape=(), initializer="zeros",
                                     trainable=False)

    def call(self, inputs):
        self.count.assign(self.count + 1.0)
        return inputs + self.count


def test_a_step_writing_state_runs_its_batches_in_order(x):
    model = kerax.Sequential([kerax.Input((6,)), _Counter()])
    out = model.predict(x, batch_size=BATCH, verbose=0)
    assert model._loop_allowed[("predict", BATCH)][0] == "collect"
    steps = -(-len(x) // BATCH)
    expected = x + np.repeat(np.arange(1, steps + 1), BATCH)[:len(x), None]
    np.testing.assert_allclose(out, expected, atol=1e-6)


def test_few_batches_use_a_smaller_group(x):
    model = _mlp()  # 64 batches per group
    out = model.predict(x[:3 * BATCH], batch_size=BATCH, verbose=0)
    groups = {key[3] for key in model._jit_cache
              if key[:2] == ("predict", "batched")}
    assert groups == {4, 64}  # 64 probed, 4 (3 batches padded) run
    np.testing.assert_allclose(out, _per_batch(model, x[:3 * BATCH]),
                               atol=1e-6)


def test_large_intermediates_shrink_the_group(x, monkeypatch):
    model = _mlp()
    monkeypatch.setattr(predict_loop, "_BATCHED_BYTES", 32 * 1024)
    out = model.predict(x, batch_size=BATCH, verbose=0)
    plan, k = model._loop_allowed[("predict", BATCH)]
    assert plan == "batched" and 2 <= k < 1024 // BATCH
    np.testing.assert_allclose(out, _per_batch(model, x), atol=1e-6)


def test_convolutions_are_batched_too():
    kerax.utils.set_random_seed(0)
    model = kerax.Sequential([
        kerax.Input((5, 5, 2)), layers.Conv2D(3, 3),
        layers.BatchNormalization(), layers.Flatten(), layers.Dense(2),
    ])
    x = np.random.RandomState(1).rand(40, 5, 5, 2).astype("float32")
    out = model.predict(x, batch_size=8, verbose=0)
    assert model._loop_allowed[("predict", 8)][0] == "batched"
    expected = np.concatenate([np.asarray(model.predict_on_batch(x[i:i + 8]))
                               for i in range(0, 40, 8)])
    np.testing.assert_allclose(out, expected, atol=1e-5)
