"""Dtype names: Keras-style strings <-> JAX dtypes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from kerax import config

_ALIASES = {
    "float": "float32",
    "double": "float64",
    "half": "float16",
    "int": "int32",
    "bool_": "bool",
}


def standardize_dtype(dtype: Any) -> str:
    """Returns a dtype's canonical string name (`None` -> `floatx()`)."""
    if dtype is None:
        return config.floatx()
    if hasattr(dtype, "name") and not isinstance(dtype, (str, np.dtype)):
        dtype = dtype.name  # e.g. a policy-like object
    if isinstance(dtype, str):
        dtype = _ALIASES.get(dtype, dtype)
        if dtype == "string":
            # Symbolic string inputs (`Input(dtype="string")`, as Keras):
            # their values stay NumPy arrays, run by host layers.
            return dtype
    if hasattr(dtype, "dtype") and not isinstance(dtype, type):
        dtype = dtype.dtype
    try:
        name = jnp.dtype(dtype).name
    except TypeError as e:
        raise ValueError(f"Invalid dtype: {dtype}") from e
    return name


def is_float_dtype(dtype: Any) -> bool:
    name = standardize_dtype(dtype)
    return name.startswith(("float", "bfloat"))


def is_int_dtype(dtype: Any) -> bool:
    name = standardize_dtype(dtype)
    return name.startswith(("int", "uint"))


def result_type(*dtypes: Any) -> str:
    return jnp.result_type(*dtypes).name


def host_full(shape: Sequence[int], value: Any, dtype: Any) -> jnp.ndarray:
    """A device array of `shape` filled with `value`, made on the host.

    `jnp.zeros` and friends compile one small fill program per shape
    (tens of milliseconds each on CPU); a NumPy fill copied to the device
    compiles nothing, which keeps building a model's optimizer and metric
    state cheap.

    >>> host_full((2,), 1, "float32").tolist()
    [1.0, 1.0]
    """
    return host_array(np.full(tuple(shape), value, jnp.dtype(dtype)), dtype)


def host_array(values: Any, dtype: Any) -> jnp.ndarray:
    """NumPy `values` as a device array of `dtype`, cast on the host
    (`jnp.asarray` would compile a staging program per shape).

    >>> host_array(np.arange(2), "float32").tolist()
    [0.0, 1.0]
    """
    return jax.device_put(np.asarray(values, jnp.dtype(dtype)))
