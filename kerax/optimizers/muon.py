"""Muon: orthogonalized momentum for matrices, AdamW for everything else.

>>> Muon()._slot_groups()
(('momentum', 'velocity'),)
"""

import re

import jax.numpy as jnp
import optax

from kerax.core.registry import register
from kerax.optimizers.base_arguments import with_base_arguments
from kerax.optimizers.optimizer import Optimizer


def _swap_last_axes(x):
    return jnp.swapaxes(x, -1, -2)


def newton_schulz(x, steps, a, b, c):
    """Approximately orthogonalizes `x` (quintic Newton-Schulz iteration)."""
    tall = x.shape[-2] > x.shape[-1]
    if tall:
        x = _swap_last_axes(x)
    x = x / (jnp.linalg.norm(x, axis=(-2, -1), keepdims=True) + 1e-7)
    for _ in range(steps):
        gram = x @ _swap_last_axes(x)
        x = a * x + (b * gram + c * gram @ gram) @ x
    return _swap_last_axes(x) if tall else x


@register("optimizers")
@with_base_arguments(after="weight_decay")
class Muon(Optimizer):
    """Muon.

    2-D variables (except embeddings and `exclude_layers` matches) use
    `m = momentum * m + g`; the direction (`g + momentum * m` with
    `nesterov`, else `m`) is orthogonalized by `ns_steps` Newton-Schulz
    iterations, scaled by `sqrt(max(rows, cols)) * rms_rate`, and
    `w -= lr * direction`. Other variables take a Keras Adam step with
    learning rate `lr * adam_lr_ratio`. Weight decay is `weight_decay` for
    the Muon variables and `adam_weight_decay` for the others.

    Args:
        learning_rate: float, schedule or callable (default `0.001`).
        adam_beta_1, adam_beta_2: floats (default `0.9`, `0.999`).
        adam_weight_decay: float (default `0.004`).
        epsilon: float (default `1e-7`).
        weight_decay: float (default `0.004`).
        exclude_layers: list of regexes on variable paths.
        exclude_embeddings: bool (default `True`).
        muon_a, muon_b, muon_c: Newton-Schulz coefficients.
        adam_lr_ratio: float (default `1`).
        momentum: float (default `0.95`).
        ns_steps: int (default `5`).
        nesterov: bool (default `True`).
        rms_rate: float or None (default `0.2`).
        **kwargs: the common `Optimizer` arguments.

    >>> import jax.numpy as jnp
    >>> from kerax.core.variable import Variable
    >>> opt = Muon()
    >>> opt.build([Variable(jnp.ones((2, 3)), name="k"),
    ...            Variable(jnp.ones(3), name="b")])
    >>> [v.name for v in opt.variables[2:]]
    ['k_momentum', 'b_momentum', 'b_velocity']
    """

    def __init__(
        self,
        learning_rate=0.001,
        adam_beta_1=0.9,
        adam_beta_2=0.999,
        adam_weight_decay=0.004,
        epsilon=1e-7,
        weight_decay=0.004,
        exclude_layers=None,
        exclude_embeddings=True,
        muon_a=3.4445,
        muon_b=-4.7750,
        muon_c=2.0315,
        adam_lr_ratio=1,
        momentum=0.95,
        ns_steps=5,
        nesterov=True,
        rms_rate=0.2,
        **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate, weight_decay=weight_decay, **kwargs
        )
        self.adam_beta_1 = adam_beta_1
        self.adam_beta_2 = adam_beta_2
        self.adam_weight_decay = adam_weight_decay
        self.epsilon = epsilon
        self.exclude_layers = exclude_layers or []
        self.exclude_embeddings = exclude_embeddings
        self.muon_a = muon_a
        self.muon_b = muon_b
        self.muon_c = muon_c
        self.adam_lr_ratio = adam_lr_ratio
        self.momentum = momentum
        self.ns_steps = ns_steps
        self.nesterov = nesterov
        self.rms_rate = rms_rate

    def _uses_adam(self, variable):
        path = str(getattr(variable, "path", getattr(variable, "name", "")))
        if len(variable.shape) != 2:
            return True
        if self.exclude_embeddings and "embedding" in path.lower():
            return True
        return any(re.search(k, path) for k in self.exclude_layers)

    def _slot_groups(self):
        return (("momentum", "velocity"),)

    def _weight_decay_rates(self):
        return [
            None
            if not self._uses_weight_decay(v)
            else (
                self.adam_weight_decay
                if self._uses_adam(v)
                else self.weight_decay
            )
            for v in self._trainable_variables
        ]

    def _make_transform(self):
        adam_flags = [self._uses_adam(v) for v in self._trainable_variables]

        def init(params):
            return {
                "momentum": tuple(jnp.zeros_like(p) for p in params),
                "velocity": tuple(
                    jnp.zeros_like(p) if flag else None
                    for p, flag in zip(params, adam_flags)
                ),
            }

        def update(grads, state, params=None, *, learning_rate, step, **_):
            updates, moms, vels = [], [], []
            for g, p, m, v, flag in zip(
                grads,
                params,
                state["momentum"],
                state["velocity"],
                adam_flags,
            ):
                if flag:
                    u, m, v = self._adam_step(g, p, m, v, learning_rate, step)
                else:
                    u, m = self._muon_step(g, m, learning_rate)
                updates.append(u.astype(p.dtype))
                moms.append(m)
                vels.append(v)
            return updates, {"momentum": tuple(moms), "velocity": tuple(vels)}

        return optax.GradientTransformationExtraArgs(init, update)

    def _adam_step(self, g, p, m, v, learning_rate, step):
        dtype = p.dtype
        lr = jnp.asarray(learning_rate * self.adam_lr_ratio).astype(dtype)
        g = g.astype(dtype)
        t = jnp.asarray(step + 1).astype(dtype)
        b1_power = jnp.power(jnp.asarray(self.adam_beta_1, dtype), t)
        b2_power = jnp.power(jnp.asarray(self.adam_beta_2, dtype), t)
        alpha = lr * jnp.sqrt(1 - b2_power) / (1 - b1_power)
        m = m + (g - m) * (1 - self.adam_beta_1)
        v = v + (jnp.square(g) - v) * (1 - self.adam_beta_2)
        return -((m * alpha) / (jnp.sqrt(v) + self.epsilon)), m, v

    def _muon_step(self, g, m, lr):
        m = m + (g + m * (self.momentum - 1))
        direction = g + self.momentum * m if self.nesterov else m
        update = lr * newton_schulz(
            direction, self.ns_steps, self.muon_a, self.muon_b, self.muon_c
        )
        if self.rms_rate is not None:
            size = max(update.shape[0], update.shape[1])
            update = update * jnp.sqrt(jnp.float32(size)) * self.rms_rate
        return -update, m

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "adam_beta_1": self.adam_beta_1,
                "adam_beta_2": self.adam_beta_2,
                "epsilon": self.epsilon,
                "exclude_layers": self.exclude_layers,
                "muon_a": self.muon_a,
                "muon_b": self.muon_b,
                "muon_c": self.muon_c,
                "adam_lr_ratio": self.adam_lr_ratio,
                "momentum": self.momentum,
                "ns_steps": self.ns_steps,
                "nesterov": self.nesterov,
                "exclude_embeddings": self.exclude_embeddings,
                "adam_weight_decay": self.adam_weight_decay,
                "rms_rate": self.rms_rate,
            }
        )
        return config
