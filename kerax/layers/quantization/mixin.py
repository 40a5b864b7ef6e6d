"""What every quantizable layer shares: the mode (read from the dtype
policy), `quantize`'s checks and policy change, and Keras's per-mode
ordering of saved variables.

A layer mixes in `QuantizationMixin`, names its quantized variables per
mode in `variable_serialization_spec`, and implements
`_quantize(mode, config)` (rewrite the built weights) and
`_quantized_build(weight_shape, mode, config)` (create them from a
quantized dtype policy, e.g. when loading).
"""

from __future__ import annotations

import numpy as np

from kerax.layers.quantization.block_size import get_block_size_for_layer
from kerax.layers.saved_variables import assign_saved_variables
from kerax.quantizers.config_resolution import validate_and_resolve_config
from kerax.quantizers.quantization_config import QUANTIZATION_MODES


class UnsupportedQuantization(ValueError):
    """A layer cannot be quantized in the requested way."""


class QuantizationMixin:
    """Quantization plumbing for Dense, EinsumDense and Embedding."""

    #: Modes the layer implements.
    _supported_modes = ("int8", "int4", "float8")

    def _init_quantization_config(self, config):
        """Stores the `quantization_config=` argument (a config, its saved
        dict form, or None)."""
        from kerax import quantizers

        if isinstance(config, dict):
            config = quantizers.deserialize(config)
        if config is not None and not isinstance(
            config, quantizers.QuantizationConfig
        ):
            raise ValueError(
                f"Layer {type(self).__name__}: `quantization_config` must "
                "be a kerax.quantizers.QuantizationConfig or None; got "
                f"{config!r}.")
        self.quantization_config = config

    def _check_mode_supported(self, mode):
        if mode not in self._supported_modes:
            raise UnsupportedQuantization(
                f"Layer {type(self).__name__} '{self.name}' does not "
                f"support quantization mode '{mode}' in kerax (supported: "
                f"{self._supported_modes}).")

    def quantize(self, mode=None, type_check=True, config=None):
        """Quantizes the built layer's weights in place.

        Args:
            mode: "int8", "int4" or "float8" ("gptq"/"awq" calibrate
                whole blocks: use `Model.quantize`).
            type_check: refuse subclasses (whose `call` may not use the
                quantized weights), as Keras does.
            config: a `kerax.quantizers.QuantizationConfig` (default: the
                mode's default config).
        """
        config = validate_and_resolve_config(mode, config)
        mode = config.mode
        base = self._quantizable_class()
        if type_check and type(self) is not base:
            raise UnsupportedQuantization(
                f"Layer {type(self).__name__} does not have a `quantize` "
                f"method of its own (it subclasses {base.__name__}); pass "
                "`type_check=False` if its `call` is the parent's.")
        if not self.built:
            raise ValueError(
                f"Cannot quantize layer '{self.name}' "
                f"({type(self).__name__}): it is not built yet.")
        if getattr(self, "_is_quantized", False):
            raise ValueError(
                f"Layer '{self.name}' is already quantized with "
                f"dtype_policy='{self.dtype_policy.name}'. Received: "
                f"mode={mode}")
        if mode not in QUANTIZATION_MODES:
            raise ValueError(
                f"Invalid quantization mode: expected one of "
                f"{QUANTIZATION_MODES}; got mode={mode!r}.")
        if mode == "int8" and self.compute_dtype == "float16":
            raise ValueError(
                f"Quantization mode 'int8' does not work with "
                f"compute_dtype='float16' (layer '{self.name}'); use "
                "'float32' or 'mixed_bfloat16'.")
        self._check_mode_supported(mode)
        self.quantization_config = config
        self._quantize(mode, config)
        self._is_quantized = True
        if self.dtype_policy.quantization_mode is None:
            from kerax.core import dtype_policy

            name = mode
            if mode == "int4":
                block_size = get_block_size_for_layer(self, config)
                name = f"int4/{-1 if block_size is None else block_size}"
            self.dtype_policy = dtype_policy.get(
                f"{name}_from_{self.dtype_policy.name}")

    def _quantizable_class(self):
        """The kerax layer class that mixes the quantization code in."""
        for cls in type(self).__mro__:
            if any(base.__module__.startswith("kerax.layers.quantization")
                   for base in cls.__bases__):
                return cls
        return type(self)

    def _drop_weight(self, variable):
        """Forgets a Variable (replaced by its quantized form)."""
        for group in (self._trainable_variables,
                      self._non_trainable_variables):
            for i, candidate in enumerate(group):
                if candidate is variable:
                    del group[i]
                    return

    def quantized_build(self, kernel_shape, mode, config=None):
        """Creates the quantized variables of `mode` (what building with a
        quantized dtype policy runs)."""
        self._quantized_build(kernel_shape, mode, config)

    #: Modes a layer can be built in (from a saved policy) without
    #: `quantize` implementing them.
    _loadable_modes = ()

    def _prepare_quantized_build(self, mode):
        if mode is None:
            return
        if mode not in self._loadable_modes:
            self._check_mode_supported(mode)
        self._is_quantized = True

    # ------------------------------------------------------------ saving
    def _plain_state(self):
        """Neither quantized nor LoRA: every variable, in tracking order
        (what a subclass adds is saved too)."""
        return self.quantization_mode is None and not self.lora_enabled

    def _plain_variables(self):
        return list(self._trainable_variables) + list(
            self._non_trainable_variables)

    def _saved_values(self):
        """`{name: value}` the spec can name, before the spec's filter."""
        return {}

    def save_own_variables(self, store):
        """Writes the variables in Keras's order for the layer's mode."""
        if not self.built:
            return
        if self._plain_state():
            for i, variable in enumerate(self._plain_variables()):
                store[str(i)] = variable.numpy()
            return
        values = self._saved_values()
        index = 0
        for name in self.variable_serialization_spec[self.quantization_mode]:
            value = values[name] if name in values else getattr(
                self, name, None)
            if value is None:
                continue
            store[str(index)] = np.asarray(value)
            index += 1

    def load_own_variables(self, store):
        """Reads what `save_own_variables` wrote (a Keras file's layout)."""
        if not self.built:
            return
        if self._plain_state():
            targets = self._plain_variables()
        else:
            targets = []
            spec = self.variable_serialization_spec[self.quantization_mode]
            for name in spec:
                variable = getattr(self, f"_{name}", None) if name in (
                    "kernel", "embeddings") else getattr(self, name, None)
                if variable is not None:
                    targets.append(variable)
        hint = ""
        if self.quantization_mode in ("gptq", "awq") and (
            len(store) == len(targets) - 1
        ):
            hint = (" (Keras 3.15 saves GPTQ/AWQ layers without their "
                    "`kernel_zero`, so such a file cannot be restored, "
                    "by Keras either)")
        assign_saved_variables(self, targets, store, hint)
        self._reset_lora()
