"""`LossFunctionWrapper`: a `Loss` made from a plain loss function.

>>> import jax.numpy as jnp
>>> def abs_error(y_true, y_pred, scale=1.0):
...     return scale * jnp.mean(jnp.abs(y_pred - y_true), axis=-1)
>>> loss = LossFunctionWrapper(abs_error, name="abs", scale=2.0)
>>> float(loss([[0.0, 1.0]], [[1.0, 1.0]]))
1.0
"""

import jax

from kerax.core.registry import register
from kerax.losses.loss import Loss, squeeze_or_expand_to_same_rank


def with_mask(masked_fn):
    """Decorator: attaches `masked_fn` (returning `(losses, mask)`) to a loss
    function, so wrapping losses can apply the mask (Keras sets it as the
    output's `_keras_mask`)."""

    def attach(fn):
        fn._kerax_masked = masked_fn
        return fn

    return attach


def _align(y_true, y_pred):
    if isinstance(y_true, jax.Array) and isinstance(y_pred, jax.Array):
        return squeeze_or_expand_to_same_rank(y_true, y_pred)
    pairs = jax.tree_util.tree_map(
        squeeze_or_expand_to_same_rank, y_true, y_pred
    )
    treedef = jax.tree_util.tree_structure(y_true)
    leaves = treedef.flatten_up_to(pairs)
    return (
        treedef.unflatten([p[0] for p in leaves]),
        treedef.unflatten([p[1] for p in leaves]),
    )


@register("losses")
class LossFunctionWrapper(Loss):
    """Wraps `fn(y_true, y_pred, **kwargs)` (per-sample losses) as a `Loss`.

    Args:
        fn: the loss function.
        reduction, name, dtype: as for `Loss`.
        **kwargs: keyword arguments passed to `fn` on every call.

    Ranks of `y_true` and `y_pred` that differ by a trailing unit axis are
    aligned before `fn` runs.

    >>> from kerax.losses import mean_absolute_error
    >>> mae = LossFunctionWrapper(mean_absolute_error, reduction="sum")
    >>> float(mae([[1.0], [2.0]], [[2.0], [4.0]]))
    3.0
    """

    def __init__(
        self,
        fn,
        reduction="sum_over_batch_size",
        name=None,
        dtype=None,
        **kwargs,
    ):
        if not callable(fn):
            raise TypeError(
                f"Argument `fn` must be callable. Received: fn={fn!r}"
            )
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        y_true, y_pred = _align(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def call_with_mask(self, y_true, y_pred):
        masked = getattr(self.fn, "_kerax_masked", None)
        if masked is None:
            return self.call(y_true, y_pred), None
        y_true, y_pred = _align(y_true, y_pred)
        return masked(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        from kerax.losses.serialization import serialize

        config = super().get_config()
        config["fn"] = serialize(self.fn)
        config.update(self._fn_kwargs)
        return config

    @classmethod
    def from_config(cls, config):
        from kerax.losses.serialization import deserialize

        config = dict(config)
        if "fn" in config:
            config["fn"] = deserialize(config["fn"])
        return cls(**config)

    def __repr__(self):
        return (
            f"<LossFunctionWrapper({getattr(self.fn, '__name__', self.fn)}, "
            f"kwargs={self._fn_kwargs})>"
        )


class BuiltinLoss(LossFunctionWrapper):
    """Base of the Keras loss classes: a wrapper whose config lists the
    attributes named in `_config_keys` (and not the function)."""

    _config_keys = ()

    def __init__(self, fn, name, reduction, dtype, **kwargs):
        super().__init__(
            fn, name=name, reduction=reduction, dtype=dtype, **kwargs
        )
        for key in self._config_keys:
            setattr(self, key, kwargs[key])

    def get_config(self):
        config = Loss.get_config(self)
        config.update({key: getattr(self, key) for key in self._config_keys})
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return Loss.__repr__(self)
