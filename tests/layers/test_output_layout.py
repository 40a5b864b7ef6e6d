"""Layer outputs looked up in the distribution by Keras 3's paths
(`<scopes>/<layer>/output`) and constrained to the layout found (the
8-device check of the placement is in tests/distribution/
test_model_parallel.py)."""

from __future__ import annotations

import jax
import numpy as np
import pytest

import kerax
from kerax import layers
from kerax.distribution import (
    DeviceMesh,
    LayoutMap,
    ModelParallel,
    set_distribution,
)
from kerax.layers.output_layout import constrain_outputs


def _paths_seen(lib, make_distribution):
    """Paths each library asks `get_tensor_layout` for in `fit` and
    `predict` of a Sequential with a nested layer."""
    seen = []

    class Recording(make_distribution):
        def get_tensor_layout(self, path):
            seen.append(path)
            return None

    mesh = lib.distribution.DeviceMesh((1,), ["batch"],
                                       lib.distribution.list_devices()[:1])

    class Block(lib.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.inner = lib.layers.Dense(3, name="inner")

        def call(self, x):
            return self.inner(x)

    lib.distribution.set_distribution(Recording(
        layout_map=lib.distribution.LayoutMap(mesh), batch_dim_name="batch"))
    try:
        model = lib.Sequential([lib.Input((4,)), lib.layers.Dense(4, name="d1"),
                                Block(name="blk")], name="seq")
        model.compile("sgd", "mse")
        model.predict(np.ones((4, 4)), verbose=0)
        lib.layers.Dense(2, name="solo")(np.ones((2, 2)))
    finally:
        lib.distribution.set_distribution(None)
    return sorted(set(seen))


def test_output_paths_match_keras(keras):
    ours = _paths_seen(kerax, ModelParallel)
    theirs = _paths_seen(keras, keras.distribution.ModelParallel)
    # Keras asks for the model's own "seq/output" in fit but not in
    # predict; kerax asks in both. Every layer's path agrees.
    assert set(ours) - {"seq/output"} == set(theirs) - {"seq/output"}
    assert "seq/blk/inner/output" in ours and "solo/output" in ours


def _one_device_map(key, axes):
    mesh = DeviceMesh((1,), ["batch"], jax.devices()[:1])
    layout_map = LayoutMap(mesh)
    layout_map[key] = axes
    return ModelParallel(layout_map=layout_map, batch_dim_name="batch")


def test_matching_output_is_constrained_in_the_trace():
    set_distribution(_one_device_map("d1/output", ("batch", None)))
    try:
        layer = layers.Dense(2, name="d1")
        text = str(jax.make_jaxpr(layer)(np.ones((4, 3), "float32")))
        other = layers.Dense(2, name="other")
        untouched = str(jax.make_jaxpr(other)(np.ones((4, 3), "float32")))
    finally:
        set_distribution(None)
    assert "sharding_constraint" in text
    assert "sharding_constraint" not in untouched


def test_no_distribution_or_data_parallel_leaves_outputs_alone():
    x = np.ones((2, 3), "float32")
    assert constrain_outputs(x) is x
    set_distribution(kerax.distribution.DataParallel(
        devices=jax.devices()[:1]))
    try:
        assert constrain_outputs(x) is x
    finally:
        set_distribution(None)


def test_layout_of_another_rank_names_the_output():
    set_distribution(_one_device_map("d1/output", ("batch", None, None)))
    try:
        with pytest.raises(ValueError, match=r"d1/output.*\(4, 2\)"):
            layers.Dense(2, name="d1")(np.ones((4, 3), "float32"))
    finally:
        set_distribution(None)
