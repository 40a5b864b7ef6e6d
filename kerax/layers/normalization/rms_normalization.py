"""`RMSNormalization`: divides by the root mean square, then scales.

>>> import numpy as np
>>> layer = RMSNormalization()
>>> layer(np.ones((2, 4))).shape
(2, 4)
>>> [(w.name, w.shape) for w in layer.weights]
[('scale', (4,))]
"""

from kerax import ops
from kerax.layers.layer import Layer


class RMSNormalization(Layer):
    """Root-mean-square normalization.

    Computes `x * rsqrt(mean(x ** 2, axis) + epsilon) * scale`, with a
    learned `scale` (initialized to ones) of the size of `axis`.

    Args:
        axis: int or list of ints, the axis (axes) normalized over
            (default -1).
        epsilon: small float added to the mean square (default 1e-6).

    Input shape: any. Output shape: the input shape.
    """

    def __init__(self, axis=-1, epsilon=1e-6, **kwargs):
        super().__init__(**kwargs)
        if not _is_axis(axis):
            raise ValueError(
                "Argument `axis` of RMSNormalization must be an int or a "
                f"list of ints. Received: axis={axis}"
            )
        if (
            isinstance(epsilon, bool)
            or not isinstance(epsilon, (int, float))
            or epsilon < 0
        ):
            raise ValueError(
                "Argument `epsilon` of RMSNormalization must be a "
                f"non-negative float. Received: epsilon={epsilon}"
            )
        self.axis = list(axis) if isinstance(axis, tuple) else axis
        self.epsilon = epsilon

    def _axes(self, ndim):
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        for axis in axes:
            if not -ndim <= axis < ndim:
                raise ValueError(
                    f"Axis {axis} is out of bounds for an input of rank "
                    f"{ndim}. Received: axis={self.axis}"
                )
        return sorted(axes)

    def build(self, input_shape):
        axes = self._axes(len(input_shape))
        shape = tuple(input_shape[a] for a in axes)
        self.scale = self.add_weight(
            name="scale", shape=shape, initializer="ones"
        )
        self.built = True

    def call(self, inputs):
        axes = self._axes(len(inputs.shape))
        scale = self.scale.value
        if (
            len(axes) > 1
            or axes[0] % len(inputs.shape) != len(inputs.shape) - 1
        ):
            shape = [1] * len(inputs.shape)
            for axis, size in zip(axes, scale.shape):
                shape[axis] = size
            scale = ops.reshape(scale, shape)
        return ops.rms_normalization(
            inputs, scale=scale, axis=axes, epsilon=self.epsilon
        )

    def compute_output_shape(self, input_shape):
        self._axes(len(input_shape))
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"axis": self.axis, "epsilon": self.epsilon})
        return config


def _is_axis(axis):
    def is_int(value):
        return isinstance(value, int) and not isinstance(value, bool)

    if is_int(axis):
        return True
    return (
        isinstance(axis, (list, tuple))
        and len(axis) > 0
        and all(is_int(a) for a in axis)
    )
