"""`Masking`: masks timesteps whose features all equal `mask_value`.

>>> import numpy as np
>>> x = np.array([[[1.0, 2.0], [0.0, 0.0]]])
>>> layer = Masking(mask_value=0.0)
>>> layer.compute_mask(x).tolist()
[[True, False]]
"""

import numpy as np

from kerax import ops
from kerax.layers.layer import Layer


class Masking(Layer):
    """For each timestep (all axes but the last), the step is masked when
    every feature equals `mask_value`: the output zeroes that step, and
    `compute_mask` returns `False` there (`True` elsewhere). Downstream
    mask-consuming layers (RNNs, attention, pooling) skip masked steps.

    Args:
        mask_value: the value marking padding (default 0.0).

    Input shape: `(batch, timesteps, features)` (any rank >= 2).
    Output shape: the input shape; mask shape: the input shape minus the
    last axis.
    """

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(mask_value, dict) and mask_value.get("config"):
            # A tensor serialized by Keras (`__tensor__` / `__numpy__`).
            inner = mask_value["config"]
            mask_value = np.array(inner["value"], dtype=inner.get("dtype"))
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def compute_mask(self, inputs, mask=None):
        return ops.any(ops.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = ops.any(
            ops.not_equal(inputs, self.mask_value), axis=-1, keepdims=True
        )
        return ops.where(keep, inputs, ops.zeros_like(inputs))

    def get_config(self):
        config = super().get_config()
        value = self.mask_value
        if hasattr(value, "shape") and np.ndim(value) > 0:
            array = np.asarray(value)
            value = {
                "class_name": "__numpy__",
                "config": {"value": array.tolist(),
                           "dtype": str(array.dtype)},
            }
        elif hasattr(value, "shape"):
            value = np.asarray(value).item()
        config["mask_value"] = value
        return config
