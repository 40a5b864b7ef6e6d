"""`DeviceMesh` and `TensorLayout` on top of `jax.sharding`.

>>> import jax
>>> mesh = DeviceMesh((len(jax.devices()),), ["batch"])
>>> TensorLayout(["batch", None], mesh).axes
('batch', None)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import jax
import numpy as np
from jax.sharding import Mesh, NamedSharding, PartitionSpec


def list_devices(device_type: str | None = None) -> list[str]:
    """Names of the available devices (e.g. `"cpu:0"`)."""
    devices = jax.devices(device_type) if device_type else jax.devices()
    return [f"{d.platform}:{d.id}" for d in devices]


def _resolve_devices(devices: Sequence[Any] | None) -> list[Any]:
    if devices is None:
        return list(jax.devices())
    by_name = {f"{d.platform}:{d.id}": d for d in jax.devices()}
    resolved: list[Any] = []
    for device in devices:
        if isinstance(device, str):
            if device not in by_name:
                raise ValueError(
                    f"Unknown device '{device}'. Available devices: "
                    f"{sorted(by_name)}"
                )
            resolved.append(by_name[device])
        else:
            resolved.append(device)
    return resolved


class DeviceMesh:
    """A named grid of devices.

    Args:
        shape: the mesh shape, e.g. `(8,)` or `(2, 4)`.
        axis_names: one name per mesh axis, e.g. `["batch", "model"]`.
        devices: devices (objects or `"cpu:0"` names); default all.
    """

    def __init__(self, shape: Sequence[int], axis_names: Sequence[str],
                 devices: Sequence[Any] | None = None) -> None:
        dims = tuple(int(d) for d in shape)
        names = tuple(axis_names)
        if len(dims) != len(names):
            raise ValueError(
                "Shape and axis_names cannot be mismatched. Received: "
                f"shape={dims}, axis_names={names}"
            )
        resolved = _resolve_devices(devices)
        if int(np.prod(dims)) != len(resolved):
            raise ValueError(
                f"Shape {dims} does not match the number of devices "
                f"{len(resolved)}."
            )
        self.shape = dims
        self.axis_names = names
        self.devices = np.asarray(resolved, dtype=object).reshape(dims)
        self.jax_mesh = Mesh(self.devices, names)

    def __repr__(self) -> str:
        return f"<DeviceMesh shape={self.shape}, axis_names={self.axis_names}>"


class TensorLayout:
    """How a tensor's axes map onto mesh axes (None: replicated)."""

    def __init__(self, axes: Sequence[Any],
                 device_mesh: DeviceMesh | None = None) -> None:
        self.axes = tuple(axes)
        self.device_mesh = device_mesh

    @property
    def sharding(self) -> NamedSharding:
        if self.device_mesh is None:
            raise ValueError(
                "Cannot create a sharding for a TensorLayout without a "
                "`device_mesh`."
            )
        return NamedSharding(
            self.device_mesh.jax_mesh, PartitionSpec(*self.axes)
        )

    def __repr__(self) -> str:
        return f"<TensorLayout axes={self.axes}>"
