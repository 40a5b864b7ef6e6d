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


# ---------------------------------------------- the rest of keras.config
def test_config_names_match_keras(keras):
    theirs = {n for n in dir(keras.config) if not n.startswith("_")}
    ours = {n for n in dir(config) if not n.startswith("_")}
    assert theirs <= ours, sorted(theirs - ours)


def test_dtype_policy_setters():
    try:
        config.set_dtype_policy("mixed_float16")
        assert config.dtype_policy().name == "mixed_float16"
        assert kerax.layers.Dense(2).dtype_policy.name == "mixed_float16"
    finally:
        config.set_dtype_policy("float32")
    with pytest.raises(ValueError, match="policy"):
        config.set_dtype_policy(3)


def test_unsafe_deserialization_lets_lambdas_load():
    from kerax.saving import serialization

    layer = kerax.layers.Lambda(lambda x: x + 1)
    cfg = kerax.saving.serialize_keras_object(layer)
    with pytest.raises(Exception, match="safe_mode"):
        kerax.saving.deserialize_keras_object(cfg)
    try:
        config.enable_unsafe_deserialization()
        restored = kerax.saving.deserialize_keras_object(cfg)
        assert float(restored(np.float32(1.0))) == 2.0
    finally:
        serialization.set_default_safe_mode(True)


def test_interactive_logging_sends_progress_to_logger(capsys, caplog):
    model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
    model.compile("sgd", "mse")
    try:
        config.disable_interactive_logging()
        assert not config.is_interactive_logging_enabled()
        with caplog.at_level("INFO", logger="kerax"):
            model.fit(np.ones((4, 2)), np.ones(4), verbose=2)
    finally:
        config.enable_interactive_logging()
    assert "loss" in caplog.text
    assert "loss" not in capsys.readouterr().out


def test_traceback_filtering_flag():
    assert config.is_traceback_filtering_enabled()
    try:
        config.disable_traceback_filtering()
        assert not config.is_traceback_filtering_enabled()
    finally:
        config.enable_traceback_filtering()
    assert config.is_traceback_filtering_enabled()


def test_flash_attention_flag_reaches_the_layer_and_op():
    assert config.is_flash_attention_enabled() is None
    try:
        config.disable_flash_attention()
        assert config.is_flash_attention_enabled() is False
        layer = kerax.layers.MultiHeadAttention(2, 4)
        assert layer._flash_attention is False
    finally:
        config.enable_flash_attention()
    q = np.ones((1, 3, 2, 8), "float32")
    out = kerax.ops.dot_product_attention(q, q, q)  # falls back to XLA
    assert out.shape == (1, 3, 2, 8)
    import jax

    if jax.devices()[0].platform != "gpu":
        with pytest.raises(ValueError, match="flash_attention=True"):
            kerax.ops.dot_product_attention(q, q, q, flash_attention=True)
    with pytest.raises(ValueError, match="scores"):
        layer = kerax.layers.MultiHeadAttention(2, 4, flash_attention=True)
        layer(q[:, :, 0], q[:, :, 0], return_attention_scores=True)


def test_max_epochs_and_steps_cap_fit_and_predict():
    model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
    model.compile("sgd", "mse")
    x, y = np.ones((40, 2)), np.ones(40)
    try:
        config.set_max_epochs(2)
        config.set_max_steps_per_epoch(3)
        with pytest.warns(UserWarning, match="Limiting"):
            history = model.fit(x, y, batch_size=4, epochs=5, verbose=0)
            assert len(history.history["loss"]) == 2
            assert model.predict(x, batch_size=4, verbose=0).shape == (12, 1)
    finally:
        config.set_max_epochs(None)
        config.set_max_steps_per_epoch(None)
    with pytest.raises(ValueError, match="positive int"):
        config.set_max_epochs(0)


def test_backend_switches():
    config.set_backend("jax")
    with pytest.raises(ValueError, match="JAX only"):
        config.set_backend("torch")
    assert config.is_nnx_enabled() is False
