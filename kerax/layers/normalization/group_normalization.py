"""`GroupNormalization`: normalizes groups of channels per sample.

>>> import numpy as np
>>> layer = GroupNormalization(groups=2)
>>> layer(np.ones((1, 3, 4))).shape
(1, 3, 4)
>>> [(w.name, w.shape) for w in layer.weights]
[('gamma', (4,)), ('beta', (4,))]
"""

import jax.numpy as jnp

from kerax import constraints, initializers, ops, regularizers
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer


class GroupNormalization(Layer):
    """Group normalization.

    The channels (`axis`) are split into `groups` groups; each sample's
    group is normalized to zero mean and unit variance over its channels
    and every other non-batch axis, then scaled by `gamma` and shifted by
    `beta` (one value per channel). `groups=-1` gives instance
    normalization, `groups=1` layer normalization over all axes.
    Statistics are computed in float32 at least.

    Args:
        groups: positive int dividing the number of channels, or -1 for
            one group per channel (default 32).
        axis: int, the channels axis (default -1).
        epsilon: small float added to the variance (default 1e-3).
        center: add the learned offset `beta` (default True).
        scale: multiply by the learned `gamma` (default True).
        beta_initializer, gamma_initializer: defaults `"zeros"`, `"ones"`.
        beta_regularizer, gamma_regularizer: optional regularizers.
        beta_constraint, gamma_constraint: optional constraints.

    Input shape: any, batch first. Output shape: the input shape.
    """

    def __init__(
        self,
        groups=32,
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
        if (
            not isinstance(groups, int)
            or isinstance(groups, bool)
            or (groups <= 0 and groups != -1)
        ):
            raise ValueError(
                "Received an invalid value for argument `groups`, expected "
                "a positive integer (or `-1` for instance normalization). "
                f"Received: groups={groups}"
            )
        if not isinstance(axis, int) or isinstance(axis, bool):
            raise ValueError(
                "Argument `axis` of GroupNormalization must be an int. "
                f"Received: axis={axis}"
            )
        super().__init__(**kwargs)
        self.supports_masking = True
        self.autocast = False
        self.groups = groups
        self.axis = axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)

    def _channel_axis(self, ndim):
        if not -ndim <= self.axis < ndim:
            raise ValueError(
                f"Axis {self.axis} is out of bounds for input shape of rank "
                f"{ndim}. Received: axis={self.axis}"
            )
        return self.axis % ndim

    def _num_groups(self, channels):
        return channels if self.groups == -1 else self.groups

    def build(self, input_shape):
        axis = self._channel_axis(len(input_shape))
        dim = input_shape[axis]
        if dim is None:
            raise ValueError(
                f"Axis {self.axis} of input tensor should have a defined "
                "dimension but the layer received an input with shape "
                f"{tuple(input_shape)}."
            )
        groups = self._num_groups(dim)
        if dim < groups:
            raise ValueError(
                f"Number of groups ({groups}) cannot be more than the "
                f"number of channels ({dim}). Received: groups={self.groups}"
            )
        if dim % groups != 0:
            raise ValueError(
                f"Number of groups ({groups}) must divide the number of "
                f"channels ({dim}). Received: groups={self.groups}"
            )
        self.input_spec = InputSpec(ndim=len(input_shape), axes={axis: dim})
        self.gamma = None
        self.beta = None
        if self.scale:
            self.gamma = self.add_weight(
                shape=(dim,),
                name="gamma",
                initializer=self.gamma_initializer,
                regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint,
                autocast=False,
            )
        if self.center:
            self.beta = self.add_weight(
                shape=(dim,),
                name="beta",
                initializer=self.beta_initializer,
                regularizer=self.beta_regularizer,
                constraint=self.beta_constraint,
                autocast=False,
            )
        self.built = True

    def call(self, inputs):
        ndim = len(inputs.shape)
        axis = self._channel_axis(ndim)
        channels = inputs.shape[axis]
        groups = self._num_groups(channels)
        # (batch, ..., groups, channels // groups, ...)
        grouped_shape = list(inputs.shape)
        grouped_shape[axis : axis + 1] = [groups, channels // groups]
        x = ops.reshape(inputs, grouped_shape)
        x = ops.cast(x, _stats_dtype(inputs.dtype))
        reduce_axes = [i for i in range(1, ndim + 1) if i != axis]
        mean, variance = ops.moments(x, axes=reduce_axes, keepdims=True)
        inv = ops.rsqrt(variance + self.epsilon)
        param_shape = [1] * (ndim + 1)
        param_shape[axis : axis + 2] = [groups, channels // groups]
        if self.gamma is not None:
            inv = inv * ops.cast(
                ops.reshape(self.gamma.value, param_shape), x.dtype
            )
        offset = -mean * inv
        if self.beta is not None:
            offset = offset + ops.cast(
                ops.reshape(self.beta.value, param_shape), x.dtype
            )
        outputs = ops.cast(x * inv + offset, inputs.dtype)
        outputs = ops.reshape(outputs, inputs.shape)
        return ops.cast(outputs, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        self._channel_axis(len(input_shape))
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "groups": self.groups,
                "axis": self.axis,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
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
                "beta_constraint": constraints.serialize(self.beta_constraint),
                "gamma_constraint": constraints.serialize(
                    self.gamma_constraint
                ),
            }
        )
        return config


def _stats_dtype(dtype):
    return jnp.promote_types(dtype, "float32")
