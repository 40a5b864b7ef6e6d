"""Keras 2's HDF5 formats: full models (`model.save("m.h5")`) and weights
(`model.save_weights("w.h5")`), read and written.

Layout: root attributes `model_config` and `training_config` (JSON), a
group `model_weights` whose attribute `layer_names` lists the layers and
where each layer's group has an attribute `weight_names`
(`"dense_1/kernel:0"`, ...) naming its datasets; optimizer state in
`optimizer_weights` (Keras 2.3's order: see `legacy_optimizer`). A
weights-only file has the `model_weights` content
at its root. Attributes may be bytes or str, and long lists are split in
chunks `layer_names0`, `layer_names1`, ... (HDF5's 64 KB header limit).

Weights load in order (layer by layer, each layer's
`trainable_weights + non_trainable_weights`), or matched by layer name
with `by_name=True`.

>>> import kerax, os, tempfile
>>> model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
>>> path = os.path.join(tempfile.mkdtemp(), "w.h5")
>>> save_weights(model, path)
>>> load_weights(model, path)
"""

from __future__ import annotations

import io
import json
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import h5py
import numpy as np

from kerax.support import atomic_write, h5_safety
from kerax.support.file_errors import FileFormatError, SavingError
from kerax.support.version import __version__

HEADER_LIMIT = 64512


# ------------------------------------------------------------ attributes
def write_attribute_list(group: Any, name: str,
                         values: Iterable[str]) -> None:
    """Writes a list of strings as bytes, chunked above the header limit."""
    data = np.asarray([v.encode("utf-8") for v in values], dtype="S")
    if data.nbytes <= HEADER_LIMIT or not len(data):
        group.attrs[name] = data
        return
    chunks = 1
    while any(c.nbytes > HEADER_LIMIT for c in np.array_split(data, chunks)):
        chunks += 1
    for i, chunk in enumerate(np.array_split(data, chunks)):
        group.attrs[f"{name}{i}"] = chunk


def write_text_attribute(group: Any, name: str, text: str) -> None:
    """Writes a string attribute as Keras 2 did (h5py 2 stored `bytes` as
    a fixed-length string). Fixed-length text lives in the object header,
    not in HDF5's global heap, whose corruption can hang the HDF5 library
    on read; text too long for the header (64 KB) is stored with variable
    length."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    if 0 < len(data) <= HEADER_LIMIT - 1024 and not data.endswith(b"\0"):
        group.attrs[name] = np.bytes_(data)
    else:
        group.attrs[name] = data


def _text(value: Any) -> str:
    if isinstance(value, (bytes, np.bytes_)):
        return bytes(value).decode("utf-8")
    return str(value)


def read_attribute_list(group: Any, name: str) -> list[str]:
    """Reads a (possibly chunked) list attribute as `str`s."""
    if name in group.attrs:
        return [_text(v) for v in np.atleast_1d(group.attrs[name])]
    values: list[str] = []
    index = 0
    while f"{name}{index}" in group.attrs:
        values.extend(_text(v) for v in np.atleast_1d(
            group.attrs[f"{name}{index}"]))
        index += 1
    return values


def read_json_attribute(group: Any, name: str) -> Any:
    if name not in group.attrs:
        return None
    value = group.attrs[name]
    return json.loads(_text(value))


# ------------------------------------------------------------- weights
def legacy_weights(layer: Any) -> list[Any]:
    """Keras 2's per-layer weight order."""
    return list(layer.trainable_weights) + list(layer.non_trainable_weights)


def _weight_name(variable: Any) -> str:
    parts = str(variable.path).split("/")
    return "/".join(parts[-2:]) + ":0"


def _weighted_layers(model: Any) -> list[Any]:
    return [layer for layer in model.layers if legacy_weights(layer)]


def write_weights_group(group: Any, model: Any) -> None:
    """Writes Keras 2's `model_weights` content into `group`."""
    from kerax.saving.keras_zip import KERAS_VERSION

    layers = [x for x in model.layers if not _is_op(x)]
    write_attribute_list(group, "layer_names", [x.name for x in layers])
    write_text_attribute(group, "backend", "jax")
    write_text_attribute(group, "keras_version", KERAS_VERSION)
    write_text_attribute(group, "kerax_version", __version__)
    for layer in sorted(layers, key=lambda x: x.name):
        layer_group = group.create_group(layer.name)
        weights = legacy_weights(layer)
        names, seen = [], set()
        for variable in weights:
            name = _weight_name(variable)
            while name in seen:
                name = name[:-2] + "_1:0"
            seen.add(name)
            names.append(name)
        write_attribute_list(layer_group, "weight_names", names)
        for name, variable in zip(names, weights):
            layer_group.create_dataset(name, data=np.asarray(
                variable.numpy()))


def _is_op(layer: Any) -> bool:
    from kerax.layers.core.op_layer import OpLayer

    return isinstance(layer, OpLayer)


