"""Lining up the data given to a functional model with its `Input`s.

The model's `Input`s are kept flat in pytree order (dict keys sorted,
as in Keras). Data reaches them by name, whatever the key order:

* a dict for dict inputs is read key by key (nested dicts and lists
  too); a missing key is an error naming it, extra keys are ignored with
  a warning;
* a dict for list (or single) inputs is read by the `Input`s' names;
  extra keys are ignored;
* a list for dict inputs is taken in sorted-key order (with a warning),
  and refused when the model's keys are not sorted: their order would be
  ambiguous.

>>> import numpy as np
>>> import kerax
>>> zz = kerax.Input((1,), name="zz")
>>> aa = kerax.Input((1,), name="aa")
>>> flatten_call_inputs({"zz": zz, "aa": aa},
...                     {"zz": np.ones(1), "aa": np.zeros(1)}, "model")
[array([0.]), array([1.])]
"""

from __future__ import annotations

import warnings
from typing import Any

from kerax.core.keras_tensor import KerasTensor


class _Mismatch(Exception):
    """The data's nesting differs from the model's (not a missing key)."""


def _path_text(path: tuple) -> str:
    return "".join(f"[{key!r}]" for key in path) or "(top level)"


def _leaves(data: Any) -> list:
    """Keras's flattening of call data: lists, tuples and dicts (by sorted
    key) are containers; anything else, None included, is a leaf."""
    if isinstance(data, dict):
        return [leaf for key in sorted(data) for leaf in _leaves(data[key])]
    if isinstance(data, (list, tuple)):
        return [leaf for item in data for leaf in _leaves(item)]
    return [data]


def _describe(structure: Any) -> Any:
    """A readable picture of a structure: Input names or data shapes."""
    if isinstance(structure, dict):
        return {key: _describe(value) for key, value in structure.items()}
    if isinstance(structure, (list, tuple)):
        return [_describe(value) for value in structure]
    if isinstance(structure, KerasTensor):
        return _input_name(structure)
    if structure is None:
        return None
    return f"array(shape={tuple(getattr(structure, 'shape', ()))})"


def _input_name(tensor: KerasTensor) -> str:
    history = tensor._keras_history
    return history[0].name if history is not None else str(tensor.name)


def _mismatch_text(struct: Any, data: Any, model_name: str) -> str:
    return (
        f"The inputs given to model '{model_name}' are not nested like its "
        f"Inputs. The model takes {_describe(struct)}; it was given "
        f"{_describe(data)}."
    )


def _select(struct: Any, data: Any, path: tuple, extras: list,
            model_name: str) -> list:
    """The values of `data` for each Input of `struct`, in flat order."""
    if isinstance(struct, dict):
        if not isinstance(data, dict):
            raise _Mismatch
        for key in struct:
            if key not in data:
                where = _path_text(path + (key,))
                raise ValueError(
                    f"Model '{model_name}' got no data for its input {where}"
                    f" (Input '{_describe(struct[key])}'). The data dict "
                    f"has keys {sorted(map(str, data))}; the model expects "
                    f"the keys {sorted(struct)}."
                )
        extras.extend(path + (key,) for key in data if key not in struct)
        return [
            leaf for key in sorted(struct)
            for leaf in _select(struct[key], data[key], path + (key,),
                                extras, model_name)
        ]
    if isinstance(struct, (list, tuple)):
        if not isinstance(data, (list, tuple)) or len(data) != len(struct):
            raise _Mismatch
        return [
            leaf for index, (item, value) in enumerate(zip(struct, data))
            for leaf in _select(item, value, path + (index,), extras,
                                model_name)
        ]
    return [data]


def _by_names(struct: Any, data: dict, model_name: str) -> list | None:
    """A dict for list or single inputs, read by the Inputs' names (None
    when the inputs nest, so that names cannot be used)."""
    tensors = struct if isinstance(struct, (list, tuple)) else [struct]
    if not all(isinstance(t, KerasTensor) for t in tensors):
        return None
    names = [_input_name(t) for t in tensors]
    missing = [name for name in names if name not in data]
    if missing:
        raise ValueError(
            f"Model '{model_name}' got no data for its input(s) {missing}: "
            f"a dict given to a model with list inputs is read by the "
            f"Inputs' names {names}, but its keys are "
            f"{sorted(map(str, data))}."
        )
    if not isinstance(struct, (list, tuple)):
        # Keras warns here too: a dict is not the single tensor it takes.
        warnings.warn(_mismatch_text(struct, data, model_name), stacklevel=4)
    return [data[name] for name in names]


def flatten_call_inputs(struct: Any, data: Any, model_name: str) -> list:
    """`data` as a flat list lined up with the flat Inputs of `struct`.

    Raises ValueError for a missing dict key, or for a list given to a
    model whose dict keys are not sorted; warns when extra keys or a
    differently nested structure are ignored.
    """
    if isinstance(data, dict) and not isinstance(struct, dict):
        flat = _by_names(struct, data, model_name)
        if flat is not None:
            return flat
        raise ValueError(_mismatch_text(struct, data, model_name))
    if isinstance(struct, KerasTensor) and isinstance(data, (list, tuple)):
        return _leaves(data)
    extras: list = []
    try:
        flat = _select(struct, data, (), extras, model_name)
    except _Mismatch:
        flat = None
    if flat is not None:
        if extras:
            ignored = ", ".join(_path_text(path) for path in extras)
            warnings.warn(
                f"{_mismatch_text(struct, data, model_name)} Data without a "
                f"matching Input is ignored: {ignored}.", stacklevel=4)
        return flat
    if isinstance(struct, dict):
        if list(struct) != sorted(struct):
            raise ValueError(
                f"{_mismatch_text(struct, data, model_name)} Pass a dict: "
                "the model's input keys are not in sorted order, so values "
                "given by position cannot be matched to them."
            )
        warnings.warn(_mismatch_text(struct, data, model_name), stacklevel=4)
    return _leaves(data)


def keep_key_order(result: Any, struct: Any) -> Any:
    """`result` (mapped from `struct` by `jax.tree_util`, which sorts dict
    keys) with the dicts' keys back in `struct`'s order, as Keras returns
    a functional model's outputs."""
    if isinstance(struct, dict) and isinstance(result, dict):
        return {key: keep_key_order(result[key], struct[key])
                for key in struct}
    if isinstance(struct, list) and isinstance(result, list):
        return [keep_key_order(r, s) for r, s in zip(result, struct)]
    return result


def warn_on_renamed_inputs(inputs: dict) -> None:
    """Warns (as Keras does) for each key of a dict of model inputs that
    differs from its Input's name: data is read by the key, and the key
    is not what the Input (and a list-inputs model built on it) is
    called."""
    for key, tensor in inputs.items():
        if isinstance(tensor, KerasTensor) and _input_name(tensor) != key:
            warnings.warn(
                f"The dict of model inputs maps the key '{key}' to an "
                f"Input named '{_input_name(tensor)}'; keys should be the "
                f"Inputs' names: create it with `Input(..., name='{key}')`.",
                stacklevel=3,
            )
