"""`TimeDistributed`: applies a layer to every timestep of its input.

>>> import numpy as np
>>> from kerax.layers import Dense
>>> layer = TimeDistributed(Dense(4))
>>> layer(np.ones((2, 5, 3), "float32")).shape
(2, 5, 4)
"""

from __future__ import annotations

from jax import tree_util

from kerax import ops
from kerax.layers.layer import Layer
from kerax.layers.rnn.rnn_utils import (
    build_sublayer,
    deserialize_layer,
    serialize_layer,
)


class TimeDistributed(Layer):
    """Applies `layer` to each slice `inputs[:, t]` (same weights for every
    timestep).

    Layers without non-trainable state (Dense, Conv2D, Dropout, ...) run
    once on the input reshaped to `(batch * time, ...)`; layers with state
    that depends on the batch (BatchNormalization) run once per timestep,
    as Keras does.

    Args:
        layer: the layer to apply.

    Input: `(batch, time, ...)` (at least 3D). Output: `(batch, time,
    *layer_output_shape[1:])`. A `(batch, time)` mask is passed on to the
    layer per timestep and returned unchanged.
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                "Please initialize `TimeDistributed` layer with a "
                f"`keras.layers.Layer` instance. Received: {layer}"
            )
        super().__init__(**kwargs)
        self.layer = layer
        self.supports_masking = True

    def _child_input_shape(self, input_shape):
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 3:
            raise ValueError(
                "`TimeDistributed` Layer should be passed an `input_shape` "
                f"with at least 3 dimensions, received: {input_shape}"
            )
        return (input_shape[0], *input_shape[2:])

    def build(self, input_shape):
        build_sublayer(self.layer, self._child_input_shape(input_shape))
        self.built = True

    def compute_output_shape(self, input_shape):
        child = self.layer.compute_output_shape(
            self._child_input_shape(input_shape))
        return (child[0], input_shape[1], *child[1:])

    def call(self, inputs, training=None, mask=None):
        if mask is not None:
            _check_mask(mask, inputs)
        kwargs = {}
        if self.layer._call_has_training_arg and training is not None:
            kwargs["training"] = training
        if self.layer.non_trainable_weights:
            return self._call_per_step(inputs, mask, kwargs)
        batch, steps = inputs.shape[0], inputs.shape[1]
        flat = ops.reshape(inputs, (batch * steps,) + inputs.shape[2:])
        if mask is not None and self.layer._call_has_mask_arg:
            kwargs["mask"] = ops.reshape(
                mask, (batch * steps,) + mask.shape[2:])
        outputs = self.layer(flat, **kwargs)
        return tree_util.tree_map(
            lambda y: ops.reshape(y, (batch, steps) + y.shape[1:]), outputs
        )

    def _call_per_step(self, inputs, mask, kwargs):
        outputs = []
        for t in range(inputs.shape[1]):
            if mask is not None and self.layer._call_has_mask_arg:
                kwargs["mask"] = mask[:, t]
            outputs.append(self.layer(inputs[:, t], **kwargs))
        return ops.stack(outputs, axis=1)

    def get_config(self):
        config = super().get_config()
        config["layer"] = serialize_layer(self.layer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        layer = deserialize_layer(config.pop("layer"), custom_objects)
        return cls(layer, **config)


def _check_mask(mask, inputs):
    if len(mask.shape) < 2:
        raise ValueError(
            "The `mask` passed to the `TimeDistributed` layer must be at "
            "least 2D (e.g., `(batch_size, timesteps)`), but it has "
            f"{len(mask.shape)} dimension(s) with shape {mask.shape}."
        )
    if tuple(mask.shape[:2]) != tuple(inputs.shape[:2]):
        raise ValueError(
            "The `mask` passed to the `TimeDistributed` layer has a shape "
            f"{mask.shape} that is incompatible with the input shape "
            f"{inputs.shape}. The first two dimensions of the mask (batch "
            "size and timesteps) must match the input's first two "
            f"dimensions. Expected mask shape prefix: "
            f"({inputs.shape[0]}, {inputs.shape[1]})."
        )
