"""`Variable`: the Keras state handle, holding a `jax.Array`.

Eagerly a Variable owns its value. Inside a `StatelessScope` it reads from
and writes to the scope, so the same layer code runs pure under `jax.jit`.

>>> v = Variable([1.0, 2.0], name="w")
>>> _ = v.assign_add([1.0, 1.0])
>>> v.numpy().tolist()
[2.0, 3.0]
>>> (v * 2).tolist()
[4.0, 6.0]
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from kerax.core.dtypes import standardize_dtype
from kerax.core.name_scope import name_scope_path
from kerax.core.naming import uniquify
from kerax.core.scope import get_stateless_scope

_AUTOCAST = threading.local()


class AutocastScope:
    """While open, float Variables (with `autocast=True`) read as `dtype`."""

    def __init__(self, dtype: Any) -> None:
        self.dtype = None if dtype is None else standardize_dtype(dtype)

    def __enter__(self) -> AutocastScope:  # noqa: PYI034 (Self: 3.11)
        self._previous = getattr(_AUTOCAST, "dtype", None)
        _AUTOCAST.dtype = self.dtype
        return self

    def __exit__(self, *exc: object) -> None:
        _AUTOCAST.dtype = self._previous


def _autocast_dtype() -> str | None:
    return getattr(_AUTOCAST, "dtype", None)


class Variable:
    """A named, optionally trainable array.

    Args:
        initializer: an array-like initial value, or a callable
            `initializer(shape, dtype)` (then `shape` is required).
        shape: the variable's shape (taken from the value when omitted).
        dtype: dtype name; default `floatx()` for float values.
        trainable: whether gradients update it.
        autocast: whether it reads as a layer's compute dtype under a
            mixed-precision policy.
        aggregation, synchronization: accepted for Keras compatibility.
        name: the variable's name (default: unique `"variable"`,
            `"variable_1"`, ... as in Keras).
        layout: optional `TensorLayout` or `jax.sharding.Sharding` the
            value is placed (sharded) with.
    """

    def __init__(
        self,
        initializer: Any,
        shape: tuple[int, ...] | list[int] | None = None,
        dtype: Any = None,
        trainable: bool = True,
        autocast: bool = True,
        aggregation: str = "none",
        synchronization: str = "auto",
        name: str | None = None,
        layout: Any = None,
    ) -> None:
        if name is None or name == "":
            name = uniquify("variable")  # Keras: variable, variable_1, ...
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                "Argument `name` must be a string and cannot contain "
                f"character `/`. Received: name={name}"
            )
        self.name = name
        self._path = name_scope_path(name)  # "<open name scopes>/<name>"
        self.trainable = bool(trainable)
        self.autocast = autocast
        self.aggregation = aggregation
        self.synchronization = synchronization
        self.constraint: Callable[[Any], Any] | None = None
        self.regularizer: Callable[[Any], Any] | None = None
        self._layout: Any = None
        if callable(initializer):
            if shape is None:
                raise ValueError(
                    "When creating a Variable from an initializer, the "
                    f"`shape` argument is required. Received: "
                    f"initializer={initializer} and shape={shape}"
                )
            dtype = standardize_dtype(dtype)
            value = initializer(tuple(shape), dtype=dtype)
        else:
            value = initializer
            if dtype is None and not hasattr(value, "dtype"):
                value = np.asarray(value)
                if value.dtype.kind == "f":
                    dtype = None  # floatx
                else:
                    dtype = value.dtype
            elif dtype is None:
                dtype = value.dtype
                if standardize_dtype(dtype) == "float64" and not (
                    jax.config.jax_enable_x64  # type: ignore[attr-defined]
                ):
                    dtype = None
            dtype = standardize_dtype(dtype)
        self._dtype = dtype
        value = jnp.asarray(value, dtype=dtype)
        if shape is not None and tuple(value.shape) != tuple(shape):
            raise ValueError(
                f"Initial value for variable '{name}' has shape "
                f"{value.shape}, but `shape` is {tuple(shape)}."
            )
        self._shape = tuple(value.shape)
        if layout is not None:
            # A TensorLayout (kerax.distribution) or a jax Sharding: the
            # value and every assigned value are placed with it.
            self._layout = getattr(layout, "sharding", layout)
            value = jax.device_put(value, self._layout)
        self._value = value

    # ---------------------------------------------------------------- values
    @property
    def value(self) -> jax.Array:
        """The current value (the open StatelessScope's, if any)."""
        scope = get_stateless_scope()
        value = None
        if scope is not None:
            value = scope.get_current_value(self)
        if value is None:
            value = self._value
        return self._maybe_autocast(value)

    def _maybe_autocast(self, value: jax.Array) -> jax.Array:
        dtype = _autocast_dtype()
        if (
            dtype is not None
            and self.autocast
            and dtype != self._dtype
            and self._dtype.startswith(("float", "bfloat"))
        ):
            return value.astype(dtype)
        return value

    def _coerce(self, value: Any) -> jax.Array:
        if isinstance(value, Variable):
            value = value.value
        value = jnp.asarray(value, dtype=self._dtype)
        if value.shape != self._shape:
            raise ValueError(
                "The shape of the target variable and the shape of the "
                f"assigned value must match. variable.shape={self._shape}, "
                f"Received: value.shape={value.shape}. Target variable: "
                f"{self}"
            )
        return value

    def assign(self, value: Any) -> jax.Array:
        """Sets the value (into the open StatelessScope, if any)."""
        value = self._coerce(value)
        scope = get_stateless_scope()
        if scope is not None:
            scope.add_update(self, value)
        else:
            if isinstance(value, jax.core.Tracer):
                raise RuntimeError(
                    f"Variable '{self.path}' was assigned a traced value "
                    "outside a StatelessScope, so the tracer would outlive "
                    "its `jax.jit`/`jax.grad`/`jax.eval_shape` trace. Run "
                    "the traced code through `layer.stateless_call(...)` "
                    "(or inside a `kerax.StatelessScope`) and write the "
                    "returned values back after the trace."
                )
            if self._layout is not None:
                value = jax.device_put(value, self._layout)
            self._value = value
        return value

    def assign_add(self, value: Any) -> jax.Array:
        return self.assign(self._current() + _raw(value))

    def assign_sub(self, value: Any) -> jax.Array:
        return self.assign(self._current() - _raw(value))

    def _current(self) -> jax.Array:
        scope = get_stateless_scope()
        if scope is not None:
            value = scope.get_current_value(self)
            if value is not None:
                return value
        return self._value

    def numpy(self) -> np.ndarray:
        """Returns the value as a NumPy array."""
        return np.asarray(self._current())

    # ---------------------------------------------------------------- metadata
    @property
    def shape(self) -> tuple[int, ...]:
        return self._shape

    @property
    def ndim(self) -> int:
        return len(self._shape)

    @property
    def dtype(self) -> str:
        dtype = _autocast_dtype()
        if (
            dtype is not None
            and self.autocast
            and self._dtype.startswith(("float", "bfloat"))
        ):
            return dtype
        return self._dtype

    @property
    def path(self) -> str:
        """`"<layer path>/<name>"`, e.g. `"dense/kernel"`."""
        return self._path

    def _set_path(self, parent_path: str | None) -> None:
        self._path = f"{parent_path}/{self.name}" if parent_path else self.name

    @property
    def overwrite_with_gradient(self) -> bool:
        """Whether optimizers replace this variable by its gradient (no
        clipping, decay or update rule; e.g. float8 scaling factors).

        >>> v = Variable(0.0)
        >>> v.overwrite_with_gradient
        False
        """
        return self.__dict__.get("_overwrite_with_gradient", False)

    @overwrite_with_gradient.setter
    def overwrite_with_gradient(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise TypeError(
                f"Variable '{self.path}': `overwrite_with_gradient` must be "
                f"a bool. Received: {value!r}"
            )
        self._overwrite_with_gradient = value

    def __repr__(self) -> str:
        return (
            f"<Variable path={self.path}, shape={self.shape}, "
            f"dtype={self._dtype}, value={np.asarray(self._current())}>"
        )

    # ------------------------------------------------------- array protocols
    def __array__(self, dtype: Any = None, copy: bool | None = None,
                  ) -> np.ndarray:
        array = np.asarray(self.value)
        return array if dtype is None else array.astype(dtype)

    def __jax_array__(self) -> jax.Array:
        return self.value

    def __len__(self) -> int:
        return self._shape[0]

    def __bool__(self) -> bool:
        return bool(self.value)

    def __float__(self) -> float:
        return float(self.value)

    def __int__(self) -> int:
        return int(self.value)

    def __index__(self) -> int:
        return int(self.value)

    def __getitem__(self, idx: Any) -> jax.Array:
        return self.value[idx]

    def __iter__(self) -> Iterator[jax.Array]:
        return iter(self.value)

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> Any:
        return self.value == _raw(other)

    def __ne__(self, other: object) -> Any:
        return self.value != _raw(other)

    def __lt__(self, other: Any) -> Any:
        return self.value < _raw(other)

    def __le__(self, other: Any) -> Any:
        return self.value <= _raw(other)

    def __gt__(self, other: Any) -> Any:
        return self.value > _raw(other)

    def __ge__(self, other: Any) -> Any:
        return self.value >= _raw(other)

    def __neg__(self) -> Any:
        return -self.value

    def __pos__(self) -> Any:
        return self.value

    def __abs__(self) -> Any:
        return jnp.abs(self.value)

    def __invert__(self) -> Any:
        return ~self.value

    def __add__(self, other: Any) -> Any:
        return self.value + _raw(other)

    def __radd__(self, other: Any) -> Any:
        return _raw(other) + self.value

    def __sub__(self, other: Any) -> Any:
        return self.value - _raw(other)

    def __rsub__(self, other: Any) -> Any:
        return _raw(other) - self.value

    def __mul__(self, other: Any) -> Any:
        return self.value * _raw(other)

    def __rmul__(self, other: Any) -> Any:
        return _raw(other) * self.value

    def __truediv__(self, other: Any) -> Any:
        return self.value / _raw(other)

    def __rtruediv__(self, other: Any) -> Any:
        return _raw(other) / self.value

    def __floordiv__(self, other: Any) -> Any:
        return self.value // _raw(other)

    def __rfloordiv__(self, other: Any) -> Any:
        return _raw(other) // self.value

    def __mod__(self, other: Any) -> Any:
        return self.value % _raw(other)

    def __rmod__(self, other: Any) -> Any:
        return _raw(other) % self.value

    def __pow__(self, other: Any) -> Any:
        return self.value ** _raw(other)

    def __rpow__(self, other: Any) -> Any:
        return _raw(other) ** self.value

    def __matmul__(self, other: Any) -> Any:
        return self.value @ _raw(other)

    def __rmatmul__(self, other: Any) -> Any:
        return _raw(other) @ self.value

    def __and__(self, other: Any) -> Any:
        return self.value & _raw(other)

    def __rand__(self, other: Any) -> Any:
        return _raw(other) & self.value

    def __or__(self, other: Any) -> Any:
        return self.value | _raw(other)

    def __ror__(self, other: Any) -> Any:
        return _raw(other) | self.value

    def __xor__(self, other: Any) -> Any:
        return self.value ^ _raw(other)

    def __rxor__(self, other: Any) -> Any:
        return _raw(other) ^ self.value

    @property
    def T(self) -> jax.Array:
        return self.value.T

    def astype(self, dtype: Any) -> jax.Array:
        return self.value.astype(standardize_dtype(dtype))


def _raw(value: Any) -> Any:
    if isinstance(value, Variable):
        return value.value
    if isinstance(value, (list, tuple)):
        return jnp.asarray(value)
    return value