def _read_layer_values(group: Any, name: str) -> list[np.ndarray]:
    layer_group = group[name]
    names = read_attribute_list(layer_group, "weight_names")
    return [np.asarray(layer_group[n][()]) for n in names]


def _plan(filepath: str, where: str, variables: Sequence[Any],
          values: Sequence[Any],
          skip_mismatch: bool) -> list[tuple[Any, Any]]:
    """`[(variable, value)]` for one layer, checked and cast; `[]` when
    it is skipped (with a warning) under `skip_mismatch`."""
    from kerax.saving.h5_store import checked_value

    try:
        if len(variables) != len(values):
            raise SavingError(
                f"Loading '{filepath}': {where} expects {len(variables)} "
                f"weight(s), but the file holds {len(values)}.")
        context = f"Loading '{filepath}': {where}"
        return [(v, checked_value(v, value, context))
                for v, value in zip(variables, values)]
    except SavingError as error:
        if not skip_mismatch:
            raise
        warnings.warn(f"Skipping {error}", stacklevel=4)
        return []


def load_weights_group(filepath: str, group: Any, model: Any,
                       skip_mismatch: bool = False,
                       by_name: bool = False) -> None:
    """Loads Keras 2 weights from `group` into `model`: every layer is
    read and checked before the first assignment, so a failure leaves
    the model's weights as they were."""
    from kerax.saving.h5_store import assign_all_or_nothing

    names = read_attribute_list(group, "layer_names")
    stored = [n for n in names
              if read_attribute_list(group[n], "weight_names")]
    pending = []
    if by_name:
        by_layer = {layer.name: layer for layer in model.layers}
        for name in stored:
            layer = by_layer.get(name)
            if layer is None:
                continue
            pending += _plan(filepath, f"Layer '{name}'",
                             legacy_weights(layer),
                             _read_layer_values(group, name), skip_mismatch)
        assign_all_or_nothing(pending)
        return
    layers = _weighted_layers(model)
    if len(layers) != len(stored):
        raise SavingError(
            f"Loading '{filepath}': layer count mismatch. The model has "
            f"{len(layers)} layers with weights, the file {len(stored)} "
            f"({stored}). Pass `by_name=True` to match layers by name."
        )
    for layer, name in zip(layers, stored):
        pending += _plan(filepath,
                         f"Layer '{layer.name}' (saved as '{name}')",
                         legacy_weights(layer),
                         _read_layer_values(group, name), skip_mismatch)
    assign_all_or_nothing(pending)


def _open(filepath: Any) -> Any:
    return h5_safety.open_h5(filepath)


