"""Restoring a layer's own variables from a saved store (`{"0": array,
...}`), all or none: every shape is checked before anything is assigned.

>>> import numpy as np
>>> from kerax.layers import Dense
>>> layer = Dense(2)
>>> layer.build((None, 3))
>>> store = {"0": np.ones((3, 2)), "1": np.zeros(2)}
>>> assign_saved_variables(layer, [layer.kernel, layer.bias], store)
>>> float(layer.kernel.numpy().sum())
6.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np


def assign_saved_variables(layer: Any, targets: Sequence[Any],
                           store: Mapping[str, Any], hint: str = "") -> None:
    """Assigns `store[str(i)]` to `targets[i]` (cast to its dtype).

    Raises a ValueError naming the layer when the count differs (`hint`
    is added to that message) or a shape does not match, before any
    variable changes.
    """
    if len(store) != len(targets):
        raise ValueError(
            f"Layer '{layer.name}' ({type(layer).__name__}) expects "
            f"{len(targets)} variables, but the saved state holds "
            f"{len(store)}{hint}.")
    values = []
    for i, variable in enumerate(targets):
        value = np.asarray(store[str(i)])
        if tuple(value.shape) != tuple(variable.shape):
            raise ValueError(
                f"Layer '{layer.name}': variable '{variable.name}' has "
                f"shape {tuple(variable.shape)}, but the saved value "
                f"has shape {tuple(value.shape)}.")
        values.append(value.astype(variable.dtype))
    for variable, value in zip(targets, values):
        variable.assign(value)
