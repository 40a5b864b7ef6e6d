"""`KerasFileEditor`: inspect and edit the weights of a `.keras` or
`.weights.h5` file without building a model (Keras 3's
`keras.saving.KerasFileEditor`), e.g. to adapt a saved file to a changed
architecture.

The weights are held as a nested dict mirroring Keras's layout: each
object (`"layers"`, `"dense"`, ...) is a dict whose array entries are its
own weights (`"0"`, `"1"`, ... as in the file's `vars` group) and whose dict
entries are its sub-objects. Opening a file never runs code from it: the
config is read as JSON only, HDF5 links or datasets reading other files are
refused, and sizes are bounded. `save` writes atomically.

>>> import os, tempfile, kerax
>>> model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
>>> path = os.path.join(tempfile.mkdtemp(), "m.weights.h5")
>>> model.save_weights(path)
>>> editor = KerasFileEditor(path)  # doctest: +ELLIPSIS
Keras weights file '...m.weights.h5'
>>> {k: v.shape for k, v in editor.weights_dict["layers"]["dense"].items()}
{'0': (3, 2), '1': (2,)}
>>> editor.rename_object("dense", "dense_b")
>>> list(editor.weights_dict["layers"])
['dense_b']
"""

from __future__ import annotations

import io
import json
import math
import os
from typing import Any

import h5py
import numpy as np

from kerax.saving import keras_zip
from kerax.support import atomic_write, h5_safety
from kerax.support.file_errors import FileFormatError

_MAX_DATASET_BYTES = 1 << 32  # 4 GiB, as Keras's editor
_MAX_RANK = 64


