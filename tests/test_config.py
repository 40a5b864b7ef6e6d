"""`kerax.config`: floatx, epsilon, image_data_format and their setters
(also under `kerax.backend`, as in Keras)."""

import numpy as np
import pytest

import kerax
from kerax import config


@pytest.fixture
def restore_config():
    saved = (config.floatx(), config.epsilon(), config.image_data_format())
    yield
    config.set_floatx(saved[0])
    config.set_epsilon(saved[1])
    config.set_image_data_format(saved[2])


def test_defaults_match_keras(keras):
    assert config.floatx() == keras.config.floatx() == "float32"
    assert config.epsilon() == keras.config.epsilon() == 1e-7
    assert config.image_data_format() == keras.config.image_data_format()
    assert config.backend() == "jax"


def test_floatx_setter_changes_new_weights(restore_config):
    config.set_floatx("float16")
    assert config.floatx() == "float16"
    layer = kerax.layers.Dense(2)
    layer.build((None, 3))
    assert layer.kernel.dtype == "float16"
    assert kerax.Variable(np.zeros(2)).dtype == "float16"
    assert kerax.Input((3,)).dtype == "float16"
    config.set_floatx("float32")
    assert kerax.Variable(np.zeros(2)).dtype == "float32"


def test_epsilon_setter(restore_config):
    config.set_epsilon(1e-5)
    assert config.epsilon() == 1e-5
    assert kerax.backend.epsilon() == 1e-5


def test_image_data_format_setter(restore_config):
    config.set_image_data_format("channels_first")
    assert config.image_data_format() == "channels_first"
    assert kerax.layers.Conv2D(2, 3).data_format == "channels_first"
    config.set_image_data_format("CHANNELS_LAST")
    assert config.image_data_format() == "channels_last"


def test_backend_module_aliases(restore_config):
    kerax.backend.set_floatx("bfloat16")
    assert config.floatx() == kerax.backend.floatx() == "bfloat16"
    kerax.backend.set_image_data_format("channels_first")
    assert kerax.backend.image_data_format() == "channels_first"


def test_setter_errors(keras, restore_config):
    with pytest.raises(ValueError, match="Unknown `floatx` value"):
        config.set_floatx("float65")
    with pytest.raises(ValueError, match="Unknown `floatx` value"):
        keras.config.set_floatx("float65")
    with pytest.raises(ValueError, match="must be one of"):
        config.set_image_data_format("channels_middle")
    with pytest.raises(ValueError):
        config.set_epsilon("tiny")
    assert config.floatx() == "float32"
    assert config.image_data_format() == "channels_last"
