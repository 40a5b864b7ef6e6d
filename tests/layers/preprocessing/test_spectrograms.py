"""STFTSpectrogram and MelSpectrogram: outputs within 1e-4 of real Keras 3
(JAX backend), output shapes, jit, config round trip, errors."""

import jax
import numpy as np
import pytest

from kerax import layers

STFT_CASES = [
    {"mode": "log", "frame_length": 32, "frame_step": 8, "fft_length": 64},
    {"mode": "magnitude", "frame_length": 30, "padding": "same",
     "window": "hamming", "periodic": True},
    {"mode": "psd", "frame_length": 16, "scaling": "spectrum",
     "expand_dims": True},
    {"mode": "real", "frame_length": 16, "window": None},
    {"mode": "imag", "frame_length": 16, "data_format": "channels_first"},
    {"mode": "stft", "frame_length": 16, "expand_dims": True,
     "data_format": "channels_first"},
    {"mode": "log", "frame_length": 16, "scaling": None,
     "data_format": "channels_first", "padding": "same"},
]


def _signal(rng, kwargs):
    x = rng.normal(size=(2, 200, 2)).astype("float32")
    if kwargs.get("data_format") == "channels_first":
        x = x.transpose(0, 2, 1)
    return x


@pytest.mark.parametrize("kwargs", STFT_CASES)
def test_stft_spectrogram_matches_keras(keras, rng, kwargs):
    x = _signal(rng, kwargs)
    ours = layers.STFTSpectrogram(**kwargs)
    theirs = keras.layers.STFTSpectrogram(**kwargs)
    expected = np.asarray(jax.jit(theirs.__call__)(x))
    got = jax.jit(ours.__call__)(x)
    assert got.shape == expected.shape
    assert ours.compute_output_shape(x.shape) == expected.shape
    np.testing.assert_allclose(np.asarray(got), expected, atol=1e-4,
                               rtol=1e-4)
    assert [w.name for w in ours.weights] == [w.name for w in theirs.weights]


def test_stft_spectrogram_angle_matches_keras_modulo_2pi(keras, rng):
    x = _signal(rng, {})
    ours = layers.STFTSpectrogram("angle", frame_length=16)
    theirs = keras.layers.STFTSpectrogram("angle", frame_length=16)
    got = np.asarray(jax.jit(ours.__call__)(x))
    expected = np.asarray(jax.jit(theirs.__call__)(x))
    diff = np.abs(got - expected)
    # Bins whose imaginary part is ~0 sit on the +-pi branch cut.
    assert np.minimum(diff, 2 * np.pi - diff).max() < 1e-4


def test_stft_spectrogram_config_and_errors():
    layer = layers.STFTSpectrogram(mode="psd", frame_length=16,
                                   frame_step=4, trainable=False)
    clone = layers.STFTSpectrogram.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    with pytest.raises(ValueError, match="mode"):
        layers.STFTSpectrogram(mode="power")
    with pytest.raises(ValueError, match="frame_step"):
        layers.STFTSpectrogram(frame_length=8, frame_step=9)
    with pytest.raises(ValueError, match="fft_length"):
        layers.STFTSpectrogram(frame_length=16, fft_length=8)
    with pytest.raises(ValueError, match="padding"):
        layers.STFTSpectrogram(padding="causal")
    with pytest.raises(TypeError, match="float"):
        layers.STFTSpectrogram(frame_length=8)(np.ones((1, 16, 1), "int32"))


MEL_CASES = [
    {"fft_length": 128, "sequence_stride": 32, "num_mel_bins": 16,
     "sampling_rate": 8000},
    {"fft_length": 128, "sequence_length": 100, "sequence_stride": 50,
     "window": "hamming", "num_mel_bins": 10, "sampling_rate": 8000,
     "power_to_db": False, "mag_exp": 1.0, "min_freq": 100.0,
     "max_freq": 3000.0},
    {"fft_length": 64, "sequence_stride": 16, "num_mel_bins": 8,
     "sampling_rate": 4000, "top_db": 20.0, "ref_power": 2.0,
     "unbatched": True},
]


@pytest.mark.parametrize("kwargs", MEL_CASES)
def test_mel_spectrogram_matches_keras(keras, rng, kwargs):
    kwargs = dict(kwargs)
    x = rng.normal(size=(2, 500)).astype("float32")
    inputs = x[0] if kwargs.pop("unbatched", False) else x
    ours = layers.MelSpectrogram(**kwargs)
    theirs = keras.layers.MelSpectrogram(**kwargs)
    expected = np.asarray(jax.jit(theirs.__call__)(inputs))
    got = jax.jit(ours.__call__)(inputs)
    assert got.shape == expected.shape
    assert ours.compute_output_shape(inputs.shape) == expected.shape
    np.testing.assert_allclose(np.asarray(got), expected, atol=1e-4,
                               rtol=1e-5)
    assert ours.get_config()["max_freq"] == theirs.get_config()["max_freq"]


def test_mel_weight_matrix_matches_keras(keras):
    # One program each (eager, ours compiles ~20 small operations).
    ours = jax.jit(layers.MelSpectrogram().linear_to_mel_weight_matrix,
                   static_argnums=(0, 1, 2, 3, 4))(12, 65, 16000, 50.0,
                                                   7000.0)
    theirs = jax.jit(
        keras.layers.MelSpectrogram().linear_to_mel_weight_matrix,
        static_argnums=(0, 1))(12, 65, 16000, 50.0, 7000.0)
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs),
                               atol=1e-5)


def test_mel_spectrogram_in_a_model_and_errors():
    from kerax import Input, Model

    inputs = Input(shape=(400,))
    outputs = layers.MelSpectrogram(fft_length=64, sequence_stride=32,
                                    num_mel_bins=6)(inputs)
    assert tuple(outputs.shape) == (None, 6, 13)
    model = Model(inputs, outputs)
    x = np.random.default_rng(1).normal(size=(3, 400)).astype("float32")
    assert model.predict(x, verbose=0).shape == (3, 6, 13)
    with pytest.raises(ValueError, match="fft_length"):
        layers.MelSpectrogram(fft_length=64, sequence_length=128)


def test_models_saved_by_keras_and_kerax_load(keras, rng, tmp_path):
    from kerax.saving import load_model

    x = rng.normal(size=(2, 128, 1)).astype("float32")
    inputs = keras.Input((128, 1))
    stft = keras.layers.STFTSpectrogram(
        frame_length=16, window=np.hanning(16).astype("float32"))(inputs)
    flat = keras.layers.Reshape((128,))(inputs)
    mel = keras.layers.MelSpectrogram(fft_length=32, sequence_stride=16,
                                      num_mel_bins=4)(flat)
    theirs = keras.Model(inputs, [stft, mel])
    theirs.save(tmp_path / "keras.keras")
    expected = theirs.predict(x, verbose=0)
    ours = load_model(str(tmp_path / "keras.keras"))
    ours.save(str(tmp_path / "kerax.keras"))
    for model in (ours, load_model(str(tmp_path / "kerax.keras"))):
        for got, want in zip(model.predict(x, verbose=0), expected):
            np.testing.assert_allclose(got, want, atol=1e-4)
