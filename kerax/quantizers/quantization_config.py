"""Quantization configs: which mode and quantizers `quantize` uses.

>>> config = Int4QuantizationConfig(block_size=64)
>>> config.mode, config.block_size
('int4', 64)
"""

from __future__ import annotations

QUANTIZATION_MODES = ("int8", "float8", "int4", "gptq", "awq")


def _serialize(obj):
    from kerax.quantizers import serialize

    return serialize(obj)


def _deserialize(config):
    from kerax.quantizers import deserialize

    return deserialize(config)


class QuantizationConfig:
    """Base config: a `weight_quantizer` and an `activation_quantizer`.

    Subclasses name their `mode` ("int8", "int4", ...).

    >>> QuantizationConfig().mode is None
    True
    """

    def __init__(self, weight_quantizer=None, activation_quantizer=None):
        self.weight_quantizer = weight_quantizer
        self.activation_quantizer = activation_quantizer

    @property
    def mode(self):
        return None

    def get_config(self):
        return {
            "weight_quantizer": _serialize(self.weight_quantizer),
            "activation_quantizer": _serialize(self.activation_quantizer),
        }

    @classmethod
    def from_config(cls, config):
        return cls(
            weight_quantizer=_deserialize(config.get("weight_quantizer")),
            activation_quantizer=_deserialize(
                config.get("activation_quantizer")),
        )

    @staticmethod
    def weight_quantizer_or_default(config, default):
        if config is not None and config.weight_quantizer is not None:
            return config.weight_quantizer
        return default

    @staticmethod
    def activation_quantizer_or_default(config, default):
        if config is not None:
            return config.activation_quantizer
        return default


class Int8QuantizationConfig(QuantizationConfig):
    """int8 weights; inputs quantized per row by `AbsMaxQuantizer` unless
    `activation_quantizer=None`.

    >>> Int8QuantizationConfig().activation_quantizer.value_range
    (-127, 127)
    """

    def __init__(self, weight_quantizer=None, activation_quantizer="default"):
        from kerax.quantizers.quantizers import AbsMaxQuantizer

        if isinstance(activation_quantizer, str) and (
            activation_quantizer == "default"
        ):
            activation_quantizer = AbsMaxQuantizer()
        super().__init__(weight_quantizer, activation_quantizer)
        if weight_quantizer is not None and (
            weight_quantizer.output_dtype != "int8"
        ):
            raise ValueError(
                "Int8QuantizationConfig: `weight_quantizer` must output "
                f"int8; got output_dtype={weight_quantizer.output_dtype}.")

    @property
    def mode(self):
        return "int8"


class Int4QuantizationConfig(QuantizationConfig):
    """int4 weights, two per byte. `block_size` > 0 quantizes groups of
    that many input rows with a zero point (the default, 128); `None` or
    -1 quantizes each output channel symmetrically.

    >>> Int4QuantizationConfig(block_size=None).block_size is None
    True
    """

    def __init__(self, weight_quantizer=None, activation_quantizer="default",
                 block_size=128):
        if isinstance(activation_quantizer, str) and (
            activation_quantizer == "default"
        ):
            activation_quantizer = None
        super().__init__(weight_quantizer, activation_quantizer)
        if block_size is not None and block_size != -1 and block_size <= 0:
            raise ValueError(
                "Int4QuantizationConfig: `block_size` must be None, -1 or a "
                f"positive integer; got block_size={block_size}.")
        self.block_size = block_size
        grouped = block_size is not None and block_size > 0
        if grouped and (weight_quantizer is not None
                        or self.activation_quantizer is not None):
            raise ValueError(
                "Int4QuantizationConfig: custom quantizers need per-channel "
                "quantization (block_size=None or -1); got "
                f"block_size={block_size}.")
        if weight_quantizer is not None:
            if tuple(weight_quantizer.value_range) != (-8, 7):
                raise ValueError(
                    "Int4QuantizationConfig: `weight_quantizer` must have "
                    "value_range=(-8, 7); got "
                    f"{tuple(weight_quantizer.value_range)}.")
            if weight_quantizer.output_dtype != "int8":
                raise ValueError(
                    "Int4QuantizationConfig: `weight_quantizer` must output "
                    f"int8; got {weight_quantizer.output_dtype}.")

    @property
    def mode(self):
        return "int4"

    def get_config(self):
        config = super().get_config()
        config["block_size"] = self.block_size
        return config

    @classmethod
    def from_config(cls, config):
        return cls(
            weight_quantizer=_deserialize(config.get("weight_quantizer")),
            activation_quantizer=_deserialize(
                config.get("activation_quantizer")),
            block_size=config.get("block_size"),
        )


class Float8QuantizationConfig(QuantizationConfig):
    """float8 training (delayed scaling); takes no quantizers.

    >>> Float8QuantizationConfig().mode
    'float8'
    """

    def __init__(self):
        super().__init__(None, None)

    @property
    def mode(self):
        return "float8"

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls()


def validate_and_resolve_config(mode, config):
    """The config `quantize(mode, config)` uses: a default one for `mode`
    when `config` is None; errors for contradictions."""
    from kerax.quantizers.calibration_configs import AWQConfig, GPTQConfig

    if isinstance(config, str):
        mode, config = config, None
    _check_mode(mode)
    if config is None:
        defaults = {"int8": Int8QuantizationConfig,
                    "int4": Int4QuantizationConfig,
                    "float8": Float8QuantizationConfig}
        if mode in defaults:
            config = defaults[mode]()
        elif mode in ("gptq", "awq"):
            kind = "GPTQConfig" if mode == "gptq" else "AWQConfig"
            raise ValueError(
                f"quantize: mode='{mode}' needs `config=` a {kind} (it "
                "holds the calibration dataset).")
        else:
            raise ValueError(
                "quantize: pass `mode` (one of "
                f"{QUANTIZATION_MODES}) or `config`.")
    elif not isinstance(config, QuantizationConfig):
        raise ValueError(
            "quantize: `config` must be a QuantizationConfig; got "
            f"{config!r} (of type {type(config).__name__}).")
    if mode is not None and config.mode != mode:
        raise ValueError(
            f"quantize: mode='{mode}' contradicts config.mode="
            f"'{config.mode}'.")
    _check_mode(config.mode)
    if config.mode == "gptq" and not isinstance(config, GPTQConfig):
        raise ValueError("quantize: mode 'gptq' needs a GPTQConfig.")
    if config.mode == "awq" and not isinstance(config, AWQConfig):
        raise ValueError("quantize: mode 'awq' needs an AWQConfig.")
    return config


def _check_mode(mode):
    if mode is not None and mode not in QUANTIZATION_MODES:
        raise ValueError(
            f"Invalid quantization mode: expected one of "
            f"{QUANTIZATION_MODES}; got mode={mode!r}.")


def get_block_size_for_layer(layer, config):
    """int4 block size from `config` or the layer's Int4DTypePolicy;
    None means per channel."""
    from kerax.dtype_policies.quantized import Int4DTypePolicy

    if isinstance(config, Int4QuantizationConfig):
        return config.block_size
    policy = layer.dtype_policy
    if hasattr(policy, "_policy_map"):
        policy = policy[layer.path]
    if isinstance(policy, Int4DTypePolicy):
        return None if policy.block_size == -1 else policy.block_size
    return None
