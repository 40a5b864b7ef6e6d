"""Math ops (`keras.ops.math`): segments, top-k, special functions, FFTs.

Complex values cross the API as `(real, imag)` tuples, as in Keras.

>>> [v.tolist() for v in top_k(jnp.array([1, 3, 2]), 2)]
[[3, 2], [1, 2]]
"""

from __future__ import annotations

import math as _pymath

import jax
import jax.numpy as jnp

from kerax import config
from kerax.ops.core import _convert
from kerax.ops.eager_jit import eager_jit
from kerax.ops.symbolic import symbolic_op


def _float(x):
    x = _convert(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        x = x.astype(config.floatx())
    return x


def _make_segment(name, fn):
    def op(data, segment_ids, num_segments=None, sorted=False):
        if num_segments is None:
            raise ValueError(
                "Argument `num_segments` must be set when using the JAX "
                "backend. Received: num_segments=None"
            )
        return fn(
            _convert(data), _convert(segment_ids), num_segments,
            indices_are_sorted=sorted,
        )

    op.__name__ = op.__qualname__ = name
    op.__doc__ = (
        f"Per-segment `{name.split('_')[1]}` of `data` along axis 0.\n\n"
        f"    >>> {name}(jnp.array([1, 2, 3]), jnp.array([0, 0, 1]), 2)"
        ".shape\n    (2,)\n"
    )
    return symbolic_op(op)


segment_sum = _make_segment("segment_sum", jax.ops.segment_sum)
segment_max = _make_segment("segment_max", jax.ops.segment_max)
segment_min = _make_segment("segment_min", jax.ops.segment_min)
segment_prod = _make_segment("segment_prod", jax.ops.segment_prod)


@symbolic_op
def top_k(x, k, sorted=True):
    """The `k` largest values along the last axis and their indices.

    >>> top_k(jnp.array([1, 3, 2]), 1)[0].tolist()
    [3]
    """
    values, indices = jax.lax.top_k(_convert(x), k)
    return values, indices.astype("int32")


@symbolic_op
def in_top_k(targets, predictions, k):
    """Whether each target class ranks among the `k` largest predictions.

    >>> in_top_k(jnp.array([1]), jnp.array([[0.1, 0.9]]), 1).tolist()
    [True]
    """
    targets = _convert(targets).astype("int32")
    predictions = _convert(predictions)
    at_label = jnp.take_along_axis(predictions, targets[..., None], axis=-1)
    at_label = jnp.where(jnp.isnan(at_label), -jnp.inf, at_label)
    rank = 1 + jnp.sum(predictions > at_label, axis=-1)
    return rank <= k


@symbolic_op
def logsumexp(x, axis=None, keepdims=False):
    """`log(sum(exp(x)))` over `axis`, computed stably.

    >>> round(float(logsumexp(jnp.zeros(2))), 4)
    0.6931
    """
    axis = tuple(axis) if isinstance(axis, list) else axis
    return jax.scipy.special.logsumexp(_float(x), axis=axis,
                                       keepdims=keepdims)


@symbolic_op
def extract_sequences(x, sequence_length, sequence_stride):
    """Frames the last axis into windows of `sequence_length` every
    `sequence_stride` samples.

    >>> extract_sequences(jnp.arange(5.0), 2, 2).tolist()
    [[0.0, 1.0], [2.0, 3.0]]
    """
    x = _convert(x)
    *batch, length = x.shape
    flat = x.reshape((_pymath.prod(batch), length, 1))
    frames = jax.lax.conv_general_dilated_patches(
        flat, (sequence_length,), (sequence_stride,), "VALID",
        dimension_numbers=("NTC", "OIT", "NTC"),
    )
    return frames.reshape((*batch, *frames.shape[-2:]))


def _complex(x):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            "Input `x` should be a tuple of two tensors - real and "
            f"imaginary. Received: x={x}"
        )
    real, imag = _convert(x[0]), _convert(x[1])
    if real.shape != imag.shape:
        raise ValueError(
            "The real and imaginary parts must have the same shape. "
            f"Received: x[0].shape={real.shape}, x[1].shape={imag.shape}"
        )
    if not (
        jnp.issubdtype(real.dtype, jnp.floating)
        and jnp.issubdtype(imag.dtype, jnp.floating)
    ):
        raise ValueError(
            f"At least one tensor in input `x` is not of type float. "
            f"Received: x={x}."
        )
    return jax.lax.complex(real, imag)


