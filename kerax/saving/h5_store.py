"""Keras 3's weights layout (`.weights.h5`, the `model.weights.h5` inside a
`.keras` zip, and sharded `.weights.json` + `_NNNNN.weights.h5`).

Each object with state gets a group `<path>/vars` (the model itself: `vars`)
holding datasets `"0"`, `"1"`, ... and an attribute `name`. Paths follow
Keras's object walk: a functional or sequential model's `layers` first
(each named by its snake-cased class, made unique: `layers/dense`,
`layers/dense_1`), then the object's attributes in sorted order (public
ones first): `optimizer`, a subclassed model's `dense1`, an LSTM's `cell`,
... A layer stores `_trainable_variables + _non_trainable_variables`; an
optimizer its `variables`.

>>> import kerax
>>> model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
>>> [path for path, _ in walk_saveables(model)]
['', 'layers/dense']
"""

from __future__ import annotations

import io
import json
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import h5py
import numpy as np

from kerax.core.naming import to_snake_case
from kerax.support import h5_safety
from kerax.support.file_errors import FileFormatError, SavingError

# kerax attributes holding objects Keras reaches by another path (or not
# at all): never walked.
# The arrays of one saveable: datasets "0", "1", ... or a named store.
Arrays = list[np.ndarray] | dict[str, np.ndarray]
# `(group path, saveable name, arrays)`, as `collect` lists them.
Entry = tuple[str, str, Arrays]

_KERAX_PRIVATE = frozenset({
    "_operations", "_input_layers", "_stack", "_input_layer",
    "_graph_inputs", "_graph_outputs", "_functional_nodes", "_inputs_struct",
    "_outputs_struct", "_layer_outputs", "_output_tensor", "_inbound_nodes",
    "_jit_cache", "_pending_state", "_compile_loss", "_compile_metrics",
    "_loss_tracker", "history", "_trainable_variables", "_variables",
    "_non_trainable_variables", "_initial_weights", "_build_shapes_dict",
})
_SKIPSETS: dict = {}
# Keras reaches some sublayers through public properties that the kerax
# class may not define: the attribute name Keras's file uses, per class.
_KERAS_ATTRIBUTE_NAMES = {
    "MultiHeadAttention": {
        "_query_dense": "query_dense", "_key_dense": "key_dense",
        "_value_dense": "value_dense", "_output_dense": "output_dense",
    },
}


def _skipset(obj: Any) -> set[str]:
    from kerax.layers.layer import Layer

    kind = "layer" if isinstance(obj, Layer) else "optimizer"
    skip = _SKIPSETS.get(kind)
    if skip is None:
        reference: Any
        if kind == "layer":
            reference = Layer(name="__skipset_reference__")
        else:
            from kerax.optimizers.sgd import SGD

            reference = SGD(name="__skipset_reference__")
        skip = set(dir(reference)) | _KERAX_PRIVATE | {"variables"}
        _SKIPSETS[kind] = skip
    return skip


def is_saveable(obj: Any) -> bool:
    """Layers and optimizers own state in a weights file."""
    from kerax.layers.core.op_layer import OpLayer
    from kerax.layers.layer import Layer
    from kerax.optimizers.optimizer import Optimizer

    return isinstance(obj, (Layer, Optimizer)) and not isinstance(
        obj, OpLayer)


def _name_key(name: str) -> str:
    return "~" + name if name.startswith("_") else name


def _children(obj: Any) -> Iterator[tuple[str, Any]]:
    from kerax.models.functional import Functional
    from kerax.models.sequential import Sequential

    if isinstance(obj, (Functional, Sequential)):
        yield "layers", [x for x in obj.layers if is_saveable(x)]
    skip = _skipset(obj)
    aliases = _KERAS_ATTRIBUTE_NAMES.get(type(obj).__name__, {})
    found = []
    for attr in dir(obj):
        if attr.startswith("__") or attr in skip or (attr == "layers" and (
            isinstance(obj, (Functional, Sequential))
        )):
            continue
        try:
            child = getattr(obj, attr)
        except Exception:  # noqa: BLE001, S112 - unreadable properties skipped
            continue
        if is_saveable(child) or isinstance(child, (list, tuple, dict)):
            found.append((aliases.get(attr, attr), child))
    found.sort(key=lambda item: _name_key(item[0]))
    yield from found


def _join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name


