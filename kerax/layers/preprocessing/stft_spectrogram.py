"""`STFTSpectrogram`: spectrograms of 1-D signals through convolution.

>>> import numpy as np
>>> layer = STFTSpectrogram(frame_length=8, frame_step=4, fft_length=8)
>>> layer(np.ones((2, 32, 1), "float32")).shape
(2, 7, 5)
"""

from __future__ import annotations

import math
import warnings

import jax.numpy as jnp

from kerax import config, ops
from kerax.core.object_codec import deserialize_keras_object
from kerax.initializers.constant_initializers import STFT
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer

_MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")


def _conv_length(length, frame_length, step, padding):
    if length is None:
        return None
    if padding == "same":
        return -(-length // step)
    return (length - frame_length) // step + 1


class STFTSpectrogram(Layer):
    """Short-time Fourier transform of each channel of `(batch, time,
    channels)` signals, computed as two strided 1-D convolutions whose
    kernels (`real_kernel`, `imag_kernel`, `STFT` initializer) are windowed
    cosines and sines; they are trainable unless `trainable=False`.

    Args:
        mode: `"log"` (default, log magnitude), `"magnitude"`, `"psd"`,
            `"real"`, `"imag"`, `"angle"` or `"stft"` (real and imaginary
            parts side by side).
        frame_length: Samples per frame (default 256).
        frame_step: Hop between frames (default `frame_length // 2`).
        fft_length: FFT size (default: the smallest power of two >=
            `frame_length`); >= `frame_length`.
        window: `"hann"` (default), `"hamming"`, `"blackman"`, `"boxcar"`,
            an array of `frame_length` values, or None.
        periodic: Periodic rather than symmetric window (default False).
        scaling: `"density"` (default), `"spectrum"` or None.
        padding: `"valid"` (default) or `"same"`.
        expand_dims: Keep frequency and channels as two axes (an image).
        data_format: `"channels_last"` or `"channels_first"`.

    Output: `(batch, frames, channels * bins)` (channels_last), or
    `(batch, frames, bins, channels)` with `expand_dims`; `bins` is
    `fft_length // 2 + 1` (twice that for `"stft"`).
    """

    def __init__(self, mode="log", frame_length=256, frame_step=None,
                 fft_length=None, window="hann", periodic=False,
                 scaling="density", padding="valid", expand_dims=False,
                 data_format=None, **kwargs):
        if frame_step is not None and not 1 <= frame_step <= frame_length:
            raise ValueError(
                "STFTSpectrogram: `frame_step` must be an integer in [1, "
                f"frame_length={frame_length}]. Received: "
                f"frame_step={frame_step}"
            )
        if fft_length is not None and fft_length < frame_length:
            raise ValueError(
                "STFTSpectrogram: `fft_length` must be >= `frame_length`. "
                f"Received: fft_length={fft_length}, "
                f"frame_length={frame_length}"
            )
        if fft_length is not None and fft_length & (fft_length - 1):
            warnings.warn(
                "STFTSpectrogram: a power of two is recommended for "
                f"`fft_length`. Received: fft_length={fft_length}",
                stacklevel=2,
            )
        if mode not in _MODES:
            raise ValueError(
                f"STFTSpectrogram: `mode` must be one of {_MODES}. "
                f"Received: mode={mode!r}"
            )
        if scaling not in (None, "density", "spectrum"):
            raise ValueError(
                "STFTSpectrogram: `scaling` must be None, 'density' or "
                f"'spectrum'. Received: scaling={scaling!r}"
            )
        if padding not in ("valid", "same"):
            raise ValueError(
                "STFTSpectrogram: `padding` must be 'valid' or 'same'. "
                f"Received: padding={padding!r}"
            )
        # Validates a window name now rather than at build time.
        STFT("real", window, scaling, periodic)
        super().__init__(**kwargs)
        self.mode = mode
        self.frame_length = frame_length
        self.frame_step = frame_step
        self._frame_step = frame_step or frame_length // 2
        self.fft_length = fft_length
        self._fft_length = fft_length or 2 ** math.ceil(
            math.log2(frame_length))
        self.window = window
        self.periodic = periodic
        self.scaling = scaling
        self.padding = padding
        self.expand_dims = expand_dims
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=3)

    def build(self, input_shape):
        shape = (self.frame_length, 1, self._fft_length // 2 + 1)
        if self.mode != "imag":
            self.real_kernel = self.add_weight(
                name="real_kernel", shape=shape,
                initializer=STFT("real", self.window, self.scaling,
                                 self.periodic))
        if self.mode != "real":
            self.imag_kernel = self.add_weight(
                name="imag_kernel", shape=shape,
                initializer=STFT("imag", self.window, self.scaling,
                                 self.periodic))

    def _transform(self, signals, kernel):
        """`(batch * channels, time, 1)` -> `(batch * channels, frames,
        bins)`."""
        kernel = ops.cast(kernel, signals.dtype)
        return ops.conv(signals, kernel, strides=self._frame_step,
                        padding=self.padding, data_format="channels_last")

    def call(self, inputs):
        dtype = jnp.dtype(inputs.dtype).name
        if dtype not in ("float16", "float32", "float64"):
            raise TypeError(
                "STFTSpectrogram: inputs must be float16, float32 or "
                f"float64. Received: dtype={dtype}"
            )
        x = inputs if self.data_format == "channels_first" else (
            jnp.swapaxes(inputs, 1, 2))
        batch, channels, time = x.shape
        x = x.reshape(-1, time, 1)
        real = imag = None
        if self.mode != "imag":
            real = self._transform(x, self.real_kernel)
        if self.mode != "real":
            imag = self._transform(x, self.imag_kernel)
        if self.mode == "real":
            out = real
        elif self.mode == "imag":
            out = imag
        elif self.mode == "angle":
            out = jnp.arctan2(imag, real)
        elif self.mode == "stft":
            out = jnp.concatenate([real, imag], axis=-1)
        else:
            power = real**2 + imag**2
            if self.mode == "psd":
                # One-sided density: the inner bins count twice.
                out = power.at[..., 1:-1].multiply(2.0)
            else:
                eps = config.epsilon()
                out = jnp.sqrt(jnp.maximum(power, eps))
                if self.mode == "log":
                    out = jnp.log(jnp.maximum(out, eps))
        return self._arrange(out.reshape(batch, channels, *out.shape[1:]))

    def _arrange(self, out):
        """`(batch, channels, frames, bins)` -> the output layout."""
        batch, channels, frames, bins = out.shape
        if self.data_format == "channels_last":
            if self.expand_dims:
                return jnp.transpose(out, (0, 2, 3, 1))
            return jnp.transpose(out, (0, 2, 1, 3)).reshape(
                batch, frames, channels * bins)
        if self.expand_dims:
            return out
        return jnp.transpose(out, (0, 1, 3, 2)).reshape(
            batch, channels * bins, frames)

    def compute_output_shape(self, input_shape):
        if len(input_shape) != 3:
            raise ValueError(
                "STFTSpectrogram expects inputs of rank 3 (batch, time, "
                f"channels). Received: input_shape={tuple(input_shape)}"
            )
        last = self.data_format == "channels_last"
        channels = input_shape[2] if last else input_shape[1]
        time = input_shape[1] if last else input_shape[2]
        bins = self._fft_length // 2 + 1
        if self.mode == "stft":
            bins *= 2
        frames = _conv_length(time, self.frame_length, self._frame_step,
                              self.padding)
        if self.expand_dims:
            if last:
                return (input_shape[0], frames, bins, channels)
            return (input_shape[0], channels, frames, bins)
        depth = None if channels is None else channels * bins
        if last:
            return (input_shape[0], frames, depth)
        return (input_shape[0], depth, frames)

    def get_config(self):
        config_ = super().get_config()
        config_.update({
            "mode": self.mode,
            "frame_length": self.frame_length,
            "frame_step": self.frame_step,
            "fft_length": self.fft_length,
            "window": self.window,
            "periodic": self.periodic,
            "scaling": self.scaling,
            "padding": self.padding,
            "data_format": self.data_format,
            "expand_dims": self.expand_dims,
        })
        return config_

    @classmethod
    def from_config(cls, config_):
        # An array window is saved as a serialized NumPy array.
        if isinstance(config_.get("window"), dict):
            config_ = dict(config_, window=deserialize_keras_object(
                config_["window"]))
        return super().from_config(config_)
