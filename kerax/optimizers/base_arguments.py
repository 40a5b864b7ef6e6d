"""Keras's common optimizer arguments as real parameters of each class.

Keras's built-in optimizers list `weight_decay, clipnorm, clipvalue,
global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
loss_scale_factor, gradient_accumulation_steps, name` in their own
signatures, after the algorithm's arguments, so they may be passed
positionally. kerax's classes take them through `**kwargs`;
`with_base_arguments` gives each class Keras's signature and maps
positional arguments to names in that order.

>>> import inspect
>>> from kerax.optimizers.sgd import SGD
>>> list(inspect.signature(SGD).parameters)[:4]
['learning_rate', 'momentum', 'nesterov', 'weight_decay']
>>> SGD(0.1, 0.9, False, 0.01).weight_decay
0.01
"""

from __future__ import annotations

import functools
import inspect

BASE_ARGUMENTS = (
    ("weight_decay", None),
    ("clipnorm", None),
    ("clipvalue", None),
    ("global_clipnorm", None),
    ("use_ema", False),
    ("ema_momentum", 0.99),
    ("ema_overwrite_frequency", None),
    ("loss_scale_factor", None),
    ("gradient_accumulation_steps", None),
    ("name", None),
)

_NAMED = inspect.Parameter.POSITIONAL_OR_KEYWORD


def with_base_arguments(after=None):
    """Class decorator: the base arguments join `__init__`'s signature
    after its own parameter `after` (default: after all of them)."""

    def decorate(cls):
        init = cls.__init__
        signature = inspect.signature(init)
        params = list(signature.parameters.values())
        rest = [p for p in params if p.kind is not _NAMED]
        own = [p for p in params if p.kind is _NAMED]
        names = {p.name for p in own}
        added = [inspect.Parameter(n, _NAMED, default=d)
                 for n, d in BASE_ARGUMENTS if n not in names]
        cut = len(own) if after is None else [
            p.name for p in own].index(after) + 1
        ordered = own[:cut] + added + own[cut:]
        order = [p.name for p in ordered[1:]]  # without `self`

        @functools.wraps(init)
        def __init__(self, *args, **kwargs):
            if len(args) > len(order):
                raise TypeError(
                    f"{cls.__name__}() takes at most {len(order)} "
                    f"positional arguments ({len(args)} given)")
            for name, value in zip(order, args):
                if name in kwargs:
                    raise TypeError(
                        f"{cls.__name__}() got multiple values for "
                        f"argument '{name}'")
                kwargs[name] = value
            init(self, **kwargs)

        __init__.__signature__ = signature.replace(parameters=ordered + rest)
        cls.__init__ = __init__
        return cls

    return decorate
