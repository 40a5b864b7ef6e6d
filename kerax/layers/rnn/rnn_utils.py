"""Helpers shared by the recurrent layers and wrappers (private).

- `build_sublayer`: builds a wrapped layer or cell inside the owner's name
  scope, so its weights get Keras's paths (`lstm/lstm_cell/kernel`).
- `serialize_layer` / `deserialize_layer`: Keras's nested layer config
  (`{"module": "keras.layers", "class_name": ..., "config": ...}`).
- `StateSlot`: lets an RNN keep its `stateful` states as tracked
  non-trainable variables that are not weights (see `RNN`).

>>> from kerax.layers import Dense
>>> config = serialize_layer(Dense(2, name="d"))
>>> config["class_name"], deserialize_layer(config).units
('Dense', 2)
"""

from __future__ import annotations

import inspect

from kerax.layers.call_context import name_scope, name_scope_path


def build_sublayer(layer, input_shape):
    """Builds `layer` (once) with `input_shape` under the current scope."""
    if getattr(layer, "built", True):
        return
    layer._path = name_scope_path(layer.name)
    with name_scope(layer.name):
        layer.build(input_shape)
    layer.built = True
    if hasattr(layer, "_build_shapes_dict"):
        return
    layer._build_shapes_dict = {"input_shape": input_shape}
    if hasattr(layer, "_apply_initial_weights"):
        layer._apply_initial_weights()


def serialize_layer(layer):
    """Keras 3's nested config of a layer (or cell)."""
    return {
        "module": "keras.layers",
        "class_name": type(layer).__name__,
        "config": layer.get_config(),
        "registered_name": None,
    }


def deserialize_layer(config, custom_objects=None):
    """A layer from `serialize_layer`'s dict (Keras 2 or 3 layout), or the
    argument itself when it is already a layer."""
    if not isinstance(config, dict):
        return config
    import kerax.layers as layers_module

    class_name = config.get("class_name")
    custom_objects = custom_objects or {}
    cls = custom_objects.get(class_name)
    if cls is None and config.get("registered_name"):
        cls = custom_objects.get(config["registered_name"])
    if cls is None:
        cls = getattr(layers_module, str(class_name), None)
    if cls is None or not inspect.isclass(cls):
        raise ValueError(
            f"Could not locate class '{class_name}'. Make sure custom "
            "classes are passed in `custom_objects`. "
            f"Received: config={config}"
        )
    inner = dict(config.get("config", {}))
    params = inspect.signature(cls.from_config).parameters
    if "custom_objects" in params:
        return cls.from_config(inner, custom_objects=custom_objects)
    return cls.from_config(inner)


class StateSlot:
    """Presents an RNN state Variable as `.state`, like a SeedGenerator, so
    `Layer` tracks it as non-trainable state that is not a weight (Keras
    keeps RNN states out of `weights` and weight files)."""

    def __init__(self, variable):
        self.state = variable
