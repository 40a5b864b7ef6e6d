"""`Pipeline`: applies a list of preprocessing layers in sequence.

>>> import numpy as np
>>> from kerax.layers import RandomInvert, AutoContrast
>>> pipe = Pipeline([RandomInvert(1.0, seed=1), AutoContrast()])
>>> pipe(np.full((1, 2, 2, 1), 5.0)).shape
(1, 2, 2, 1)
"""

from kerax.core.object_codec import (
    deserialize_keras_object,
    serialize_keras_object,
)
from kerax.layers.layer import Layer


class Pipeline(Layer):
    """Calls each of `layers` on the previous one's output.

    Unlike `Sequential` it is a layer, not a model: use it for
    augmentation stacks inside a model or on data. `training` is passed to
    the layers that take it (so random layers are the identity at
    inference); inputs may be tensors or `{"images", "labels"}` dicts.

    Args:
        layers: a list of layers.
        name: the layer's name.
    """

    def __init__(self, layers, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if not isinstance(layers, (list, tuple)) or not all(
            isinstance(layer, Layer) for layer in layers
        ):
            raise ValueError(
                "Pipeline: `layers` must be a list of layers. Received: "
                f"layers={layers!r}"
            )
        self._pipeline_layers = list(layers)

    @property
    def layers(self):
        return self._pipeline_layers

    def call(self, inputs, training=True):
        for layer in self._pipeline_layers:
            if layer._call_has_training_arg:
                inputs = layer(inputs, training=training)
            else:
                inputs = layer(inputs)
        return inputs

    def compute_output_shape(self, input_shape):
        for layer in self._pipeline_layers:
            input_shape = layer.compute_output_shape(input_shape)
        return input_shape

    def get_config(self):
        return {"name": self.name,
                "layers": [serialize_keras_object(layer)
                           for layer in self._pipeline_layers]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        layers = config.get("layers")
        if not isinstance(layers, (list, tuple)):
            raise ValueError(
                "Pipeline: the config needs a `layers` list of serialized "
                f"layers. Received: layers={layers!r}"
            )
        config = dict(config)
        config["layers"] = [
            deserialize_keras_object(layer, custom_objects=custom_objects)
            for layer in layers
        ]
        return cls(**config)
