"""Keras 2's `Optimizer` members, mixed into kerax's `Optimizer`.

Keras 2 built gradient and update *operations* on a TensorFlow graph and
ran them later. In kerax the loss is a Python callable of no arguments
(reading the variables, e.g. `lambda: loss_fn(y, model(x))`), and:

- `get_gradients(loss, params)` returns the gradients of `loss()` with
  respect to `params` (`jax.grad`), clipped by `clipnorm` / `clipvalue`
  as Keras 2 did;
- `get_updates(loss, params)` applies one optimization step to `params`
  now and returns the updated variables (with `iterations`);
- `weights` are the optimizer's variables; `updates` is always `[]`
  (nothing waits to be run).

>>> import kerax, jax.numpy as jnp
>>> w = kerax.Variable(jnp.array([1.0, 2.0]))
>>> opt = kerax.optimizers.SGD(0.1)
>>> [float(g) for g in opt.get_gradients(lambda: jnp.sum(w.value ** 2),
...                                      [w])[0]]
[2.0, 4.0]
"""

from __future__ import annotations

from kerax.layers.keras2_members import keras2_property


def _check_loss(loss):
    if not callable(loss):
        raise TypeError(
            "kerax optimizers differentiate a loss given as a callable of "
            "no arguments, e.g. `lambda: loss_fn(y, model(x))` (JAX has no "
            "graph of tensors to differentiate later). For symbolic "
            "tensors use `kerax.backend.gradients` with `K.function`. "
            f"Received: loss of type {type(loss).__name__}")


class Keras2OptimizerMembers:
    """Keras 2's `get_gradients`, `get_updates`, `weights`, `updates`."""

    def get_gradients(self, loss, params):
        """Gradients of `loss()` with respect to `params` (Variables)."""
        import jax
        import jax.numpy as jnp

        from kerax.core.scope import StatelessScope

        _check_loss(loss)
        params = list(params)

        def value(values):
            with StatelessScope(state_mapping=list(zip(params, values))):
                result = loss()
            return jnp.asarray(getattr(result, "value", result)).sum()

        grads = jax.grad(value)([p.value for p in params])
        if self.clipnorm:
            grads = [g * jnp.minimum(1.0, self.clipnorm / jnp.maximum(
                jnp.linalg.norm(g), 1e-12)) for g in grads]
        if self.clipvalue:
            grads = [jnp.clip(g, -self.clipvalue, self.clipvalue)
                     for g in grads]
        return grads

    def get_updates(self, loss, params):
        """Applies one step of this optimizer to `params` for `loss()`;
        returns the updated variables followed by `iterations`."""
        params = list(params)
        grads = self.get_gradients(loss, params)
        iterations = self.apply_gradients(zip(grads, params))
        return params + [iterations]

    @keras2_property
    def weights(self):
        """The optimizer's variables (`iterations` and slots)."""
        return list(self.variables)

    @keras2_property
    def updates(self):
        """Always `[]`: steps are applied when asked, nothing is pending."""
        return []


def clip_norm(g, c, n):
    """Keras 2's gradient clipping: `g * c / n` when the norm `n` reaches
    `c > 0`, else `g` unchanged.

    >>> float(clip_norm(4.0, 2.0, 8.0))
    1.0
    """
    import jax.numpy as jnp

    if c <= 0:
        return g
    g = jnp.asarray(g)
    return jnp.where(n >= c, g * c / jnp.maximum(n, 1e-12), g)
