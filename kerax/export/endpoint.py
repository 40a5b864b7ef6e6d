"""Endpoints: an exported function as a pure function of weights and inputs.

An `Endpoint` pairs a callable that reads kerax Variables with the
Variables it may read and its input signature. `pure_function()` gives
`f(weight_values, *args)`: the callable run inside a `StatelessScope` that
maps each Variable to its given value, which `jax.export` and `jax2onnx`
can trace. Variables outside the list are read as constants.

>>> import kerax, numpy as np
>>> model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
>>> ep = Endpoint("serve", lambda x: model(x, training=False),
...               [kerax.InputSpec(shape=(None, 3), dtype="float32")],
...               model.variables)
>>> values = [v.value for v in ep.variables]
>>> ep.pure_function()(values, np.ones((4, 3), "float32")).shape
(4, 2)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import jax

from kerax.core.scope import StatelessScope
from kerax.export.signature import TensorSpec, signature_tree


class Endpoint:
    """A named function, its input signature and the Variables it reads."""

    def __init__(
        self,
        name: str,
        fn: Callable,
        input_signature: Any,
        variables: Sequence[Any],
    ) -> None:
        if not isinstance(input_signature, (list, tuple)):
            input_signature = [input_signature]
        self.name = name
        self.fn = fn
        self.signature = list(input_signature)
        self.specs, self.in_tree = signature_tree(self.signature)
        self.variables = list(variables)

    def pure_function(self) -> Callable:
        """`f(weight_values, *args)` with no access to Variable state."""
        fn, variables = self.fn, self.variables

        def pure(values, *args):
            with StatelessScope(list(zip(variables, values))):
                return fn(*args)

        return pure

    def input_names(self) -> list[str]:
        """One name per flat input: the spec's name, a dict key, or
        `input_<i>`; duplicates get a suffix."""
        keyed = jax.tree_util.tree_flatten_with_path(
            self.signature,
            is_leaf=lambda x: not isinstance(x, (list, tuple, dict)),
        )[0]
        names: list[str] = []
        for i, (spec, (path, _)) in enumerate(zip(self.specs, keyed)):
            name = spec.name
            if not name and path and isinstance(
                    path[-1], jax.tree_util.DictKey):
                name = str(path[-1].key)
            names.append(name or f"input_{i}")
        return _unique(names)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def dim_symbols(specs: Sequence[TensorSpec]) -> list[tuple]:
    """Each spec's shape with `None` replaced by a symbol name: `batch`
    for every leading dimension (inputs share their batch size), a name
    per input and axis elsewhere."""
    shapes = []
    for i, spec in enumerate(specs):
        shape = []
        for axis, dim in enumerate(spec.shape):
            if dim is None:
                dim = "batch" if axis == 0 else f"dim_{i}_{axis}"
            shape.append(dim)
        shapes.append(tuple(shape))
    return shapes


def output_names(count: int, names: Sequence[str] | None) -> list[str]:
    """The model's output names when they match the output count, else
    `output_<i>`."""
    if names and len(names) == count:
        return _unique([str(n) for n in names])
    return [f"output_{i}" for i in range(count)]
