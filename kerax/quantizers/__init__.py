"""Quantizers and quantization configs (Keras's `keras.quantizers`).

`model.quantize("int8")` (or "int4", "float8") rewrites the Dense,
EinsumDense and Embedding layers of a built model; these are the pieces it
uses, public as in Keras.

>>> config = serialize(Int8QuantizationConfig())
>>> config["class_name"], type(deserialize(config)).__name__
('Int8QuantizationConfig', 'Int8QuantizationConfig')
"""

import inspect

from kerax.core.naming import to_snake_case
from kerax.quantizers.calibration_configs import AWQConfig, GPTQConfig
from kerax.quantizers.quantization_config import (
    Float8QuantizationConfig,
    Int4QuantizationConfig,
    Int8QuantizationConfig,
    QuantizationConfig,
)
from kerax.quantizers.quantizers import (
    AbsMaxQuantizer,
    Quantizer,
    abs_max_quantize,
    abs_max_quantize_grouped_with_zero_point,
    compute_float8_amax_history,
    compute_float8_scale,
    fake_quant_with_min_max_vars,
    pack_int4,
    quantize_and_dequantize,
    unpack_int4,
)

_CLASSES = (Quantizer, AbsMaxQuantizer, QuantizationConfig,
            Int8QuantizationConfig, Int4QuantizationConfig,
            Float8QuantizationConfig, GPTQConfig, AWQConfig)
_BY_NAME = {cls.__name__: cls for cls in _CLASSES}
_BY_NAME.update({to_snake_case(cls.__name__): cls for cls in _CLASSES})


def serialize(initializer):
    """Keras's saved form of a quantizer or config (None stays None; the
    argument's name is Keras's)."""
    if initializer is None:
        return None
    config = initializer.get_config()
    return {
        "module": "keras.quantizers",
        "class_name": type(initializer).__name__,
        "config": config,
        "registered_name": None,
    }


def deserialize(config, custom_objects=None):
    """Rebuilds a quantizer or config from `serialize`'s form."""
    if config is None:
        return None
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            "quantizers.deserialize expects a dict with 'class_name' and "
            f"'config'; got {config!r}.")
    name = config["class_name"]
    cls = (custom_objects or {}).get(name) or _BY_NAME.get(name)
    if cls is None:
        from kerax.saving.registration import get_registered_object

        cls = get_registered_object(config.get("registered_name") or name)
    if cls is None:
        raise ValueError(
            f"quantizers.deserialize: unknown quantizer '{name}'.")
    return cls.from_config(dict(config.get("config") or {}))


def get(identifier, **kwargs):
    """A quantizer from a name, a config dict or an instance.

    >>> type(get("abs_max_quantizer")).__name__
    'AbsMaxQuantizer'
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return deserialize(identifier)
    obj = _BY_NAME.get(identifier) if isinstance(identifier, str) else (
        identifier)
    if inspect.isclass(obj):
        return obj(**kwargs)
    if callable(obj):
        return obj
    raise ValueError(f"Could not interpret quantizer identifier: "
                     f"{identifier!r}")


__all__ = [
    "AWQConfig", "AbsMaxQuantizer", "Float8QuantizationConfig",
    "GPTQConfig", "Int4QuantizationConfig", "Int8QuantizationConfig",
    "QuantizationConfig", "Quantizer", "abs_max_quantize",
    "abs_max_quantize_grouped_with_zero_point",
    "compute_float8_amax_history", "compute_float8_scale", "deserialize",
    "fake_quant_with_min_max_vars", "get", "pack_int4",
    "quantize_and_dequantize", "serialize", "unpack_int4",
]
