"""Named states that cross `jax.jit` in the train, test and predict steps.

Each field is a tuple of arrays in the order of the matching Variable list:
`model.trainable_variables`, `model.non_trainable_variables`,
`model.optimizer.variables`, `model.metrics_variables`. They unpack like
Keras 3's JAX trainer tuples, so `trainable, non_trainable, opt, metrics =
state` works in a user's `train_step`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple


class TrainState(NamedTuple):
    trainable: tuple[Any, ...]
    non_trainable: tuple[Any, ...]
    optimizer: tuple[Any, ...]
    metrics: tuple[Any, ...]


class EvalState(NamedTuple):
    trainable: tuple[Any, ...]
    non_trainable: tuple[Any, ...]
    metrics: tuple[Any, ...]


class PredictState(NamedTuple):
    trainable: tuple[Any, ...]
    non_trainable: tuple[Any, ...]


def values_of(variables: Iterable[Any]) -> tuple[Any, ...]:
    """The current values of `variables`, as a tuple of arrays."""
    return tuple(v._value for v in variables)


def assign_values(variables: Iterable[Any], values: Iterable[Any]) -> None:
    """Writes `values` into `variables` (no copy, no checks: hot path)."""
    for variable, value in zip(variables, values):
        variable._value = value
