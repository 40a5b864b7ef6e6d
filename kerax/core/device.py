"""`device(device_name)`: the JAX device new arrays are placed on."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import jax


def _parse(device_name: str) -> Any:
    if not isinstance(device_name, str):
        raise ValueError(
            "device: `device_name` must be a string such as 'cpu:0' or "
            f"'gpu:1'; received {device_name!r}."
        )
    kind, _, index = device_name.lower().partition(":")
    kind = {"cuda": "gpu"}.get(kind, kind)
    try:
        devices = jax.devices(kind)
    except RuntimeError as e:
        raise ValueError(
            f"device: no {kind!r} devices are available for "
            f"device_name={device_name!r}."
        ) from e
    position = int(index) if index else 0
    if not 0 <= position < len(devices):
        raise ValueError(
            f"device: {device_name!r} names device {position} but only "
            f"{len(devices)} {kind} device(s) exist."
        )
    return devices[position]


@contextlib.contextmanager
def device(device_name: str) -> Iterator[None]:
    """Places the arrays created inside it on `device_name` (`"cpu:0"`,
    `"gpu:1"`, ...), through `jax.default_device`.

    >>> import kerax
    >>> with kerax.device("cpu:0"):
    ...     x = kerax.ops.ones((2,))
    >>> str(list(x.devices())[0]).lower().startswith("cpu")
    True
    """
    with jax.default_device(_parse(device_name)):
        yield
