"""The `.keras` format: a zip holding `metadata.json` (`keras_version`,
`date_saved`), `config.json` (the model's serialized config, compile config
included), `model.weights.h5` (Keras 3's weights layout) and `assets/`
(files such as lookup vocabularies, `assets/<object path>/vocabulary.txt`:
see `kerax.saving.assets`). The same members in a directory are the
unzipped form (`zipped=False`).

Reading checks every member name (no absolute paths, no `..`), bounds the
size of what is read, and turns any zip/JSON/HDF5 problem into a
`FileFormatError` naming the file.

>>> import kerax, os, tempfile
>>> model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
>>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
>>> write_model(model, path)
>>> sorted(read_archive(path)[0])
['config.json', 'metadata.json', 'model.weights.h5']
"""

from __future__ import annotations

import datetime
import io
import json
import os
import posixpath
import shutil
import tempfile
import warnings
import zipfile
from typing import Any

from kerax.saving import assets, h5_store
from kerax.support import atomic_write
from kerax.support.file_errors import FileFormatError
from kerax.support.version import __version__

CONFIG = "config.json"
METADATA = "metadata.json"
WEIGHTS = "model.weights.h5"
KERAS_VERSION = "3.15.1"  # the Keras release whose format is written
# The previous directory while `save(zipped=False)` swaps in a new one.
OLD_SUFFIX = ".kerax-old"
_MAX_JSON_BYTES = 256 * 1024 ** 2
_MAX_MEMBER_BYTES = 64 * 1024 ** 3


def _metadata() -> dict[str, str]:
    return {
        "keras_version": KERAS_VERSION,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
        "kerax_version": __version__,
    }


def model_members(model: Any) -> dict[str, bytes]:
    """`{member name: bytes}` of a model's `.keras` archive."""
    from kerax.saving.serialization import serialize_keras_object

    config = serialize_keras_object(model)
    entries = h5_store.collect(model)
    members = {
        METADATA: json.dumps(_metadata()).encode("utf-8"),
        CONFIG: json.dumps(config).encode("utf-8"),
        WEIGHTS: h5_store.h5_bytes(entries),
    }
    members.update(assets.collect(model))
    return members


def write_model(model: Any, filepath: Any, zipped: bool = True) -> None:
    """Atomically writes `model` as a `.keras` zip (or directory)."""
    members = model_members(model)
    if zipped:
        with atomic_write.atomic_path(filepath) as tmp, zipfile.ZipFile(
            tmp, "w", zipfile.ZIP_DEFLATED
        ) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        return
    _write_directory(filepath, members)


