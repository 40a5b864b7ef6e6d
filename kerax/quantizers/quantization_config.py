"""Quantization configs: which mode and quantizers `quantize` uses.

>>> config = Int4QuantizationConfig(block_size=64)
>>> config.mode, config.block_size
('int4', 64)
"""

from __future__ import annotations

from kerax.core.quantization_modes import (  # noqa: F401 (re-exported)
    QUANTIZATION_MODES,
)
from kerax.quantizers.codec import deserialize as _deserialize
from kerax.quantizers.codec import register
from kerax.quantizers.codec import serialize as _serialize
from kerax.quantizers.quantizers import AbsMaxQuantizer


@register
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


@register
class Int8QuantizationConfig(QuantizationConfig):
    """int8 weights; inputs quantized per row by `AbsMaxQuantizer` unless
    `activation_quantizer=None`.

    >>> Int8QuantizationConfig().activation_quantizer.value_range
    (-127, 127)
    """

    def __init__(self, weight_quantizer=None, activation_quantizer="default"):
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


@register
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


@register
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
