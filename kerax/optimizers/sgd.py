"""Stochastic gradient descent, with optional (Nesterov) momentum.

>>> import jax.numpy as jnp
>>> from kerax.core.variable import Variable
>>> w = Variable(jnp.ones(2), name="w")
>>> SGD(learning_rate=0.1).apply([jnp.ones(2)], [w])
>>> [round(float(x), 4) for x in w.numpy()]
[0.9, 0.9]
"""

from kerax.core.registry import register
from kerax.optimizers.base_arguments import with_base_arguments
from kerax.optimizers.optimizer import Optimizer
from kerax.optimizers.transforms import per_variable_transform, zeros_slot


def check_fraction(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        ok = False
    else:
        ok = 0 <= value <= 1
    if not ok:
        raise ValueError(
            f"`{name}` must be a float between [0, 1]. Received: {name}={value}"
        )


@register("optimizers")
@with_base_arguments()
class SGD(Optimizer):
    """Gradient descent (with momentum).

    Without momentum: `w -= lr * g`. With momentum:
    `m = momentum * m - lr * g`, then `w += m`, or with `nesterov=True`
    `w += momentum * m - lr * g`.

    Args:
        learning_rate: float, schedule or callable (default `0.01`).
        momentum: float in [0, 1] (default `0.0`).
        nesterov: bool (default `False`).
        **kwargs: the common `Optimizer` arguments (`weight_decay`,
            `clipnorm`, `use_ema`, ..., and Keras 2's `lr=`, `decay=`).

    >>> opt = SGD(lr=0.01, momentum=0.9, decay=1e-6, nesterov=True)
    >>> opt.get_config()["momentum"], opt.get_config()["decay"]
    (0.9, 1e-06)
    """

    def __init__(
        self, learning_rate=0.01, momentum=0.0, nesterov=False, **kwargs
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        check_fraction("momentum", momentum)
        self.momentum = momentum
        self.nesterov = nesterov

    def _slot_groups(self):
        return (("momentum",),) if self.momentum != 0 else ()

    def _make_transform(self):
        momentum = self.momentum
        nesterov = self.nesterov

        def step(g, p, slots, lr, t):
            if momentum == 0:
                return -(g * lr), slots
            m = slots["momentum"] * momentum - g * lr
            update = m * momentum - g * lr if nesterov else m
            return update, {"momentum": m}

        inits = {"momentum": zeros_slot} if momentum != 0 else {}
        return per_variable_transform(inits, step)

    def get_config(self):
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config
