"""Keras 2 backend math: reductions, element-wise functions, comparisons.

Keras 2 defaults: `axis=None` reduces every axis, `keepdims=False`.

>>> float(sum([[1.0, 2.0], [3.0, 4.0]]))
10.0
"""

import builtins

import jax.numpy as jnp
import numpy as np

from kerax.backend.common import axes, float_tensor, k_op, tensor


def _as_float(x):
    x = tensor(x)
    return float_tensor(x) if x.dtype == jnp.bool_ else x


# ---------------------------------------------------------------- reductions
@k_op
def sum(x, axis=None, keepdims=False):
    """Sum over `axis` (all axes by default)."""
    return jnp.sum(tensor(x), axis=axes(axis), keepdims=keepdims)


@k_op
def prod(x, axis=None, keepdims=False):
    """Product over `axis`."""
    return jnp.prod(tensor(x), axis=axes(axis), keepdims=keepdims)


@k_op
def mean(x, axis=None, keepdims=False):
    """Mean over `axis`; booleans count as floats."""
    return jnp.mean(_as_float(x), axis=axes(axis), keepdims=keepdims)


@k_op
def var(x, axis=None, keepdims=False):
    """Variance (population, divided by N) over `axis`."""
    return jnp.var(_as_float(x), axis=axes(axis), keepdims=keepdims)


@k_op
def std(x, axis=None, keepdims=False):
    """Standard deviation (population) over `axis`."""
    return jnp.std(_as_float(x), axis=axes(axis), keepdims=keepdims)


@k_op
def max(x, axis=None, keepdims=False):
    """Maximum over `axis`."""
    return jnp.max(tensor(x), axis=axes(axis), keepdims=keepdims)


@k_op
def min(x, axis=None, keepdims=False):
    """Minimum over `axis`."""
    return jnp.min(tensor(x), axis=axes(axis), keepdims=keepdims)


@k_op
def any(x, axis=None, keepdims=False):
    """Logical OR over `axis` (non-zero entries count as True)."""
    return jnp.any(tensor(x).astype(bool), axis=axes(axis),
                   keepdims=keepdims)


@k_op
def all(x, axis=None, keepdims=False):
    """Logical AND over `axis` (non-zero entries count as True)."""
    return jnp.all(tensor(x).astype(bool), axis=axes(axis),
                   keepdims=keepdims)


@k_op
def argmax(x, axis=-1):
    """Index of the maximum along `axis` (default the last)."""
    return jnp.argmax(tensor(x), axis=axis)


@k_op
def argmin(x, axis=-1):
    """Index of the minimum along `axis` (default the last)."""
    return jnp.argmin(tensor(x), axis=axis)


@k_op
def cumsum(x, axis=0):
    """Cumulative sum along `axis` (default 0)."""
    return jnp.cumsum(tensor(x), axis=axis)


@k_op
def cumprod(x, axis=0):
    """Cumulative product along `axis` (default 0)."""
    return jnp.cumprod(tensor(x), axis=axis)


@k_op
def logsumexp(x, axis=None, keepdims=False):
    """`log(sum(exp(x)))` over `axis`, computed stably."""
    from jax.scipy.special import logsumexp as lse

    return lse(float_tensor(x), axis=axes(axis), keepdims=keepdims)


# ---------------------------------------------------------- element-wise
@k_op
def square(x):
    return jnp.square(tensor(x))


@k_op
def abs(x):
    return jnp.abs(tensor(x))


@k_op
def sqrt(x):
    """Square root; negative entries are clipped to 0 first (Keras 2)."""
    x = float_tensor(x)
    return jnp.sqrt(jnp.maximum(x, jnp.zeros((), x.dtype)))


@k_op
def exp(x):
    return jnp.exp(float_tensor(x))


@k_op
def log(x):
    return jnp.log(float_tensor(x))


@k_op
def round(x):
    """Rounds to the nearest integer, ties to even."""
    return jnp.round(tensor(x))


@k_op
def sign(x):
    return jnp.sign(tensor(x))


@k_op
def pow(x, a):
    """`x ** a`."""
    return jnp.power(tensor(x), tensor(a))


@k_op
def sin(x):
    return jnp.sin(float_tensor(x))


@k_op
def cos(x):
    return jnp.cos(float_tensor(x))


@k_op
def clip(x, min_value, max_value):
    """Clips `x` to `[min_value, max_value]`; a `max_value` below
    `min_value` is raised to it, None means unbounded."""
    numbers = (int, float, np.number)
    if isinstance(min_value, numbers) and isinstance(max_value, numbers):
        max_value = builtins.max(max_value, min_value)
    if min_value is None:
        min_value = -np.inf
    if max_value is None:
        max_value = np.inf
    x = tensor(x)
    return jnp.clip(x, tensor(min_value).astype(x.dtype),
                    tensor(max_value).astype(x.dtype))


@k_op
def maximum(x, y):
    return jnp.maximum(tensor(x), tensor(y))


@k_op
def minimum(x, y):
    return jnp.minimum(tensor(x), tensor(y))


# ------------------------------------------------------------ comparisons
@k_op
def equal(x, y):
    return jnp.equal(tensor(x), tensor(y))


@k_op
def not_equal(x, y):
    return jnp.not_equal(tensor(x), tensor(y))


@k_op
def greater(x, y):
    return jnp.greater(tensor(x), tensor(y))


@k_op
def greater_equal(x, y):
    return jnp.greater_equal(tensor(x), tensor(y))


@k_op
def less(x, y):
    return jnp.less(tensor(x), tensor(y))


@k_op
def less_equal(x, y):
    return jnp.less_equal(tensor(x), tensor(y))
