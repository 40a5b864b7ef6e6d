"""`Operation`: a user-defined op usable on arrays and KerasTensors.

Its symbolic call is recorded through `kerax.graph.dispatch` (core tier),
so this module imports nothing above `kerax.core`. `Function` (a graph of
ops run as a function) lives in `kerax.graph.function`.
"""

from __future__ import annotations

from typing import Any

import jax

from kerax.core.naming import to_snake_case, uniquify
from kerax.graph import dispatch
from kerax.graph.keras_tensor import KerasTensor, any_symbolic


class Operation:
    """Base class of a stateless op: subclasses define `call`.

    On arrays `op(x)` runs `call`; on KerasTensors it records a node in
    the functional graph whose output spec comes from `compute_output_spec`
    (by default `call` traced under `jax.eval_shape`).

    >>> import kerax, numpy as np
    >>> class Double(kerax.Operation):
    ...     def call(self, x):
    ...         return kerax.ops.multiply(x, 2)
    >>> Double()(np.ones(2)).tolist()
    [2.0, 2.0]
    >>> x = kerax.Input((3,))
    >>> Double()(x).shape
    (None, 3)
    """

    def __init__(self, name: str | None = None) -> None:
        if name is None:
            name = uniquify(to_snake_case(type(self).__name__))
        elif not isinstance(name, str) or "/" in name:
            raise ValueError(
                f"{type(self).__name__}: `name` must be a string without "
                f"'/'; received name={name!r}."
            )
        self.name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if type(self).call is Operation.call:
            raise TypeError(
                f"{type(self).__name__} must define `call(self, ...)`; "
                "the Operation base class has no computation of its own."
            )
        if any_symbolic(args, kwargs):
            return self.symbolic_call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def call(self, *args: Any, **kwargs: Any) -> Any:
        """The computation on arrays; subclasses override it."""
        return self.__call__(*args, **kwargs)

    def symbolic_call(self, *args: Any, **kwargs: Any) -> Any:
        """Records the op on KerasTensor inputs; returns KerasTensors."""
        return dispatch.symbolic_call(self.call, args, kwargs, name=self.name)

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        """KerasTensor(s) describing the output for these inputs."""

        def to_struct(x: Any) -> Any:
            if isinstance(x, KerasTensor):
                shape = tuple(1 if d is None else d for d in x.shape)
                return jax.ShapeDtypeStruct(shape, x.dtype)
            return x

        structs = jax.tree_util.tree_map(to_struct, (args, kwargs))
        out = jax.eval_shape(
            lambda a, k: self.call(*a, **k), *structs)
        return jax.tree_util.tree_map(
            lambda s: KerasTensor(s.shape, s.dtype), out)

    def get_config(self) -> dict[str, Any]:
        """The constructor arguments (`name`)."""
        return {"name": self.name}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Operation:
        """Builds the op from `get_config()`'s dict."""
        return cls(**config)

