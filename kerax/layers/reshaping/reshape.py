"""`Reshape`: reshapes each sample to `target_shape`.

>>> import numpy as np
>>> Reshape((3, -1))(np.zeros((2, 12))).shape
(2, 3, 4)
"""

import math

from kerax import ops
from kerax.layers.layer import Layer


class Reshape(Layer):
    """Reshapes the non-batch dimensions to `target_shape`, keeping the
    batch axis; one entry of `target_shape` may be `-1`, inferred from the
    sample size.

    Args:
        target_shape: tuple of ints, the shape without the batch axis.

    Input shape: `(batch, ...)`. Output: `(batch, *target_shape)`.
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        if isinstance(target_shape, int) and not isinstance(
            target_shape, bool
        ):
            target_shape = (target_shape,)
        try:
            target_shape = tuple(target_shape)
        except TypeError:
            raise ValueError(
                "Argument `target_shape` must be a tuple of integers. "
                f"Received: target_shape={target_shape}"
            ) from None
        for dim in target_shape:
            if isinstance(dim, bool) or not isinstance(dim, int) or dim < -1:
                raise ValueError(
                    "Each dimension in `target_shape` must be a "
                    "non-negative integer, or `-1` for a single unknown "
                    f"dimension. Received: target_shape={target_shape}."
                )
        if target_shape.count(-1) > 1:
            raise ValueError(
                "There must be at most one unknown dimension (-1) in "
                f"`target_shape`. Received: target_shape={target_shape}."
            )
        self.target_shape = target_shape
        self.built = True

    def _resolve(self, sample_shape):
        """`target_shape` with -1 replaced (None when not inferable)."""
        target = self.target_shape
        if -1 not in target and None not in sample_shape:
            if math.prod(sample_shape) != math.prod(target):
                raise ValueError(
                    f"Layer '{self.name}': the total size of the tensor must "
                    f"be unchanged. Received: input_shape={sample_shape}, "
                    f"target_shape={target}"
                )
            return target
        if -1 not in target:
            return target
        if None in sample_shape:
            return tuple(None if d == -1 else d for d in target)
        known = math.prod(d for d in target if d != -1)
        size = math.prod(sample_shape)
        if known == 0 or size % known != 0:
            raise ValueError(
                f"Layer '{self.name}': the total size of the tensor must be "
                "unchanged, however, the input size cannot be divided by "
                f"the specified dimensions in target_shape. Received: "
                f"input_shape={sample_shape}, target_shape={target}"
            )
        return tuple(size // known if d == -1 else d for d in target)

    def call(self, inputs):
        shape = tuple(inputs.shape)
        return ops.reshape(inputs, (shape[0],) + self._resolve(shape[1:]))

    def get_config(self):
        config = super().get_config()
        config["target_shape"] = self.target_shape
        return config
