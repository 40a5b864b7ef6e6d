"""Distributions: where variables and data batches live.

`DataParallel` replicates variables and shards batches over the `"batch"`
mesh axis; `ModelParallel` also shards variables by a `LayoutMap`. Inside
the jitted step there are no explicit collectives: `jax.jit` propagates the
shardings of its inputs.

>>> distribution = DataParallel()
>>> distribution.batch_dim_name
'batch'
"""

from __future__ import annotations

import contextlib
import re

import jax

from kerax.distribution.mesh import DeviceMesh, TensorLayout

_GLOBAL = {"distribution": None}


class Distribution:
    """Base class: a device mesh and a batch axis name."""

    def __init__(self, device_mesh, batch_dim_name=None):
        self.device_mesh = device_mesh
        self.batch_dim_name = batch_dim_name

    def get_data_layout(self, data_shape):
        axes = [self.batch_dim_name] + [None] * (len(data_shape) - 1)
        return TensorLayout(axes, self.device_mesh)

    def get_variable_layout(self, variable):
        return TensorLayout([None] * len(variable.shape), self.device_mesh)

    @property
    def batch_shards(self):
        names = self.device_mesh.axis_names
        if self.batch_dim_name not in names:
            return 1
        return self.device_mesh.shape[names.index(self.batch_dim_name)]

    @contextlib.contextmanager
    def scope(self):
        """Activates this distribution inside a `with` block."""
        previous = distribution()
        set_distribution(self)
        try:
            yield self
        finally:
            set_distribution(previous)

    def distribute_dataset(self, dataset):
        return dataset


class DataParallel(Distribution):
    """Replicated variables, batches split over devices.

    Args:
        device_mesh: a 1-D mesh; default all devices on a `"batch"` axis.
        devices: devices to use when no mesh is given.
    """

    def __init__(self, device_mesh=None, devices=None, auto_shard_dataset=True):
        if device_mesh is None:
            devices = devices or jax.devices()
            device_mesh = DeviceMesh((len(devices),), ["batch"], devices)
        super().__init__(device_mesh, device_mesh.axis_names[0])
        self.auto_shard_dataset = auto_shard_dataset


class LayoutMap:
    """Maps variable paths (regular expressions) to layouts.

    >>> mesh = DeviceMesh((len(jax.devices()),), ["model"])
    >>> layout_map = LayoutMap(mesh)
    >>> layout_map["dense.*kernel"] = (None, "model")
    >>> layout_map["dense_1/kernel"].axes
    (None, 'model')
    """

    def __init__(self, device_mesh):
        self.device_mesh = device_mesh
        self._layouts = {}

    def __setitem__(self, key, layout):
        if not isinstance(layout, TensorLayout):
            layout = TensorLayout(layout, self.device_mesh)
        elif layout.device_mesh is None:
            layout.device_mesh = self.device_mesh
        self._layouts[key] = layout

    def __getitem__(self, path):
        if path in self._layouts:
            return self._layouts[path]
        matches = [k for k in self._layouts if re.search(k, path)]
        if len(matches) > 1:
            raise ValueError(
                f"Path '{path}' matches multiple layout specification keys: "
                f"{matches}. Please make sure each tensor/variable path only "
                "matches at most one layout specification key."
            )
        return self._layouts[matches[0]] if matches else None

    def __len__(self):
        return len(self._layouts)

    def __iter__(self):
        return iter(self._layouts)


class ModelParallel(Distribution):
    """Variables sharded by `layout_map`; batches over `batch_dim_name`.

    `auto_shard_dataset` (default True) is Keras's switch for splitting a
    tf.data dataset between processes of a multi-process run; kerax feeds
    each process its batches itself, so it is kept for compatibility and
    reported back, and changes nothing on one process.
    """

    def __init__(self, *, layout_map=None, batch_dim_name=None,
                 auto_shard_dataset=True, **kwargs):
        self.auto_shard_dataset = auto_shard_dataset
        device_mesh = kwargs.pop("device_mesh", None)
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
        if layout_map is None:
            raise ValueError("`layout_map` is required for ModelParallel.")
        device_mesh = device_mesh or layout_map.device_mesh
        super().__init__(
            device_mesh, batch_dim_name or device_mesh.axis_names[0]
        )
        self.layout_map = layout_map

    def get_variable_layout(self, variable):
        layout = self.layout_map[variable.path]
        if layout is not None:
            return layout
        return super().get_variable_layout(variable)


def set_distribution(value):
    """Sets the global distribution (None for a single device)."""
    _GLOBAL["distribution"] = value


def distribution():
    """The active distribution, or None."""
    return _GLOBAL["distribution"]


def get_device_count(device_type=None):
    """The number of devices of `device_type` (`"cpu"`, `"gpu"`, `"tpu"`;
    default: the accelerators if any, else the CPUs).

    >>> get_device_count("cpu") >= 1
    True
    """
    return jax.device_count(device_type.lower() if device_type else None)


def distribute_tensor(tensor, layout):
    """Places `tensor` with `layout` (a TensorLayout or a jax Sharding)."""
    sharding = layout.sharding if isinstance(layout, TensorLayout) else layout
    return jax.device_put(tensor, sharding)


def initialize(job_addresses=None, num_processes=None, process_id=None):
    """Multi-host set-up through `jax.distributed.initialize`."""
    coordinator = None
    if job_addresses:
        coordinator = job_addresses.split(",")[0]
    jax.distributed.initialize(
        coordinator_address=coordinator, num_processes=num_processes,
        process_id=process_id,
    )
