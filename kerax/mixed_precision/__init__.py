"""Mixed precision (Keras's `keras.mixed_precision`).

`set_global_policy("mixed_bfloat16")` or `"mixed_float16"` makes layers
created afterwards compute in the half type with float32 variables;
`compile` wraps the optimizer in a `LossScaleOptimizer` (dynamic loss
scaling) for float16.

>>> set_global_policy("mixed_bfloat16")
>>> global_policy().compute_dtype
'bfloat16'
>>> set_global_policy("float32")
"""

from kerax.core.dtype_policy import (
    DTypePolicy,
    global_policy,
    set_global_policy,
)
from kerax.core.dtype_policy import DTypePolicy as Policy
from kerax.optimizers import LossScaleOptimizer

dtype_policy = global_policy
set_dtype_policy = set_global_policy

__all__ = [
    "DTypePolicy",
    "LossScaleOptimizer",
    "Policy",
    "dtype_policy",
    "global_policy",
    "set_dtype_policy",
    "set_global_policy",
]
