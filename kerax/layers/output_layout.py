"""Layer outputs placed where the active distribution's layout says.

As in Keras 3, after a layer's call its outputs are looked up in the
distribution by the path `"<enclosing scopes>/<layer name>/output"` (for
`ModelParallel`, a `LayoutMap` key such as `"dense.*output"`); a match
constrains them to that layout (`with_sharding_constraint` inside a jitted
step, a device placement outside). Distributions without
`get_tensor_layout` (like `DataParallel`) leave outputs alone.

>>> import numpy as np
>>> constrain_outputs(np.ones(2)).tolist()  # no distribution: unchanged
[1.0, 1.0]
"""

from __future__ import annotations

from typing import Any

from jax import tree_util

from kerax.core.name_scope import name_scope_path
from kerax.distribution.distribution import distribute_tensor, distribution
from kerax.support.hints import PyTree


def constrain_outputs(outputs: PyTree) -> PyTree:
    """`outputs` of the layer whose name scope is open, constrained to the
    layout the active distribution gives `<path>/output` (if any)."""
    dist = distribution()
    lookup = getattr(dist, "get_tensor_layout", None)
    if lookup is None:
        return outputs
    path = name_scope_path("output")
    layout = lookup(path)
    if layout is None:
        return outputs

    def place(tensor: Any) -> Any:
        if not hasattr(tensor, "ndim"):
            return tensor
        if tensor.ndim != len(layout.axes):
            raise ValueError(
                f"The layout {layout.axes} that the distribution gives "
                f"'{path}' has {len(layout.axes)} axes, but that output has "
                f"shape {tuple(tensor.shape)}. Change the layout map entry.")
        return distribute_tensor(tensor, layout)

    return tree_util.tree_map(place, outputs)
