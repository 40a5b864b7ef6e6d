"""Deterministic initializers: `Zeros`, `Ones`, `Constant`, `Identity`,
`STFT`.

>>> Constant(3.0)((2,)).tolist()
[3.0, 3.0]
"""

from __future__ import annotations

import math

import jax.numpy as jnp
import numpy as np

from kerax.core.dtypes import host_full, standardize_dtype
from kerax.core.registry import register
from kerax.initializers.initializer import Initializer


def _shape(shape):
    return tuple(int(d) for d in shape)


@register("initializers", "zero")
class Zeros(Initializer):
    """Fills with 0.

    >>> Zeros()((2,)).tolist()
    [0.0, 0.0]
    """

    def __call__(self, shape, dtype=None):
        return host_full(_shape(shape), 0, standardize_dtype(dtype))


@register("initializers", "one")
class Ones(Initializer):
    """Fills with 1.

    >>> Ones()((2,), dtype="int32").tolist()
    [1, 1]
    """

    def __call__(self, shape, dtype=None):
        return host_full(_shape(shape), 1, standardize_dtype(dtype))


def _serialize_value(value):
    if isinstance(value, (np.ndarray, np.generic)) or hasattr(
        value, "__jax_array__"
    ) or type(value).__module__.startswith("jax"):
        array = np.asarray(value)
        if array.ndim == 0:
            return array.item()
        return {
            "class_name": "__numpy__",
            "config": {"value": array.tolist(), "dtype": str(array.dtype)},
        }
    return value


def _deserialize_value(value):
    if isinstance(value, dict) and value.get("class_name") == "__numpy__":
        config = value["config"]
        return np.asarray(config["value"], dtype=config["dtype"])
    return value


@register("initializers")
class Constant(Initializer):
    """Fills with `value` (a scalar, or an array broadcast to the shape).

    Args:
        value: the fill value (default 0.0).

    >>> Constant(value=2)((1, 2)).tolist()
    [[2.0, 2.0]]
    """

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        dtype = standardize_dtype(dtype)
        value = self.value
        if hasattr(value, "value") and not isinstance(value, np.ndarray):
            value = value.value  # a Variable
        return jnp.broadcast_to(
            jnp.asarray(value).astype(dtype), _shape(shape)
        )

    def get_config(self):
        return {"value": _serialize_value(self.value)}

    @classmethod
    def from_config(cls, config):
        return cls(_deserialize_value(config.get("value", 0.0)))


@register("initializers", "IdentityInitializer")
class Identity(Initializer):
    """`gain` times the identity matrix (2D shapes only).

    Args:
        gain: multiplicative factor (default 1.0).

    >>> Identity()((2, 3)).tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    """

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        shape = _shape(shape)
        if len(shape) != 2:
            raise ValueError(
                "Identity matrix initializer can only be used for 2D "
                f"matrices. Received: shape={shape} of rank {len(shape)}."
            )
        dtype = standardize_dtype(dtype)
        return (self.gain * jnp.eye(*shape, dtype=dtype)).astype(dtype)

    def get_config(self):
        # Keras writes `{}` (dropping the gain); kerax keeps a non-default
        # gain, which Keras's `Identity(**config)` also accepts.
        return {} if self.gain == 1.0 else {"gain": self.gain}


_WINDOW_TERMS = {
    "hann": (0.5, 0.5),
    "hanning": (0.5, 0.5),
    "hamming": (0.54, 0.46),
    "blackman": (0.42, 0.5, 0.08),
}


def _window(name, length, periodic):
    """SciPy's symmetric (or periodic) cosine-sum windows."""
    if name in ("boxcar", "rect", "rectangular", "ones"):
        return np.ones(length)
    if name not in _WINDOW_TERMS:
        raise ValueError(
            f"Unsupported window '{name}'. Expected one of "
            f"{sorted(_WINDOW_TERMS) + ['boxcar']} or an array."
        )
    if length == 1:
        return np.ones(1)
    period = length if periodic else length - 1
    n = np.arange(length)
    out = np.zeros(length)
    for k, a in enumerate(_WINDOW_TERMS[name]):
        out += (-1) ** k * a * np.cos(2 * math.pi * k * n / period)
    return out


@register("initializers", "STFTInitializer")
class STFT(Initializer):
    """Kernel of a short-time Fourier transform as a 1D convolution, shape
    `(frame_length, input_channels, fft_bins)`.

    Args:
        side: `"real"` (cosines) or `"imag"` (sines).
        window: `"hann"`, `"hamming"`, `"blackman"`, `"boxcar"`, an array
            of `frame_length` values, or None.
        scaling: `"density"`, `"spectrum"` or None.
        periodic: periodic (True) or symmetric (False) window.

    >>> STFT()((4, 1, 3)).shape
    (4, 1, 3)
    """

    def __init__(
        self, side="real", window="hann", scaling="density", periodic=False
    ):
        if side not in ("real", "imag"):
            raise ValueError(f"side should be 'real' or 'imag', not {side}")
        if isinstance(window, str):
            _window(window, 1, periodic)
        if scaling is not None and scaling not in ("density", "spectrum"):
            raise ValueError(
                "Scaling is invalid, it must be `None`, 'density' or "
                f"'spectrum'. Received scaling={scaling}"
            )
        self.side = side
        self.window = window
        self.scaling = scaling
        self.periodic = periodic

    def __call__(self, shape, dtype=None):
        dtype = standardize_dtype(dtype)
        frame_length, _, bins = _shape(shape)
        time = np.arange(frame_length, dtype="float64")[:, None, None]
        freq = np.arange(bins, dtype="float64")[None, None, :]
        angle = -2.0 * math.pi * time * freq / ((bins - 1) * 2)
        kernel = np.cos(angle) if self.side == "real" else np.sin(angle)
        if self.window is not None:
            win = self.window
            if isinstance(win, str):
                win = _window(win, frame_length, self.periodic)
            win = np.asarray(win, dtype="float64")
            if win.ndim != 1 or win.shape[0] != frame_length:
                raise ValueError(
                    "The shape of `window` must be equal to [frame_length]. "
                    f"Received: window shape={win.shape}"
                )
            win = win[:, None, None]
            scale = 1.0
            if self.scaling == "density":
                scale = np.sqrt(np.sum(win**2))
            elif self.scaling == "spectrum":
                scale = np.sum(np.abs(win))
            kernel = kernel * win / scale
        return jnp.asarray(kernel, dtype=dtype)

    def get_config(self):
        return {
            "side": self.side,
            "window": self.window,
            "periodic": self.periodic,
            "scaling": self.scaling,
        }
