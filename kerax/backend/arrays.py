"""Keras 2 backend array manipulation: shapes, joins, indexing.

>>> batch_flatten(jnp.ones((2, 3, 4))).shape
(2, 12)
"""

import builtins

import jax
import jax.numpy as jnp

from kerax.backend.common import k_op, tensor
from kerax.core.dtypes import standardize_dtype


@k_op
def cast(x, dtype):
    """`x` converted to `dtype`."""
    return tensor(x).astype(standardize_dtype(dtype))


@k_op
def identity(x, name=None):
    """A tensor with the same content as `x`."""
    return jnp.array(tensor(x), copy=True)


@k_op
def concatenate(tensors, axis=-1):
    """Joins `tensors` along `axis` (default the last)."""
    return jnp.concatenate([tensor(t) for t in tensors], axis=axis)


@k_op
def stack(x, axis=0):
    """Stacks a list of same-shape tensors along a new `axis`."""
    return jnp.stack([tensor(t) for t in x], axis=axis)


def _dim(d):
    """A size given as an int, a symbolic size, or a scalar array."""
    return int(d) if hasattr(d, "shape") and hasattr(d, "__int__") else d


@k_op
def reshape(x, shape):
    """`x` reshaped to `shape` (one entry may be -1)."""
    return jnp.reshape(tensor(x), tuple(_dim(d) for d in shape))


@k_op
def permute_dimensions(x, pattern):
    """Permutes the axes of `x` by `pattern`, e.g. `(0, 2, 1)`."""
    return jnp.transpose(tensor(x), tuple(pattern))


@k_op
def flatten(x):
    """`x` as a rank-1 tensor."""
    return jnp.reshape(tensor(x), (-1,))


@k_op
def batch_flatten(x):
    """`x` as `(batch, everything else)`."""
    x = tensor(x)
    return jnp.reshape(x, (x.shape[0], -1))


@k_op
def expand_dims(x, axis=-1):
    """Adds an axis of size 1 at `axis`."""
    return jnp.expand_dims(tensor(x), axis)


@k_op
def squeeze(x, axis):
    """Removes the size-1 axis `axis`."""
    return jnp.squeeze(tensor(x), axis=axis)


@k_op
def repeat_elements(x, rep, axis):
    """Repeats each entry of `x` `rep` times along `axis`."""
    return jnp.repeat(tensor(x), int(rep), axis=axis)


@k_op
def repeat(x, n):
    """`(batch, dim)` -> `(batch, n, dim)`: the rows repeated `n` times."""
    x = tensor(x)
    if x.ndim != 2:
        raise ValueError(
            f"repeat expects a rank-2 tensor. Received: x.shape={x.shape}"
        )
    return jnp.repeat(x[:, None, :], int(n), axis=1)


@k_op
def tile(x, n):
    """`x` tiled `n` times (an int or one count per axis)."""
    if isinstance(n, int):
        n = [n]
    return jnp.tile(tensor(x), tuple(n))


@k_op
def arange(start, stop=None, step=1, dtype="int32"):
    """`start, start + step, ...` below `stop` (`arange(n)`: 0 to n-1;
    a negative lone `start` gives an empty range)."""
    if stop is None and not isinstance(start, jax.Array) and start < 0:
        start = 0
    values = jnp.arange(start, stop, step)
    return values.astype(standardize_dtype(dtype))


@k_op
def reverse(x, axes):
    """`x` reversed along `axes` (an int or a list)."""
    if isinstance(axes, int):
        axes = [axes]
    return jnp.flip(tensor(x), axis=tuple(axes))


@k_op
def slice(x, start, size):
    """The block of `x` at `start` with extent `size` (-1: to the end)."""
    x = tensor(x)
    start = [int(s) for s in start]
    size = [x.shape[i] - s if int(n) == -1 else int(n)
            for i, (s, n) in enumerate(zip(start, size))]
    index = tuple(builtins.slice(s, s + n) for s, n in zip(start, size))
    return x[index]


@k_op
def gather(reference, indices):
    """Rows of `reference` (axis 0) at `indices`."""
    return jnp.take(tensor(reference), tensor(indices).astype("int32"),
                    axis=0)


@k_op
def size(x, name=None):
    """The number of entries of `x`, as an int32 scalar."""
    return jnp.asarray(tensor(x).size, dtype="int32")


@k_op
def one_hot(indices, num_classes):
    """`indices` (..., ) -> float one-hot `(..., num_classes)`."""
    indices = tensor(indices).astype("int32")
    return jax.nn.one_hot(indices, int(num_classes), dtype="float32")


@k_op
def zeros_like(x, dtype=None, name=None):
    """Zeros with the shape (and by default the dtype) of `x`."""
    x = tensor(x)
    return jnp.zeros(x.shape, standardize_dtype(dtype or x.dtype))


@k_op
def ones_like(x, dtype=None, name=None):
    """Ones with the shape (and by default the dtype) of `x`."""
    x = tensor(x)
    return jnp.ones(x.shape, standardize_dtype(dtype or x.dtype))
