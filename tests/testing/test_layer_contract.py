"""The contract kit itself: it passes good layers and catches bad ones."""

import numpy as np
import pytest

from kerax import layers, ops
from kerax.testing import run_layer_test


class Scale(layers.Layer):
    """A well-behaved layer with one weight and a counter."""

    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), name="w",
                                 initializer="ones")
        self.calls = self.add_weight(shape=(), name="calls",
                                     initializer="zeros", trainable=False)

    def call(self, inputs, training=None):
        if training:
            self.calls.assign(self.calls + 1.0)
        return inputs * self.w * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


def test_good_layer_passes():
    run_layer_test(
        Scale, {"factor": 3.0}, input_shape=(2, 3),
        call_kwargs={"training": True}, expected_output_shape=(2, 3),
        expected_num_trainable_weights=1,
        expected_num_non_trainable_weights=1, run_training_check=False,
    )


def test_training_check_runs():
    run_layer_test(Scale, {}, input_shape=(2, 3))


def test_missing_config_key():
    class NoConfig(Scale):
        def get_config(self):
            return layers.Layer.get_config(self)

        @classmethod
        def from_config(cls, config):
            return cls(**config)

    with pytest.raises(AssertionError, match="lacks the constructor"):
        run_layer_test(NoConfig, {"factor": 3.0}, input_shape=(2, 3))


def test_non_json_config():
    with pytest.raises(AssertionError, match="JSON"):
        run_layer_test(Scale, {"factor": np.ones(2)}, input_shape=(2, 2))


def test_wrong_expected_counts():
    with pytest.raises(AssertionError, match="trainable weights"):
        run_layer_test(Scale, {}, input_shape=(2, 3),
                       expected_num_trainable_weights=2,
                       run_training_check=False)


def test_wrong_expected_shape():
    with pytest.raises(AssertionError, match="eager output shape"):
        run_layer_test(Scale, {}, input_shape=(2, 3),
                       expected_output_shape=(2, 4),
                       run_training_check=False)


def test_symbolic_shape_mismatch():
    class Lying(layers.Layer):
        def call(self, inputs):
            return inputs

        def compute_output_shape(self, input_shape):
            return tuple(input_shape) + (1,)

    with pytest.raises(AssertionError, match="symbolic output shape"):
        run_layer_test(Lying, {}, input_shape=(2, 3),
                       run_training_check=False)


def test_hidden_python_state_is_caught():
    class Counter(layers.Layer):
        """Impure: its output depends on Python state."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.count = 0

        def call(self, inputs):
            self.count += 1
            return inputs + float(self.count)

    with pytest.raises(AssertionError, match="stateless_call output"):
        run_layer_test(Counter, {}, input_shape=(2, 3),
                       run_training_check=False)


def test_seed_generator_count():
    with pytest.raises(AssertionError, match="seed generators"):
        run_layer_test(layers.Dropout, {"rate": 0.5}, input_shape=(2, 3),
                       expected_num_seed_generators=0)


def test_needs_input():
    with pytest.raises(ValueError, match="input_shape"):
        run_layer_test(layers.Identity, {})


def test_expected_output_checked():
    with pytest.raises(AssertionError):
        run_layer_test(layers.Lambda, {"function": ops.negative},
                       input_data=np.ones((1, 2), "float32"),
                       expected_output=np.ones((1, 2)))
