"""`MelSpectrogram`: audio signals -> mel-scale (decibel) spectrograms.

>>> import numpy as np
>>> layer = MelSpectrogram(fft_length=64, sequence_stride=16,
...                        num_mel_bins=8, sampling_rate=800)
>>> layer(np.zeros((2, 160), "float32")).shape
(2, 8, 11)
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax.core.object_codec import deserialize_keras_object
from kerax.layers.layer import Layer
from kerax.ops.math import stft

_BREAK_HZ = 700.0
_HIGH_Q = 1127.0


def hertz_to_mel(hertz):
    """HTK mel scale: `1127 * ln(1 + f / 700)`.

    >>> round(float(hertz_to_mel(700.0)), 1)
    781.2
    """
    return _HIGH_Q * jnp.log(1.0 + hertz / _BREAK_HZ)


def linear_to_mel_weight_matrix(num_mel_bins=20, num_spectrogram_bins=129,
                                sampling_rate=8000, lower_edge_hertz=125.0,
                                upper_edge_hertz=3800.0, dtype="float32"):
    """`(num_spectrogram_bins, num_mel_bins)` matrix of triangular mel
    filters (peak 1, linear in mels, the DC bin excluded).

    >>> linear_to_mel_weight_matrix(4, 9, 1000, 0.0, 500.0).shape
    (9, 4)
    """
    rate = jnp.asarray(sampling_rate, dtype)
    lower = jnp.asarray(lower_edge_hertz, dtype)
    upper = jnp.asarray(upper_edge_hertz, dtype)
    freqs = jnp.linspace(jnp.zeros((), dtype), rate / 2.0,
                         num_spectrogram_bins)[1:]
    bins_mel = hertz_to_mel(freqs)[:, None]
    edges = jnp.linspace(hertz_to_mel(lower), hertz_to_mel(upper),
                         num_mel_bins + 2)
    left, center, right = edges[:-2], edges[1:-1], edges[2:]
    rising = (bins_mel - left) / (center - left)
    falling = (right - bins_mel) / (right - center)
    weights = jnp.maximum(jnp.zeros((), dtype),
                          jnp.minimum(rising, falling))
    return jnp.pad(weights, ((1, 0), (0, 0))).astype(dtype)


class MelSpectrogram(Layer):
    """Mel spectrograms of `(samples,)` or `(batch, samples)` signals.

    Computes a centered (reflect-padded) STFT, raises its magnitude to
    `mag_exp`, projects it on `num_mel_bins` triangular mel filters between
    `min_freq` and `max_freq`, and with `power_to_db` converts to decibels
    `10 * log10(max(S, min_power) / max(|ref_power|, min_power))`, floored
    at `max - top_db` (the maximum over the whole input batch).

    Args:
        fft_length: FFT size (default 2048).
        sequence_stride: Hop between frames (default 512).
        sequence_length: Window length (default `fft_length`).
        window: `"hann"` (default), `"hamming"`, an array of
            `sequence_length` values, or None.
        sampling_rate: Samples per second (default 16000).
        num_mel_bins: Mel bands (default 128).
        min_freq: Lowest band edge in Hz (default 20).
        max_freq: Highest band edge (default `sampling_rate / 2`).
        power_to_db: Convert to decibels (default True).
        top_db: Dynamic range kept in dB (default 80).
        mag_exp: Exponent of the magnitude (default 2: power).
        min_power: Floor of the power and of `ref_power` (default 1e-10).
        ref_power: Reference power of 0 dB (default 1).

    Output: `(..., num_mel_bins, frames)`, frames being
    `1 + samples // sequence_stride`.
    """

    def __init__(self, fft_length=2048, sequence_stride=512,
                 sequence_length=None, window="hann", sampling_rate=16000,
                 num_mel_bins=128, min_freq=20.0, max_freq=None,
                 power_to_db=True, top_db=80.0, mag_exp=2.0,
                 min_power=1e-10, ref_power=1.0, **kwargs):
        self.fft_length = fft_length
        self.sequence_stride = sequence_stride
        self.sequence_length = sequence_length or fft_length
        if fft_length < self.sequence_length:
            raise ValueError(
                "MelSpectrogram: `fft_length` must be >= `sequence_length`."
                f" Received: sequence_length={self.sequence_length}, "
                f"fft_length={fft_length}"
            )
        self.window = window
        self.sampling_rate = sampling_rate
        self.num_mel_bins = num_mel_bins
        self.min_freq = min_freq
        self.max_freq = max_freq or int(sampling_rate / 2)
        self.power_to_db = power_to_db
        self.top_db = top_db
        self.mag_exp = mag_exp
        self.min_power = min_power
        self.ref_power = ref_power
        super().__init__(**kwargs)

    def call(self, inputs):
        dtype = self.compute_dtype
        if dtype not in ("float32", "float64"):
            dtype = "float32"
        x = jnp.asarray(inputs).astype(dtype)
        real, imag = stft.__wrapped_op__(
            x, self.sequence_length, self.sequence_stride, self.fft_length,
            window=self.window, center=True)
        spec = jnp.sqrt(real**2 + imag**2) ** self.mag_exp
        matrix = linear_to_mel_weight_matrix(
            self.num_mel_bins, spec.shape[-1], self.sampling_rate,
            self.min_freq, self.max_freq, dtype=dtype)
        out = jnp.tensordot(spec, matrix, axes=1)
        if self.power_to_db:
            out = self._decibels(out)
        return jnp.swapaxes(out, -1, -2).astype(self.compute_dtype)

    def _decibels(self, power):
        db = 10.0 * jnp.log10(jnp.maximum(power, self.min_power))
        ref = jnp.abs(jnp.asarray(self.ref_power, power.dtype))
        db = db - 10.0 * jnp.log10(jnp.maximum(ref, self.min_power))
        return jnp.maximum(db, jnp.max(db) - self.top_db)

    def linear_to_mel_weight_matrix(self, num_mel_bins=20,
                                    num_spectrogram_bins=129,
                                    sampling_rate=8000,
                                    lower_edge_hertz=125.0,
                                    upper_edge_hertz=3800.0,
                                    dtype="float32"):
        """The mel filter matrix (see the module function of that name)."""
        return linear_to_mel_weight_matrix(
            num_mel_bins, num_spectrogram_bins, sampling_rate,
            lower_edge_hertz, upper_edge_hertz, dtype)

    def compute_output_shape(self, input_shape):
        if len(input_shape) not in (1, 2):
            raise ValueError(
                "MelSpectrogram expects inputs of shape (samples,) or "
                f"(batch, samples). Received: input_shape={input_shape}"
            )
        samples = input_shape[-1]
        pad = 2 * (self.fft_length // 2) - self.fft_length
        frames = None if samples is None else (
            1 + (samples + pad) // self.sequence_stride)
        return tuple(input_shape[:-1]) + (self.num_mel_bins, frames)

    def get_config(self):
        config_ = super().get_config()
        config_.update({
            "fft_length": self.fft_length,
            "sequence_stride": self.sequence_stride,
            "sequence_length": self.sequence_length,
            "window": self.window,
            "sampling_rate": self.sampling_rate,
            "num_mel_bins": self.num_mel_bins,
            "min_freq": self.min_freq,
            "max_freq": self.max_freq,
            "power_to_db": self.power_to_db,
            "top_db": self.top_db,
            "mag_exp": self.mag_exp,
            "min_power": self.min_power,
            "ref_power": self.ref_power,
        })
        return config_

    @classmethod
    def from_config(cls, config_):
        # An array window is saved as a serialized NumPy array.
        if isinstance(config_.get("window"), dict):
            config_ = dict(config_, window=deserialize_keras_object(
                config_["window"]))
        return super().from_config(config_)
