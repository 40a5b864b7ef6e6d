"""Dtype policies (Keras's `keras.dtype_policies`): float and mixed
policies, the quantized ones a `quantize` call sets, and `DTypePolicyMap`.

>>> get("int8_from_float32")
<QuantizedDTypePolicy "int8_from_float32">
>>> deserialize(serialize(get("float8_from_float32"))).amax_history_length
1024
"""

from kerax.core import dtype_policy as _core
from kerax.core.dtype_policy import DTypePolicy, FloatDTypePolicy, get
from kerax.core.dtype_policy import serialize as _serialize
from kerax.core.quantization_modes import QUANTIZATION_MODES
from kerax.dtype_policies import quantized as _quantized
from kerax.dtype_policies.policy_map import DTypePolicyMap
from kerax.dtype_policies.quantized import (
    AWQDTypePolicy,
    GPTQDTypePolicy,
    Int4DTypePolicy,
    QuantizedDTypePolicy,
    QuantizedFloat8DTypePolicy,
)

# `kerax.core.dtype_policy.get` rebuilds these policies and reads the
# quantized names once this package is imported.
_core.register_policies(
    {**_quantized.CLASSES, "DTypePolicyMap": DTypePolicyMap},
    _quantized.policy_from_string)


def serialize(dtype_policy):
    """The saved (Keras) form of a dtype policy."""
    return _serialize(dtype_policy)


def deserialize(config, custom_objects=None):
    """Rebuilds a policy from `serialize`'s form."""
    if custom_objects and isinstance(config, dict) and (
        config.get("class_name") in custom_objects
    ):
        cls = custom_objects[config["class_name"]]
        return cls.from_config(dict(config.get("config") or {}))
    return get(config)


__all__ = [
    "AWQDTypePolicy", "DTypePolicy", "DTypePolicyMap", "FloatDTypePolicy",
    "GPTQDTypePolicy", "Int4DTypePolicy",
    "QuantizedDTypePolicy", "QuantizedFloat8DTypePolicy", "deserialize",
    "get", "serialize",
]
