"""Adafactor: factored second moments for memory-light adaptive steps.

>>> Adafactor()._slot_groups()
(('r', 'c', 'velocity'),)
"""

import jax.numpy as jnp

from kerax.core.registry import register
from kerax.optimizers.base_arguments import with_base_arguments
from kerax.optimizers.optimizer import Optimizer
from kerax.optimizers.transforms import per_variable_transform, zeros_slot


def _rms(x):
    return jnp.sqrt(jnp.mean(jnp.square(x)))


def _row_init(param):
    if param.ndim < 2:
        return jnp.zeros((), "int32")  # Keras keeps an unused int scalar.
    return jnp.zeros(param.shape[:-1], param.dtype)


def _col_init(param):
    if param.ndim < 2:
        return jnp.zeros((), "int32")
    return jnp.zeros(param.shape[:-2] + param.shape[-1:], param.dtype)


@register("optimizers")
@with_base_arguments()
class Adafactor(Optimizer):
    """Adafactor.

    For matrices the second moment is factored into running row and column
    means `r`, `c` of `g**2 + epsilon_1` (decay `beta = 1 -
    t**beta_2_decay`), `v = (r / mean(r))[..., None] * c[..., None, :]`;
    vectors keep a full `v`. The step `u = g / sqrt(v)` is clipped to RMS
    `clip_threshold` and scaled by `max(epsilon_2, rms(w)) * min(lr,
    1 / sqrt(t))`.

    Args:
        learning_rate: float, schedule or callable (default `0.001`).
        beta_2_decay: float (default `-0.8`).
        epsilon_1: float (default `1e-30`).
        epsilon_2: float (default `1e-3`).
        clip_threshold: float (default `1.0`).
        relative_step: bool (default `True`).
        **kwargs: the common `Optimizer` arguments.

    >>> from kerax.core.variable import Variable
    >>> opt = Adafactor()
    >>> opt.build([Variable(jnp.zeros((3, 4)), name="kernel")])
    >>> [tuple(v.shape) for v in opt.variables[2:]]
    [(3,), (4,), (3, 4)]
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_2_decay=-0.8,
        epsilon_1=1e-30,
        epsilon_2=1e-3,
        clip_threshold=1.0,
        relative_step=True,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_2_decay = beta_2_decay
        self.epsilon_1 = epsilon_1
        self.epsilon_2 = epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def _slot_groups(self):
        return (("r", "c", "velocity"),)

    def _slot_name(self, slot, reference_name, variable):
        if slot in ("r", "c"):
            return getattr(variable, "name", None) or reference_name
        return f"{reference_name}_{slot}"

    def _make_transform(self):
        decay, eps_1 = self.beta_2_decay, self.epsilon_1
        eps_2, threshold = self.epsilon_2, self.clip_threshold

        def step(g, p, slots, lr, t):
            # `min(lr, 1 / sqrt(t))`: with `relative_step` Keras applies the
            # same cap twice, so the option does not change the result.
            rho = jnp.minimum(lr, 1 / jnp.sqrt(t))
            alpha = jnp.maximum(jnp.asarray(eps_2, p.dtype), _rms(p)) * rho
            squared = jnp.square(g) + eps_1
            beta = 1 - jnp.power(t, decay)
            r, c = slots["r"], slots["c"]
            if p.ndim >= 2:
                r = beta * r + (1 - beta) * jnp.mean(squared, axis=-1)
                c = beta * c + (1 - beta) * jnp.mean(squared, axis=-2)
                row = r / jnp.mean(r, axis=-1, keepdims=True)
                v = row[..., None] * c[..., None, :]
            else:
                v = beta * slots["velocity"] + (1 - beta) * squared
            u = g / jnp.sqrt(v)
            u = u / jnp.maximum(1.0, _rms(u) / threshold)
            return -(alpha * u), {"r": r, "c": c, "velocity": v}

        inits = {"r": _row_init, "c": _col_init, "velocity": zeros_slot}
        return per_variable_transform(inits, step)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "beta_2_decay": self.beta_2_decay,
                "epsilon_1": self.epsilon_1,
                "epsilon_2": self.epsilon_2,
                "clip_threshold": self.clip_threshold,
                "relative_step": self.relative_step,
            }
        )
        return config
