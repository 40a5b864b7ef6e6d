"""`HostInputLayer`: base of the layers that accept strings.

JAX arrays cannot hold strings, so `Hashing`, `StringLookup` and
`TextVectorization` process string inputs (NumPy `str`/`bytes`/object
arrays, nested lists of `str`, `tf` string tensors) eagerly on the host,
in NumPy, and return JAX arrays (or NumPy string arrays for inverted
lookups). This path bypasses `jax.jit`: use these layers on raw data
before `fit` (or in a `tf.data`/generator pipeline), or call a model that
starts with them eagerly. Integer inputs take the normal `Layer` path and
work under `jit` where the layer supports it.
"""

from __future__ import annotations

import jax
import numpy as np

from kerax.layers.layer import Layer
from kerax.layers.preprocessing.preprocessing_utils import (
    is_host_data,
    to_text_array,
)


class HostInputLayer(Layer):
    """A layer whose `__call__` sends string inputs to `host_call`."""

    def __call__(self, *args, **kwargs):
        if args and is_host_data(args[0]):
            kwargs.pop("training", None)
            kwargs.pop("mask", None)
            return self.host_call(*args, **kwargs)
        return super().__call__(*args, **kwargs)

    def host_call(self, inputs, **kwargs):
        """Eager NumPy computation on string inputs."""
        raise NotImplementedError


def is_concrete(x):
    """True for arrays whose values are known (not traced)."""
    return not isinstance(x, jax.core.Tracer)


def host_map(fn, x, out_dtype):
    """`fn(np.ndarray) -> np.ndarray` on `x`, eagerly or, under `jit`,
    through `jax.pure_callback` (same shape, `out_dtype`)."""
    if is_concrete(x):
        return jax.numpy.asarray(fn(np.asarray(x)).astype(out_dtype))
    spec = jax.ShapeDtypeStruct(x.shape, out_dtype)
    return jax.pure_callback(
        lambda v: np.asarray(fn(np.asarray(v))).astype(out_dtype), spec, x,
        vmap_method="broadcast_all",
    )


def host_string_input(value, shape, name: str):
    """A model's string input as a NumPy array of `str` (values of a
    `Input(dtype="string")`), given the trailing axis of size 1 its
    `shape` has when the value lacks it (Keras's rank fix-up)."""
    if not is_host_data(value):
        raise ValueError(
            f"Input '{name}' has dtype 'string' and expects strings (NumPy "
            "str/bytes/object arrays or lists of str). Received values of "
            f"dtype {getattr(value, 'dtype', type(value).__name__)}"
        )
    array = to_text_array(value, "utf-8")
    if array.ndim == len(shape) - 1 and shape[-1] == 1:
        array = array[..., None]
    return array


def check_string_symbolic(layer, args, kwargs) -> None:
    """Lets a host layer be called on symbolic `Input(dtype="string")`
    tensors (the model then runs the layer on the host when called
    eagerly, `model(data)`; jitted `predict`/`fit` need numeric inputs),
    and refuses other symbolic inputs with a clear error."""
    from kerax.core.keras_tensor import KerasTensor

    dtypes = [x.dtype for x in jax.tree_util.tree_leaves((args, kwargs))
              if isinstance(x, KerasTensor)]
    if getattr(layer, "invert", False) or any(d != "string" for d in dtypes):
        raise ValueError(
            f"{type(layer).__name__} processes strings on the host: on "
            "symbolic tensors it only takes `Input(dtype='string')` "
            "tensors (not an inverted lookup). Received symbolic inputs of "
            f"dtype {dtypes}"
        )
