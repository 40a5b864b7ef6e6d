"""`Loss` base class and the reduction helpers shared by every loss.

A loss's `call(y_true, y_pred)` returns per-sample values; `__call__`
weights them (sample weights and masks) and reduces them to a scalar the way
Keras 3 does.

>>> class MyMSE(Loss):
...     def call(self, y_true, y_pred):
...         return jnp.mean(jnp.square(y_pred - y_true), axis=-1)
>>> float(MyMSE()([[0.0, 1.0]], [[1.0, 1.0]]))
0.5
"""

import functools
import inspect

import jax
import jax.numpy as jnp
import numpy as np

from kerax import config
from kerax.core import dtype_policy
from kerax.core.keras_tensor import any_symbolic
from kerax.core.naming import to_snake_case, uniquify
from kerax.core.registry import register
from kerax.core.variable import Variable
from kerax.ops.symbolic import symbolic_call

REDUCTIONS = (
    "sum_over_batch_size",
    "sum",
    "mean",
    "mean_with_sample_weight",
    "none",
    None,
)


def standardize_reduction(reduction):
    """Returns `reduction` when Keras knows it, else raises `ValueError`.

    Keras 2's `"auto"` means `"sum_over_batch_size"`.
    """
    if reduction == "auto":
        return "sum_over_batch_size"
    if reduction not in REDUCTIONS:
        raise ValueError(
            "Invalid value for argument `reduction`. Expected one of "
            f"{list(REDUCTIONS)}. Received: reduction={reduction!r}"
        )
    return reduction


def to_array(x, dtype=None):
    """Converts NumPy, lists, scalars, JAX arrays and Variables to a JAX
    array (cast to `dtype` when given)."""
    if isinstance(x, Variable):
        x = x.value
    if dtype is None:
        return jnp.asarray(x)
    return jnp.asarray(x).astype(dtype)


