"""K.update, update_add, update_sub, moving_average_update: eager, inside
a layer's jitted call, and symbolic (through K.function)."""

import numpy as np
import pytest

import kerax
from kerax import backend as K


def test_eager_updates():
    v = K.variable([1.0, 2.0])
    assert K.update(v, [3.0, 4.0]) is v
    K.update_add(v, [1.0, 1.0])
    K.update_sub(v, [0.5, 0.5])
    assert K.get_value(v).tolist() == [3.5, 4.5]
    K.moving_average_update(v, [0.5, 0.5], 0.75)
    np.testing.assert_allclose(K.get_value(v), [2.75, 3.5])
    with pytest.raises(TypeError, match="Variable"):
        K.update(np.ones(2), np.zeros(2))


def test_update_inside_a_layer_call_trains():
    class Counter(kerax.layers.Layer):
        def build(self, input_shape):
            self.seen = self.add_weight(shape=(), initializer="zeros",
                                        trainable=False, name="seen")

        def call(self, x):
            K.update_add(self.seen, K.cast(K.shape(x)[0], "float32"))
            return x

    model = kerax.Sequential([kerax.Input((2,)), Counter(),
                              kerax.layers.Dense(1)])
    model.compile("sgd", "mse")
    model.fit(np.ones((8, 2)), np.ones(8), batch_size=4, epochs=1, verbose=0)
    assert float(K.get_value(model.layers[0].seen)) == 8.0


def test_symbolic_updates_run_in_k_function():
    x = K.placeholder((None, 2))
    total = K.variable(np.zeros(2))
    avg = K.variable(np.zeros(2))
    pending = K.update_add(total, K.sum(x, axis=0))
    assert isinstance(pending, K.Update)
    f = K.function([x], [K.mean(x)], updates=[
        pending, K.moving_average_update(avg, K.mean(x, axis=0), 0.5),
        (K.zeros((1,)), K.max(x, keepdims=True)[0])])
    f([np.ones((3, 2))])
    f([np.ones((3, 2))])
    assert K.get_value(total).tolist() == [6.0, 6.0]
    np.testing.assert_allclose(K.get_value(avg), [0.75, 0.75])
    with pytest.raises(TypeError, match="updates"):
        K.function([x], [x], updates=[K.variable(1.0)])
