"""Quantization members every layer has (as in Keras): the mode read from
the dtype policy, and `quantize`, which layers without a quantized form
refuse.

>>> from kerax import layers
>>> layers.Dropout(0.5).quantization_mode is None
True
"""

from __future__ import annotations


class QuantizationLayerMembers:
    """`quantization_mode` and a refusing `quantize` for every layer."""

    @property
    def quantization_mode(self):
        """The layer's quantization mode, None when not quantized."""
        policy = self.dtype_policy
        if hasattr(policy, "_policy_map"):
            policy = policy[self.path]
        return policy.quantization_mode

    def quantize(self, mode=None, type_check=True, config=None):
        """Dense, EinsumDense and Embedding quantize (see their docs);
        other layers have no quantized form."""
        from kerax.layers.quantization.mixin import UnsupportedQuantization

        raise UnsupportedQuantization(
            f"Layer {type(self).__name__} ('{self.name}') has no quantized "
            f"form; got mode={mode!r}. Quantizable layers: Dense, "
            "EinsumDense, Embedding.")

    def quantized_build(self, input_shape, mode):
        """Quantizable layers create their quantized variables here."""
        from kerax.layers.quantization.mixin import UnsupportedQuantization

        raise UnsupportedQuantization(
            f"Layer {type(self).__name__} ('{self.name}') has no quantized "
            f"variables to build; got mode={mode!r}.")

    def quantized_call(self, *args, **kwargs):
        """The layer's call in its quantization mode."""
        if self.quantization_mode is None or not hasattr(
            self, "_quantized_call"
        ):
            raise ValueError(
                f"Layer {type(self).__name__} ('{self.name}') is not "
                "quantized; call it directly.")
        return self._quantized_call(*args, **kwargs)
