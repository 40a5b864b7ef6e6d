"""`Model.quantize(mode, config=None, filters=None)`: quantizes every
quantizable leaf layer of a built model (Dense, Embedding: "int8",
"int4"; Dense also "float8"), as Keras's `Model.quantize` does.

>>> import numpy as np
>>> import kerax
>>> model = kerax.Sequential([kerax.Input((4,)), kerax.layers.Dense(2)])
>>> model.quantize("int8")
>>> model.layers[0].dtype_policy.name
'int8_from_float32'
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable

from kerax.layers.quantization.awq_calibrator import AWQCalibrator
from kerax.layers.quantization.calibration import (
    calibrate_layerwise,
    check_request,
)
from kerax.layers.quantization.gptq_calibrator import GPTQCalibrator
from kerax.layers.quantization.mixin import (
    QuantizationMixin,
    UnsupportedQuantization,
)
from kerax.quantizers.config_resolution import validate_and_resolve_config


def should_quantize_layer(layer, filters) -> bool:
    """Keras's filters: a regex (or list of them) searched in the layer's
    name, or a callable taking the layer."""
    if filters is None:
        return True
    if isinstance(filters, str):
        return bool(re.search(filters, layer.name))
    if isinstance(filters, (list, tuple)):
        return any(re.search(pattern, layer.name) for pattern in filters)
    return bool(filters(layer))


def quantize_model(model, mode=None, config=None, filters=None, **kwargs):
    """Quantizes `model`'s layers in place; see `Model.quantize`."""
    type_check = kwargs.pop("type_check", True)
    if kwargs:
        raise ValueError(
            f"Unrecognized keyword arguments passed to "
            f"{type(model).__name__}.quantize: {kwargs}")
    if filters is not None and not isinstance(
        filters, (str, list, tuple, Callable)
    ):
        raise ValueError(
            "quantize: `filters` must be a regex string, a list of them or "
            f"a callable; got {type(filters).__name__}.")
    if hasattr(model, "sync_state"):
        model.sync_state()  # Write any pending training state back first.
    if (mode or getattr(config, "mode", None)) in ("gptq", "awq"):
        calibrate_model(model, mode, config, filters)
        _forget_compiled_steps(model)
        return
    modified = False
    for layer in model._flatten_layers():
        if not should_quantize_layer(layer, filters):
            continue
        if len(layer._flatten_layers()) != 1:
            continue
        if not isinstance(layer, QuantizationMixin):
            if layer.weights:
                warnings.warn(
                    f"Layer {type(layer).__name__} does not have a "
                    "`quantize` method implemented.", stacklevel=2)
            continue
        try:
            layer.quantize(mode, type_check=type_check, config=config)
            modified = True
        except UnsupportedQuantization as error:
            warnings.warn(str(error), stacklevel=2)
    if modified:
        _forget_compiled_steps(model)


def calibrate_model(model, mode, config, filters):
    """GPTQ/AWQ: calibrates the Dense layers of the model's blocks (the
    structure from the config or `model.get_quantization_layer_structure`)
    on the config's data; see `kerax.layers.quantization.calibration`."""
    config = validate_and_resolve_config(mode, config)
    mode = config.mode
    structure = config.quantization_layer_structure
    if structure is None:
        structure = model.get_quantization_layer_structure(mode)
    check_request(mode, config, structure)
    calibrator = GPTQCalibrator if mode == "gptq" else AWQCalibrator
    calibrate_layerwise(
        config, structure,
        lambda layer: should_quantize_layer(layer, filters), calibrator)


def _forget_compiled_steps(model):
    """The variables changed: compiled steps must be traced again."""
    if hasattr(model, "_jit_cache"):
        model._jit_cache = {}
    for name in ("_fused_steps", "train_function", "test_function",
                 "predict_function"):
        if name in model.__dict__:
            model.__dict__[name] = None
    if hasattr(model, "_loop_allowed"):
        model._loop_allowed = {}
