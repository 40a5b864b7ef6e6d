"""`kerax.layers.serialize` / `deserialize` (Keras's names), made by the
family factory (`kerax.core.registry`); layers use kerax.saving's
general codec, which also writes build configs.

>>> from kerax import layers
>>> config = layers.serialize(layers.Dense(2, name="d"))
>>> config["class_name"], config["config"]["units"]
('Dense', 2)
>>> layers.deserialize(config).units
2
"""

from __future__ import annotations

from kerax.core.registry import LAYERS, make_api

_, serialize, deserialize = make_api(LAYERS, __name__, "layer")
