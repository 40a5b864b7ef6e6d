"""`DeviceMesh` and `TensorLayout` on top of `jax.sharding`.

>>> import jax
>>> mesh = DeviceMesh((len(jax.devices()),), ["batch"])
>>> TensorLayout(["batch", None], mesh).axes
('batch', None)
"""

from __future__ import annotations

import jax
import numpy as np
from jax.sharding import Mesh, NamedSharding, PartitionSpec


def list_devices(device_type=None):
    """Names of the available devices (e.g. `"cpu:0"`)."""
    devices = jax.devices(device_type) if device_type else jax.devices()
    return [f"{d.platform}:{d.id}" for d in devices]


def _resolve_devices(devices):
    if devices is None:
        return list(jax.devices())
    by_name = {f"{d.platform}:{d.id}": d for d in jax.devices()}
    resolved = []
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

    def __init__(self, shape, axis_names, devices=None):
        shape = tuple(int(d) for d in shape)
        axis_names = tuple(axis_names)
        if len(shape) != len(axis_names):
            raise ValueError(
                "Shape and axis_names cannot be mismatched. Received: "
                f"shape={shape}, axis_names={axis_names}"
            )
        devices = _resolve_devices(devices)
        if int(np.prod(shape)) != len(devices):
            raise ValueError(
                f"Shape {shape} does not match the number of devices "
                f"{len(devices)}."
            )
        self.shape = shape
        self.axis_names = axis_names
        self.devices = np.asarray(devices, dtype=object).reshape(shape)
        self.jax_mesh = Mesh(self.devices, axis_names)

    def __repr__(self):
        return f"<DeviceMesh shape={self.shape}, axis_names={self.axis_names}>"


class TensorLayout:
    """How a tensor's axes map onto mesh axes (None: replicated)."""

    def __init__(self, axes, device_mesh=None):
        self.axes = tuple(axes)
        self.device_mesh = device_mesh

    @property
    def sharding(self):
        if self.device_mesh is None:
            raise ValueError(
                "Cannot create a sharding for a TensorLayout without a "
                "`device_mesh`."
            )
        return NamedSharding(
            self.device_mesh.jax_mesh, PartitionSpec(*self.axes)
        )

    def __repr__(self):
        return f"<TensorLayout axes={self.axes}>"
