"""The calibration walk shared by GPTQ and AWQ (Keras 3.15's order).

The calibration tokens are cut into `num_samples` windows of
`sequence_length`; they go through the structure's `pre_block_layers`
(e.g. the embedding), then each of its `sequential_blocks` in turn: the
inputs of the block's Dense and EinsumDense layers (2-D or 3-D kernels,
seen as the 2-D matrices of `kerax.layers.quantization.calibrated_layout`)
are recorded while the block runs on
every sample (all its layers still in float), each layer is calibrated
and replaced by its quantized form, and the quantized block's outputs
become the next block's inputs.

>>> import numpy as np
>>> get_dataloader(None, 3, [np.arange(4)], num_samples=2).shape
(2, 1, 3)
"""

from __future__ import annotations

import contextlib
import math
import warnings
from collections.abc import Callable

import jax.numpy as jnp
import numpy as np

from kerax.core import dtype_policy
from kerax.layers.quantization.calibrated_layout import calibration_shape
from kerax.layers.quantization.dense_quantization import DenseQuantization
from kerax.layers.quantization.einsum_quantization import (
    EinsumDenseQuantization,
)

# Dense and EinsumDense are the classes that mix these in (this package
# sits below `kerax.layers.core`, so it names them through their mixins).
_MIXINS = (DenseQuantization, EinsumDenseQuantization)


