"""Helpers shared by the preprocessing layers (no public layer here).

* `encode_categorical`: Keras's `int`/`one_hot`/`multi_hot`/`count`
  encodings of integer indices, in `jax.numpy` (jittable).
* `iterate_batches`: the batches of an `adapt()` argument (array, list,
  dataset or any iterable of batches, `(x, y)` tuples reduced to `x`).
* `int_dtype`: `"int64"` when JAX runs with x64 enabled, else `"int32"`.
* `is_host_data` / `to_host_array`: NumPy string (or object) arrays, which
  JAX cannot hold and which the string layers process on the host.

>>> encode_categorical(np.array([0, 2]), "multi_hot", 3).tolist()
[1.0, 0.0, 1.0]
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from kerax import config

CATEGORICAL_MODES = ("int", "one_hot", "multi_hot", "count")


def int_dtype():
    """The widest integer dtype JAX currently produces."""
    return "int64" if jax.config.jax_enable_x64 else "int32"


def validate_mode(value, allowed, name, layer):
    """Raises `ValueError` unless `value` is one of `allowed`."""
    if value not in allowed:
        raise ValueError(
            f"Invalid value for argument `{name}` of {layer}: expected one "
            f"of {allowed}. Received: {name}={value}"
        )


def encode_categorical(indices, output_mode, depth, dtype=None,
                       count_weights=None):
    """Encodes integer `indices` as Keras does.

    `int` casts; `one_hot` adds a `depth` axis (a trailing axis of size 1
    is replaced); `multi_hot` / `count` reduce axis 1 of a batch (axis 0 of
    a rank-1 input: one sample) into a `depth` vector. Out-of-range
    indices (negative or `>= depth`) encode to zeros.
    """
    dtype = dtype or config.floatx()
    indices = jnp.asarray(indices)
    if output_mode == "int":
        return indices.astype(dtype)
    if indices.ndim == 0:
        indices = indices[None]
    indices = indices.astype("int32")
    if output_mode == "one_hot":
        if indices.ndim > 1 and indices.shape[-1] == 1:
            indices = indices[..., 0]
        return jax.nn.one_hot(indices, depth, dtype=dtype)
    axis = 1 if indices.ndim > 1 else 0
    if output_mode == "multi_hot":
        return jnp.max(jax.nn.one_hot(indices, depth, dtype=dtype), axis=axis)
    if output_mode == "count":
        if count_weights is not None:
            weights = jnp.asarray(count_weights)
            encoded = jax.nn.one_hot(indices, depth, dtype=weights.dtype)
            return jnp.sum(encoded * weights[..., None], axis=axis)
        return jnp.sum(jax.nn.one_hot(indices, depth, dtype=dtype), axis=axis)
    raise ValueError(
        f"Unknown `output_mode`: expected one of {CATEGORICAL_MODES}. "
        f"Received: output_mode={output_mode}"
    )


def categorical_output_shape(input_shape, output_mode, depth):
    """Output shape of `encode_categorical` for an input shape."""
    input_shape = tuple(input_shape)
    if output_mode == "int":
        return input_shape
    if not input_shape:
        return (depth,)
    if output_mode == "one_hot":
        if len(input_shape) > 1 and input_shape[-1] == 1:
            return input_shape[:-1] + (depth,)
        return input_shape + (depth,)
    if len(input_shape) == 1:
        return (depth,)
    return (input_shape[0],) + input_shape[2:] + (depth,)


def _first_of_pair(batch):
    if isinstance(batch, (tuple, list)) and len(batch) in (2, 3) and all(
        hasattr(b, "shape") or b is None for b in batch
    ):
        return batch[0]
    if isinstance(batch, dict) and "x" in batch:
        return batch["x"]
    return batch


def _is_batch_container(data, lists_are_batches=False):
    """True for datasets/iterables of batches (not arrays or strings; lists
    and tuples only with `lists_are_batches`)."""
    if isinstance(data, (list, tuple)):
        return lists_are_batches
    if isinstance(data, (np.ndarray, jax.Array, str, bytes)):
        return False
    return hasattr(data, "__iter__") or (hasattr(data, "__getitem__") and (
        hasattr(data, "__len__")
    ))


def iterate_batches(data, batch_size=None, steps=None,
                    lists_are_batches=False):
    """Yields the NumPy batches of `data` for `adapt()`.

    Arrays (and lists/tuples of values, unless `lists_are_batches`) are
    one batch, or slices of `batch_size` rows when `batch_size` is set; a
    dataset, generator, or `PyDataset`-like object yields its own batches
    (the `x` of `(x, y)` pairs), at most `steps` of them.
    """
    if _is_batch_container(data, lists_are_batches):
        if hasattr(data, "__iter__"):
            iterator = iter(data)
        else:
            iterator = (data[i] for i in range(len(data)))
        for index, batch in enumerate(iterator):
            if steps is not None and index >= steps:
                break
            yield to_host_array(_first_of_pair(batch))
        return
    array = to_host_array(data)
    if batch_size is None or array.ndim == 0:
        yield array
        return
    starts = range(0, array.shape[0], int(batch_size))
    for count, start in enumerate(starts):
        if steps is not None and count >= steps:
            break
        yield array[start:start + int(batch_size)]


def to_host_array(x):
    """A NumPy array of `x` (tensors, lists, `tf` eager tensors...)."""
    if hasattr(x, "numpy") and not isinstance(x, np.ndarray):
        x = x.numpy()
    if isinstance(x, jax.Array):
        return np.asarray(x)
    if isinstance(x, np.ndarray):
        return x
    return np.asarray(x)


def is_host_data(x):
    """True when `x` holds strings (NumPy str/bytes/object, str lists)."""
    if isinstance(x, (str, bytes)):
        return True
    if isinstance(x, np.ndarray):
        return x.dtype.kind in ("U", "S", "O")
    if isinstance(x, (list, tuple)):
        flat = x
        while isinstance(flat, (list, tuple)) and flat:
            flat = flat[0]
        return isinstance(flat, (str, bytes, np.str_, np.bytes_))
    return bool(hasattr(x, "numpy") and hasattr(x, "dtype") and (
        str(getattr(x.dtype, "name", "")) == "string"
    ))


def to_text_array(x, encoding="utf-8"):
    """A NumPy array of Python `str` (bytes decoded with `encoding`)."""
    array = to_host_array(x)
    flat = [v.decode(encoding) if isinstance(v, bytes) else str(v)
            for v in array.reshape(-1)]
    out = np.empty(len(flat), dtype=object)
    out[:] = flat
    return out.reshape(array.shape)
