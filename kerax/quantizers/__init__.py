"""Quantizers and quantization configs (Keras's `keras.quantizers`).

`model.quantize("int8")` (or "int4", "float8") rewrites the Dense,
EinsumDense and Embedding layers of a built model; these are the pieces it
uses, public as in Keras.

>>> config = serialize(Int8QuantizationConfig())
>>> config["class_name"], type(deserialize(config)).__name__
('Int8QuantizationConfig', 'Int8QuantizationConfig')
"""

from kerax.quantizers.calibration_configs import AWQConfig, GPTQConfig
from kerax.quantizers.codec import deserialize, get, serialize
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

__all__ = [
    "AWQConfig", "AbsMaxQuantizer", "Float8QuantizationConfig",
    "GPTQConfig", "Int4QuantizationConfig", "Int8QuantizationConfig",
    "QuantizationConfig", "Quantizer", "abs_max_quantize",
    "abs_max_quantize_grouped_with_zero_point",
    "compute_float8_amax_history", "compute_float8_scale", "deserialize",
    "fake_quant_with_min_max_vars", "get", "pack_int4",
    "quantize_and_dequantize", "serialize", "unpack_int4",
]
