"""Which process runs where: the process index, one writer, barriers.

In a multi-process run (`kerax.distribution.initialize`) every process runs
the same script. Files (checkpoints, logs, progress bars) are written by
process 0 only; `barrier` keeps the others from reading them too early.
On a single process every function here is a cheap no-op.

>>> process_index(), process_count(), is_writer()
(0, 1, True)
>>> barrier("doc")  # nothing to wait for on one process
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import jax


def process_index() -> int:
    """This process's index (0 on a single process)."""
    return jax.process_index()


def process_count() -> int:
    """The number of processes in the run (1 unless initialized)."""
    return jax.process_count()


def is_multi_process() -> bool:
    """Whether more than one process takes part in the computation."""
    return jax.process_count() > 1


def is_writer() -> bool:
    """Whether this process writes files: process 0 only."""
    return jax.process_index() == 0


def barrier(name: str) -> None:
    """Waits until every process reached the barrier called `name`.

    A process that died makes the others fail here (JAX's heartbeat), with
    an error instead of a hang.
    """
    if jax.process_count() > 1:
        from jax.experimental import multihost_utils

        multihost_utils.sync_global_devices(f"kerax:{name}")


def written_once(name: str, write: Callable[[], Any]) -> None:
    """Runs `write()` on process 0 only, between two barriers, so that every
    process sees the result once this returns.

    >>> out = []
    >>> written_once("doc", lambda: out.append(1))
    >>> out
    [1]
    """
    barrier(f"{name}:before")
    try:
        if is_writer():
            write()
    finally:
        barrier(f"{name}:after")


def to_host(array: Any) -> Any:
    """A NumPy copy of `array`, gathered from every process when its shards
    live on several (every process must call it, in the same order).

    >>> import numpy as np
    >>> to_host(np.ones(2)).tolist()
    [1.0, 1.0]
    """
    import numpy as np

    if isinstance(array, jax.Array) and not (
        array.is_fully_addressable or array.is_fully_replicated
    ):
        from jax.experimental import multihost_utils

        return np.asarray(multihost_utils.process_allgather(array, tiled=True))
    return np.asarray(array)


def _variables_of(model: Any) -> list[Any]:
    found: list[Any] = []
    seen: set[int] = set()
    optimizer = getattr(model, "optimizer", None)
    groups = (getattr(model, "variables", ()),
              getattr(optimizer, "variables", ()) if optimizer else (),
              getattr(model, "metrics_variables", ()))
    for group in groups:
        for variable in group:
            if id(variable) not in seen and hasattr(variable, "_value"):
                seen.add(id(variable))
                found.append(variable)
    return found


@contextlib.contextmanager
def host_values(variables: Iterable[Any]) -> Iterator[None]:
    """While open, variables whose values are sharded over several
    processes hold their whole value as NumPy (gathered by every process,
    in one order), so that one process can write them out."""
    swapped: list[tuple[Any, jax.Array]] = []
    try:
        for variable in variables:
            value = variable._value
            if isinstance(value, jax.Array) and not (
                value.is_fully_addressable or value.is_fully_replicated
            ):
                swapped.append((variable, value))
                variable._value = to_host(value)
        yield
    finally:
        for variable, value in swapped:
            variable._value = value


_WRITING = {"depth": 0}


def one_writer(
        name: str,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorates `fn(model, ...)` that writes files: in a multi-process run
    every process calls it, process 0 alone writes (between barriers, with
    sharded values gathered first), and every process may read the result
    once it returns.

    >>> @one_writer("doc")
    ... def save(model, path):
    ...     return path
    >>> save(None, "m.keras")
    'm.keras'
    """

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def write(model: Any, *args: Any, **kwargs: Any) -> Any:
            if not is_multi_process() or _WRITING["depth"]:
                # One process, or a write inside a write (a backup saving
                # weights): the outer call already synchronized.
                return fn(model, *args, **kwargs)

            def run() -> None:
                _WRITING["depth"] += 1
                try:
                    fn(model, *args, **kwargs)
                finally:
                    _WRITING["depth"] -= 1

            with host_values(_variables_of(model)):
                written_once(name, run)
            return None

        return write

    return wrap


def place_model(model: Any) -> None:
    """Places every variable of `model` as the active distribution lays it
    out (after loading weights); nothing without a distribution."""
    from kerax.distribution.distribution import distribution

    dist = distribution()
    if dist is None:
        return
    for variable in _variables_of(model):
        sharding = dist.get_variable_layout(variable).sharding
        variable._value = jax.device_put(variable._value, sharding)


def places_loaded_model(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Decorates a loader returning a model, or `fn(model, ...)` filling
    one: the model's weights are then placed by the active distribution.

    >>> places_loaded_model(lambda model: None)(None)
    """

    @functools.wraps(fn)
    def load(*args: Any, **kwargs: Any) -> Any:
        result = fn(*args, **kwargs)
        for model in (result, args[0] if args else None):
            if hasattr(model, "variables"):
                place_model(model)
                break
        return result

    return load


class NullWriter:
    """Stands in for a log writer on processes other than process 0: every
    method call does nothing."""

    def __getattr__(self, name: str) -> Callable[..., None]:
        return _nothing


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None
