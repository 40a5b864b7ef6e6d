"""The int4 block size a layer quantizes with.

>>> from kerax.quantizers import Int4QuantizationConfig
>>> get_block_size_for_layer(None, Int4QuantizationConfig(block_size=64))
64
"""

from __future__ import annotations

from kerax.dtype_policies.quantized import Int4DTypePolicy
from kerax.quantizers.quantization_config import Int4QuantizationConfig


def get_block_size_for_layer(layer, config) -> int | None:
    """int4 block size from `config` or the layer's Int4DTypePolicy;
    None means per channel."""
    if isinstance(config, Int4QuantizationConfig):
        return config.block_size
    policy = layer.dtype_policy
    if hasattr(policy, "_policy_map"):
        policy = policy[layer.path]
    if isinstance(policy, Int4DTypePolicy):
        return None if policy.block_size == -1 else policy.block_size
    return None
