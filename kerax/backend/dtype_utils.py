"""`kerax.backend`'s dtype helpers: an old path, re-exporting
`kerax.utils.dtype_utils`.
"""

from kerax.utils.dtype_utils import (
    is_float_dtype,
    is_int_dtype,
    result_type,
    standardize_dtype,
)

__all__ = ["is_float_dtype", "is_int_dtype", "result_type",
           "standardize_dtype"]
