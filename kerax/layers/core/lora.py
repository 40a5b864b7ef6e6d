"""LoRA (low-rank adaptation) for layers with one main weight.

`layer.enable_lora(rank)` freezes the weight `W` and adds two trainable
float32 factors `A` (`W.shape[:-1] + (rank,)`) and `B` (`(rank,
W.shape[-1])`); the layer then uses `W + (lora_alpha / rank) * A @ B`.
Saving writes the merged weight (Keras's format) and loading resets the
factors to zero, as Keras does.

>>> import numpy as np
>>> from kerax.layers import Dense
>>> layer = Dense(3)
>>> layer.build((None, 4))
>>> layer.enable_lora(2)
>>> [v.name for v in layer.trainable_weights]
['bias', 'lora_kernel_a', 'lora_kernel_b']
"""

from __future__ import annotations

import numpy as np

from kerax import initializers, ops
from kerax.layers.saved_variables import assign_saved_variables


class LoRAMixin:
    """LoRA for a layer whose main weight Variable is `self._<name>`.

    Subclasses set `_lora_weight` ("kernel" or "embeddings") and have
    `<name>_constraint` / `<name>_regularizer` attributes.
    """

    _lora_weight = "kernel"

    def _init_lora(self, lora_rank, lora_alpha):
        if lora_rank is not None and (
            not isinstance(lora_rank, int) or isinstance(lora_rank, bool)
            or lora_rank <= 0
        ):
            raise ValueError(
                f"Layer {type(self).__name__}: `lora_rank` must be a "
                f"positive integer; got lora_rank={lora_rank!r}.")
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False

    def _lora_factor_shapes(self, rank):
        """`(A shape, B shape)` for the main weight (unpacked shape)."""
        shape = tuple(self._lora_base_shape())
        return shape[:-1] + (rank,), (rank, shape[-1])

    def _lora_base_shape(self):
        return getattr(self, f"_{self._lora_weight}").shape

    def enable_lora(self, rank, lora_alpha=None, a_initializer="he_uniform",
                    b_initializer="zeros"):
        """Freezes the main weight and adds trainable rank-`rank` factors.

        Args:
            rank: the rank of the update `A @ B`.
            lora_alpha: the update is scaled by `lora_alpha / rank`
                (default `rank`: scale 1).
            a_initializer, b_initializer: initializers of `A` and `B`.
        """
        name = self._lora_weight
        kind = type(self).__name__
        if getattr(self, f"{name}_constraint", None):
            raise ValueError(
                f"Layer {kind} '{self.name}': LoRA cannot be combined with "
                f"`{name}_constraint`; remove the constraint first.")
        if not self.built:
            raise ValueError(
                f"Layer {kind} '{self.name}': build the layer before "
                "calling `enable_lora`.")
        if self.lora_enabled:
            raise ValueError(
                f"Layer {kind} '{self.name}': LoRA is already enabled "
                "(it can be enabled once per layer).")
        mode = getattr(self, "quantization_mode", None)
        if mode in ("gptq", "awq", "float8"):
            raise ValueError(
                f"Layer {kind} '{self.name}': LoRA is not available with "
                f"quantization mode '{mode}'.")
        a_shape, b_shape = self._lora_factor_shapes(rank)
        regularizer = getattr(self, f"{name}_regularizer", None)
        setattr(self, f"lora_{name}_a", self.add_weight(
            name=f"lora_{name}_a", shape=a_shape,
            initializer=initializers.get(a_initializer), dtype="float32",
            regularizer=regularizer,
        ))
        setattr(self, f"lora_{name}_b", self.add_weight(
            name=f"lora_{name}_b", shape=b_shape,
            initializer=initializers.get(b_initializer), dtype="float32",
            regularizer=regularizer,
        ))
        getattr(self, f"_{name}").trainable = False
        self.lora_enabled = True
        self.lora_rank = rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank

    def _lora_delta(self):
        """`(lora_alpha / lora_rank) * A @ B`."""
        name = self._lora_weight
        a = getattr(self, f"lora_{name}_a")
        b = getattr(self, f"lora_{name}_b")
        return (self.lora_alpha / self.lora_rank) * ops.matmul(a, b)

    def _with_lora(self, weight):
        """`weight` plus the LoRA update, in the compute dtype."""
        if not self.lora_enabled:
            return weight
        return ops.cast(ops.add(weight, self._lora_delta()),
                        self.compute_dtype)

    def _reset_lora(self):
        """Zeroes the factors (after loading a merged weight)."""
        if self.lora_enabled:
            name = self._lora_weight
            for suffix in ("a", "b"):
                variable = getattr(self, f"lora_{name}_{suffix}")
                variable.assign(ops.zeros(variable.shape, variable.dtype))

    def _lora_config(self):
        if self.lora_rank:
            return {"lora_rank": self.lora_rank,
                    "lora_alpha": self.lora_alpha}
        return {}

    # ------------------------------------------------------------ saving
    def _lora_saved_variables(self):
        """The variables saved (LoRA factors excluded), in order."""
        factors = {id(getattr(self, f"lora_{self._lora_weight}_{s}", None))
                   for s in ("a", "b")}
        return [v for v in list(self._trainable_variables)
                + list(self._non_trainable_variables) if id(v) not in factors]

    def save_own_variables(self, store):
        """Keras's layout: the weight merged with its LoRA update."""
        if not self.built:
            return
        main = getattr(self, f"_{self._lora_weight}")
        for i, variable in enumerate(self._lora_saved_variables()):
            value = getattr(self, self._lora_weight) if (
                variable is main) else variable
            store[str(i)] = np.asarray(value)

    def load_own_variables(self, store):
        """Loads a merged weight (LoRA factors restart from zero)."""
        if not self.built:
            return
        assign_saved_variables(self, self._lora_saved_variables(), store)
        self._reset_lora()
