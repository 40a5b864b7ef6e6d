"""`FlaxLayer` on a Flax NNX module (a kerax extension: Keras 3.15's
`FlaxLayer` takes Linen modules only).

An NNX module is built at construction, so its state is split at once:
`nnx.Param` leaves become trainable Variables, every other variable except
the RNG streams (`nnx.BatchStat`, custom ones) non-trainable state written
back after each call. The module's RNG streams are not kept: a training
call reseeds every stream from the layer's `SeedGenerator` (so dropout is
reproducible and advances in `fit`'s pure step), inference uses the
streams as constructed. `module.train()` / `module.eval()` switch the
training behaviour (dropout, batch statistics).

>>> import numpy as np
>>> from flax import nnx
>>> from kerax.layers import FlaxLayer
>>> layer = FlaxLayer(nnx.Linear(4, 2, rngs=nnx.Rngs(0)))
>>> layer(np.ones((3, 4), "float32")).shape
(3, 2)
"""

from __future__ import annotations

import inspect

import jax


def is_nnx_module(module) -> bool:
    """True for a `flax.nnx.Module` (False when NNX is unavailable)."""
    try:
        from flax import nnx
    except ImportError:
        return False
    return isinstance(module, nnx.Module)


class NNXFunctions:
    """The pure `call_fn` of an NNX module and its initial
    `(params, state)` as plain nested dicts of arrays."""

    def __init__(self, module, method):
        from flax import nnx

        self.method = method
        graphdef, params, rngs, rest = nnx.split(
            module, nnx.Param, nnx.RngState, ...)
        self.graphdef = graphdef
        self.params_template = params
        self.rngs_template = rngs
        self.state_template = rest
        self.params = nnx.to_pure_dict(params)
        self.state = nnx.to_pure_dict(rest)
        target = method if method is not None else type(module).__call__
        self.takes_training = (
            "training" in inspect.signature(target).parameters)

    def _filled(self, template, pure):
        from flax import nnx

        state = jax.tree_util.tree_map(lambda x: x, template)
        nnx.replace_by_pure_dict(state, pure)
        return state

    def _reseeded(self, key):
        """The RNG streams with fresh keys derived from `key`."""
        counter = iter(range(1 << 30))

        def reseed(leaf):
            if jax.dtypes.issubdtype(leaf.dtype, jax.dtypes.prng_key):
                impl = jax.random.key_impl(leaf)
                data = jax.random.fold_in(key, next(counter))
                if data.shape != jax.random.key_data(leaf).shape:
                    data = jax.random.bits(data, jax.random.key_data(
                        leaf).shape, "uint32")
                return jax.random.wrap_key_data(data, impl=impl)
            return jax.numpy.zeros_like(leaf)

        return jax.tree_util.tree_map(reseed, self.rngs_template)

    def call_fn(self, params, state, rng, inputs, training):
        from flax import nnx

        rngs = self.rngs_template if rng is None else self._reseeded(rng)
        module = nnx.merge(
            self.graphdef, self._filled(self.params_template, params), rngs,
            self._filled(self.state_template, state or {}))
        if training:
            module.train()
        else:
            module.eval()
        extra = {"training": training} if self.takes_training else {}
        if self.method is None:
            outputs = module(inputs, **extra)
        elif isinstance(self.method, str):
            outputs = getattr(module, self.method)(inputs, **extra)
        else:
            outputs = self.method(module, inputs, **extra)
        new_state = nnx.split(module, nnx.Param, nnx.RngState, ...)[3]
        return outputs, nnx.to_pure_dict(new_state)
