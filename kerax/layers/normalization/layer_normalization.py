"""`LayerNormalization`: normalizes each sample over its feature axes.

>>> import numpy as np
>>> layer = LayerNormalization(epsilon=0.0)
>>> np.asarray(layer(np.array([[1.0, 3.0]]))).tolist()
[[-1.0, 1.0]]
"""

import warnings

from kerax import constraints, initializers, ops, regularizers
from kerax.layers.layer import Layer


class LayerNormalization(Layer):
    """`gamma * (x - mean) / sqrt(var + epsilon) + beta`, the moments taken
    per sample over `axis`; `gamma`/`beta` have the shape of those axes.
    The same computation in training and inference.

    Args:
        axis: int or list of ints, the axes to normalize (default -1).
        epsilon: small float added to the variance (default 1e-3).
        center: add the learned offset `beta` (default True).
        scale: multiply by the learned `gamma` (default True).
        rms_scaling: deprecated Keras 3 option: `x / sqrt(var + epsilon) *
            gamma` (no centering, no `beta`); warns, as in Keras. Prefer
            `RMSNormalization`.
        beta_initializer, gamma_initializer: defaults zeros, ones.
        beta_regularizer, gamma_regularizer: optional regularizers.
        beta_constraint, gamma_constraint: optional constraints.

    Input shape: any. Output shape: the input shape.
    """

    def __init__(
        self,
        axis=-1,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer="zeros",
        gamma_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        **kwargs,
    ):
        rms_scaling = kwargs.pop("rms_scaling", False)
        if rms_scaling:
            warnings.warn(
                "You passed `rms_scaling=True`, which is deprecated. This "
                "argument incorrectly scales the input by the variance, not "
                "the root mean square. To correctly use RMS Normalization, "
                "please use `kerax.layers.RMSNormalization` instead.",
                stacklevel=2,
            )
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            if not axis or not all(
                isinstance(a, int) and not isinstance(a, bool) for a in axis
            ):
                raise ValueError(
                    "Expected an int or a non-empty list/tuple of ints for "
                    f"the argument `axis`. Received: axis={axis}"
                )
            axis = list(axis)
        elif isinstance(axis, bool) or not isinstance(axis, int):
            raise ValueError(
                "Expected an int or a list/tuple of ints for the argument "
                f"`axis`. Received: axis={axis}"
            )
        if float(epsilon) < 0.0:
            raise ValueError(
                "Argument `epsilon` must be a non-negative float. "
                f"Received: epsilon={epsilon}"
            )
        self.axis = axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.rms_scaling = rms_scaling
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.autocast = False

    def _axes(self, rank):
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        for axis in axes:
            if not -rank <= axis < rank:
                raise ValueError(
                    f"Layer '{self.name}': axis {axis} is out of bounds for "
                    f"an input of rank {rank}. Received: axis={self.axis}"
                )
        return sorted(axes)

    def build(self, input_shape):
        axes = self._axes(len(input_shape))
        shape = tuple(input_shape[a] for a in axes)
        if None in shape:
            raise ValueError(
                f"Layer '{self.name}': the normalized axes must have known "
                f"sizes. Received: input_shape={tuple(input_shape)}, "
                f"axis={self.axis}"
            )
        if isinstance(self.axis, list):
            self.axis = axes
        self.gamma = None
        self.beta = None
        if self.scale or self.rms_scaling:
            self.gamma = self.add_weight(
                name="gamma",
                shape=shape,
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
                trainable=True,
                autocast=False,
            )
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight(
                name="beta",
                shape=shape,
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
                trainable=True,
                autocast=False,
            )
        self.built = True

    def call(self, inputs):
        outputs = ops.layer_normalization(
            inputs,
            self.gamma,
            self.beta,
            self._axes(len(inputs.shape)),
            self.epsilon,
            rms_scaling=self.rms_scaling,
        )
        return ops.cast(outputs, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        self._axes(len(input_shape))
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "axis": self.axis,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
                "rms_scaling": self.rms_scaling,
                "beta_initializer": initializers.serialize(
                    self.beta_initializer
                ),
                "gamma_initializer": initializers.serialize(
                    self.gamma_initializer
                ),
                "beta_regularizer": regularizers.serialize(
                    self.beta_regularizer
                ),
                "gamma_regularizer": regularizers.serialize(
                    self.gamma_regularizer
                ),
                "beta_constraint": constraints.serialize(
                    self.beta_constraint
                ),
                "gamma_constraint": constraints.serialize(
                    self.gamma_constraint
                ),
            }
        )
        return config
