"""`UnitNormalization`: scales each sample to unit L2 norm.

>>> import numpy as np
>>> out = UnitNormalization()(np.arange(6.0).reshape(2, 3))
>>> round(float((np.asarray(out)[0] ** 2).sum()), 5)
1.0
"""

from kerax import ops
from kerax.layers.layer import Layer


class UnitNormalization(Layer):
    """Divides the inputs by their L2 norm over `axis` (the norm is
    floored at `1e-6`, i.e. `x * min(1/||x||, 1e6)`).

    Args:
        axis: int or list/tuple of ints, the axis (axes) the norm is taken
            over (default -1).

    Input shape: any. Output shape: the input shape.
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)) and all(
            isinstance(a, int) and not isinstance(a, bool) for a in axis
        ):
            self.axis = list(axis)
        elif isinstance(axis, int) and not isinstance(axis, bool):
            self.axis = axis
        else:
            raise TypeError(
                "Invalid value for `axis` argument: expected an int or a "
                f"list/tuple of ints. Received: axis={axis}"
            )
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return ops.normalize(inputs, axis=self.axis, order=2, epsilon=1e-12)

    def compute_output_shape(self, input_shape):
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        for axis in axes:
            if not -len(input_shape) <= axis < len(input_shape):
                raise ValueError(
                    f"Axis {self.axis} is out of bounds for input shape "
                    f"{tuple(input_shape)}. Received: axis={self.axis}"
                )
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config
