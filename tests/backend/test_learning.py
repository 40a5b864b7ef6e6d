"""The learning phase: learning_phase, set_learning_phase,
in_train_phase, in_test_phase."""

import numpy as np
import pytest

import kerax
from kerax import backend as K
from kerax.backend import learning


@pytest.fixture
def restore_phase():
    yield
    learning._PHASE["value"] = None


def test_learning_phase_values(restore_phase):
    phase = K.learning_phase()
    assert K.is_keras_tensor(phase) and K.int_shape(phase) == ()
    K.set_learning_phase(1)
    assert K.learning_phase() == 1
    with pytest.raises(ValueError, match="0 or 1"):
        K.set_learning_phase(2)


def test_in_train_phase_with_flags():
    x, alt = np.ones(2), np.zeros(2)
    assert K.in_train_phase(x, alt, training=True) is x
    assert K.in_train_phase(lambda: x, lambda: alt, training=0) is alt
    assert K.in_test_phase(x, alt, training=False) is x
    assert K.in_train_phase(x, alt) is alt  # no phase set: test
    out = K.in_train_phase(x, alt, training=np.array(True))
    assert np.asarray(out).tolist() == [1.0, 1.0]


def test_symbolic_phase_through_k_function(restore_phase):
    inputs = K.placeholder((None, 2))
    out = K.in_train_phase(inputs * 2, inputs)
    f = K.function([inputs, K.learning_phase()], [out])
    x = np.ones((1, 2), "float32")
    assert f([x, 1])[0].tolist() == [[2.0, 2.0]]
    assert f([x, 0])[0].tolist() == [[1.0, 1.0]]
    unfed = K.function([inputs], [out])
    assert unfed([x])[0].tolist() == [[1.0, 1.0]]
    K.set_learning_phase(1)
    assert unfed([x])[0].tolist() == [[2.0, 2.0]]
    assert K.in_train_phase(1.0, 0.0) == 1.0


def test_learning_phase_inside_a_layer_call():
    class Marker(kerax.layers.Layer):
        def call(self, x):
            return x * 0 + K.cast(K.learning_phase(), "float32")

    model = kerax.Sequential([kerax.Input((1,)), Marker()])
    assert model(np.ones((1, 1)), training=True).tolist() == [[1.0]]
    assert model.predict(np.ones((1, 1)), verbose=0).tolist() == [[0.0]]
