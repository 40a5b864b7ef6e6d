"""`OptimizerMap` and `MultiOptimizer`: one optimizer per group of weights.

`MultiOptimizer` owns Keras's `iteration` and (unused) `learning_rate`
Variables; its `variables` are those followed by each sub-optimizer's, in
the order the sub-optimizers were first met. `stateless_apply` splits the
values, gradients and weights among the sub-optimizers and runs each one's
own `stateless_apply`, so it works inside the jitted train step.

>>> import jax.numpy as jnp
>>> from kerax.core.variable import Variable
>>> from kerax.optimizers.sgd import SGD
>>> a, b = Variable(jnp.ones(2), name="a"), Variable(jnp.ones(2), name="b")
>>> opt = MultiOptimizer(OptimizerMap(SGD(0.5), {"b": SGD(0.1)}))
>>> opt.apply([jnp.ones(2), jnp.ones(2)], [a, b])
>>> a.numpy().tolist(), [round(float(x), 4) for x in b.numpy()]
([0.5, 0.5], [0.9, 0.9])
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping

import jax
import jax.numpy as jnp

from kerax.core.object_codec import (
    deserialize_keras_object,
    serialize_keras_object,
)
from kerax.core.registry import register
from kerax.optimizers.loss_scale_optimizer import LossScaleOptimizer
from kerax.optimizers.optimizer import Optimizer


def _check_member(optimizer, what):
    if not isinstance(optimizer, Optimizer):
        raise ValueError(
            f"{what} must be a kerax Optimizer instance. Received: "
            f"{optimizer!r}")
    if isinstance(optimizer, LossScaleOptimizer):
        raise ValueError(
            f"{what} cannot be a LossScaleOptimizer (wrap the "
            "MultiOptimizer's model in loss scaling instead).")
    if isinstance(optimizer, MultiOptimizer):
        raise ValueError(f"{what} cannot be a MultiOptimizer.")


@register("optimizers")
class OptimizerMap(MutableMapping):
    """Maps variable paths (exact, else regular expressions matched with
    `re.fullmatch`) to optimizers; unmatched paths get `default_optimizer`.

    Args:
        default_optimizer: an `Optimizer` for every unmatched variable.
        optimizer_map: optional dict `{path or pattern: Optimizer}`.

    >>> from kerax.optimizers.adam import Adam
    >>> from kerax.optimizers.sgd import SGD
    >>> m = OptimizerMap(SGD(name="sgd_default"))
    >>> m["encoder/.*"] = Adam(name="adam_encoder")
    >>> m["encoder/dense/kernel"].name, m["decoder/dense/kernel"].name
    ('adam_encoder', 'sgd_default')
    """

    def __init__(self, default_optimizer, optimizer_map=None):
        if not isinstance(default_optimizer, Optimizer):
            raise TypeError(
                "OptimizerMap: `default_optimizer` must be a kerax Optimizer "
                f"instance. Received: {default_optimizer!r}")
        if optimizer_map is not None and not isinstance(optimizer_map, dict):
            raise TypeError(
                "OptimizerMap: `optimizer_map` must be a dict. Received: "
                f"{optimizer_map!r}")
        self._default_optimizer = default_optimizer
        self._optimizer_map = {}
        for key, optimizer in (optimizer_map or {}).items():
            self[key] = optimizer

    @property
    def default_optimizer(self):
        return self._default_optimizer

    def __getitem__(self, key):
        if key in self._optimizer_map:
            return self._optimizer_map[key]
        matches = [p for p in self._optimizer_map if re.fullmatch(p, key)]
        if len(matches) > 1:
            raise ValueError(
                f"OptimizerMap: variable '{key}' matches several patterns "
                f"{matches}; each variable needs exactly one optimizer.")
        if matches:
            return self._optimizer_map[matches[0]]
        return self._default_optimizer

    def __setitem__(self, key, optimizer):
        if not isinstance(key, str):
            raise ValueError(
                f"OptimizerMap: keys must be strings. Received: {key!r}")
        if key in self._optimizer_map:
            raise ValueError(
                f"OptimizerMap: key '{key}' is already mapped to "
                f"{self._optimizer_map[key]!r}; keys must be unique.")
        _check_member(optimizer, f"OptimizerMap['{key}']")
        self._optimizer_map[key] = optimizer

    def __delitem__(self, key):
        del self._optimizer_map[key]

    def __len__(self):
        return len(self._optimizer_map)

    def __iter__(self):
        return iter(self._optimizer_map)

    def __call__(self, variable):
        """The optimizer of `variable` (by its `path`)."""
        return self[variable.path]

    def get_config(self):
        from kerax.optimizers.serialization import serialize

        return {
            "default_optimizer": serialize(self._default_optimizer),
            "optimizer_map": {
                k: serialize(v) for k, v in self._optimizer_map.items()
            },
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kerax.optimizers.serialization import deserialize

        default = deserialize(config["default_optimizer"], custom_objects)
        mapping = {
            k: deserialize(v, custom_objects)
            for k, v in (config.get("optimizer_map") or {}).items()
        }
        return cls(default, mapping)


@register("optimizers")
class MultiOptimizer(Optimizer):
    """Delegates each variable to the optimizer `optimizer_map` picks.

    Args:
        optimizer_map: an `OptimizerMap`, or a callable taking a Variable
            and returning an `Optimizer`.
        loss_scale_factor: float or None; set on every sub-optimizer.
        name: str, optional.

    `learning_rate` is not defined on a MultiOptimizer (read or set it on
    `optimizers`, the sub-optimizers).

    >>> from kerax.optimizers.sgd import SGD
    >>> MultiOptimizer(OptimizerMap(SGD()), name="multi").get_config()[
    ...     "optimizer_map"]["class_name"]
    'OptimizerMap'
    """

    def __init__(self, optimizer_map, loss_scale_factor=None, name=None):
        if not callable(optimizer_map):
            raise TypeError(
                "MultiOptimizer: `optimizer_map` must be an OptimizerMap or "
                "a callable returning an Optimizer for a Variable. Received: "
                f"{optimizer_map!r}")
        self._inner_optimizers = []
        super().__init__(learning_rate=0.0,
                         loss_scale_factor=loss_scale_factor, name=name)
        self._optimizer_map = optimizer_map
        candidates = list(getattr(optimizer_map, "values", list)())
        default = getattr(optimizer_map, "default_optimizer", None)
        if default is not None:
            candidates.append(default)
        for optimizer in candidates:
            self._add_inner(optimizer)

    def _add_inner(self, optimizer):
        if not any(optimizer is o for o in self._inner_optimizers):
            optimizer.loss_scale_factor = self.loss_scale_factor
            self._inner_optimizers.append(optimizer)
        return next(i for i, o in enumerate(self._inner_optimizers)
                    if o is optimizer)

    # ------------------------------------------------------------ building
    def build(self, var_list):
        if self.built:
            return
        var_list = list(var_list)
        self._owner = []
        for variable in var_list:
            optimizer = self._optimizer_map(variable)
            _check_member(
                optimizer,
                f"The optimizer chosen for {getattr(variable, 'path', '?')}")
            self._owner.append(self._add_inner(optimizer))
        for index, optimizer in enumerate(self._inner_optimizers):
            members = [v for v, o in zip(var_list, self._owner) if o == index]
            if members:
                optimizer.build(members)
        self._trainable_variables = var_list
        self._var_index = {id(v): i for i, v in enumerate(var_list)}
        self._extras = {}
        self.built = True

    @property
    def optimizers(self):
        """The sub-optimizers."""
        return self._inner_optimizers

    @property
    def variables(self):
        result = self._variables[:]
        for optimizer in self._inner_optimizers:
            result.extend(optimizer.variables)
        return result

    @property
    def learning_rate(self):
        raise AttributeError(
            "MultiOptimizer has no single learning rate: read it on "
            "`optimizer.optimizers[i].learning_rate`.")

    @learning_rate.setter
    def learning_rate(self, value):
        raise AttributeError(
            "MultiOptimizer has no single learning rate: set it on "
            "`optimizer.optimizers[i].learning_rate`.")

    lr = learning_rate

    @property
    def loss_scale_factor(self):
        return self.__dict__.get("_loss_scale_factor")

    @loss_scale_factor.setter
    def loss_scale_factor(self, value):
        self._loss_scale_factor = value
        for optimizer in self.__dict__.get("_inner_optimizers", ()):
            optimizer.loss_scale_factor = value

    @property
    def iterations(self):
        return self._iterations

    # -------------------------------------------------------------- update
    def stateless_apply(self, optimizer_values, grads, trainable_values):
        self._check_stateless_args(optimizer_values, trainable_values)
        values = list(optimizer_values)
        params = list(trainable_values)
        grads = list(grads)
        own = len(self._variables)
        new_values = [jnp.asarray(values[0]) + 1] + values[1:own]
        position = own
        for index, optimizer in enumerate(self._inner_optimizers):
            count = len(optimizer.variables)
            chunk = values[position:position + count]
            position += count
            members = [i for i, o in enumerate(self._owner) if o == index]
            if not members or all(grads[i] is None for i in members):
                new_values.extend(chunk)
                continue
            new_params, chunk = optimizer.stateless_apply(
                list(chunk), [grads[i] for i in members],
                [params[i] for i in members])
            for i, value in zip(members, new_params):
                params[i] = value
            new_values.extend(chunk)
        return (_like(trainable_values, params),
                _like(optimizer_values, new_values))

    def _eager_step(self):
        cache = self.__dict__.get("_multi_jit")
        if cache is None:
            cache = self._multi_jit = jax.jit(self.stateless_apply)
        return cache

    def finalize_variable_values(self, var_list):
        """Each sub-optimizer finalizes its own variables (EMA)."""
        for index, optimizer in enumerate(self._inner_optimizers):
            members = [v for v in var_list if id(v) in self._var_index
                       and self._owner[self._var_index[id(v)]] == index]
            if members:
                optimizer.finalize_variable_values(members)

    def set_weights(self, weights):
        if not self.built:
            raise ValueError(
                f"MultiOptimizer '{self.name}': call `build(variables)` "
                "before `set_weights()`.")
        for variable, weight in zip(self.variables, weights):
            variable.assign(weight)

    # -------------------------------------------------------------- config
    def get_config(self):
        from kerax.optimizers.serialization import serialize
        spec = self._optimizer_map
        spec = (serialize(spec) if isinstance(spec, OptimizerMap)
                else serialize_keras_object(spec))
        return {"optimizer_map": spec,
                "loss_scale_factor": self.loss_scale_factor,
                "name": self.name}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kerax.optimizers.serialization import deserialize
        config = dict(config)
        spec = config["optimizer_map"]
        if isinstance(spec, dict) and spec.get("class_name") == "OptimizerMap":
            config["optimizer_map"] = deserialize(spec, custom_objects)
        else:
            config["optimizer_map"] = deserialize_keras_object(
                spec, custom_objects=custom_objects)
        return cls(**config)


def _like(template, values):
    return tuple(values) if isinstance(template, tuple) else list(values)
