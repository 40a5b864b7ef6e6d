"""`Wrapper`: Keras 2's base class of layers that wrap another layer
(`keras.layers.Wrapper`; kerax's `TimeDistributed` and `Bidirectional`
are written directly on `Layer`).

>>> from kerax.layers import Dense
>>> Wrapper(Dense(2)).layer.units
2
"""

from kerax.layers.layer import Layer
from kerax.layers.rnn.rnn_utils import deserialize_layer, serialize_layer


class NotALayerError(TypeError, ValueError):
    """`Wrapper(layer)` got something that is not a `Layer` (a TypeError,
    and a ValueError as Keras 3 raises)."""


class Wrapper(Layer):
    """Base of a layer that wraps `layer`; subclasses write `call` (and
    `compute_output_shape` when it differs).

    The wrapped layer is tracked as a sublayer, so its weights are the
    wrapper's. `build(input_shape)` builds the wrapped layer with the same
    shape unless it is built already. The config stores the wrapped layer
    under `"layer"`.

    Args:
        layer: a `Layer` instance.
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise NotALayerError(
                "Argument `layer` of Wrapper must be a `Layer` instance. "
                f"Received: layer={layer!r}")
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape=None):
        if not self.layer.built:
            self.layer.build(input_shape)
            self.layer.built = True
        self.built = True

    def get_config(self):
        config = super().get_config()
        config["layer"] = serialize_layer(self.layer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        layer = deserialize_layer(config.pop("layer"), custom_objects)
        return cls(layer, **config)
