"""`kerax.layers.serialize` / `deserialize` (Keras's names).

>>> from kerax import layers
>>> config = layers.serialize(layers.Dense(2, name="d"))
>>> config["class_name"], config["config"]["units"]
('Dense', 2)
>>> layers.deserialize(config).units
2
"""

from __future__ import annotations


def serialize(layer):
    """The Keras 3 config dict of `layer` (`class_name`, `config`, ...)."""
    from kerax.saving.serialization import serialize_keras_object

    return serialize_keras_object(layer)


def deserialize(config, custom_objects=None):
    """Rebuilds a layer from `serialize`'s dict (or a Keras 2 one)."""
    from kerax.saving.serialization import deserialize_keras_object

    return deserialize_keras_object(config, custom_objects=custom_objects)
