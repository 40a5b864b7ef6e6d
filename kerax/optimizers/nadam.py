"""Nadam: Adam with Nesterov momentum and Keras's momentum schedule.

>>> Nadam()._global_slots()
('u_product',)
"""

import jax.numpy as jnp

from kerax import config
from kerax.core import naming
from kerax.core.dtypes import standardize_dtype
from kerax.core.registry import register
from kerax.optimizers.base_arguments import with_base_arguments
from kerax.optimizers.optimizer import Optimizer
from kerax.optimizers.transforms import per_variable_transform, zeros_slot


@register("optimizers")
@with_base_arguments()
class Nadam(Optimizer):
    """Nadam.

    The momentum coefficient follows `u_t = beta_1 * (1 - 0.5 *
    0.96**t)`; a running product `prod(u_1..u_t)` (one shared Variable)
    drives the bias correction:
    `m_hat = u_{t+1} * m / (1 - prod_{t+1}) + (1 - u_t) * g / (1 - prod_t)`,
    `v_hat = v / (1 - beta_2**t)`, `w -= lr * m_hat / (sqrt(v_hat) + eps)`.

    Args:
        learning_rate: float, schedule or callable (default `0.001`).
        beta_1: float (default `0.9`).
        beta_2: float (default `0.999`).
        epsilon: float (default `1e-7`); `None` means `config.epsilon()`.
        **kwargs: the common `Optimizer` arguments.

    >>> from kerax.core.variable import Variable
    >>> opt = Nadam()
    >>> opt.build([Variable(jnp.zeros(2), name="w")])
    >>> [v.name for v in opt.variables][-1].startswith("variable")
    True
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = config.epsilon() if epsilon is None else epsilon

    def _slot_groups(self):
        return (("momentum", "velocity"),)

    def _global_slots(self):
        return ("u_product",)

    def _global_slot_name(self, slot):
        # Keras creates it as an unnamed Variable: "variable", "variable_1".
        return naming.uniquify("variable")

    def _make_transform(self):
        beta_1, beta_2, eps = self.beta_1, self.beta_2, self.epsilon

        def init_shared(params):
            dtype = params[0].dtype if params else standardize_dtype(None)
            return {"u_product": jnp.ones((), dtype)}

        def update_shared(state, step):
            u = state["u_product"]
            t = jnp.asarray(step + 1).astype(u.dtype)
            return {"u_product": u * beta_1 * (1.0 - 0.5 * 0.96**t)}

        def var_step(g, p, slots, lr, t):
            dtype = p.dtype
            b1 = jnp.asarray(beta_1, dtype)
            b2 = jnp.asarray(beta_2, dtype)
            decay = jnp.asarray(0.96, dtype)
            u_t = b1 * (1.0 - 0.5 * jnp.power(decay, t))
            u_next = b1 * (1.0 - 0.5 * jnp.power(decay, t + 1))
            product = slots["u_product"].astype(dtype)
            product_next = product * u_next
            m = slots["momentum"] + (g - slots["momentum"]) * (1 - b1)
            v = slots["velocity"] + (jnp.square(g) - slots["velocity"]) * (
                1 - b2
            )
            m_hat = u_next * m / (1 - product_next) + (1 - u_t) * g / (
                1 - product
            )
            v_hat = v / (1 - jnp.power(b2, t))
            update = -((m_hat * lr) / (jnp.sqrt(v_hat) + eps))
            return update, {"momentum": m, "velocity": v}

        inits = {"momentum": zeros_slot, "velocity": zeros_slot}
        return per_variable_transform(
            inits, var_step, extra_state=(init_shared, update_shared)
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "beta_1": self.beta_1,
                "beta_2": self.beta_2,
                "epsilon": self.epsilon,
            }
        )
        return config
