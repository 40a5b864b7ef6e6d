"""NumPy-style reductions, statistics, cumulative ops, sorting, counting.

Means and variances of low-precision floats are accumulated in float32
and cast back, as Keras does; integer inputs give floatx results.

>>> mean(jnp.array([1, 2])).dtype
dtype('float32')
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax import config
from kerax.ops.core import _convert
from kerax.ops.symbolic import symbolic_op


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def _float(x):
    """`x` as a float tensor (floatx for int and bool inputs)."""
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        return x.astype(config.floatx())
    return x


def _make_reduction(name, fn, example, floating=False):
    def op(x, axis=None, keepdims=False):
        x = _convert(x)
        if floating:
            x = _float(x)
        return fn(x, axis=_axis(axis), keepdims=keepdims)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = (
        f"`{name}` over `axis` (all axes when None).\n\n"
        f"    >>> {example[0]}\n    {example[1]}\n"
    )
    return symbolic_op(op)


sum = _make_reduction("sum", jnp.sum, ("sum([[1, 2], [3, 4]], axis=0).tolist()", "[4, 6]"))
all = _make_reduction("all", jnp.all, ("all([True, False]).tolist()", "False"))
any = _make_reduction("any", jnp.any, ("any([True, False]).tolist()", "True"))
amax = _make_reduction("amax", jnp.max, ("amax([1, 3, 2]).tolist()", "3"))
amin = _make_reduction("amin", jnp.min, ("amin([1, 3, 2]).tolist()", "1"))
ptp = _make_reduction("ptp", jnp.ptp, ("ptp([1, 3, 2]).tolist()", "2"))
nanmax = _make_reduction(
    "nanmax", jnp.nanmax, ("nanmax([1.0, float('nan')]).tolist()", "1.0")
)
nanmin = _make_reduction(
    "nanmin", jnp.nanmin, ("nanmin([1.0, float('nan')]).tolist()", "1.0")
)
nansum = _make_reduction(
    "nansum", jnp.nansum, ("nansum([1.0, float('nan')]).tolist()", "1.0")
)
nanprod = _make_reduction(
    "nanprod", jnp.nanprod, ("nanprod([2.0, float('nan')]).tolist()", "2.0")
)
nanmean = _make_reduction(
    "nanmean", jnp.nanmean, ("nanmean([1.0, float('nan')]).tolist()", "1.0"),
    floating=True,
)
nanvar = _make_reduction(
    "nanvar", jnp.nanvar, ("nanvar([1.0, float('nan')]).tolist()", "0.0"),
    floating=True,
)
nanstd = _make_reduction(
    "nanstd", jnp.nanstd, ("nanstd([1.0, float('nan')]).tolist()", "0.0"),
    floating=True,
)
nanmedian = _make_reduction(
    "nanmedian", jnp.nanmedian,
    ("nanmedian([1.0, float('nan'), 3.0]).tolist()", "2.0"), floating=True,
)
median = _make_reduction(
    "median", jnp.median, ("median([1, 5, 2]).tolist()", "2.0"), floating=True
)
std = _make_reduction(
    "std", jnp.std, ("std([1.0, 3.0]).tolist()", "1.0"), floating=True
)


@symbolic_op
def max(x, axis=None, keepdims=False, initial=None):
    """Maximum over `axis` (all axes when None).

    >>> max([[1, 5], [3, 2]], axis=1).tolist()
    [5, 3]
    """
    return jnp.max(_convert(x), axis=_axis(axis), keepdims=keepdims,
                   initial=initial)


@symbolic_op
def min(x, axis=None, keepdims=False, initial=None):
    """Minimum over `axis` (all axes when None).

    >>> min([[1, 5], [3, 2]], axis=1).tolist()
    [1, 2]
    """
    return jnp.min(_convert(x), axis=_axis(axis), keepdims=keepdims,
                   initial=initial)


@symbolic_op
def mean(x, axis=None, keepdims=False):
    """Arithmetic mean over `axis`; float16/bfloat16 accumulate in float32.

    >>> mean([[1.0, 2.0], [3.0, 4.0]], axis=0).tolist()
    [2.0, 3.0]
    """
    x = _float(_convert(x))
    out_dtype = x.dtype
    compute = jnp.promote_types(out_dtype, "float32")
    out = jnp.mean(x, axis=_axis(axis), keepdims=keepdims, dtype=compute)
    return out.astype(out_dtype)


@symbolic_op
def var(x, axis=None, keepdims=False):
    """Variance over `axis`; float16/bfloat16 accumulate in float32.

    >>> var([1.0, 3.0]).tolist()
    1.0
    """
    x = _float(_convert(x))
    out_dtype = x.dtype
    compute = jnp.promote_types(out_dtype, "float32")
    out = jnp.var(x, axis=_axis(axis), keepdims=keepdims, dtype=compute)
    return out.astype(out_dtype)


@symbolic_op
def prod(x, axis=None, keepdims=False, dtype=None):
    """Product over `axis`.

    >>> prod([1, 2, 3]).tolist()
    6
    """
    return jnp.prod(_convert(x), axis=_axis(axis), keepdims=keepdims,
                    dtype=dtype)


@symbolic_op
def average(x, axis=None, weights=None):
    """Weighted mean over `axis`.

    >>> average([1.0, 3.0], weights=[3.0, 1.0]).tolist()
    1.5
    """
    x = _float(_convert(x))
    if weights is not None:
        weights = _convert(weights)
        dtype = jnp.result_type(x.dtype, weights.dtype)
        x, weights = x.astype(dtype), weights.astype(dtype)
    return jnp.average(x, axis=_axis(axis), weights=weights)


@symbolic_op
def count_nonzero(x, axis=None):
    """Number of non-zero elements over `axis`.

    >>> count_nonzero([0, 1, 2]).tolist()
    2
    """
    return jnp.count_nonzero(_convert(x), axis=_axis(axis)).astype("int32")


def _make_arg(name, fn, example):
    def op(x, axis=None, keepdims=False):
        x = _convert(x)
        return fn(x, axis=axis, keepdims=keepdims).astype("int32")

    op.__name__ = op.__qualname__ = name
    op.__doc__ = (
        f"`{name}` along `axis` (of the flattened tensor when None).\n\n"
        f"    >>> {example[0]}\n    {example[1]}\n"
    )
    return symbolic_op(op)


argmax = _make_arg("argmax", jnp.argmax, ("argmax([1, 3, 2]).tolist()", "1"))
argmin = _make_arg("argmin", jnp.argmin, ("argmin([1, 3, 2]).tolist()", "0"))
nanargmax = _make_arg(
    "nanargmax", jnp.nanargmax,
    ("nanargmax([1.0, float('nan'), 2.0]).tolist()", "2"),
)
nanargmin = _make_arg(
    "nanargmin", jnp.nanargmin,
    ("nanargmin([1.0, float('nan'), 2.0]).tolist()", "0"),
)


def _quantile_fn(fn):
    def op(x, q, axis=None, method="linear", keepdims=False):
        x = _float(_convert(x))
        return fn(x, _convert(q), axis=_axis(axis), method=method,
                  keepdims=keepdims)

    return op


@symbolic_op
def quantile(x, q, axis=None, method="linear", keepdims=False):
    """`q`-th quantiles (0 <= q <= 1) over `axis`.

    >>> quantile([1.0, 2.0, 3.0], 0.5).tolist()
    2.0
    """
    return _quantile_fn(jnp.quantile)(x, q, axis, method, keepdims)


@symbolic_op
def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    """`quantile` ignoring NaNs.

    >>> nanquantile([1.0, float("nan"), 3.0], 0.5).tolist()
    2.0
    """
    return _quantile_fn(jnp.nanquantile)(x, q, axis, method, keepdims)


@symbolic_op
def percentile(x, q, axis=None, method="linear", keepdims=False):
    """`q`-th percentiles (0 <= q <= 100) over `axis`.

    >>> percentile([1.0, 2.0, 3.0], 50).tolist()
    2.0
    """
    return _quantile_fn(jnp.percentile)(x, q, axis, method, keepdims)


@symbolic_op
def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    """`percentile` ignoring NaNs.

    >>> nanpercentile([1.0, float("nan"), 3.0], 50).tolist()
    2.0
    """
    return _quantile_fn(jnp.nanpercentile)(x, q, axis, method, keepdims)


def _make_cumulative(name, fn, example):
    def op(x, axis=None, dtype=None):
        return fn(_convert(x), axis=axis, dtype=dtype)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = (
        f"`{name}` along `axis` (of the flattened tensor when None).\n\n"
        f"    >>> {example[0]}\n    {example[1]}\n"
    )
    return symbolic_op(op)


cumsum = _make_cumulative(
    "cumsum", jnp.cumsum, ("cumsum([1, 2, 3]).tolist()", "[1, 3, 6]")
)
cumprod = _make_cumulative(
    "cumprod", jnp.cumprod, ("cumprod([1, 2, 3]).tolist()", "[1, 2, 6]")
)
nancumsum = _make_cumulative(
    "nancumsum", jnp.nancumsum,
    ("nancumsum([1.0, float('nan'), 2.0]).tolist()", "[1.0, 1.0, 3.0]"),
)
nancumprod = _make_cumulative(
    "nancumprod", jnp.nancumprod,
    ("nancumprod([2.0, float('nan'), 2.0]).tolist()", "[2.0, 2.0, 4.0]"),
)


@symbolic_op
def sort(x, axis=-1):
    """Sorts `x` along `axis`.

    >>> sort([3, 1, 2]).tolist()
    [1, 2, 3]
    """
    return jnp.sort(_convert(x), axis=axis)


@symbolic_op
def argsort(x, axis=-1):
    """Indices that sort `x` along `axis`.

    >>> argsort([3, 1, 2]).tolist()
    [1, 2, 0]
    """
    return jnp.argsort(_convert(x), axis=axis).astype("int32")


@symbolic_op
def argpartition(x, kth, axis=-1):
    """Indices that partition `x` around its `kth` element.

    >>> int(argpartition([3, 1, 2], 0)[0])
    1
    """
    return jnp.argpartition(_convert(x), kth, axis=axis).astype("int32")


@symbolic_op
def searchsorted(sorted_sequence, values, side="left"):
    """Indices where `values` would be inserted to keep the order.

    >>> searchsorted([1, 3, 5], [4]).tolist()
    [2]
    """
    sequence = _convert(sorted_sequence)
    if sequence.ndim != 1:
        raise ValueError(
            "`searchsorted` only supports 1-D sorted sequences. Received: "
            f"sorted_sequence.shape={sequence.shape}"
        )
    out = jnp.searchsorted(sequence, _convert(values), side=side)
    return out.astype("int32")


@symbolic_op
def digitize(x, bins):
    """Index of the bin each value of `x` falls in.

    >>> digitize([0.5, 1.5], [0.0, 1.0, 2.0]).tolist()
    [1, 2]
    """
    return jnp.digitize(_convert(x), _convert(bins)).astype("int32")


@symbolic_op
def bincount(x, weights=None, minlength=0, sparse=False):
    """Counts occurrences of each non-negative int (last axis for 2D).

    >>> bincount([0, 1, 1, 3]).tolist()
    [1, 2, 0, 1]
    """
    if sparse:
        raise ValueError("kerax does not support sparse tensors.")
    x = _convert(x)
    weights = None if weights is None else _convert(weights)
    length = int(jnp.max(x)) + 1 if x.size else 0
    length = length if length > minlength else minlength  # noqa: FURB136
    if x.ndim == 1:
        return jnp.bincount(x, weights=weights, minlength=minlength,
                            length=length)
    if weights is None:
        rows = [jnp.bincount(r, length=length) for r in x]
    else:
        rows = [jnp.bincount(r, weights=w, length=length)
                for r, w in zip(x, weights)]
    return jnp.stack(rows)


@symbolic_op
def histogram(x, bins=10, range=None):
    """Histogram counts and bin edges of a 1D tensor.

    >>> histogram([0.0, 1.0, 1.0], bins=2)[0].tolist()
    [1.0, 2.0]
    """
    x = _convert(x)
    return jnp.histogram(x, bins=bins, range=range)


@symbolic_op
def unique(
    x,
    sorted=True,
    return_index=False,
    return_inverse=False,
    return_counts=False,
    axis=None,
    size=None,
    fill_value=None,
):
    """Unique elements of `x` (sorted), optionally with indices/counts.

    Under `jax.jit` pass a static `size`.

    >>> unique([3, 1, 3]).tolist()
    [1, 3]
    """
    return jnp.unique(
        _convert(x), return_index=return_index,
        return_inverse=return_inverse, return_counts=return_counts,
        axis=axis, size=size, fill_value=fill_value,
    )
