"""The public dtype helpers of `kerax.backend` and `kerax.utils`
(`standardize_dtype`, ...), with Keras 3's rules: Python
`bool`/`int`/`float`/`complex` mean `bool`/`int32`/`float32`/`complex64`,
None means `floatx()`, and only Keras's dtype names are accepted."""

import contextlib
import warnings

import jax.numpy as jnp

from kerax import config

_PYTHON_TYPES = {bool: "bool", int: "int32", float: "float32",
                 complex: "complex64", str: "string", "int": "int32"}
_ALLOWED = frozenset({
    "bfloat16", "bool", "complex128", "complex64", "float16", "float32",
    "float64", "float8_e4m3fn", "float8_e5m2", "int16", "int32", "int64",
    "int8", "string", "uint16", "uint32", "uint64", "uint8",
})
_FLOAT8 = ("float8_e4m3fn", "float8_e5m2")


def standardize_dtype(dtype):
    """The canonical name of `dtype` (a string, NumPy/JAX dtype or Python
    type); None gives `floatx()`.

    >>> standardize_dtype(int), standardize_dtype("float16")
    ('int32', 'float16')
    """
    if dtype is None:
        return config.floatx()
    with contextlib.suppress(TypeError):  # an unhashable dtype-like
        dtype = _PYTHON_TYPES.get(dtype, dtype)
    if hasattr(dtype, "name"):
        dtype = dtype.name
    elif hasattr(dtype, "__name__"):
        dtype = dtype.__name__
    elif "jax.numpy" in str(dtype):
        dtype = str(dtype).split(".")[-1]
    if dtype not in _ALLOWED:
        raise ValueError(
            f"standardize_dtype: {dtype!r} is not a dtype kerax knows; "
            f"expected one of {sorted(_ALLOWED)}."
        )
    return dtype


def is_float_dtype(dtype):
    """Whether `dtype` is a floating type (float8 to float64, bfloat16).

    >>> is_float_dtype("bfloat16"), is_float_dtype(int)
    (True, False)
    """
    return standardize_dtype(dtype).startswith(("float", "bfloat"))


def is_int_dtype(dtype):
    """Whether `dtype` is a signed or unsigned integer type.

    >>> is_int_dtype("uint8"), is_int_dtype("bool")
    (True, False)
    """
    return standardize_dtype(dtype).startswith(("int", "uint"))


def result_type(*dtypes):
    """The dtype JAX's promotion gives these dtypes (Python types are weak:
    `result_type("bfloat16", int)` is `"bfloat16"`); `floatx()` for none.

    >>> result_type("int32", "float32"), result_type("bfloat16", float)
    ('float32', 'bfloat16')
    """
    if not dtypes:
        return config.floatx()
    for dtype in dtypes:
        if dtype in _FLOAT8:
            raise ValueError(
                "result_type: float8 dtypes never promote implicitly; cast "
                f"them first. Received: {dtypes}"
            )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # int64 without x64
        return standardize_dtype(jnp.result_type(*dtypes))