def _write_directory(dirpath: Any, members: dict[str, bytes]) -> None:
    dirpath = os.path.abspath(os.fspath(dirpath))
    parent = os.path.dirname(dirpath)
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=atomic_write.TEMP_PREFIX, dir=parent)
    try:
        for name, data in members.items():
            path = os.path.join(staging, *name.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        os.makedirs(os.path.join(staging, "assets"), exist_ok=True)
        # A kill between the two renames leaves only `old`, which
        # `recover_directory` loads; the next save removes it.
        old = dirpath + OLD_SUFFIX
        if os.path.exists(dirpath):
            if os.path.exists(old):
                shutil.rmtree(old)
            os.replace(dirpath, old)
        os.replace(staging, dirpath)
        atomic_write.fsync_directory(parent)
        if os.path.exists(old):
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def recover_directory(filepath: str) -> str:
    """The path to load for `filepath`: itself, or, when a
    `save(zipped=False)` was killed between its two renames (the old
    directory moved aside, the new one not yet in place), the previous
    directory `filepath + ".kerax-old"` (with a warning)."""
    old = filepath + OLD_SUFFIX
    if os.path.lexists(filepath) or not os.path.isfile(
        os.path.join(old, CONFIG)
    ):
        return filepath
    warnings.warn(
        f"'{filepath}' is missing: a save to it was interrupted. Loading "
        f"the previous version from '{old}'.", stacklevel=3)
    return old


def check_member_name(filepath: str, name: str) -> None:
    """Rejects absolute, drive-qualified or parent-escaping names."""
    normalized = posixpath.normpath(name.replace("\\", "/"))
    if (
        name.startswith(("/", "\\")) or ":" in name.split("/", maxsplit=1)[0]
        or normalized == ".." or normalized.startswith("../")
        or "\x00" in name
    ):
        raise FileFormatError(
            filepath, f"unsafe member name {name!r} in the archive "
            "(absolute path or path traversal)")


def _directory_assets(dirpath: str) -> dict[str, bytes]:
    """`{"assets/...": bytes}` of the regular files under `dirpath/assets`
    (symbolic links are not followed)."""
    root = os.path.join(dirpath, assets.ASSETS)
    members: dict[str, Any] = {}
    total = 0
    if not os.path.isdir(root) or os.path.islink(root):
        return members
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs
                         if not os.path.islink(os.path.join(folder, d)))
        for name in sorted(files):
            path = os.path.join(folder, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            total += os.path.getsize(path)
            if total > _MAX_MEMBER_BYTES:
                raise FileFormatError(dirpath, "the assets are too large")
            relative = os.path.relpath(path, dirpath).replace(os.sep, "/")
            with open(path, "rb") as f:
                members[relative] = f.read()
    return members


def _wanted(name: str) -> bool:
    return name in (CONFIG, METADATA, WEIGHTS) or (
        name.startswith(assets.PREFIX) and not name.endswith("/"))


def read_archive(filepath: str) -> tuple[dict[str, bytes], str]:
    """`({name: bytes}, kind)` of a `.keras` zip or directory, checked:
    `config.json`, `metadata.json`, `model.weights.h5` and the files
    under `assets/`."""
    filepath = os.fspath(filepath)
    if os.path.isdir(filepath):
        members = {}
        for name in (CONFIG, METADATA, WEIGHTS):
            path = os.path.join(filepath, name)
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    members[name] = f.read()
        if CONFIG not in members:
            raise FileFormatError(
                filepath, f"the directory holds no {CONFIG}: not a saved "
                "kerax/Keras model")
        members.update(_directory_assets(filepath))
        return members, "directory"
    try:
        archive = zipfile.ZipFile(filepath, "r")
    except Exception as error:  # noqa: BLE001 - any unreadable archive
        raise FileFormatError(
            filepath, f"not a valid .keras zip archive ({error})") from None
    members = {}
    with archive:
        infos = archive.infolist()
        for info in infos:
            check_member_name(filepath, info.filename)
        names = {info.filename: info for info in infos}
        asset_bytes = sum(info.file_size for info in infos
                          if info.filename.startswith(assets.PREFIX))
        if asset_bytes > _MAX_MEMBER_BYTES:
            raise FileFormatError(
                filepath, f"the assets declare {asset_bytes} bytes: too "
                "large")
        for name in [n for n in names if _wanted(n)]:
            info = names[name]
            limit = _MAX_JSON_BYTES if name in (CONFIG, METADATA) else (
                _MAX_MEMBER_BYTES)
            if info.file_size > limit:
                raise FileFormatError(
                    filepath, f"member {name} declares {info.file_size} "
                    "bytes: too large")
            try:
                with archive.open(info) as member:
                    data = member.read(limit + 1)
            except Exception as error:  # noqa: BLE001 - zlib, CRC, EOF...
                raise FileFormatError(
                    filepath, f"member {name} is corrupt ({error})"
                ) from None
            if len(data) > limit:
                raise FileFormatError(filepath, f"member {name} too large")
            members[name] = data
    if CONFIG not in members:
        raise FileFormatError(
            filepath, f"the archive holds no {CONFIG}: not a .keras model "
            "file")
    return members, "zip"


def parse_json(filepath: str, name: str, data: bytes) -> Any:
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise FileFormatError(
            filepath, f"{name} is not valid JSON ({error})") from None
    if not isinstance(value, dict):
        raise FileFormatError(filepath, f"{name} must hold a JSON object")
    return value


def weights_reader(filepath: str, members: dict[str, bytes]) -> Any:
    """A `WeightsReader` over the archive's `model.weights.h5`, or None."""
    data = members.get(WEIGHTS)
    if data is None:
        return None
    return h5_store.WeightsReader.open(
        f"{filepath}/{WEIGHTS}", fileobj=io.BytesIO(data))


def load_model(filepath: str, custom_objects: dict[str, Any] | None = None,
               compile: bool = True, safe_mode: bool = True) -> Any:
    """Rebuilds a model from a `.keras` zip or directory."""
    from kerax.saving import legacy_config
    from kerax.saving.serialization import deserialize_keras_object
    from kerax.support.file_errors import DeserializationError, SavingError

    members, kind = read_archive(filepath)
    if WEIGHTS not in members:
        where = "directory" if kind == "directory" else "archive"
        raise FileFormatError(
            filepath, f"the {where} holds no {WEIGHTS}: the model's weights "
            "are missing (a model saved by Keras or kerax always has them)")
    config = parse_json(filepath, CONFIG, members[CONFIG])
    if METADATA in members:
        parse_json(filepath, METADATA, members[METADATA])
    config = legacy_config.upgrade_model_config(config)
    try:
        model = deserialize_keras_object(
            config, custom_objects=custom_objects, safe_mode=safe_mode,
            compile=compile)
    except FileFormatError:
        raise
    except RecursionError:
        raise FileFormatError(filepath, "config.json nests too deeply") \
            from None
    except SavingError as error:
        raise type(error)(f"Loading '{filepath}': {error}") from error
    except Exception as error:
        raise DeserializationError(
            f"Loading '{filepath}': the model config could not be rebuilt "
            f"({type(error).__name__}: {error})") from error
    reader = weights_reader(filepath, members)
    try:
        h5_store.load_into(model, reader, include_optimizer=compile)
    except SavingError:
        raise
    except Exception as error:  # noqa: BLE001 - h5py's many kinds
        raise FileFormatError(
            filepath, f"corrupt weights ({type(error).__name__}: "
            f"{error})") from None
    finally:
        reader.close()
    assets.restore(model, filepath, members)
    return model
