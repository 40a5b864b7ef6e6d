"""`OptaxOptimizer`: any `optax.GradientTransformation` as an Optimizer.

>>> import jax.numpy as jnp
>>> import optax
>>> from kerax.core.variable import Variable
>>> w = Variable(jnp.ones(2), name="w")
>>> opt = OptaxOptimizer(optax.sgd(0.5))
>>> opt.apply([jnp.ones(2)], [w])
>>> w.numpy().tolist(), int(opt.iterations)
([0.5, 0.5], 1)
"""

import re

import jax

from kerax.optimizers.optimizer import Optimizer
from kerax.optimizers.state_layout import TreeSlots


def _leaf_name(path):
    key = re.sub(r"[^0-9A-Za-z]+", "_", jax.tree_util.keystr(path))
    return "optax_" + (key.strip("_") or "state")


class OptaxOptimizer(Optimizer):
    """Runs a raw optax transformation with Keras's optimizer API.

    The Variables are `iteration` then the leaves of the transformation's
    state (flattened by `jax.tree_util`), so `stateless_apply`, saving and
    the training loop treat it like any other optimizer. The learning rate
    is the transformation's own; with `optax.inject_hyperparams` it is
    readable and assignable as `optimizer.learning_rate` once built.
    Common arguments (`clipnorm`, `use_ema`, ...) still apply around it.

    Args:
        transformation: an `optax.GradientTransformation`.
        name: str, optional.
        **kwargs: the common `Optimizer` arguments (no `learning_rate`).

    >>> import jax.numpy as jnp
    >>> import optax
    >>> from kerax.core.variable import Variable
    >>> tx = optax.inject_hyperparams(optax.adam)(learning_rate=0.1)
    >>> opt = OptaxOptimizer(tx)
    >>> opt.build([Variable(jnp.ones(2), name="w")])
    >>> opt.learning_rate = 0.01
    >>> round(float(opt.learning_rate), 4)
    0.01
    """

    _supports_learning_rate = False

    def __init__(self, transformation, name=None, **kwargs):
        if not hasattr(transformation, "init") or not hasattr(
            transformation, "update"
        ):
            raise ValueError(
                "Argument `transformation` must be an optax "
                "GradientTransformation. Received: "
                f"transformation={transformation}"
            )
        self.transformation = transformation
        self._hyper_lr = None
        super().__init__(learning_rate=None, name=name, **kwargs)

    def _make_transform(self):
        return self.transformation

    def _build_slots(self, var_list, params, names):
        state = self._transform.init(params)
        leaves, treedef = jax.tree_util.tree_flatten_with_path(state)
        created = []
        for path, leaf in leaves:
            variable = self._new_variable(leaf, _leaf_name(path))
            created.append(variable)
            keys = jax.tree_util.keystr(path)
            if "hyperparams" in keys and "learning_rate" in keys:
                self._hyper_lr = variable
        return TreeSlots(treedef), created

    def _run_transform(self, grads, state, params, lr, step):
        return self._transform.update(grads, state, params)

    def _step_learning_rate(self, iteration, lr_value):
        if self._hyper_lr is not None:
            return self._hyper_lr.value
        return jax.numpy.asarray(0.0)  # only weight decay would use it

    @property
    def learning_rate(self):
        return self._hyper_lr

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        if self._hyper_lr is None:
            raise TypeError(
                "This optax transformation has no assignable learning rate; "
                "wrap it with `optax.inject_hyperparams` (and build the "
                f"optimizer) to set it. Received: learning_rate="
                f"{learning_rate}"
            )
        self._hyper_lr.assign(learning_rate)

    lr = learning_rate

    def get_config(self):
        config = super().get_config()
        config.pop("learning_rate")
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        raise NotImplementedError(
            "An OptaxOptimizer cannot be rebuilt from its config: the optax "
            "transformation is code. Recreate it with "
            "`kerax.optimizers.get(transformation)`."
        )