def _split(z):
    return jnp.real(z), jnp.imag(z)


@symbolic_op
def fft(x):
    """FFT over the last axis of `(real, imag)`; returns `(real, imag)`.

    >>> fft((jnp.ones(2), jnp.zeros(2)))[0].tolist()
    [2.0, 0.0]
    """
    return _split(jnp.fft.fft(_complex(x)))


@symbolic_op
def fft2(x):
    """2D FFT over the last two axes of `(real, imag)`.

    >>> fft2((jnp.ones((2, 2)), jnp.zeros((2, 2))))[0][0, 0].tolist()
    4.0
    """
    return _split(jnp.fft.fft2(_complex(x)))


@symbolic_op
def ifft2(x):
    """Inverse 2D FFT over the last two axes of `(real, imag)`.

    >>> ifft2((jnp.ones((2, 2)), jnp.zeros((2, 2))))[0][0, 0].tolist()
    1.0
    """
    return _split(jnp.fft.ifft2(_complex(x)))


@symbolic_op
def rfft(x, fft_length=None):
    """Real FFT over the last axis; returns `(real, imag)`.

    >>> rfft(jnp.ones(4))[0].tolist()
    [4.0, 0.0, 0.0]
    """
    return _split(jnp.fft.rfft(_float(x), n=fft_length, axis=-1))


