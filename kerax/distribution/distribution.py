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
from collections.abc import Iterator
from typing import Any

import jax

from kerax.distribution.mesh import DeviceMesh, TensorLayout

_GLOBAL: dict[str, Distribution | None] = {"distribution": None}


class Distribution:
    """Base class: a device mesh and a batch axis name."""

    def __init__(self, device_mesh: DeviceMesh,
                 batch_dim_name: str | None = None) -> None:
        self.device_mesh = device_mesh
        self.batch_dim_name = batch_dim_name

    def get_data_layout(self, data_shape: tuple[int, ...]) -> TensorLayout:
        axes = [self.batch_dim_name] + [None] * (len(data_shape) - 1)
        return TensorLayout(axes, self.device_mesh)

    def get_variable_layout(self, variable: Any) -> TensorLayout:
        return TensorLayout([None] * len(variable.shape), self.device_mesh)

    @property
    def batch_shards(self) -> int:
        names = self.device_mesh.axis_names
        if self.batch_dim_name not in names:
            return 1
        return self.device_mesh.shape[names.index(self.batch_dim_name)]

    @contextlib.contextmanager
    def scope(self) -> Iterator[Distribution]:
        """Activates this distribution inside a `with` block."""
        previous = distribution()
        set_distribution(self)
        try:
            yield self
        finally:
            set_distribution(previous)

    def distribute_dataset(self, dataset: Any) -> Any:
        return dataset


class DataParallel(Distribution):
    """Replicated variables, batches split over devices.

    Args:
        device_mesh: a 1-D mesh; default all devices (of every process) on
            a `"batch"` axis.
        devices: devices to use when no mesh is given.
        auto_shard_dataset: see `ModelParallel`.
    """

    def __init__(self, device_mesh: DeviceMesh | None = None,
                 devices: list[Any] | None = None,
                 auto_shard_dataset: bool = True) -> None:
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

    def __init__(self, device_mesh: DeviceMesh) -> None:
        self.device_mesh = device_mesh
        self._layouts: dict[str, TensorLayout] = {}

    def __setitem__(self, key: str, layout: Any) -> None:
        if not isinstance(layout, TensorLayout):
            layout = TensorLayout(layout, self.device_mesh)
        elif layout.device_mesh is None:
            layout.device_mesh = self.device_mesh
        self._layouts[key] = layout

    def __getitem__(self, path: str) -> TensorLayout | None:
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

    def __len__(self) -> int:
        return len(self._layouts)

    def __iter__(self) -> Iterator[str]:
        return iter(self._layouts)


class ModelParallel(Distribution):
    """Variables sharded by `layout_map`; batches over `batch_dim_name`.

    `auto_shard_dataset` (default True) matters in a multi-process run:
    True, every process's data source yields the same global batches and
    each process keeps its own rows of each; False, each process's source
    already yields only its own part (see `docs/distributed.md`).
    """

    def __init__(self, *, layout_map: LayoutMap | None = None,
                 batch_dim_name: str | None = None,
                 auto_shard_dataset: bool = True, **kwargs: Any) -> None:
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
        # Laid-out variables by their path with "/" as "_": how optimizer
        # slots (named after their variable) find their variable's layout.
        self._by_flat_path: dict[str, tuple[tuple[int, ...],
                                            TensorLayout]] = {}

    def get_variable_layout(self, variable: Any) -> TensorLayout:
        """The layout of the first `layout_map` key matching the variable's
        path; an optimizer slot (`<optimizer>/<variable path with '_'>_<slot>`)
        takes its variable's; otherwise replicated."""
        layout = self.layout_map[variable.path]
        key = str(variable.path).replace("/", "_")
        if layout is None:
            layout = self._slot_layout(variable)
        elif key not in self._by_flat_path:
            self._by_flat_path[key] = (tuple(variable.shape), layout)
        if layout is None:
            return super().get_variable_layout(variable)
        check_divisible(variable.path, variable.shape, layout)
        return layout

    def _slot_layout(self, variable: Any) -> TensorLayout | None:
        path = str(variable.path)
        if "/" not in path:
            return None
        name = path.split("/", 1)[1]
        shape = tuple(variable.shape)
        best: tuple[str, TensorLayout] | None = None
        for key, (ref_shape, layout) in self._by_flat_path.items():
            if (ref_shape == shape and name.startswith(key + "_")
                    and (best is None or len(key) > len(best[0]))):
                best = (key, layout)
        return best[1] if best else None

    def get_tensor_layout(self, path: str) -> TensorLayout | None:
        """The layout `layout_map` gives an intermediate tensor's path (e.g.
        `"dense/output"`), or None."""
        return self.layout_map[path]


def check_divisible(path: str, shape: tuple[int, ...],
                    layout: TensorLayout) -> None:
    """Raises when a mesh axis does not divide the dimension it shards.

    >>> mesh = DeviceMesh((1,), ["model"], jax.devices()[:1])
    >>> check_divisible("d/kernel", (3, 4), TensorLayout([None, "model"], mesh))
    """
    mesh = layout.device_mesh
    assert mesh is not None, path  # a LayoutMap gives layouts its mesh
    if len(layout.axes) != len(shape):
        raise ValueError(
            f"The layout {layout.axes} of variable '{path}' has "
            f"{len(layout.axes)} axes but the variable has shape {tuple(shape)}."
        )
    for dim, (size, axes) in enumerate(zip(shape, layout.axes)):
        if axes is None:
            continue
        names = axes if isinstance(axes, tuple) else (axes,)
        devices = 1
        for name in names:
            if name not in mesh.axis_names:
                raise ValueError(
                    f"The layout of variable '{path}' names mesh axis "
                    f"'{name}', which the mesh {mesh.axis_names} lacks."
                )
            devices *= mesh.shape[mesh.axis_names.index(name)]
        if size % devices:
            raise ValueError(
                f"Variable '{path}' of shape {tuple(shape)} cannot be "
                f"sharded: its dimension {dim} ({size}) is not divisible by "
                f"mesh axis {axes!r} of size {devices}. Change the layout "
                "map entry or the mesh."
            )


def set_distribution(value: Distribution | None) -> None:
    """Sets the global distribution (None for a single device)."""
    _GLOBAL["distribution"] = value


def distribution() -> Distribution | None:
    """The active distribution, or None."""
    return _GLOBAL["distribution"]


def get_device_count(device_type: str | None = None) -> int:
    """The number of devices of `device_type` (`"cpu"`, `"gpu"`, `"tpu"`;
    default: the accelerators if any, else the CPUs).

    >>> get_device_count("cpu") >= 1
    True
    """
    return jax.device_count(device_type.lower() if device_type else None)


def distribute_tensor(tensor: Any, layout: Any) -> Any:
    """Places `tensor` with `layout` (a TensorLayout or a jax Sharding);
    inside a jitted function, constrains it to that layout.

    >>> mesh = DeviceMesh((1,), ["batch"], jax.devices()[:1])
    >>> layout = TensorLayout(["batch", None], mesh)
    >>> distribute_tensor(jax.numpy.ones((2, 3)), layout).shape
    (2, 3)
    >>> jax.jit(lambda t: distribute_tensor(t, layout))(jax.numpy.ones((2, 3))).shape
    (2, 3)
    """
    sharding = layout.sharding if isinstance(layout, TensorLayout) else layout
    if isinstance(tensor, jax.core.Tracer):
        return jax.lax.with_sharding_constraint(tensor, sharding)
    return jax.device_put(tensor, sharding)
