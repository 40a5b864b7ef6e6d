"""kerax.core.object_codec: the registration point through which layers
and optimizers (de)serialize nested objects with kerax.saving's codec."""

import numpy as np
import pytest

import kerax
from kerax.core import object_codec


def test_the_codec_is_kerax_saving_s():
    layer = kerax.layers.Dense(3, name="d")
    assert object_codec.serialize_keras_object(layer) == (
        kerax.saving.serialize_keras_object(layer))
    restored = object_codec.deserialize_keras_object(
        object_codec.serialize_keras_object(layer))
    assert isinstance(restored, kerax.layers.Dense) and restored.units == 3


def test_keyword_arguments_reach_the_codec():
    config = kerax.saving.serialize_keras_object(lambda x: x + 1)
    with pytest.raises(Exception, match="safe_mode"):
        object_codec.deserialize_keras_object(config)
    fn = object_codec.deserialize_keras_object(config, safe_mode=False)
    assert fn(np.float32(1.0)) == 2.0


def test_custom_objects_reach_the_codec():
    def halve(x):
        return x / 2

    config = {"module": None, "class_name": "function", "config": "halve",
              "registered_name": "function"}
    assert object_codec.deserialize_keras_object(
        config, custom_objects={"halve": halve}) is halve