def walk_saveables(root: Any) -> list[tuple[str, Any]]:
    """`[(path, object)]` in Keras's order, each object once."""
    found, visited = [], set()

    def visit(obj: Any, path: str) -> None:
        if id(obj) in visited:
            return
        visited.add(id(obj))
        found.append((path, obj))
        for attr, child in _children(obj):
            if is_saveable(child):
                visit(child, _join(path, attr))
            else:
                visit_container(child, _join(path, attr), set())

    def visit_container(container: Any, path: str, seen: set[int]) -> None:
        if id(container) in seen:
            return
        seen.add(id(container))
        used: dict[Any, Any] = {}
        items = container.values() if isinstance(container, dict) else (
            container)
        for item in items:
            if is_saveable(item):
                name = _unique(to_snake_case(type(item).__name__), used)
                visit(item, _join(path, name))
            elif isinstance(item, (list, tuple, dict)):
                name = _unique("container", used)
                visit_container(item, _join(path, name), seen)

    visit(root, "")
    return found


def _unique(name: str, used: dict[str, int]) -> str:
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


def own_variables(obj: Any) -> list[Any]:
    """The Variables a saveable stores, in Keras's order."""
    from kerax.optimizers.optimizer import Optimizer

    if isinstance(obj, Optimizer):
        return list(obj.variables)
    return list(obj._trainable_variables) + list(
        obj._non_trainable_variables)


def has_named_store(obj: Any) -> bool:
    """True for a layer that writes its own state (Keras's
    `save_own_variables(store)` / `load_own_variables(store)` with named
    entries, e.g. a lookup layer's `idf_weights`)."""
    from kerax.layers.keras3_members import Keras3LayerMembers as base
    from kerax.layers.layer import Layer

    # Every layer has Keras 3's default hooks; only overrides count.
    cls = type(obj)
    return isinstance(obj, Layer) and (
        cls.save_own_variables is not base.save_own_variables
        or cls.load_own_variables is not base.load_own_variables)


def collect(model: Any, include_optimizer: bool = True) -> list[Entry]:
    """`[(group path, name, arrays)]` for every saveable of `model`;
    `arrays` is a list (datasets "0", "1", ...) or, for a layer with a
    named store, a `{dataset name: array}` dict."""
    entries = []
    for path, obj in walk_saveables(model):
        if not include_optimizer and path.split("/")[0] == "optimizer":
            continue
        group = _join(path, "vars")
        arrays: dict[str, np.ndarray] | list[np.ndarray]
        if has_named_store(obj):
            store: dict[Any, Any] = {}
            obj.save_own_variables(store)
            arrays = {str(k): np.asarray(v) for k, v in store.items()}
        else:
            arrays = [np.asarray(v.numpy()) for v in own_variables(obj)]
        entries.append((group, str(getattr(obj, "name", "")), arrays))
    return entries


def _items(arrays: Arrays) -> list[tuple[str, np.ndarray]]:
    """`[(dataset name, array)]` of an entry's arrays (list or dict)."""
    if isinstance(arrays, dict):
        return list(arrays.items())
    return [(str(i), value) for i, value in enumerate(arrays)]


# ------------------------------------------------------------- writing
def _write_group(h5: Any, group_path: str, name: str,
                 arrays: Arrays) -> None:
    group = h5.require_group(group_path)
    group.attrs["name"] = name
    for key, value in _items(arrays):
        _write_dataset(group, key, value)


def _write_dataset(group: Any, key: str, value: np.ndarray) -> None:
    if value.dtype.name == "bfloat16":
        dataset = group.create_dataset(key, data=value.view("uint16"))
        dataset.attrs["dtype"] = "bfloat16"
    else:
        group.create_dataset(key, data=value)


def write_h5(fileobj: Any, entries: Iterable[Entry]) -> None:
    """Writes `entries` (from `collect`) to a file object or path."""
    with h5py.File(fileobj, "w") as h5:
        for group_path, name, arrays in entries:
            _write_group(h5, group_path, name, arrays)


def h5_bytes(entries: Iterable[Entry]) -> bytes:
    buffer = io.BytesIO()
    write_h5(buffer, entries)
    return buffer.getvalue()


def shard_entries(entries: Iterable[Entry],
                  max_shard_size: float) -> list[list[Any]]:
    """Splits entries into shards of at most `max_shard_size` GB (Keras's
    unit). Returns `[entries_of_shard]`; a variable never spans shards."""
    limit = float(max_shard_size) * 1024 ** 3
    shards: list[Any] = []
    current: list[Any] = []
    size = 0.0
    for group_path, name, arrays in entries:
        part: list[Any] = []
        for i, value in _items(arrays):
            nbytes = float(value.nbytes)
            if nbytes > limit:
                raise SavingError(
                    f"Variable {i} of '{group_path}' has {int(nbytes)} "
                    f"bytes, more than max_shard_size={max_shard_size} GB. "
                    "Increase `max_shard_size`."
                )
            if size + nbytes > limit and (current or part):
                current.append((group_path, name, part))
                shards.append(current)
                current, part, size = [], [], 0.0
            part.append((i, value))
            size += nbytes
        current.append((group_path, name, part))
    shards.append(current)
    return shards