@symbolic_op
def irfft(x, fft_length=None):
    """Inverse of `rfft`: real signal from `(real, imag)`.

    >>> irfft((jnp.array([4.0, 0.0, 0.0]), jnp.zeros(3))).tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    return jnp.fft.irfft(_complex(x), n=fft_length, axis=-1)


def _window(window, sequence_length, fft_length, dtype):
    """The analysis window, zero-padded to `fft_length` (centered)."""
    left = (fft_length - sequence_length) // 2
    right = fft_length - sequence_length - left
    if window is None:
        return jnp.ones((fft_length,), dtype), None
    if isinstance(window, str):
        n = jnp.arange(sequence_length, dtype="float32")
        angle = 2.0 * jnp.pi * n / sequence_length  # periodic window
        if window == "hann":
            win = 0.5 - 0.5 * jnp.cos(angle)
        elif window == "hamming":
            win = 0.54 - 0.46 * jnp.cos(angle)
        else:
            raise ValueError(
                "If a string is passed to `window`, it must be one of "
                f'`"hann"`, `"hamming"`. Received: window={window}'
            )
    else:
        win = _convert(window)
    if win.ndim != 1 or win.shape[0] != sequence_length:
        raise ValueError(
            "The shape of `window` must be equal to [sequence_length]. "
            f"Received: window shape={win.shape}"
        )
    win = win.astype(dtype)
    return jnp.pad(win, (left, right)), win


@symbolic_op
@eager_jit
def stft(
    x, sequence_length, sequence_stride, fft_length, window="hann",
    center=True,
):
    """Short-time Fourier transform of the last axis; returns
    `(real, imag)` of shape `(..., frames, fft_length // 2 + 1)`.

    >>> stft(jnp.ones(16), 8, 4, 8)[0].shape
    (5, 5)
    """
    x = _convert(x)
    if x.dtype not in (jnp.float32, jnp.float64):
        raise TypeError(
            "Invalid input type. Expected `float32` or `float64`. "
            f"Received: input type={x.dtype}"
        )
    if fft_length < sequence_length:
        raise ValueError(
            "`fft_length` must equal or larger than `sequence_length`. "
            f"Received: sequence_length={sequence_length}, "
            f"fft_length={fft_length}"
        )
    win, _ = _window(window, sequence_length, fft_length, x.dtype)
    if center:
        widths = [(0, 0)] * (x.ndim - 1) + [(fft_length // 2,) * 2]
        x = jnp.pad(x, widths, mode="reflect")
    frames = extract_sequences.__wrapped_op__(x, fft_length, sequence_stride)
    return _split(jnp.fft.rfft(frames * win, n=fft_length, axis=-1))


@symbolic_op
@eager_jit
def istft(
    x,
    sequence_length,
    sequence_stride,
    fft_length,
    length=None,
    window="hann",
    center=True,
):
    """Inverse of `stft` (overlap-add with window normalization).

    >>> re, im = stft(jnp.ones(16), 8, 4, 8)
    >>> istft((re, im), 8, 4, 8).shape
    (16,)
    """
    z = _complex(x)
    dtype = jnp.real(z).dtype
    if z.ndim < 2:
        raise ValueError(
            "Input `x` must have at least 2 dimensions. "
            f"Received shape: {z.shape}"
        )
    full_length = fft_length + sequence_stride * (z.shape[-2] - 1)
    win, raw = _window(window, sequence_length, fft_length, dtype)
    out = jax.scipy.signal.istft(
        z, fs=1.0, window=win, nperseg=fft_length,
        noverlap=fft_length - sequence_stride, nfft=fft_length,
        boundary=False, time_axis=-2, freq_axis=-1,
    )[-1]
    out = out / win.sum() if raw is not None else out / sequence_stride
    start = fft_length // 2 if center else 0
    if length is not None:
        end = start + length
    elif center:
        end = -(fft_length // 2)
    else:
        end = full_length
    return out[..., start:end]


@symbolic_op
def rsqrt(x):
    """`1 / sqrt(x)`.

    >>> rsqrt(jnp.array([4.0])).tolist()
    [0.5]
    """
    return jax.lax.rsqrt(_float(x))


@symbolic_op
def erf(x):
    """The error function.

    >>> erf(jnp.array([0.0])).tolist()
    [0.0]
    """
    return jax.lax.erf(_float(x))


@symbolic_op
def erfc(x):
    """`1 - erf(x)`.

    >>> erfc(jnp.array([0.0])).tolist()
    [1.0]
    """
    return jax.scipy.special.erfc(_float(x))


@symbolic_op
def erfinv(x):
    """Inverse error function.

    >>> erfinv(jnp.array([0.0])).tolist()
    [0.0]
    """
    return jax.scipy.special.erfinv(_float(x))


@symbolic_op
def logdet(x):
    """`log(det(x))` of (batched) positive-definite matrices.

    >>> float(logdet(jnp.eye(2)))
    0.0
    """
    return jnp.linalg.slogdet(_float(x))[1]


@symbolic_op
def cdist(x, y):
    """Euclidean distances between the rows of `x` and the rows of `y`
    (batched over leading axes).

    >>> cdist(jnp.array([[0.0, 0.0]]), jnp.array([[3.0, 4.0]])).tolist()
    [[5.0]]
    """
    x, y = _float(x), _float(y)
    diff = x[..., :, None, :] - y[..., None, :, :]
    return jnp.sqrt(jnp.sum(jnp.square(diff), axis=-1))


@symbolic_op
def view_as_complex(x):
    """Complex tensor from a real tensor whose last axis is (real, imag).

    >>> view_as_complex(jnp.array([[1.0, 2.0]])).tolist()
    [(1+2j)]
    """
    x = _float(x)
    if x.shape[-1] != 2:
        raise ValueError(
            "The last dimension of `x` must be 2 (real, imag). Received: "
            f"x.shape={x.shape}"
        )
    return jax.lax.complex(x[..., 0], x[..., 1])


@symbolic_op
def view_as_real(x):
    """Real tensor with a trailing (real, imag) axis.

    >>> view_as_real(jnp.array([1 + 2j])).tolist()
    [[1.0, 2.0]]
    """
    x = _convert(x)
    return jnp.stack([jnp.real(x), jnp.imag(x)], axis=-1)
