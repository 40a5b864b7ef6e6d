"""`FlaxLayer`: a Flax Linen module as a layer (Keras 3's
`keras.layers.FlaxLayer`; Flax is needed only when one is made:
`pip install kerax[flax]`). kerax also takes a Flax NNX module (see
`kerax.layers.core.flax_nnx`).

The module's `"params"` collection becomes trainable Variables and every
other collection (`"batch_stats"`, ...) non-trainable state, updated by
each call (`mutable` is every collection but `"params"`). RNGs: `init`
gets `{"params": key, "dropout": key}`; a training call gets
`{"dropout": key}` from the layer's `SeedGenerator`, inference none.

>>> import numpy as np
>>> import flax.linen as nn
>>> layer = FlaxLayer(nn.Dense(features=2))
>>> layer(np.ones((3, 4), "float32")).shape
(3, 2)
>>> sorted(tuple(w.shape) for w in layer.trainable_weights)
[(2,), (4, 2)]
"""

from __future__ import annotations

import inspect

from kerax.core.object_codec import (
    deserialize_keras_object,
    serialize_keras_object,
)
from kerax.layers.core.flax_nnx import NNXFunctions, is_nnx_module
from kerax.layers.core.jax_layer import JaxLayer


def _split_variables(variables):
    """Flax variables -> `(params, state)` as Keras splits them."""
    if variables is None:
        return None, None
    if "params" not in variables:
        return {}, dict(variables)
    if len(variables) == 1:
        return dict(variables), {}
    params = {"params": variables["params"]}
    state = {k: v for k, v in variables.items() if k != "params"}
    return params, state


def _merge_variables(params, state):
    """`(params, state)` -> the variables dict Flax's `apply` takes."""
    merged = {}
    if params:
        merged.update(params)
    if state:
        merged.update(state)
    return merged


class FlaxLayer(JaxLayer):
    """Wraps a `flax.linen.Module` (its `__call__` or `method`), or a
    `flax.nnx.Module` (kerax only; see `kerax.layers.core.flax_nnx`).

    Args:
        module: a `flax.linen.Module` (or `flax.nnx.Module`). For saving
            in `.keras` files, its class needs `get_config()` (and
            `from_config`) and registration
            (`kerax.saving.register_keras_serializable`), as with Keras.
        method: the forward method: a method of the module (saved by its
            name) or a function taking the module first; default
            `__call__`. It takes `inputs` and optionally `training`.
        variables: initial Flax variables (what `module.init` returns);
            when None, `module.init` runs at build time (Linen only).
        **kwargs: `JaxLayer`/base layer arguments (`seed`, `name`, ...).
    """

    def __init__(self, module, method=None, variables=None, **kwargs):
        try:
            from flax import linen
        except ImportError as error:
            raise ImportError(
                "FlaxLayer needs Flax: `pip install kerax[flax]` (or "
                f"`pip install flax`). ({error})") from error

        self.module = module
        self.method = method
        self._nnx = None
        if is_nnx_module(module):
            self._init_nnx(module, method, variables, kwargs)
            return
        if not isinstance(module, linen.Module):
            raise TypeError(
                "FlaxLayer: `module` must be a `flax.linen.Module` or "
                f"`flax.nnx.Module` instance. Received: module={module!r} "
                f"(of type {type(module).__name__})")
        mutable = linen.DenyList(["params"])
        target = method if method is not None else module.__call__
        takes_training = "training" in inspect.signature(target).parameters

        def apply_fn(params, state, rng, inputs, **extra):
            return self.module.apply(
                _merge_variables(params, state), inputs, rngs=rng,
                method=self.method, mutable=mutable, **extra)

        def init(rng, inputs, **extra):
            return _split_variables(self.module.init(
                rng, inputs, method=self.method, **extra))

        if takes_training:
            def call_fn(params, state, rng, inputs, training):
                return apply_fn(params, state, rng, inputs, training=training)

            def init_fn(rng, inputs, training):
                return init(rng, inputs, training=training)
        else:
            def call_fn(params, state, rng, inputs):
                return apply_fn(params, state, rng, inputs)

            def init_fn(rng, inputs):
                return init(rng, inputs)

        params, state = _split_variables(variables)
        super().__init__(call_fn=call_fn, init_fn=init_fn, params=params,
                         state=state, **kwargs)

    def _init_nnx(self, module, method, variables, kwargs):
        if variables is not None:
            raise ValueError(
                "FlaxLayer: an NNX module carries its own variables; "
                "`variables` applies to Linen modules only. Received: "
                f"variables of type {type(variables).__name__}")
        if getattr(method, "__self__", None) is module:
            method = method.__name__
        self._nnx = NNXFunctions(module, method)
        super().__init__(call_fn=self._nnx.call_fn, params=self._nnx.params,
                         state=self._nnx.state, **kwargs)

    def _get_init_rng(self):
        return {"params": self._get_init_seed(),
                "dropout": self._get_init_seed()}

    def _get_call_rng(self, training):
        if self._nnx is not None:
            return self._get_call_seed() if training else None
        return {"dropout": self._get_call_seed()} if training else {}

    def get_config(self):
        if self._nnx is not None and not hasattr(self.module, "get_config"):
            raise ValueError(
                f"FlaxLayer '{self.name}': the NNX module "
                f"{type(self.module).__name__} has no `get_config()`, so the "
                "layer has no config (a `.keras` file needs one). Give the "
                "module class `get_config`/`from_config` and register it, or "
                "save the weights only (`save_weights`).")
        config = super().get_config()
        del config["call_fn"], config["init_fn"]
        method = self.method
        if getattr(method, "__self__", None) is self.module:
            method = method.__name__  # a bound method is saved by name
        config["module"] = serialize_keras_object(self.module)
        config["method"] = serialize_keras_object(method)
        return config

    @classmethod
    def from_config(cls, config):
        from kerax.core import dtype_policy as dtype_policies

        config = dict(config)
        module = deserialize_keras_object(config.pop("module"))
        method = config.pop("method", None)
        if isinstance(method, str):
            method = getattr(module, method)
        elif method is not None:
            method = deserialize_keras_object(method)
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = dtype_policies.get(config["dtype"])
        return cls(module=module, method=method, **config)
