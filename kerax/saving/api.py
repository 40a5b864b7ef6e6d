"""Public saving API: `save_model`, `load_model`, `save_weights`,
`load_weights`, `model_from_json`, `clone_model`.

The format follows the file name: `.keras` (zip; a directory with
`zipped=False`), `.h5`/`.hdf5` (Keras 2's full-model or weights HDF5),
`.weights.h5` (Keras 3 weights), `.weights.json` (sharded Keras 3
weights). Loading looks at the file's content, so a mislabeled file gets
a clear `FileFormatError`. Every write is atomic: an interrupted save
leaves the previous file as it was.

>>> import kerax, os, tempfile, numpy as np
>>> model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
>>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
>>> save_model(model, path)
>>> restored = load_model(path)
>>> x = np.ones((1, 3), "float32")
>>> bool(np.allclose(model.predict(x, verbose=0),
...                  restored.predict(x, verbose=0)))
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

from kerax.distribution import process
from kerax.saving import h5_store, keras_zip, legacy_h5
from kerax.support import atomic_write
from kerax.support.file_errors import FileFormatError, SavingError

_ZIP_MAGIC = b"PK\x03\x04"
_HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"


def _path(filepath: Any) -> Any:
    try:
        return os.fspath(filepath)
    except TypeError:
        raise SavingError(
            "`filepath` must be a string or path-like object. Received: "
            f"filepath={filepath!r}") from None


def _sniff(filepath: str) -> str | None:
    """'zip', 'hdf5', 'directory', 'json' or None (unknown content)."""
    if os.path.isdir(filepath):
        return "directory"
    if not os.path.exists(filepath):
        raise FileNotFoundError(
            f"No file or directory found at '{filepath}'.")
    with open(filepath, "rb") as f:
        head = f.read(8)
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head == _HDF5_MAGIC:
        return "hdf5"
    if head.lstrip()[:1] == b"{":
        return "json"
    return None


def _orbax_state() -> Any:
    """The OrbaxCheckpoint reader (orbax is imported only when used)."""
    from kerax.saving import orbax_files

    return orbax_files


def _check_overwrite(filepath: str, overwrite: bool) -> None:
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(
            f"'{filepath}' already exists; pass `overwrite=True` to "
            "replace it.")


@process.one_writer("save_model")
def save_model(model: Any, filepath: Any, overwrite: bool = True,
               zipped: bool | None = None, **kwargs: Any) -> None:
    """Saves `model` (architecture, weights, compile state incl. optimizer).

    Args:
        model: a kerax `Model`.
        filepath: `*.keras` (Keras 3 format) or `*.h5` / `*.hdf5`
            (Keras 2 format).
        overwrite: replace an existing file (else `FileExistsError`).
        zipped: `.keras` only: False writes the unzipped directory form.
        include_optimizer: `.h5` only (Keras 2 argument).
    """
    filepath = _path(filepath)
    include_optimizer = kwargs.pop("include_optimizer", True)
    save_format = kwargs.pop("save_format", None)
    if kwargs:
        raise SavingError(f"Unknown arguments to save_model: {kwargs}")
    _check_overwrite(filepath, overwrite)
    lower = filepath.lower()
    if lower.endswith(".keras") or zipped is False or save_format == "keras":
        keras_zip.write_model(model, filepath, zipped=zipped is not False)
        return
    if lower.endswith((".h5", ".hdf5")) or save_format in ("h5", "hdf5"):
        legacy_h5.save_model(model, filepath, include_optimizer)
        return
    raise SavingError(
        "Invalid filepath extension for saving: use `.keras` (Keras 3 "
        "format) or `.h5` (Keras 2 format); for weights only, use "
        f"`save_weights` with `.weights.h5`. Received: filepath={filepath}"
    )


@process.places_loaded_model
def load_model(filepath: Any, custom_objects: dict[str, Any] | None = None,
               compile: bool = True, safe_mode: bool = True) -> Any:
    """Loads a model saved as `.keras` (zip or directory) or Keras 2 `.h5`.

    Args:
        filepath: the file (or directory) to load.
        custom_objects: dict of custom classes/functions by name.
        compile: restore the compile state (optimizer with its slots, loss,
            metrics).
        safe_mode: refuse to run code stored in the file (Lambda layers'
            bytecode). Pass `safe_mode=False` only for trusted files.

    Raises:
        FileFormatError: corrupt, truncated or wrong-kind file.
        UnsafeFileError: the file needs `safe_mode=False`.
        DeserializationError: an unknown or unresolvable object.
    """
    filepath = keras_zip.recover_directory(_path(filepath))
    kind = _sniff(filepath)
    if kind == "directory" and _orbax_state().is_checkpoint_directory(
        filepath
    ):
        return _orbax_state().load_model(filepath, custom_objects, compile,
                                         safe_mode)
    if kind in ("zip", "directory"):
        return keras_zip.load_model(filepath, custom_objects, compile,
                                    safe_mode)
    if kind == "hdf5":
        return legacy_h5.load_model(filepath, custom_objects, compile,
                                    safe_mode)
    raise FileFormatError(
        filepath, "not a saved model (expected a .keras zip archive, a "
        "saved-model directory, or a Keras HDF5 file)")


@process.one_writer("save_weights")
def save_weights(model: Any, filepath: Any, overwrite: bool = True,
                 max_shard_size: float | None = None) -> None:
    """Saves the weights (and a compiled model's optimizer state).

    `*.weights.h5`: Keras 3 layout; `*.weights.json` with
    `max_shard_size` (GB): sharded; other `*.h5`/`*.hdf5`: Keras 2 layout
    (what Keras 2 code and `ModelCheckpoint("w.{epoch:02d}.hdf5")` expect).
    """
    filepath = _path(filepath)
    _check_overwrite(filepath, overwrite)
    lower = filepath.lower()
    if max_shard_size is not None or lower.endswith(".weights.json"):
        entries = h5_store.collect(model)
        h5_store.write_sharded(filepath, entries,
                               5.0 if max_shard_size is None
                               else max_shard_size,
                               atomic_write.write_bytes)
        return
    if lower.endswith(".weights.h5"):
        data = h5_store.h5_bytes(h5_store.collect(model))
        atomic_write.write_bytes(filepath, data)
        return
    if lower.endswith((".h5", ".hdf5")):
        legacy_h5.save_weights(model, filepath)
        return
    raise SavingError(
        "The filename must end in `.weights.h5` (Keras 3 format), "
        "`.weights.json` (sharded) or `.h5` (Keras 2 format). Received: "
        f"filepath={filepath}"
    )


@process.places_loaded_model
def load_weights(model: Any, filepath: Any, skip_mismatch: bool = False,
                 by_name: bool = False, **kwargs: Any) -> None:
    """Loads weights from any file `save_weights`/`save_model` wrote (or
    Keras's); the format is read from the content.

    `by_name=True` (Keras 2 `.h5` only) matches layers by name.
    `skip_mismatch=True` skips (with a warning) layers whose weight count
    or shapes differ.
    """
    filepath = keras_zip.recover_directory(_path(filepath))
    kind = _sniff(filepath)
    if kind == "directory" and _orbax_state().is_checkpoint_directory(
        filepath
    ):
        return _orbax_state().load_weights(model, filepath)
    if kind in ("zip", "directory"):
        members, _ = keras_zip.read_archive(filepath)
        reader = keras_zip.weights_reader(filepath, members)
        if reader is None:
            raise FileFormatError(filepath, "the archive holds no weights")
        return _load_with(model, reader, skip_mismatch, by_name)
    if kind == "json":
        reader = h5_store.WeightsReader.open_sharded(filepath)
        return _load_with(model, reader, skip_mismatch, by_name)
    if kind != "hdf5":
        raise FileFormatError(
            filepath, "not a weights file (expected HDF5, a .keras zip, or "
            "a sharded .weights.json map)")
    reader = h5_store.WeightsReader.open(filepath)
    try:
        legacy = legacy_h5.is_legacy_file(reader._files[""])
    except Exception as error:  # noqa: BLE001 - corrupt HDF5 metadata
        reader.close()
        raise FileFormatError(filepath, f"corrupt HDF5 ({error})") from None
    if legacy:
        reader.close()
        return legacy_h5.load_weights(model, filepath, skip_mismatch,
                                      by_name)
    return _load_with(model, reader, skip_mismatch, by_name)


def _load_with(model: Any, reader: Any, skip_mismatch: bool,
               by_name: bool) -> None:
    if by_name:
        reader.close()
        raise SavingError(
            "`by_name=True` only applies to Keras 2 `.h5` weights; "
            f"'{reader.filepath}' is in the Keras 3 layout.")
    try:
        h5_store.load_into(model, reader, skip_mismatch=skip_mismatch)
    except SavingError:
        raise
    except Exception as error:  # noqa: BLE001 - h5py's many kinds
        raise FileFormatError(
            reader.filepath, f"corrupt weights ({type(error).__name__}: "
            f"{error})") from None
    finally:
        reader.close()


def model_from_json(json_string: str,
                    custom_objects: dict[str, Any] | None = None,
                    safe_mode: bool = True) -> Any:
    """Rebuilds a model (unbuilt weights) from `model.to_json()`.

    >>> import kerax
    >>> model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
    >>> model_from_json(model.to_json()).layers[0].units
    1
    """
    from kerax.saving import legacy_config
    from kerax.saving.serialization import deserialize_keras_object

    try:
        config = json.loads(json_string)
    except (TypeError, ValueError) as error:
        raise SavingError(f"Invalid model JSON: {error}") from None
    config = legacy_config.upgrade_model_config(config)
    return deserialize_keras_object(config, custom_objects=custom_objects,
                                    safe_mode=safe_mode)


def clone_model(model: Any, input_tensors: Any = None,
                clone_function: Callable[[Any], Any] | None = None,
                call_function: Callable[..., Any] | None = None,
                recursive: bool = False, **kwargs: Any) -> Any:
    """A new model with the same architecture and fresh weights.

    `clone_function(layer)` returns the layer to use (default: a new
    layer from `layer.get_config()`). `input_tensors` replaces a
    functional model's inputs. `call_function(layer, *args, **kwargs)`
    calls each cloned layer of a functional model (to insert layers
    around it). With `recursive`, inner Sequential/functional models are
    cloned the same way instead of through `clone_function`.

    >>> import kerax
    >>> model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
    >>> clone = clone_model(model)
    >>> clone.layers[0] is model.layers[0], clone.count_params()
    (False, 3)
    """
    from kerax.saving.cloning import clone

    return clone(model, input_tensors, clone_function,
                 call_function=call_function, recursive=recursive, **kwargs)
