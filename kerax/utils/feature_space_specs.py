"""The feature and cross specifications of `FeatureSpace`: `Feature`,
`Cross` and the pass-through preprocessor of plain float features.

>>> Cross(("a", "b"), crossing_dim=8).name
'a_X_b'
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax.layers.layer import Layer

# Where Keras defines these classes: the `module` of their saved configs.
_KERAS_MODULE = "keras.src.layers.preprocessing.feature_space"


class TFDIdentity(Layer):
    """The preprocessor of `FeatureSpace.float` features: casts the values
    to its dtype (float32), nothing else (Keras's class of this name).

    >>> TFDIdentity(dtype="float32")(jnp.array([[1]])).dtype
    dtype('float32')
    """

    _keras_module = _KERAS_MODULE

    def call(self, inputs):
        return jnp.asarray(inputs).astype(self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)


def _deserialize(config):
    """A `Feature`, `Cross` or layer from its serialized dict."""
    name = config.get("class_name") if isinstance(config, dict) else None
    if name == "Feature":
        return Feature.from_config(config["config"])
    if name == "Cross":
        return Cross.from_config(config["config"])
    if name == "TFDIdentity":
        return TFDIdentity.from_config(config["config"])
    from kerax.saving.serialization import deserialize_keras_object

    return deserialize_keras_object(config)


class Cross:
    """A cross of features, hashed into `crossing_dim` bins.

    Args:
        feature_names: The crossed features (two or more).
        crossing_dim: Number of hash bins.
        output_mode: `"one_hot"` (default) or `"int"`.
    """

    _keras_module = _KERAS_MODULE

    def __init__(self, feature_names, crossing_dim, output_mode="one_hot"):
        if output_mode not in ("int", "one_hot"):
            raise ValueError(
                "Cross: `output_mode` must be 'int' or 'one_hot'. "
                f"Received: output_mode={output_mode!r}"
            )
        self.feature_names = tuple(feature_names)
        self.crossing_dim = crossing_dim
        self.output_mode = output_mode

    @property
    def name(self):
        return "_X_".join(self.feature_names)

    def get_config(self):
        return {
            "feature_names": self.feature_names,
            "crossing_dim": self.crossing_dim,
            "output_mode": self.output_mode,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class Feature:
    """One input feature: its input `dtype`, the `preprocessor` layer that
    encodes it, and `output_mode` (`"int"`, `"one_hot"` or `"float"`).

    >>> from kerax.layers import Hashing
    >>> Feature("string", Hashing(num_bins=4), "one_hot").output_mode
    'one_hot'
    """

    _keras_module = _KERAS_MODULE

    def __init__(self, dtype, preprocessor, output_mode):
        if output_mode not in ("int", "one_hot", "float"):
            raise ValueError(
                "Feature: `output_mode` must be 'int', 'one_hot' or "
                f"'float'. Received: output_mode={output_mode!r}"
            )
        if isinstance(preprocessor, dict):
            preprocessor = _deserialize(preprocessor)
        self.dtype = dtype
        self.preprocessor = preprocessor
        self.output_mode = output_mode

    def get_config(self):
        from kerax.saving.serialization import serialize_keras_object

        return {
            "dtype": self.dtype,
            "preprocessor": serialize_keras_object(self.preprocessor),
            "output_mode": self.output_mode,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)
