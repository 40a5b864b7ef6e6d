"""Input signatures for export: which shapes and dtypes an endpoint takes.

A signature is a pytree (list, tuple, dict) of `InputSpec`, `KerasTensor`,
`jax.ShapeDtypeStruct` or arrays; `None` dimensions stay dynamic in the
exported artifact. `model_input_signature(model)` derives one from a model,
as Keras does: the Inputs of a functional or Sequential model (batch
dimension dynamic), else the shapes the model was built with.

>>> import kerax
>>> model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
>>> [spec.shape for spec in normalize_signature(model_input_signature(model))]
[(None, 3)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jax
import numpy as np

from kerax.layers.input_spec import InputSpec


@dataclass(frozen=True)
class TensorSpec:
    """One input of an endpoint: a shape (`None` = dynamic), dtype, name."""

    shape: tuple
    dtype: str
    name: str | None = None


def _is_leaf(x: Any) -> bool:
    return isinstance(x, InputSpec) or (
        hasattr(x, "shape") and hasattr(x, "dtype")
    )


def to_tensor_spec(x: Any, what: str = "input_signature") -> TensorSpec:
    """One signature leaf as a `TensorSpec` (checked)."""
    if isinstance(x, TensorSpec):
        return x
    if isinstance(x, InputSpec):
        if x.shape is None or x.dtype is None:
            raise ValueError(
                f"Every InputSpec in `{what}` needs both a shape and a dtype. "
                f"Received: InputSpec(shape={x.shape}, dtype={x.dtype})."
            )
        return TensorSpec(tuple(x.shape), str(np.dtype(x.dtype)), x.name)
    if hasattr(x, "shape") and hasattr(x, "dtype"):
        shape = tuple(None if d is None else d for d in x.shape)
        name = getattr(x, "name", None)
        if not isinstance(name, str):
            name = None
        return TensorSpec(shape, str(np.dtype(x.dtype)), name)
    raise TypeError(
        f"`{what}` accepts InputSpec, KerasTensor, jax.ShapeDtypeStruct or "
        f"arrays (in lists, tuples or dicts). Received: {x!r} of type "
        f"{type(x).__name__}."
    )


def normalize_signature(signature: Any) -> list:
    """The signature's leaves as `TensorSpec`s, in pytree order."""
    leaves = jax.tree_util.tree_leaves(signature, is_leaf=_is_leaf)
    return [to_tensor_spec(leaf) for leaf in leaves]


def signature_tree(signature: Any) -> tuple[list, Any]:
    """`(flat TensorSpecs, treedef)` of a signature."""
    leaves, treedef = jax.tree_util.tree_flatten(signature, is_leaf=_is_leaf)
    return [to_tensor_spec(leaf) for leaf in leaves], treedef


def _dynamic_batch(spec: Any, dtype: str) -> InputSpec:
    shape = tuple(spec.shape)
    return InputSpec(shape=(None, *shape[1:]) if shape else shape,
                     dtype=str(getattr(spec, "dtype", None) or dtype),
                     name=getattr(spec, "name", None))


def _from_shapes(structure: Any, dtype: str) -> Any:
    if isinstance(structure, dict):
        return {k: _from_shapes(v, dtype) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        if all(isinstance(d, (int, type(None))) for d in structure):
            return InputSpec(shape=(None, *tuple(structure)[1:]), dtype=dtype)
        return type(structure)(_from_shapes(v, dtype) for v in structure)
    raise ValueError(f"Cannot read an input shape from {structure!r}.")


def model_input_signature(model: Any) -> list:
    """The positional arguments a model's endpoint takes, as specs.

    Functional models take one argument (their input structure),
    Sequential models their input, other models the shapes they were
    built with (each `None`-batched)."""
    if not getattr(model, "built", False):
        raise ValueError(
            f"Model '{model.name}' has not been built yet; call it on data "
            "or build it before exporting, or pass `input_signature`."
        )
    dtype = str(model.compute_dtype or "float32")
    structure = getattr(model, "_inputs_struct", None)
    if structure is not None:
        return [jax.tree_util.tree_map(
            lambda t: _dynamic_batch(t, dtype), structure, is_leaf=_is_leaf)]
    inputs = getattr(model, "inputs", None)
    try:
        if inputs:
            return [_dynamic_batch(t, dtype) for t in inputs]
    except (AttributeError, ValueError):
        pass
    shapes = getattr(model, "_build_shapes_dict", None)
    if not shapes:
        raise ValueError(
            f"Model '{model.name}' has no known input shape: it was never "
            "called on data nor built with a shape. Call it once, or pass "
            "`input_signature` (e.g. "
            "`[kerax.InputSpec(shape=(None, 3), dtype='float32')]`)."
        )
    return [_from_shapes(value, dtype) for value in shapes.values()]
