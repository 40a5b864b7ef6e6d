"""Lion: sign of an interpolated momentum (EvoLved Sign Momentum).

>>> Lion().beta_2
0.99
"""

import jax.numpy as jnp

from kerax.core.registry import register
from kerax.optimizers.base_arguments import with_base_arguments
from kerax.optimizers.optimizer import Optimizer
from kerax.optimizers.transforms import per_variable_transform, zeros_slot


@register("optimizers")
@with_base_arguments()
class Lion(Optimizer):
    """Lion.

    `w -= lr * sign(beta_1 * m + (1 - beta_1) * g)`, then
    `m = beta_2 * m + (1 - beta_2) * g`.

    Args:
        learning_rate: float, schedule or callable (default `0.001`).
        beta_1: float in (0, 1] (default `0.9`).
        beta_2: float (default `0.99`).
        **kwargs: the common `Optimizer` arguments.

    >>> from kerax.core.variable import Variable
    >>> w = Variable(jnp.zeros(2), name="w")
    >>> Lion(learning_rate=0.1).apply([jnp.array([1.0, -2.0])], [w])
    >>> [round(float(x), 4) for x in w.numpy()]
    [-0.1, 0.1]
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.99, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        if beta_1 <= 0 or beta_1 > 1:
            raise ValueError(
                "Argument `beta_1` must be in the [0, 1] range. Otherwise, "
                f"the optimizer degenerates to SignSGD. Received: "
                f"beta_1={beta_1}."
            )
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def _slot_groups(self):
        return (("momentum",),)

    def _make_transform(self):
        def step(g, p, slots, lr, t):
            b1 = jnp.asarray(self.beta_1, p.dtype)
            b2 = jnp.asarray(self.beta_2, p.dtype)
            m = slots["momentum"]
            update = -(lr * jnp.sign(m * b1 + g * (1.0 - b1)))
            return update, {"momentum": m * b2 + g * (1.0 - b2)}

        return per_variable_transform({"momentum": zeros_slot}, step)

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2})
        return config