class KerasFileEditor:
    """Inspect, edit and re-save the weights of a saved file.

    Args:
        filepath: a `.keras` archive (zip or directory) or a
            `.weights.h5` file.

    Attributes:
        weights_dict: the nested dict of weights (edit it directly or
            through the methods).
        config, metadata: the `.keras` file's `config.json` and
            `metadata.json` as dicts (None for a `.weights.h5`).
        object_metadata: `{object path: HDF5 attributes}` (the objects'
            saved `name`s).
    """

    def __init__(self, filepath: Any) -> None:
        self.filepath = os.fspath(filepath)
        self.config = None
        self.metadata = None
        self.model = None
        if self.filepath.endswith(".keras"):
            members, _ = keras_zip.read_archive(self.filepath)
            self.config = keras_zip.parse_json(
                self.filepath, keras_zip.CONFIG, members[keras_zip.CONFIG])
            if keras_zip.METADATA in members:
                self.metadata = keras_zip.parse_json(
                    self.filepath, keras_zip.METADATA,
                    members[keras_zip.METADATA])
            data = members.get(keras_zip.WEIGHTS)
            if data is None:
                raise FileFormatError(
                    self.filepath, f"the archive holds no {keras_zip.WEIGHTS}")
            h5 = h5_safety.open_h5(
                f"{self.filepath}/{keras_zip.WEIGHTS}", io.BytesIO(data))
            where = "Keras model file"
        elif self.filepath.endswith(".weights.h5"):
            h5 = h5_safety.open_h5(self.filepath)
            where = "Keras weights file"
        else:
            raise ValueError(
                "KerasFileEditor: expected a `.keras` or `.weights.h5` file. "
                f"Received: filepath={self.filepath}")
        self.object_metadata: dict[str, Any] = {}
        try:
            self.weights_dict = self._read_group(h5, "")
        finally:
            h5.close()
        print(f"{where} '{self.filepath}'")
        if self.metadata is not None:
            print(f"Saved with Keras {self.metadata.get('keras_version')} - "
                  f"date: {self.metadata.get('date_saved')}")

    # ------------------------------------------------------------ reading
    def _read_group(self, group: Any, path: str) -> dict[str, Any]:
        """The nested dict of an object's group: its `vars` datasets and
        its non-empty sub-objects."""
        result: dict[str, Any] = {}
        vars_group = None
        for key in group:
            link = group.get(key, getlink=True)
            if isinstance(link, (h5py.ExternalLink, h5py.SoftLink)):
                raise FileFormatError(
                    self.filepath, f"'{path}/{key}' is a link; weights files "
                    "hold groups and datasets only")
            child = group[key]
            if key == "vars" and isinstance(child, h5py.Group):
                vars_group = child
            elif isinstance(child, h5py.Group):
                sub = self._read_group(child, _join(path, key))
                if sub:
                    result[key] = sub
        if vars_group is not None:
            if vars_group.attrs:
                self.object_metadata[path] = dict(vars_group.attrs)
            own: dict[str, Any] = {}
            for key in vars_group:
                dataset = vars_group[key]
                if isinstance(dataset, h5py.Dataset):
                    own[key] = self._read_dataset(dataset, _join(path, key))
            result = {**own, **result}
        return result

    def _read_dataset(self, dataset: Any, where: str) -> np.ndarray:
        shape = dataset.shape or ()
        if len(shape) > _MAX_RANK or any(d < 0 for d in shape):
            raise FileFormatError(
                self.filepath, f"dataset '{where}' has an invalid shape "
                f"{shape}")
        size = math.prod(shape) * dataset.dtype.itemsize
        if size > _MAX_DATASET_BYTES:
            raise FileFormatError(
                self.filepath, f"dataset '{where}' has {size} bytes, more "
                f"than the {_MAX_DATASET_BYTES} bytes an editor loads")
        value = np.asarray(dataset[()])
        if dataset.attrs.get("dtype") == "bfloat16":
            import ml_dtypes

            value = value.view(ml_dtypes.bfloat16)
        return value

    # ------------------------------------------------------------ display
    def summary(self) -> None:
        """Prints the tree of objects and weights (shapes, dtypes)."""
        print(self.weights_summary())

    def weights_summary(self) -> str:
        """The tree `summary` prints, as a string."""
        lines = ["Weights structure"]

        def walk(tree: dict[str, Any], prefix: str, path: str) -> None:
            items = list(tree.items())
            for index, (key, value) in enumerate(items):
                last = index == len(items) - 1
                connector = "└─ " if last else "├─ "
                child = _join(path, key)
                if isinstance(value, dict):
                    label = key
                    name = self.object_metadata.get(child, {}).get("name")
                    if name is not None and name != key:
                        label += f" ('{name}')"
                    lines.append(f"{prefix}{connector}{label}")
                    walk(value, prefix + ("    " if last else "│   "), child)
                else:
                    lines.append(f"{prefix}{connector}{key}: "
                                 f"shape={value.shape}, dtype={value.dtype}")

        walk(self.weights_dict, "  ", "")
        return "\n".join(lines)

    def compare(self, reference_model: Any) -> dict[str, Any]:
        """Lists the differences between the file and `reference_model`'s
        weights (objects or weights missing on either side, shapes).

        Returns:
            `{"status": "success" | "error", "error_count": int,
            "match_count": int}`.
        """
        reference = _weights_spec(reference_model)
        errors, matches, reported = 0, 0, set()

        def walk(target: dict[str, Any], ref: dict[str, Any], path: str,
                 target_name: str, ref_name: str,
                 count_matches: bool) -> None:
            nonlocal errors, matches
            for key, ref_value in ref.items():
                where = f"{path}/{key}"
                if where in reported:
                    continue
                if key not in target:
                    errors += 1
                    reported.add(where)
                    kind = "Object" if isinstance(ref_value, dict) else (
                        "Weight")
                    print(f"...{kind} {where} present in {ref_name}, "
                          f"missing from {target_name}")
                elif isinstance(ref_value, dict):
                    if isinstance(target[key], dict):
                        walk(target[key], ref_value, where, target_name,
                             ref_name, count_matches)
                elif tuple(np.shape(target[key])) != tuple(
                    np.shape(ref_value)
                ):
                    errors += 1
                    reported.add(where)
                    print(f"...Weight shape mismatch for {where}: "
                          f"{np.shape(ref_value)} in {ref_name}, "
                          f"{np.shape(target[key])} in {target_name}")
                elif count_matches:
                    matches += 1

        print("Running comparison")
        walk(self.weights_dict, reference, "", "saved file",
             "reference model", True)
        walk(reference, self.weights_dict, "", "reference model",
             "saved file", False)
        if errors:
            print(f"Found {errors} error{'s' if errors != 1 else ''}: saved "
                  "file is not compatible with the reference model")
        else:
            print("Comparison successful: saved file is compatible with the "
                  f"reference model ({matches} matching weight"
                  f"{'s' if matches != 1 else ''})")
        return {"status": "error" if errors else "success",
                "error_count": errors, "match_count": matches}

    # ------------------------------------------------------------ editing
    def _locate(self, object_name: str) -> tuple[dict[str, Any], str]:
        """`(parent dict, key)` of an object given by path ("a/b/c") or by
        a name that occurs exactly once in the tree."""
        if "/" in object_name:
            parts = object_name.strip("/").split("/")
            parent: Any = self.weights_dict
            for part in parts[:-1]:
                parent = parent.get(part) if isinstance(parent, dict) else (
                    None)
                if not isinstance(parent, dict):
                    raise ValueError(
                        f"Path '{object_name}' not found in the file.")
            if parts[-1] not in parent:
                raise ValueError(f"Path '{object_name}' not found in the file.")
            return parent, parts[-1]
        found = []

        def search(tree: dict[str, Any]) -> None:
            for key, value in tree.items():
                if key == object_name:
                    found.append(tree)
                if isinstance(value, dict):
                    search(value)

        search(self.weights_dict)
        if not found:
            raise ValueError(
                f"Name '{object_name}' does not appear in the file. Use "
                "`editor.summary()` to list the objects.")
        if len(found) > 1:
            raise ValueError(
                f"Name '{object_name}' occurs {len(found)} times in the "
                "file; pass its full path (e.g. 'layers/dense').")
        return found[0], object_name

    def _locate_object(self,
                       object_name: str) -> tuple[dict[str, Any], str]:
        parent, key = self._locate(object_name)
        if not isinstance(parent[key], dict):
            raise ValueError(
                f"'{object_name}' is a weight, not an object. Use "
                "`delete_weight(object_name, weight_name)` for weights.")
        return parent, key

    def rename_object(self, object_name: str, new_name: str) -> None:
        """Renames an object (a name occurring once, or a path such as
        `"layers/dense_2"`); `new_name` is a leaf name."""
        _check_leaf_name("new_name", new_name)
        parent, key = self._locate_object(object_name)
        if new_name in parent and new_name != key:
            raise ValueError(
                f"Cannot rename '{object_name}' to '{new_name}': an entry "
                "of that name already exists there.")
        renamed = {(new_name if k == key else k): v
                   for k, v in parent.items()}
        parent.clear()
        parent.update(renamed)

    def delete_object(self, object_name: str) -> None:
        """Removes an object and everything under it."""
        parent, key = self._locate_object(object_name)
        del parent[key]

    def add_object(self, object_path: str, weights: dict[Any, Any]) -> None:
        """Adds an object at `object_path` (e.g. `"layers/dense_3"`, its
        parent must exist) with `weights` (`{"0": kernel, "1": bias}`)."""
        weights = _check_weights(weights)
        parts = object_path.strip("/").split("/")
        parent: Any = self.weights_dict
        for index, part in enumerate(parts[:-1]):
            parent = parent.get(part)
            if not isinstance(parent, dict):
                raise ValueError(
                    f"Path '{'/'.join(parts[:index + 1])}' not found in the "
                    "file.")
        if parts[-1] in parent:
            raise ValueError(
                f"Object '{object_path}' already exists; use `add_weights` "
                "to add weights to it.")
        parent[parts[-1]] = weights

    def delete_weight(self, object_name: str, weight_name: str) -> None:
        """Removes weight `weight_name` (e.g. `"1"`) of an object."""
        parent, key = self._locate_object(object_name)
        obj = parent[key]
        if weight_name not in obj or isinstance(obj[weight_name], dict):
            raise ValueError(
                f"Weight '{weight_name}' not found in object "
                f"'{object_name}'. Its weights: "
                f"{[k for k, v in obj.items() if not isinstance(v, dict)]}")
        del obj[weight_name]

    def add_weights(self, object_name: str, weights: dict[Any, Any]) -> None:
        """Adds (or replaces) weights of an existing object."""
        weights = _check_weights(weights)
        parent, key = self._locate_object(object_name)
        parent[key].update(weights)

    # ------------------------------------------------------------- saving
    def save(self, filepath: Any) -> None:
        """Writes the edited weights atomically: a `.weights.h5` file (as
        Keras's editor), or, for a file opened from a `.keras` archive, a
        `.keras` archive with the original config and metadata."""
        filepath = os.fspath(filepath)
        if filepath.endswith(".weights.h5"):
            data = self._h5_bytes()
            atomic_write.write_bytes(filepath, data)
            return
        if filepath.endswith(".keras"):
            if self.config is None:
                raise ValueError(
                    "KerasFileEditor: a `.keras` file needs a model config; "
                    "this editor opened a `.weights.h5` file. Save to a "
                    f"`.weights.h5` path instead. Received: {filepath}")
            members = {
                keras_zip.METADATA: json.dumps(self.metadata or {}).encode(),
                keras_zip.CONFIG: json.dumps(self.config).encode(),
                keras_zip.WEIGHTS: self._h5_bytes(),
            }
            import zipfile

            with atomic_write.atomic_path(filepath) as tmp, zipfile.ZipFile(
                tmp, "w", zipfile.ZIP_DEFLATED
            ) as archive:
                for name, data in members.items():
                    archive.writestr(name, data)
            return
        raise ValueError(
            "KerasFileEditor.save: expected a `.weights.h5` (or `.keras`) "
            f"path. Received: filepath={filepath}")

    def resave_weights(self, filepath: Any) -> None:
        """Same as `save`."""
        self.save(filepath)

    def _h5_bytes(self) -> bytes:
        from kerax.saving.h5_store import _write_dataset

        buffer = io.BytesIO()
        with h5py.File(buffer, "w") as h5:

            def write(tree: dict[str, Any], path: str) -> None:
                own = {k: v for k, v in tree.items()
                       if not isinstance(v, dict)}
                if own or not path:
                    group = h5.require_group(f"{path}/vars" if path else (
                        "vars"))
                    for attr, value in self.object_metadata.get(
                        path, {}
                    ).items():
                        group.attrs[attr] = value
                    for key, value in own.items():
                        _write_dataset(group, key, np.asarray(value))
                for key, value in tree.items():
                    if isinstance(value, dict) and value:
                        write(value, _join(path, key))

            write(self.weights_dict, "")
        return buffer.getvalue()


def _join(path: str, key: str) -> str:
    return f"{path}/{key}" if path else key


def _check_leaf_name(argument: str, name: Any) -> None:
    if not isinstance(name, str) or not name or "/" in name:
        raise ValueError(
            f"Argument `{argument}` must be a non-empty name without '/'. "
            f"Received: {argument}={name!r}")


def _check_weights(weights: Any) -> dict[str, np.ndarray]:
    if not isinstance(weights, dict):
        raise ValueError(
            "Argument `weights` must be a dict of weight names ('0', '1', "
            f"...) to arrays. Received: type(weights)={type(weights)}")
    return {str(k): np.asarray(v) for k, v in weights.items()}


def _weights_spec(model: Any) -> dict[str, Any]:
    """The nested `{object: {weight: array}}` dict a model would save."""
    from kerax.saving import h5_store

    spec: dict[str, Any] = {}
    for group_path, _, arrays in h5_store.collect(model):
        items = h5_store._items(arrays)
        if not items:
            continue
        parts = group_path.split("/")[:-1]  # drop the trailing "vars"
        node = spec
        for part in parts:
            node = node.setdefault(part, {})
        for key, value in items:
            node[key] = value
    return spec
