"""`PReLU`: leaky ReLU whose negative slope `alpha` is learned.

>>> import numpy as np
>>> layer = PReLU(alpha_initializer="ones", shared_axes=[1])
>>> layer(np.ones((2, 3, 4))).shape
(2, 3, 4)
>>> [w.shape for w in layer.weights]
[(1, 4)]
"""

from kerax import constraints, initializers, ops, regularizers
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer


class PReLU(Layer):
    """Parametric ReLU: `x` for `x >= 0`, `alpha * x` otherwise, where
    `alpha` is a weight of shape `input_shape[1:]` (size 1 along
    `shared_axes`).

    Args:
        alpha_initializer: initializer of `alpha` (default `"Zeros"`).
        alpha_regularizer: optional regularizer of `alpha`.
        alpha_constraint: optional constraint of `alpha`.
        shared_axes: int or list of ints (axes counted with the batch axis
            as 0) along which `alpha` is shared, e.g. `[1, 2]` for one
            slope per channel of `(batch, height, width, channels)` maps.

    Input shape: any, batch first. Output shape: the input shape.
    """

    def __init__(
        self,
        alpha_initializer="Zeros",
        alpha_regularizer=None,
        alpha_constraint=None,
        shared_axes=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        else:
            axes = (
                list(shared_axes)
                if isinstance(shared_axes, (list, tuple))
                else [shared_axes]
            )
            if not all(
                isinstance(a, int) and not isinstance(a, bool) and a >= 1
                for a in axes
            ):
                raise ValueError(
                    "Argument `shared_axes` of a PReLU layer must be an int "
                    "or a list of ints >= 1 (axis 0 is the batch axis). "
                    f"Received: shared_axes={shared_axes}"
                )
            self.shared_axes = axes
        self.supports_masking = True

    def build(self, input_shape):
        param_shape = list(input_shape[1:])
        if self.shared_axes is not None:
            for axis in self.shared_axes:
                if axis >= len(input_shape):
                    raise ValueError(
                        f"Layer '{self.name}': shared axis {axis} is out of "
                        f"range for inputs of shape {tuple(input_shape)}. "
                        f"Received: shared_axes={self.shared_axes}"
                    )
                param_shape[axis - 1] = 1
        self.alpha = self.add_weight(
            shape=param_shape,
            name="alpha",
            initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer,
            constraint=self.alpha_constraint,
        )
        axes = {}
        if self.shared_axes:
            for i in range(1, len(input_shape)):
                if i not in self.shared_axes:
                    axes[i] = input_shape[i]
        self.input_spec = InputSpec(ndim=len(input_shape), axes=axes)
        self.built = True

    def call(self, inputs):
        positive = ops.relu(inputs)
        negative = ops.multiply(-self.alpha.value, ops.relu(-inputs))
        return positive + negative

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "alpha_initializer": initializers.serialize(
                    self.alpha_initializer
                ),
                "alpha_regularizer": regularizers.serialize(
                    self.alpha_regularizer
                ),
                "alpha_constraint": constraints.serialize(
                    self.alpha_constraint
                ),
                "shared_axes": self.shared_axes,
            }
        )
        return config