def _guard(filepath: Any, fn: Callable[..., Any], *args: Any,
           **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except SavingError:
        raise
    except Exception as error:  # noqa: BLE001 - corrupt HDF5 content
        raise FileFormatError(
            filepath, f"corrupt or unexpected HDF5 content "
            f"({type(error).__name__}: {error})") from None


def is_legacy_file(h5: Any) -> bool:
    return "layer_names" in h5.attrs or "layer_names0" in h5.attrs or (
        "model_weights" in h5)


def save_weights(model: Any, filepath: Any) -> None:
    """Atomically writes Keras 2's weights-only `.h5`."""
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as h5:
        write_weights_group(h5, model)
    atomic_write.write_bytes(filepath, buffer.getvalue())


def load_weights(model: Any, filepath: Any, skip_mismatch: bool = False,
                 by_name: bool = False) -> None:
    """Loads a Keras 2 weights `.h5` (or a full-model `.h5`'s weights)."""
    with _open(filepath) as h5:
        _guard(filepath, _load_weights_file, filepath, h5, model,
               skip_mismatch, by_name)


def _load_weights_file(filepath: Any, h5: Any, model: Any,
                       skip_mismatch: bool, by_name: bool) -> None:
    group = h5.get("model_weights", h5)
    if not ("layer_names" in group.attrs or "layer_names0" in group.attrs):
        raise FileFormatError(
            filepath, "not a Keras 2 weights file (no `layer_names`)")
    load_weights_group(filepath, group, model, skip_mismatch=skip_mismatch,
                       by_name=by_name)


# ------------------------------------------------------------ full model
def save_model(model: Any, filepath: Any,
               include_optimizer: bool = True) -> None:
    """Atomically writes Keras 2's full-model `.h5`."""
    from kerax.saving import legacy_writer
    from kerax.saving.compile_config import serialize_compile_config
    from kerax.saving.keras_zip import KERAS_VERSION

    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as h5:
        config = legacy_writer.legacy_model_config(model)
        write_text_attribute(h5, "model_config", json.dumps(config))
        write_text_attribute(h5, "keras_version", KERAS_VERSION)
        write_text_attribute(h5, "kerax_version", __version__)
        write_text_attribute(h5, "backend", "jax")
        if include_optimizer and getattr(model, "compiled", False):
            compile_config = serialize_compile_config(model)
            training = {
                "optimizer_config": legacy_writer.legacy_optimizer_config(
                    compile_config["optimizer"]),
                "loss": legacy_writer.strip_modules(compile_config["loss"]),
                "metrics": legacy_writer.strip_modules(
                    compile_config["metrics"]),
                "weighted_metrics": legacy_writer.strip_modules(
                    compile_config["weighted_metrics"]),
                "loss_weights": compile_config["loss_weights"],
            }
            write_text_attribute(h5, "training_config",
                                 json.dumps(training))
        write_weights_group(h5.create_group("model_weights"), model)
        optimizer = getattr(model, "optimizer", None)
        if include_optimizer and optimizer is not None and optimizer.built:
            _write_optimizer(h5.create_group("optimizer_weights"), model)
    atomic_write.write_bytes(filepath, buffer.getvalue())


def _write_optimizer(group: Any, model: Any) -> None:
    """Keras 2.3's `optimizer_weights` (see `legacy_optimizer`); an
    optimizer Keras 2 did not have keeps Keras 3's variable order."""
    from kerax.saving import legacy_optimizer

    optimizer = model.optimizer
    state = legacy_optimizer.keras2_state(
        optimizer, [tuple(v.shape) for v in model.trainable_variables])
    if state is None:
        state = [(f"{v.path}:0", np.asarray(v.numpy()))
                 for v in optimizer.variables]
    names = [name for name, _ in state]
    write_attribute_list(group, "weight_names", names)
    for name, value in state:
        group.create_dataset(name, data=value)


def _load_optimizer(filepath: Any, h5: Any, model: Any) -> None:
    from kerax.saving import legacy_optimizer

    if "optimizer_weights" not in h5 or model.optimizer is None:
        return
    group = h5["optimizer_weights"]
    names = read_attribute_list(group, "weight_names")
    values = [np.asarray(group[n][()]) for n in names]
    if not legacy_optimizer.restore(model.optimizer,
                                    model.trainable_variables, names,
                                    values):
        warnings.warn(
            f"Loading '{filepath}': the saved optimizer state "
            f"({len(values)} arrays) does not fit optimizer "
            f"'{type(model.optimizer).__name__}' of this model; it starts "
            "freshly initialized.", stacklevel=4)


def load_model(filepath: Any, custom_objects: dict[str, Any] | None = None,
               compile: bool = True, safe_mode: bool = True) -> Any:
    """Rebuilds a model from a Keras 2 full-model `.h5`.

    Any failure reading a damaged file surfaces as a `FileFormatError`
    naming the file (h5py raises KeyError/RuntimeError/OSError/...)."""
    try:
        return _load_model(filepath, custom_objects, compile, safe_mode)
    except SavingError:
        raise
    except Exception as error:
        raise FileFormatError(
            filepath, f"corrupt or unreadable HDF5 content "
            f"({type(error).__name__}: {error})") from error


def _load_model(filepath: Any, custom_objects: dict[str, Any] | None,
                compile: bool, safe_mode: bool) -> Any:
    from kerax.saving import legacy_config
    from kerax.saving.compile_config import compile_from_config
    from kerax.saving.serialization import deserialize_keras_object
    from kerax.support.file_errors import DeserializationError

    with _open(filepath) as h5:
        config = _guard(filepath, read_json_attribute, h5, "model_config")
        if config is None:
            weights_only = is_legacy_file(h5) or "vars" in h5 or (
                "layers" in h5)
            kind = (
                "a weights-only file: create the model and call "
                "`model.load_weights()`"
                if weights_only else "not a Keras HDF5 model file"
            )
            raise FileFormatError(filepath, f"no `model_config`: {kind}")
        config = legacy_config.upgrade_model_config(config)
        try:
            model = deserialize_keras_object(
                config, custom_objects=custom_objects, safe_mode=safe_mode)
        except FileFormatError:
            raise
        except SavingError as error:
            raise type(error)(f"Loading '{filepath}': {error}") from error
        except Exception as error:
            raise DeserializationError(
                f"Loading '{filepath}': the model config could not be "
                f"rebuilt ({type(error).__name__}: {error})") from error
        if "model_weights" not in h5:
            raise FileFormatError(
                filepath, "the file holds a `model_config` but no "
                "`model_weights` group: the model's weights are missing")
        _guard(filepath, load_weights_group, filepath, h5["model_weights"],
               model)
        training = _guard(filepath, read_json_attribute, h5,
                          "training_config")
        if compile and training:
            compile_config = legacy_config.upgrade_training_config(training)
            try:
                with _custom(custom_objects):
                    compile_from_config(model, compile_config)
            except SavingError as error:
                raise type(error)(f"Loading '{filepath}': {error}") \
                    from error
            except Exception as error:
                raise DeserializationError(
                    f"Loading '{filepath}': the training config could not "
                    f"be applied ({type(error).__name__}: {error})") \
                    from error
            _guard(filepath, _load_optimizer, filepath, h5, model)
    return model


def _custom(custom_objects: dict[str, Any] | None) -> Any:
    from kerax.saving.registration import custom_object_scope

    return custom_object_scope(custom_objects)
