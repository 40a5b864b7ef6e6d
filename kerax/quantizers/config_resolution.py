"""Which config a `quantize(mode, config)` call uses, checked against its
mode (the default config of a mode when `config` is None).

>>> validate_and_resolve_config("int4", None).block_size
128
>>> validate_and_resolve_config("int8", Int4QuantizationConfig())
Traceback (most recent call last):
...
ValueError: quantize: mode='int8' contradicts config.mode='int4'.
"""

from __future__ import annotations

from kerax.quantizers.calibration_configs import AWQConfig, GPTQConfig
from kerax.quantizers.quantization_config import (
    QUANTIZATION_MODES,
    Float8QuantizationConfig,
    Int4QuantizationConfig,
    Int8QuantizationConfig,
    QuantizationConfig,
)


def validate_and_resolve_config(mode, config):
    """The config `quantize(mode, config)` uses: a default one for `mode`
    when `config` is None; errors for contradictions."""
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
