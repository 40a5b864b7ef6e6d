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


def _batched_programs(model):
    return {key[3]: fn for key, fn in model._jit_cache.items()
            if key[:2] == ("predict", "batched")}


def test_a_small_call_then_a_long_one_share_one_compile(x):
    model = _mlp()  # 64 batches per group
    model.predict(x[:2 * BATCH], batch_size=BATCH, verbose=0)
    out = model.predict(x, batch_size=BATCH, verbose=0)
    programs = _batched_programs(model)
    assert set(programs) == {64}
    assert programs[64]._cache_size() == 1
    np.testing.assert_allclose(out, _per_batch(model, x), atol=1e-6)


def test_repeated_small_calls_get_a_smaller_group(x):
    model = _mlp()
    small = x[:3 * BATCH]
    for _ in range(predict_loop._SMALL_CALLS_BEFORE_RESIZE):
        model.predict(small, batch_size=BATCH, verbose=0)
    assert set(_batched_programs(model)) == {64}
    out = model.predict(small, batch_size=BATCH, verbose=0)
    assert set(_batched_programs(model)) == {4, 64}  # 3 batches, padded
    np.testing.assert_allclose(out, _per_batch(model, small), atol=1e-6)


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
