"""Quantization primitives: abs-max scaling, int4 packing, float8 scaling.

Formulas and defaults follow `keras.quantizers` (Keras 3.15) so that a
kerax-quantized layer holds the same integers and scales as Keras's.

>>> import numpy as np
>>> q, scale = abs_max_quantize(np.array([[1.0, -2.0]]), axis=-1)
>>> q.tolist(), round(float(scale[0, 0]), 2)
([[64, -127]], 63.5)
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import ml_dtypes
import numpy as np

from kerax.core.dtypes import standardize_dtype
from kerax.quantizers.codec import register

_EPSILON = 1e-7


def _dtype_name(x) -> str:
    return standardize_dtype(x.dtype)


def _float_dtype(x) -> str:
    """The dtype JAX keeps for `x` (float64 becomes float32 without x64)."""
    if not hasattr(x, "dtype"):
        return "float32"
    return standardize_dtype(jax.dtypes.canonicalize_dtype(x.dtype))


def _value(x):
    """Array of a Variable, NumPy array or tensor."""
    from kerax.core.variable import Variable

    if isinstance(x, Variable):
        return x.value
    return x


@register
class Quantizer:
    """Base class of quantizers: `quantizer(x)` returns a quantized `x`.

    >>> Quantizer().output_dtype
    'int8'
    """

    def __init__(self, output_dtype="int8"):
        self.output_dtype = output_dtype

    def __call__(self, x):
        return x

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def get_config(self):
        return {"output_dtype": self.output_dtype}


def abs_max_quantize(inputs, axis, value_range=(-127, 127), dtype="int8",
                     epsilon=_EPSILON, to_numpy=False):
    """Symmetric quantization: `round(x * scale)` clipped to `value_range`,
    with `scale = value_range[1] / (max|x| along axis + epsilon)`.

    Returns `(quantized, scale)`; `scale` keeps the reduced axis.

    >>> import numpy as np
    >>> q, s = abs_max_quantize(np.array([0.5, -1.0]), axis=0)
    >>> q.tolist()
    [63, -127]
    """
    inputs = _value(inputs)
    source_dtype = _float_dtype(inputs)
    if to_numpy:
        x = np.asarray(inputs)
        axis = tuple(axis) if isinstance(axis, (list, tuple)) else axis
        scale = np.divide(
            value_range[1],
            np.add(np.max(np.abs(x), axis=axis, keepdims=True), epsilon))
        outputs = np.clip(np.round(np.multiply(x, scale)), *value_range)
        return (jnp.asarray(outputs.astype(dtype)),
                jnp.asarray(scale, dtype=source_dtype))
    x = jnp.asarray(inputs)
    if not jnp.issubdtype(x.dtype, jnp.floating):
        x = x.astype(jnp.float32)
    axis = tuple(axis) if isinstance(axis, (list, tuple)) else axis
    scale = jnp.divide(
        value_range[1],
        jnp.max(jnp.abs(x), axis=axis, keepdims=True) + epsilon,
    ).astype(x.dtype)
    outputs = jnp.clip(jnp.round(x * scale), *value_range)
    return outputs.astype(dtype), scale


def abs_max_quantize_grouped_with_zero_point(
    inputs, block_size, value_range=(-8, 7), dtype="int8", epsilon=_EPSILON,
    to_numpy=False,
):
    """Asymmetric quantization of a 2D `(input_dim, output_dim)` tensor in
    groups of `block_size` rows, one scale and zero point per group and
    column.

    Returns `(quantized, scale, zero_point)`; `scale` and `zero_point` have
    shape `(ceil(input_dim / block_size), output_dim)`.

    >>> import numpy as np
    >>> q, s, z = abs_max_quantize_grouped_with_zero_point(
    ...     np.ones((4, 2)), block_size=2)
    >>> s.shape, z.shape
    ((2, 2), (2, 2))
    """
    del to_numpy  # The result is the same; NumPy is used either way.
    inputs = _value(inputs)
    source_dtype = _float_dtype(inputs)
    x = np.asarray(inputs)
    input_dim, output_dim = x.shape
    n_groups = -(-input_dim // block_size)
    padded = n_groups * block_size
    if padded > input_dim:
        x = np.concatenate(
            [x, np.zeros((padded - input_dim, output_dim), x.dtype)])
    groups = x.reshape(n_groups, block_size, output_dim)
    qmin, qmax = value_range
    low = groups.min(axis=1, keepdims=True)
    high = groups.max(axis=1, keepdims=True)
    scale = (high - low + epsilon) / (qmax - qmin)
    zero = np.clip(np.round(-low / scale) + qmin, qmin, qmax)
    outputs = np.clip(np.round(groups / scale) + zero, qmin, qmax)
    outputs = outputs.astype(dtype).reshape(padded, output_dim)[:input_dim]
    return (jnp.asarray(outputs),
            jnp.asarray(scale[:, 0], dtype=source_dtype),
            jnp.asarray(zero[:, 0].astype("int8")))


def dequantize_with_sz_map(weights_matrix, scale, zero, g_idx, group_axis=-1):
    """`(w - zero[g]) * scale[g]`, the groups `g` taken from `g_idx` along
    `group_axis` of `scale` and `zero`."""
    groups = jnp.asarray(_value(g_idx)).astype("int32")
    scales = jnp.take(jnp.asarray(_value(scale)), groups, axis=group_axis)
    zeros = jnp.take(jnp.asarray(_value(zero)), groups, axis=group_axis)
    return (jnp.asarray(_value(weights_matrix)) - zeros.astype(scales.dtype)
            ) * scales


@register
class AbsMaxQuantizer(Quantizer):
    """Quantizer calling `abs_max_quantize`; returns `(quantized, scale)`.

    >>> import numpy as np
    >>> q, s = AbsMaxQuantizer()(np.array([[2.0, -1.0]]))
    >>> q.tolist()
    [[127, -64]]
    """

    def __init__(self, axis=None, value_range=(-127, 127), epsilon=_EPSILON,
                 output_dtype="int8"):
        super().__init__(output_dtype=output_dtype)
        if axis is None:
            self.axis = None
        else:
            self.axis = (axis,) if isinstance(axis, int) else tuple(axis)
        self.value_range = tuple(value_range)
        self.epsilon = epsilon
        if output_dtype == "int8" and (
            self.value_range[0] < -128 or self.value_range[1] > 127
        ):
            raise ValueError(
                "AbsMaxQuantizer: an int8 output needs `value_range` inside "
                f"[-128, 127]; got value_range={value_range}."
            )

    def __call__(self, x, axis=None, to_numpy=False):
        if axis is None:
            axis = self.axis if self.axis is not None else -1
        return abs_max_quantize(x, axis, self.value_range,
                                self.output_dtype, self.epsilon, to_numpy)

    def get_config(self):
        config = {
            "value_range": self.value_range,
            "epsilon": self.epsilon,
            "output_dtype": self.output_dtype,
        }
        if self.axis is not None:
            config["axis"] = self.axis
        return config


def _nudge(min_range, max_range, num_bits, narrow_range):
    dtype = jnp.result_type(min_range.dtype, jnp.float32)
    min_range = min_range.astype(dtype)
    max_range = max_range.astype(dtype)
    quant_max = (1 << num_bits) - 1
    quant_min = 1 if narrow_range else 0
    width = max_range - min_range
    scale = width / (quant_max - quant_min)
    inv_scale = (quant_max - quant_min) / width
    zero = jnp.round(jnp.clip(quant_min - min_range / scale,
                              quant_min, quant_max))
    return (quant_min - zero) * scale, (quant_max - zero) * scale, scale, (
        inv_scale)


def fake_quant_with_min_max_vars(inputs, min_vals, max_vals, num_bits=8,
                                 narrow_range=False, axis=None):
    """Quantizes `inputs` to `num_bits` levels in `[min_vals, max_vals]`
    (per tensor, or per channel along `axis`) and dequantizes them again.
    Differentiable: the gradient passes inside the range and goes to
    `min_vals`/`max_vals` outside it.

    >>> import numpy as np
    >>> out = fake_quant_with_min_max_vars(np.array([0.3, 2.0]), 0.0, 1.0)
    >>> [round(float(v), 3) for v in out]
    [0.302, 1.0]
    """
    from kerax.core.keras_tensor import KerasTensor, any_symbolic

    if any_symbolic((inputs,), {}):
        return KerasTensor(inputs.shape, inputs.dtype)
    x = jnp.asarray(_value(inputs))
    low = jnp.asarray(_value(min_vals))
    high = jnp.asarray(_value(max_vals))
    num_bits = int(num_bits)
    if axis is not None:
        axis = axis % x.ndim

    @jax.custom_vjp
    def fake_quant(x, low, high):
        return _forward(x, low, high)[0]

    def _forward(x, low, high):
        n_min, n_max, scale, inv_scale = _nudge(low, high, num_bits,
                                                narrow_range)
        zero = jnp.floor(-n_min * inv_scale + 0.5)
        clamped = jnp.clip(x.astype(n_min.dtype), n_min, n_max) - n_min
        result = jnp.floor(clamped * inv_scale - zero + 0.5) * scale
        return result.astype(x.dtype), (x, low, high, n_min, n_max)

    def _backward(saved, upstream):
        x, low, high, n_min, n_max = saved
        inside = (x >= n_min) & (x <= n_max)
        axes = tuple(i for i in range(x.ndim) if i != axis)
        reduce = (lambda t: t.sum(axis=axes)) if axis is not None else (
            jnp.sum)
        grad_min = reduce(jnp.where(x <= n_min, upstream, 0.0))
        grad_max = reduce(jnp.where(x >= n_max, upstream, 0.0))
        return (jnp.where(inside, upstream, 0.0),
                grad_min.reshape(low.shape).astype(low.dtype),
                grad_max.reshape(high.shape).astype(high.dtype))

    fake_quant.defvjp(_forward, _backward)
    if not jnp.issubdtype(low.dtype, jnp.floating):
        low = low.astype(jnp.float32)
    if not jnp.issubdtype(high.dtype, jnp.floating):
        high = high.astype(jnp.float32)
    if not jnp.issubdtype(x.dtype, jnp.floating):
        x = x.astype(jnp.float32)
    if axis is not None and low.ndim == 1:  # Per channel along `axis`.
        shape = [1] * x.ndim
        shape[axis] = -1
        low, high = low.reshape(shape), high.reshape(shape)
    return fake_quant(x, low, high)


def compute_float8_scale(amax, scale, dtype_max, margin=0):
    """The next float8 scale: `amax / dtype_max * 2**margin`, keeping
    `scale` where `amax` is zero or not finite.

    >>> round(float(compute_float8_scale(2.0, 1.0, 448.0)), 6)
    0.004464
    """
    amax = jnp.asarray(_value(amax))
    scale = jnp.asarray(_value(scale))
    factor = jnp.divide(jnp.divide(dtype_max, amax), 2**margin)
    factor = jnp.where(amax > 0.0, factor, 1.0 / scale)
    factor = jnp.where(jnp.isfinite(amax), factor, 1.0 / scale)
    return 1.0 / factor


def compute_float8_amax_history(x, amax_history):
    """Rolls `amax_history` by one and writes `max|x|` first.

    >>> import numpy as np
    >>> compute_float8_amax_history(np.array([-3.0, 1.0]),
    ...                             np.zeros(3)).tolist()
    [3.0, 0.0, 0.0]
    """
    history = jnp.asarray(_value(amax_history))
    amax = jnp.max(jnp.abs(jnp.asarray(_value(x)))).astype(history.dtype)
    return jnp.roll(history, -1).at[0].set(amax)


def quantize_and_dequantize(inputs, scale, quantized_dtype, compute_dtype):
    """Rounds `inputs / scale` to `quantized_dtype` (a float8 type, values
    clipped to its range) and multiplies back by `scale`.

    >>> float(quantize_and_dequantize(1.1, 1.0, "float8_e4m3fn", "float32"))
    1.125
    """
    limit = float(ml_dtypes.finfo(quantized_dtype).max)
    scale = jnp.asarray(_value(scale)).astype(compute_dtype)
    x = jnp.asarray(_value(inputs)).astype(compute_dtype) / scale
    x = jnp.clip(x, -limit, limit).astype(quantized_dtype)
    return x.astype(compute_dtype) * scale


def pack_int4(arr, axis=0, dtype="int8"):
    """Packs int4 values (int8 in [-8, 7]) two per byte along `axis`: the
    first of each pair in the low nibble. An odd length is zero-padded.

    Returns `(packed, packed_shape, original_length)`.

    >>> import numpy as np
    >>> packed, shape, n = pack_int4(np.array([[-3, 7], [2, -8], [1, 0]],
    ...                                       dtype="int8"))
    >>> packed.tolist(), shape, n
    ([[45, -121], [1, 0]], (2, 2), 3)
    """
    if dtype not in ("int8", "uint8"):
        raise ValueError(
            f"pack_int4: `dtype` must be 'int8' or 'uint8'; got '{dtype}'.")
    arr = _value(arr)
    if _dtype_name(arr) != dtype:
        raise TypeError(
            f"pack_int4 expects a {dtype} tensor; got {_dtype_name(arr)}.")
    values = np.moveaxis(np.asarray(arr), axis, 0)
    length = values.shape[0]
    if length % 2:
        values = np.concatenate(
            [values, np.zeros((1,) + values.shape[1:], values.dtype)])
    np_dtype = np.dtype(dtype)
    low = values[::2].astype(np_dtype) & np_dtype.type(0x0F)
    high = values[1::2].astype(np_dtype) & np_dtype.type(0x0F)
    packed = (low | (high << np_dtype.type(4))).astype(np_dtype)
    packed = np.moveaxis(packed, 0, axis)
    return jnp.asarray(packed), tuple(packed.shape), length


def unpack_int4(packed, orig_len, axis=0, dtype="int8"):
    """Inverse of `pack_int4`: two values per byte along `axis`, cut to
    `orig_len`; `dtype="int8"` restores signed values in [-8, 7].

    >>> import numpy as np
    >>> unpack_int4(np.array([[45, -121], [1, 0]], dtype="int8"), 3).tolist()
    [[-3, 7], [2, -8], [1, 0]]
    """
    if dtype not in ("int8", "uint8"):
        raise ValueError(
            f"unpack_int4: `dtype` must be 'int8' or 'uint8'; got '{dtype}'.")
    packed = jnp.asarray(_value(packed))
    if _dtype_name(packed) not in ("int8", "uint8"):
        raise TypeError(
            "unpack_int4 expects an int8 or uint8 tensor; got "
            f"{_dtype_name(packed)}.")
    moved = jnp.moveaxis(packed, axis, 0)
    low = moved & 0x0F
    high = (moved >> 4) & 0x0F
    if dtype == "int8":
        low = (low ^ 8) - 8
        high = (high ^ 8) - 8
    stacked = jnp.stack([low.astype(dtype), high.astype(dtype)], axis=1)
    unpacked = stacked.reshape((-1,) + moved.shape[1:])[:orig_len]
    return jnp.moveaxis(unpacked, 0, axis)