def write_sharded(json_path: str, entries: Iterable[Entry],
                  max_shard_size: float,
                  write_file: Callable[[str, bytes], Any]) -> None:
    """Writes shard files and the `.weights.json` map through
    `write_file(path, bytes)`."""
    base = os.path.basename(json_path)
    if not base.endswith(".weights.json"):
        raise SavingError(
            "Sharded weights need a filename ending in `.weights.json`. "
            f"Received: filepath={json_path}"
        )
    stem = base[: -len(".weights.json")]
    directory = os.path.dirname(json_path)
    weight_map: dict[str, list[str]] = {}
    total = 0
    for index, shard in enumerate(shard_entries(entries, max_shard_size)):
        filename = f"{stem}_{index:05d}.weights.h5"
        buffer = io.BytesIO()
        with h5py.File(buffer, "w") as h5:
            for group_path, name, part in shard:
                group = h5.require_group(group_path)
                group.attrs["name"] = name
                for key, value in part:
                    _write_dataset(group, key, value)
                    total += int(value.nbytes)
                key = "/" + group_path
                names = weight_map.setdefault(key, [])
                if filename not in names:
                    names.append(filename)
        write_file(os.path.join(directory, filename), buffer.getvalue())
    config = {"metadata": {"total_size": total}, "weight_map": weight_map}
    write_file(json_path, json.dumps(config, indent=4).encode("utf-8"))


# ------------------------------------------------------------- reading
class WeightsReader:
    """Reads `<path>/vars` groups from one h5 file or a set of shards."""

    def __init__(self, filepath: Any, files: dict[str, Any],
                 weight_map: dict[str, list[str]] | None = None) -> None:
        self.filepath = str(filepath)
        self._files = files  # filename -> open h5py.File
        self._weight_map = weight_map

    @classmethod
    def open(cls, filepath: Any, fileobj: Any = None) -> WeightsReader:
        """Opens a `.weights.h5` (path or file object)."""
        return cls(filepath, {"": h5_safety.open_h5(filepath, fileobj)})

    @classmethod
    def open_sharded(cls, json_path: str) -> WeightsReader:
        try:
            with open(json_path, "rb") as f:
                config = json.loads(f.read().decode("utf-8"))
            weight_map = config["weight_map"]
            if not isinstance(weight_map, dict):
                raise TypeError("weight_map is not a dict")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
            raise FileFormatError(
                json_path, f"not a valid sharded-weights map ({error})"
            ) from None
        directory = os.path.dirname(json_path)
        files = {}
        for names in weight_map.values():
            for name in names if isinstance(names, list) else [names]:
                if not isinstance(name, str) or os.path.basename(name) != (
                    name) or name in ("", ".", ".."):
                    raise FileFormatError(
                        json_path, f"invalid shard file name {name!r}")
                if name not in files:
                    path = os.path.join(directory, name)
                    try:
                        files[name] = h5_safety.open_h5(path)
                    except FileFormatError:
                        for h5 in files.values():
                            h5.close()
                        raise
        return cls(json_path, files, weight_map)

    def close(self) -> None:
        for h5 in self._files.values():
            h5.close()

    def _groups(self, group_path: str) -> list[Any]:
        if self._weight_map is None:
            h5 = self._files[""]
            return [h5[group_path]] if group_path in h5 else []
        names = self._weight_map.get("/" + group_path) or []
        names = names if isinstance(names, list) else [names]
        return [self._files[n][group_path] for n in names
                if group_path in self._files[n]]

    def has(self, group_path: str) -> bool:
        return bool(self._groups(group_path))

    def read(self, group_path: str, named: bool = False) -> dict[Any, Any]:
        """`{index: array}` of a `.../vars` group ({} when absent); with
        `named=True`, `{dataset name: array}` (any names)."""
        values = {}
        for group in self._groups(group_path):
            if not isinstance(group, h5py.Group):
                raise FileFormatError(
                    self.filepath, f"'{group_path}' is not a group")
            for key in group:
                dataset = group[key]
                if not isinstance(dataset, h5py.Dataset) or not (
                    named or key.isdigit()
                ):
                    raise FileFormatError(
                        self.filepath,
                        f"unexpected entry '{group_path}/{key}'")
                value = dataset[()]
                if dataset.attrs.get("dtype") == "bfloat16":
                    import ml_dtypes

                    value = np.asarray(value).view(ml_dtypes.bfloat16)
                values[key if named else int(key)] = np.asarray(value)
        return values


