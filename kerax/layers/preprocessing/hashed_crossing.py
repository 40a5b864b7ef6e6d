"""`HashedCrossing`: crosses categorical features by hashing them together.

>>> import numpy as np
>>> layer = HashedCrossing(num_bins=5)
>>> layer((np.array(["A", "B", "A", "B", "A"]),
...        np.array([101, 101, 101, 102, 102]))).tolist()
[1, 4, 1, 1, 3]
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from kerax.core.keras_tensor import any_symbolic
from kerax.layers.layer import Layer
from kerax.layers.preprocessing.hash_functions import fingerprint64
from kerax.layers.preprocessing.host_layer import is_concrete
from kerax.layers.preprocessing.preprocessing_utils import (
    categorical_output_shape,
    encode_categorical,
    int_dtype,
    is_host_data,
    to_host_array,
    validate_mode,
)

# TensorFlow's `sparse.cross_hashed` defaults, which Keras uses.
_HASH_KEY = 0xDECAFCAFFE
_MUL = np.uint64(0xC6A4A7935BD1E995)
_SHIFT = np.uint64(47)


def _shift_mix(v):
    return v ^ (v >> _SHIFT)


def fingerprint_cat64(fp1, fp2):
    """FarmHash's `FingerprintCat64` of two `uint64` arrays (wrapping)."""
    with np.errstate(over="ignore"):
        result = fp1 ^ _MUL
        result = result ^ (_shift_mix(fp2 * _MUL) * _MUL)
        result = result * _MUL
        result = _shift_mix(result) * _MUL
        return _shift_mix(result)


def feature_fingerprints(values):
    """`uint64` fingerprint of each value: strings through `Fingerprint64`
    of their UTF-8 bytes, integers as their 64-bit two's complement."""
    values = np.asarray(values)
    if values.dtype.kind in "iub":
        return values.astype("int64").view("uint64")
    flat = values.reshape(-1)
    uniques, inverse = np.unique(flat.astype(object).astype(str),
                                 return_inverse=True)
    codes = np.array([fingerprint64(u.encode("utf-8")) for u in uniques],
                     dtype="uint64")
    return codes[inverse.reshape(-1)].reshape(values.shape)


def cross_hash(columns, num_bins):
    """`int64` bin of every row's crossed values (NumPy, any equal shape).

    >>> cross_hash([np.array(["A"]), np.array([101])], 5).tolist()
    [1]
    """
    hashed = np.full(np.shape(columns[0]), _HASH_KEY, dtype="uint64")
    for column in columns:
        hashed = fingerprint_cat64(hashed, feature_fingerprints(column))
    return (hashed % np.uint64(num_bins)).astype("int64")


class HashedCrossing(Layer):
    """Crosses two or more categorical inputs into `num_bins` bins with
    the hashing trick; the bins equal Keras's (TensorFlow's
    `sparse.cross_hashed`: FarmHash fingerprints chained with
    `FingerprintCat64`).

    Call it on a list or tuple of equally shaped inputs, each of shape
    `()`, `(batch,)` or `(batch, 1)`, with integer or string values. String
    inputs are hashed eagerly on the host; integer inputs also work under
    `jit` (through `jax.pure_callback`).

    Args:
        num_bins: Number of hash bins.
        output_mode: `"int"` (default: the bin indices) or `"one_hot"`.
        sparse: Must be False (kerax has no sparse tensors).
    """

    def __init__(self, num_bins, output_mode="int", sparse=False,
                 name=None, dtype=None, **kwargs):
        if output_mode == "int" and dtype is None:
            dtype = "int64"
        kwargs.setdefault("autocast", False)
        super().__init__(name=name, dtype=dtype, **kwargs)
        validate_mode(output_mode, ("int", "one_hot"), "output_mode",
                      "HashedCrossing")
        if not isinstance(num_bins, (int, np.integer)) or num_bins < 1:
            raise ValueError(
                "HashedCrossing: `num_bins` must be a positive integer. "
                f"Received: num_bins={num_bins!r}"
            )
        if sparse:
            raise ValueError(
                "HashedCrossing: kerax has no sparse outputs. Received: "
                f"sparse={sparse}"
            )
        self.num_bins = int(num_bins)
        self.output_mode = output_mode
        self.sparse = sparse

    def _output_dtype(self):
        dtype = self.compute_dtype
        return int_dtype() if dtype == "int64" else dtype

    def __call__(self, inputs, *args, **kwargs):
        if isinstance(inputs, (list, tuple)) and not any_symbolic(
            inputs
        ) and all(is_concrete(x) for x in inputs):
            # Concrete values are crossed on the host, in int64 (JAX
            # without x64 would truncate large integers).
            columns = [to_host_array(x) for x in inputs]
            self._check(columns)
            return self._encode(jnp.asarray(cross_hash(columns,
                                                       self.num_bins)))
        return super().__call__(inputs, *args, **kwargs)

    def _check(self, inputs):
        if not isinstance(inputs, (list, tuple)) or len(inputs) < 2:
            raise ValueError(
                "HashedCrossing must be called on a list or tuple of at "
                f"least two inputs. Received: inputs={inputs!r}"
            )
        shape = tuple(inputs[0].shape)
        if len(shape) > 2 or (len(shape) == 2 and shape[-1] != 1):
            raise ValueError(
                "HashedCrossing inputs must have shape (), (batch,) or "
                f"(batch, 1). Received: shape={shape}"
            )
        shapes = [tuple(x.shape) for x in inputs]
        if any(s != shape for s in shapes):
            raise ValueError(
                "HashedCrossing inputs must all have the same shape. "
                f"Received: shapes={shapes}"
            )
        for x in inputs:
            kind = "U" if is_host_data(x) else np.dtype(x.dtype).kind
            if kind not in "iuUSO":
                raise ValueError(
                    "HashedCrossing inputs must be integers or strings. "
                    f"Received: dtype={x.dtype}"
                )

    def _encode(self, bins):
        if self.output_mode == "int":
            return bins.astype(self._output_dtype())
        return encode_categorical(bins, "one_hot", self.num_bins,
                                  dtype=self._output_dtype())

    def call(self, inputs):
        inputs = [jnp.asarray(x) for x in inputs]
        self._check(inputs)
        if all(is_concrete(x) for x in inputs):
            bins = cross_hash([np.asarray(x) for x in inputs],
                              self.num_bins)
            return self._encode(jnp.asarray(bins.astype("int32")))
        spec = jax.ShapeDtypeStruct(inputs[0].shape, "int32")
        bins = jax.pure_callback(
            lambda *cols: cross_hash([np.asarray(c) for c in cols],
                                     self.num_bins).astype("int32"),
            spec, *inputs, vmap_method="broadcast_all")
        return self._encode(bins)

    def compute_output_shape(self, input_shape):
        first = tuple(input_shape[0])
        return categorical_output_shape(first, self.output_mode,
                                        self.num_bins)

    def compute_output_spec(self, inputs):
        from kerax.core.keras_tensor import KerasTensor

        self._check(inputs)
        return KerasTensor(self.compute_output_shape(
            [tuple(x.shape) for x in inputs]), self._output_dtype())

    def get_config(self):
        return {
            "num_bins": self.num_bins,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "name": self.name,
            "dtype": self.dtype_policy.name,
        }
