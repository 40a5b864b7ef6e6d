"""The `assets/` part of a `.keras` archive: files that a saveable writes
beside its weights (a lookup layer's `vocabulary.txt`).

Keras calls `obj.save_assets(dir_path)` on every saveable that has the
method, `dir_path` being `assets/<attribute path>` (the path of the
object's weights group without `/vars`: `assets/layers/string_lookup/`,
`assets/layers/text_vectorization/_lookup_layer/`; the saved object itself
uses `assets/`). Loading calls `obj.load_assets(dir_path)` with the same
directory, after the weights are in place. Empty directories are not
stored in the zip.

>>> import kerax, numpy as np
>>> layer = kerax.layers.StringLookup(name="s")
>>> layer.adapt(np.array(["a", "b", "b"]))
>>> model = kerax.Sequential([layer])
>>> {k: v.decode() for k, v in collect(model).items()}
{'assets/layers/string_lookup/vocabulary.txt': '[UNK]\\nb\\na'}
"""

from __future__ import annotations

import os
import posixpath
import tempfile
from collections.abc import Iterable
from typing import Any

from kerax.support.file_errors import FileFormatError, SavingError

ASSETS = "assets"
PREFIX = ASSETS + "/"
_TEMP_PREFIX = "kerax-assets-"


def _with_assets(model: Any, method: str) -> list[tuple[str, Any]]:
    from kerax.saving.h5_store import walk_saveables

    return [(path, obj) for path, obj in walk_saveables(model)
            if callable(getattr(obj, method, None))]


def member_name(path: str, relative: str) -> str:
    """The archive member of file `relative` of the object at `path`."""
    return posixpath.join(ASSETS, path, relative) if path else (
        posixpath.join(ASSETS, relative))


def collect(model: Any) -> dict[str, bytes]:
    """`{member name: bytes}` of every asset file `model`'s saveables
    write, in walk order."""
    members = {}
    for path, obj in _with_assets(model, "save_assets"):
        with tempfile.TemporaryDirectory(prefix=_TEMP_PREFIX) as tmp:
            obj.save_assets(tmp)
            for root, dirs, files in os.walk(tmp):
                dirs.sort()
                for name in sorted(files):
                    full = os.path.join(root, name)
                    relative = os.path.relpath(full, tmp).replace(
                        os.sep, "/")
                    with open(full, "rb") as f:
                        members[member_name(path, relative)] = f.read()
    return members


def restore(model: Any, filepath: str, members: dict[str, bytes]) -> None:
    """Calls `load_assets` on every saveable of `model` that has it, with
    a directory holding the archive's files for its path. `members`: the
    archive's `{name: bytes}` (only names under `assets/` are used; they
    were checked by the archive reader)."""
    targets = _with_assets(model, "load_assets")
    if not targets:
        return
    files = {name[len(PREFIX):]: data for name, data in members.items()
             if name.startswith(PREFIX) and not name.endswith("/")}
    _check_no_clash(filepath, files)
    with tempfile.TemporaryDirectory(prefix=_TEMP_PREFIX) as tmp:
        root = os.path.realpath(tmp)
        for relative, data in files.items():
            destination = os.path.realpath(
                os.path.join(root, *relative.split("/")))
            if not destination.startswith(root + os.sep):
                raise FileFormatError(
                    filepath, f"unsafe asset name 'assets/{relative}'")
            try:
                os.makedirs(os.path.dirname(destination), exist_ok=True)
                with open(destination, "wb") as f:
                    f.write(data)
            except OSError as error:
                raise FileFormatError(
                    filepath, f"asset 'assets/{relative}' could not be "
                    f"unpacked ({type(error).__name__}: "
                    f"{error.strerror})") from None
        for path, obj in targets:
            directory = os.path.join(root, *path.split("/")) if path else (
                root)
            os.makedirs(directory, exist_ok=True)
            try:
                obj.load_assets(directory)
            except SavingError:
                raise
            except Exception as error:  # noqa: BLE001 - any bad asset
                where = member_name(path, "") if path else PREFIX
                raise FileFormatError(
                    filepath, f"the assets in '{where}' of "
                    f"'{getattr(obj, 'name', path)}' could not be loaded "
                    f"({type(error).__name__}: {error})") from None


def _check_no_clash(filepath: str, files: Iterable[str]) -> None:
    """No asset name may be both a file and a folder of other assets."""
    names = {posixpath.normpath(name) for name in files}
    for name in sorted(names):
        parent = posixpath.dirname(name)
        while parent:
            if parent in names:
                raise FileFormatError(
                    filepath, f"asset 'assets/{parent}' is both a file and "
                    f"a folder (it holds 'assets/{name}')")
            parent = posixpath.dirname(parent)