def get_dataloader(tokenizer, sequence_length: int, dataset,
                   num_samples: int = 128, *, seed: int = 42) -> np.ndarray:
    """`(num_samples, 1, sequence_length)` int32 windows of the
    calibration tokens: `dataset` is an iterable of strings (tokenized
    with `tokenizer.tokenize`) or of token arrays; it is repeated when too
    short, and the windows start at evenly strided offsets."""
    if not hasattr(dataset, "__iter__") or isinstance(dataset, (str, bytes)):
        raise TypeError(
            "calibration: `dataset` must be an iterable of strings or of "
            f"token arrays; got {type(dataset).__name__}.")
    items = list(dataset)
    if not items:
        raise ValueError("calibration: the `dataset` is empty.")
    if isinstance(items[0], str):
        if tokenizer is None:
            raise ValueError(
                "calibration: a dataset of strings needs a `tokenizer`.")
        pieces = [np.asarray(tokenizer.tokenize(text)).reshape(-1)
                  for text in items]
    else:
        pieces = [np.asarray(item).reshape(-1) for item in items]
    tokens = np.concatenate(pieces).astype(np.int32)
    needed = num_samples * sequence_length
    if tokens.size < needed:
        tokens = np.tile(tokens, math.ceil(needed / max(1, tokens.size)))
    last_start = tokens.size - sequence_length
    if last_start < 0:
        raise ValueError(
            f"calibration: {tokens.size} tokens cannot form one sample of "
            f"sequence_length={sequence_length}.")
    stride = max(1, (last_start + 1) // num_samples)
    # Keras's deterministic offset (Python's hash of a tuple holding a
    # string: equal within one process).
    offset = (abs(hash(("gptq-calib", seed))) % (last_start + 1)
              if last_start > 0 else 0)
    starts = (offset + np.arange(num_samples) * stride) % (last_start + 1)
    windows = np.lib.stride_tricks.sliding_window_view(tokens,
                                                       sequence_length)
    return windows[starts].astype(np.int32)[:, None, :]


def find_layers_in_block(block) -> dict:
    """The leaf Dense/EinsumDense layers of `block`, by path."""
    found = {}
    for layer in block._flatten_layers():
        if len(layer._flatten_layers()) == 1 and isinstance(
                layer, _MIXINS):
            found[layer.path] = layer
    return found


@contextlib.contextmanager
def recording_inputs(layers: dict, record: Callable, rows: dict | None = None):
    """While active, every call of `layers[name]` first passes its input,
    reshaped to `(-1, rows[name])` (default: its last axis), to
    `record(name, x2d)`."""
    rows = rows or {}

    def hook(name, layer, original):
        def call(*args, **kwargs):
            inputs = args[0] if args else kwargs["inputs"]
            inputs = jnp.asarray(inputs)
            record(name, inputs.reshape(-1, rows.get(name,
                                                     inputs.shape[-1])))
            return original(*args, **kwargs)
        return call

    try:
        for name, layer in layers.items():
            object.__setattr__(layer, "call", hook(name, layer, layer.call))
        yield
    finally:
        for layer in layers.values():
            layer.__dict__.pop("call", None)


def check_request(mode: str, config, structure):
    """Keras's preconditions of a calibrated `quantize`."""
    if config.dataset is None or config.tokenizer is None:
        raise ValueError(
            f"quantize('{mode}'): the config needs a calibration `dataset` "
            "and a `tokenizer` (any object for a dataset of token arrays).")
    if not isinstance(structure, dict) or not structure.get(
            "sequential_blocks"):
        raise ValueError(
            f"quantize('{mode}'): needs a structure dict with "
            "'pre_block_layers' and a non-empty 'sequential_blocks', from "
            "`config.quantization_layer_structure` or "
            f"`model.get_quantization_layer_structure('{mode}')`; got "
            f"{structure!r}.")


def calibrate_layerwise(config, structure, selected: Callable,
                        calibrator_factory: Callable) -> None:
    """Walks the blocks (see the module docstring), calibrating the layers
    for which `selected(layer)` is true. `calibrator_factory(layer,
    config)` returns an object with `record(x2d)` and `quantize_layer()`;
    the latter replaces the layer's float kernel by its calibrated form."""
    dataloader = get_dataloader(config.tokenizer, config.sequence_length,
                                config.dataset, config.num_samples)
    inputs = []
    for batch in dataloader:
        value = jnp.asarray(batch, "int32")
        for layer in structure.get("pre_block_layers", []):
            value = layer(value)
        inputs.append(value)
    count = min(config.num_samples, len(inputs))
    blocks = structure["sequential_blocks"]
    for index, block in enumerate(blocks):
        layers = {}
        for name, layer in find_layers_in_block(block).items():
            if not selected(layer):
                continue
            if not _calibratable(layer):
                warnings.warn(
                    f"quantize('{config.mode}'): kerax calibrates plain "
                    "float Dense and EinsumDense layers (no LoRA; 2-D or "
                    f"3-D kernels) only; '{name}' ({type(layer).__name__}) "
                    "stays as it is.", stacklevel=3)
                continue
            layers[name] = layer
        calibrators = {name: calibrator_factory(layer, config)
                       for name, layer in layers.items()}
        if calibrators:
            def record(name, x, calibrators=calibrators):
                calibrators[name].record(x)

            rows = {name: calibrator.rows
                    for name, calibrator in calibrators.items()}
            with recording_inputs(layers, record, rows):
                for sample in inputs[:count]:
                    block(_batched(sample))
            for calibrator in calibrators.values():
                calibrator.quantize_layer()
        if index < len(blocks) - 1:
            inputs = [block(_batched(sample))[0] for sample in inputs[:count]]


def _calibratable(layer) -> bool:
    # Dense or EinsumDense itself, not a subclass of them.
    if not any(mixin in type(layer).__bases__ for mixin in _MIXINS):
        return False
    if layer.quantization_mode or layer.lora_enabled:
        return False
    return calibration_shape(layer._kernel.shape) is not None


def _batched(sample):
    return sample[None] if len(sample.shape) == 2 else sample


def install_calibrated(layer, config, values: dict):
    """Turns float `layer` (a Dense or EinsumDense) into its calibrated
    GPTQ/AWQ form:
    the dtype policy `<mode>/<bits>/<group>_from_<policy>` and `values`
    (`quantized_kernel`, `kernel_scale`, `kernel_zero`, `g_idx`, AWQ's
    `awq_scales`) assigned to Keras's variables."""
    kernel_shape = tuple(layer._kernel.shape)
    layer._drop_weight(layer._kernel)
    del layer._kernel
    layer.dtype_policy = dtype_policy.get(
        f"{config.dtype_policy_string()}_from_{layer.dtype_policy.name}")
    # The layer keeps the settings only (no data, no structure of layers:
    # that would make its saved config refer to itself).
    layer.quantization_config = type(config).from_config(
        {**config.get_config(), "quantization_layer_structure": None})
    layer._quantized_build(kernel_shape, config.mode, config)
    for name, value in values.items():
        getattr(layer, name).assign(value)