def loss_function(fn=None, *, arrays=("y_true", "y_pred")):
    """Decorator for loss functions: converts the `arrays` arguments with
    `to_array` and runs `fn` compiled, its other (hyper-)parameters static.

    Eager calls then compile once per shape and setting instead of op by op;
    under an outer `jax.jit` the inner one is inlined. Unhashable
    hyper-parameters fall back to an uncompiled call. Called on KerasTensors
    (a Keras 2 model's loss written on its symbolic tensors), the function
    is recorded in the graph as an op, as `kerax.ops` functions are.
    """
    if fn is None:
        return functools.partial(loss_function, arrays=arrays)
    signature = inspect.signature(fn)
    static = tuple(n for n in signature.parameters if n not in arrays)
    compiled = jax.jit(fn, static_argnames=static)

    def concrete(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()  # one compile cache entry per setting
        arguments = {}
        for name, value in bound.arguments.items():
            if name in arrays:
                value = None if value is None else to_array(value)
            elif isinstance(value, list):
                value = tuple(value)
            arguments[name] = value
        try:
            hash(tuple(v for k, v in arguments.items() if k in static))
        except TypeError:
            return fn(**arguments)
        return compiled(**arguments)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if any_symbolic(args, kwargs):
            return symbolic_call(concrete, args, kwargs, name=fn.__name__)
        return concrete(*args, **kwargs)

    return wrapper


def _is_structure(x):
    if isinstance(x, dict):
        return True
    if isinstance(x, (list, tuple)):
        return any(
            isinstance(e, (Variable, np.ndarray, jax.Array, dict)) for e in x
        )
    return False


def map_arrays(fn, structure):
    """Applies `fn` to an array-like, or to each array of a dict or of a
    list/tuple of arrays (nested Python lists of numbers are one array)."""
    if isinstance(structure, dict):
        return {k: map_arrays(fn, v) for k, v in structure.items()}
    if _is_structure(structure):
        return type(structure)(map_arrays(fn, v) for v in structure)
    return fn(structure)


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Makes two arrays whose ranks differ by one and whose longer one ends
    in a unit axis have the same rank (Keras's rule)."""
    rank1, rank2 = x1.ndim, x2.ndim
    if rank1 == rank2 + 1 and x1.shape[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            x2 = jnp.expand_dims(x2, -1)
        else:
            x1 = jnp.squeeze(x1, -1)
    elif rank2 == rank1 + 1 and x2.shape[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            x1 = jnp.expand_dims(x1, -1)
        else:
            x2 = jnp.squeeze(x2, -1)
    return x1, x2


def divide_no_nan(x, y):
    """`x / y`, and 0 where `y == 0`."""
    safe = jnp.where(y == 0, jnp.ones_like(y), y)
    return jnp.where(y == 0, jnp.zeros_like(x / safe), x / safe)


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Sums `values`, then divides as `reduction` says (scalars and empty
    vectors are returned as they are)."""
    if reduction in (None, "none") or values.shape in ((), (0,)):
        return values
    loss = jnp.sum(values)
    if reduction == "sum":
        return loss
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        divisor = jnp.sum(sample_weight).astype(loss.dtype)
    else:
        divisor = jnp.asarray(values.size, dtype=loss.dtype)
    return divide_no_nan(loss, divisor)


def apply_mask(sample_weight, mask, dtype, reduction):
    """Folds a mask into the sample weights.

    For `"sum_over_batch_size"` and `"mean"`, kept entries weigh
    `total / valid`, so the reduction averages over valid entries only.
    """
    if mask is None:
        return sample_weight
    if reduction in ("mean", "sum_over_batch_size"):
        total = jnp.asarray(mask.size, dtype=dtype)
        valid = jnp.sum(mask.astype(dtype))
        weight = divide_no_nan(total, valid)
        float_mask = jnp.where(mask.astype(bool), weight, 0).astype(dtype)
    else:
        float_mask = mask.astype(dtype)
    if sample_weight is None:
        return float_mask
    float_mask, sample_weight = squeeze_or_expand_to_same_rank(
        float_mask, sample_weight.astype(dtype)
    )
    return sample_weight * float_mask


def reduce_weighted_values(
    values,
    sample_weight=None,
    mask=None,
    reduction="sum_over_batch_size",
    dtype=None,
):
    """Weights `values` by `sample_weight` and `mask`, then reduces them."""
    reduction = standardize_reduction(reduction)
    values = to_array(values, dtype)
    if sample_weight is not None:
        sample_weight = to_array(sample_weight, dtype)
    if mask is not None:
        mask = to_array(mask, dtype)
    sample_weight = apply_mask(sample_weight, mask, values.dtype, reduction)
    if sample_weight is not None:
        sample_weight = sample_weight.astype(values.dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(
            values, sample_weight
        )
        values = values * sample_weight
    return reduce_values(values, sample_weight, reduction)


_reduce_weighted_values = jax.jit(
    reduce_weighted_values, static_argnames=("reduction", "dtype")
)


@register("losses")
class Loss:
    """Base class of losses: subclasses implement `call(y_true, y_pred)`.

    Args:
        name: the loss's name (default: snake-cased class name, made
            unique).
        reduction: `"sum_over_batch_size"` (default: sum divided by the
            number of loss values), `"sum"`, `"mean"` (same as
            `"sum_over_batch_size"`), `"mean_with_sample_weight"` (sum
            divided by the sum of the sample weights), or `None`/`"none"`
            (no reduction).
        dtype: computation dtype or `DTypePolicy` (default `floatx()`).

    Calling `loss(y_true, y_pred, sample_weight=None, mask=None)` returns the
    reduced loss. `mask` (boolean, the shape of the per-sample losses) plays
    the part of Keras's `_keras_mask` on `y_pred`: masked entries are left
    out of the loss and of the averaging.

    >>> class AbsError(Loss):
    ...     def call(self, y_true, y_pred):
    ...         return jnp.abs(y_pred - y_true)
    >>> float(AbsError(reduction="sum")([0.0, 1.0], [1.0, 3.0]))
    3.0
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        if name is not None and not isinstance(name, str):
            raise TypeError(
                f"Argument `name` must be a string. Received: name={name!r}"
            )
        self.name = name or uniquify(to_snake_case(type(self).__name__))
        self.reduction = standardize_reduction(reduction)
        self._dtype_policy = dtype_policy.get(dtype or config.floatx())
        self._dtype = self._dtype_policy.compute_dtype

    @property
    def dtype(self):
        """The computation dtype (a string)."""
        return self._dtype

    def __call__(self, y_true, y_pred, sample_weight=None, mask=None):
        def convert(x):
            return to_array(x, self.dtype)

        y_pred = map_arrays(convert, y_pred)
        y_true = map_arrays(convert, y_true)
        losses, out_mask = self.call_with_mask(y_true, y_pred)
        if mask is not None:
            mask = to_array(mask).astype(bool)
            if out_mask is not None:
                mask = mask & out_mask
        else:
            mask = out_mask
        if sample_weight is not None:
            sample_weight = to_array(sample_weight)
        return _reduce_weighted_values(
            losses,
            sample_weight=sample_weight,
            mask=mask,
            reduction=self.reduction,
            dtype=self.dtype,
        )

    def call(self, y_true, y_pred):
        """Returns the per-sample losses (to be implemented)."""
        raise NotImplementedError(
            f"Loss subclass {type(self).__name__} must implement "
            "`call(y_true, y_pred)`."
        )

    def call_with_mask(self, y_true, y_pred):
        """Returns `(losses, mask)`; the mask (boolean or None) marks the
        losses to keep. Override to mask outputs (Keras's `_keras_mask`)."""
        return self.call(y_true, y_pred), None

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r}>"

    def _obj_type(self):
        return "Loss"