def checked_value(variable: Any, value: Any, where: str) -> Any:
    """`value` cast to `variable`'s dtype, once its shape is checked."""
    shape = tuple(variable.shape)
    if tuple(value.shape) != shape:
        raise SavingError(
            f"{where}: expected shape {shape} for variable "
            f"'{variable.path}', found {tuple(value.shape)} in the file."
        )
    try:
        return np.asarray(value).astype(variable.dtype)
    except (TypeError, ValueError) as error:
        raise SavingError(
            f"{where}: the value stored for variable '{variable.path}' "
            f"(dtype {value.dtype}) cannot become {variable.dtype} "
            f"({error}).") from None


def assign_all_or_nothing(pending: Sequence[tuple[Any, Any]],
                          finish: Callable[[], Any] | None = None,
                          also_restore: Iterable[Any] = ()) -> None:
    """Assigns `[(variable, value)]`, then calls `finish()`; if anything
    fails, every variable (and those of `also_restore`, which `finish`
    may write) gets its previous value back."""
    previous = [(variable, variable.value) for variable, _ in pending]
    previous += [(variable, variable.value) for variable in also_restore]
    try:
        for variable, value in pending:
            variable.assign(value)
        if finish is not None:
            finish()
    except BaseException:
        for variable, value in previous:
            variable.assign(value)
        raise


def load_into(model: Any, reader: WeightsReader,
              skip_mismatch: bool = False,
              include_optimizer: bool = True) -> None:
    """Loads every saveable of `model` from `reader` (Keras's rules: a
    layer must match its variable count; a mismatched optimizer is
    skipped with a warning). Everything is read and checked before the
    first assignment: on any error the model keeps its weights."""
    from kerax.optimizers.optimizer import Optimizer

    optimizer = getattr(model, "optimizer", None)
    if include_optimizer and optimizer is not None and not getattr(
        optimizer, "built", True
    ) and reader.has("optimizer/vars") and getattr(model, "built", False):
        optimizer.build(model.trainable_variables)
    pending, named = [], []
    for path, obj in walk_saveables(model):
        is_optimizer = isinstance(obj, Optimizer)
        if is_optimizer and not include_optimizer:
            continue
        group = _join(path, "vars")
        where = f"Loading '{reader.filepath}', {group}"
        if has_named_store(obj):
            named.append((obj, reader.read(group, named=True), where))
            continue
        variables = own_variables(obj)
        values = reader.read(group)
        try:
            pending.extend(_plan(obj, path, variables, values, where,
                                 is_optimizer))
        except SavingError as error:
            if not skip_mismatch:
                raise
            warnings.warn(f"Skipped loading weights: {error}", stacklevel=3)

    def load_named_stores() -> None:
        for obj, values, where in named:
            _load_named(obj, values, where, skip_mismatch)

    assign_all_or_nothing(
        pending, load_named_stores,
        [v for obj, _, _ in named for v in obj.weights])


def _plan(obj: Any, path: str, variables: Sequence[Any],
          values: dict[Any, Any], where: str,
          is_optimizer: bool) -> list[tuple[Any, Any]]:
    """`[(variable, checked value)]` of one saveable."""
    if is_optimizer and len(values) != len(variables):
        if _unbuilt_prefix(values, variables):  # saved before it was built
            return [(variables[i],
                     checked_value(variables[i], values[i], where))
                    for i in sorted(values)]
        if values or variables:
            warnings.warn(
                f"Skipping variable loading for optimizer '{obj.name}': "
                f"it has {len(variables)} variables whereas the saved "
                f"optimizer has {len(values)} variables.", stacklevel=4)
        return []
    if sorted(values) != list(range(len(variables))):
        raise SavingError(
            f"{where}: layer '{getattr(obj, 'name', path)}' expects "
            f"{len(variables)} variables, but the file holds "
            f"{len(values)}."
        )
    return [(v, checked_value(v, values[i], where))
            for i, v in enumerate(variables)]


def _load_named(obj: Any, values: dict[str, Any], where: str,
                skip_mismatch: bool) -> None:
    """Hands a named store to the layer's own `load_own_variables`."""
    try:
        obj.load_own_variables(values)
    except (KeyError, ValueError, TypeError) as error:
        message = (f"{where}: layer '{getattr(obj, 'name', '')}' could not "
                   f"read its state ({type(error).__name__}: {error}).")
        if not skip_mismatch:
            raise SavingError(message) from None
        warnings.warn(f"Skipped loading weights: {message}", stacklevel=4)


def _unbuilt_prefix(values: dict[Any, Any],
                    variables: Sequence[Any]) -> bool:
    """True when `values` are the `iteration`/`learning_rate` of an
    optimizer that was saved before being built."""
    if not values or len(values) > 2 or len(values) >= len(variables):
        return False
    if sorted(values) != list(range(len(values))):
        return False
    return all(
        tuple(values[i].shape) == tuple(variables[i].shape) == ()
        for i in values
    )
