import json

import jax
import numpy as np
import pytest

import kerax
from kerax import layers


class Scale(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones",
                                 name="w")
        self.count = self.add_weight(shape=(), initializer="zeros",
                                     trainable=False, name="count")

    def call(self, inputs, training=None):
        if training:
            self.count.assign(self.count + 1.0)
        return inputs * self.w


class Block(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.inner = [layers.Dense(3), Scale()]

    def call(self, x, training=None):
        for layer in self.inner:
            x = layer(x)
        return x


def test_deferred_build_and_weights():
    layer = Scale()
    assert not layer.built
    out = layer(np.ones((2, 4)))
    assert out.shape == (2, 4) and layer.built
    assert [v.name for v in layer.weights] == ["w", "count"]
    assert len(layer.trainable_weights) == 1
    assert len(layer.non_trainable_weights) == 1
    assert layer.count_params() == 5


def test_unique_default_names():
    a, b = layers.Dense(1), layers.Dense(1)
    assert a.name != b.name
    assert a.name.startswith("dense") and b.name.startswith("dense")
    kerax.backend.clear_session()
    names = [layers.Dense(1).name, layers.Dense(1).name,
             layers.BatchNormalization().name, layers.Dense(1).name]
    assert names == ["dense", "dense_1", "batch_normalization", "dense_2"]


def test_sublayer_tracking_and_freezing():
    block = Block()
    block(np.ones((2, 4)))
    assert len(block.weights) == 4  # kernel, bias, w, count
    assert len(block.trainable_weights) == 3
    block.trainable = False
    assert block.trainable_weights == []
    assert len(block.non_trainable_weights) == 4
    assert block.inner[0].trainable is False


def test_training_propagates_to_sublayers():
    block = Block()
    block(np.ones((1, 4)), training=True)
    assert float(block.inner[1].count.numpy()) == 1.0
    block(np.ones((1, 4)))
    assert float(block.inner[1].count.numpy()) == 1.0


def test_stateless_call_is_pure_and_jittable():
    block = Block()
    x = np.ones((2, 4), "float32")
    eager = block(x)
    tv = [v.value for v in block.trainable_variables]
    ntv = [v.value for v in block.non_trainable_variables]

    @jax.jit
    def run(tv, ntv, x):
        return block.stateless_call(tv, ntv, x, training=True)

    out, new_ntv = run(tv, ntv, x)
    np.testing.assert_allclose(out, eager, rtol=1e-6)
    assert float(new_ntv[0]) == 1.0
    assert float(block.inner[1].count.numpy()) == 0.0


def test_stateless_call_checks_lengths():
    layer = Scale()
    layer(np.ones((1, 2)))
    with pytest.raises(ValueError, match="trainable variables"):
        layer.stateless_call([], [0.0], np.ones((1, 2)))


def test_add_loss_and_activity_regularizer():
    dense = layers.Dense(2, activity_regularizer="l2",
                         kernel_regularizer="l1")
    dense(np.ones((3, 2)))
    assert len(dense.losses) == 2
    tv = [v.value for v in dense.trainable_variables]
    _, _, losses = dense.stateless_call(tv, [], np.ones((3, 2)),
                                        return_losses=True)
    assert len(losses) == 2


def test_set_and_get_weights():
    dense = layers.Dense(2)
    dense(np.ones((1, 3)))
    weights = [np.full((3, 2), 0.5), np.arange(2.0)]
    dense.set_weights(weights)
    for got, want in zip(dense.get_weights(), weights):
        np.testing.assert_allclose(got, want)
    with pytest.raises(ValueError, match="expecting 2 weights"):
        dense.set_weights(weights[:1])
    with pytest.raises(ValueError, match="not compatible"):
        dense.set_weights([np.zeros((2, 2)), np.zeros(2)])


def test_input_spec_errors_name_layer():
    dense = layers.Dense(2, name="probe")
    dense(np.ones((1, 3)))
    with pytest.raises(ValueError, match='layer "probe".*axis -1'):
        dense(np.ones((1, 4)))
    with pytest.raises(ValueError, match="min_ndim=2"):
        dense(np.ones((3,)))


def test_dense_bad_units_and_unknown_kwarg():
    with pytest.raises(ValueError, match="units=-1"):
        layers.Dense(-1)
    with pytest.raises(ValueError, match="Unrecognized keyword"):
        layers.Dense(2, foo=1)


def test_config_round_trip_through_json():
    dense = layers.Dense(4, activation="relu", use_bias=False, name="d")
    config = json.loads(json.dumps(dense.get_config()))
    clone = layers.Dense.from_config(config)
    assert clone.get_config() == dense.get_config()


def test_count_params_unbuilt_raises():
    with pytest.raises(ValueError, match="isn't built"):
        layers.Dense(2).count_params()


@pytest.mark.parametrize("policy, compute", [
    ("mixed_bfloat16", "bfloat16"), ("mixed_float16", "float16"),
])
def test_mixed_precision_policy(policy, compute):
    dense = layers.Dense(2, dtype=policy)
    out = dense(np.ones((1, 3), "float32"))
    assert out.dtype == compute
    assert dense.kernel.dtype == "float32"
    assert dense.compute_dtype == compute
    # As in Keras, sublayers keep their own (global) policy.
    block = Block(dtype=policy)
    assert block(np.ones((1, 4), "float32")).dtype == "float32"
    assert block.inner[0].dtype_policy.name == "float32"


def test_compute_output_shape_and_symbolic():
    dense = layers.Dense(5)
    assert dense.compute_output_shape((None, 3)) == (None, 5)
    x = kerax.Input((3,))
    assert dense(x).shape == (None, 5)


def test_explicit_build_scopes_paths_and_marks_built():
    class Inner(kerax.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1],), name="w")

    class Base(kerax.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.inner = Inner(name="inner")

        def build(self, input_shape):
            self.inner.build(input_shape)

    class Child(Base):
        def build(self, input_shape):
            super().build(input_shape)  # one scope, not two
            self.b = self.add_weight(shape=(), name="b")

    layer = Child(name="outer")
    layer.build((None, 3))
    assert layer.built and layer.inner.built
    assert [v.path for v in layer.weights] == ["outer/b", "outer/inner/w"]
    assert layer.get_build_config() == {"input_shape": (None, 3)}
    assert layer.inner.get_build_config() == {"input_shape": (None, 3)}


def test_build_inside_a_trace_or_scope_stores_concrete_weights():
    from kerax.core.scope import StatelessScope
    from kerax.testing import assert_concrete_state

    dense = kerax.layers.Dense(2, weights=[np.ones((3, 2)), np.zeros(2)])
    with StatelessScope():
        jax.eval_shape(lambda x: dense(x), jax.ShapeDtypeStruct((1, 3),
                                                                 "float32"))
    assert_concrete_state(dense)
    np.testing.assert_array_equal(dense.kernel.numpy(), np.ones((3, 2)))
