"""Keras 3 arguments: get_device_count, ModelParallel(auto_shard_dataset=),
Variable(layout=)."""

import jax
import numpy as np

import kerax
from kerax import distribution


def test_get_device_count():
    assert distribution.get_device_count("cpu") == jax.device_count("cpu")
    assert distribution.get_device_count() == jax.device_count()


def test_model_parallel_auto_shard_dataset():
    mesh = distribution.DeviceMesh((1,), ["model"], jax.devices()[:1])
    layout_map = distribution.LayoutMap(mesh)
    assert distribution.ModelParallel(layout_map=layout_map).auto_shard_dataset
    assert not distribution.ModelParallel(
        layout_map=layout_map, auto_shard_dataset=False).auto_shard_dataset


def test_variable_layout_places_values():
    sharding = jax.sharding.SingleDeviceSharding(jax.devices()[0])
    v = kerax.Variable(np.ones(2), layout=sharding)
    assert v.value.sharding == sharding
    v.assign(np.zeros(2))
    assert v.value.sharding == sharding
    mesh = distribution.DeviceMesh((1,), ["batch"], jax.devices()[:1])
    w = kerax.Variable(np.ones((2, 2)),
                       layout=distribution.TensorLayout([None, None], mesh))
    assert w.numpy().tolist() == [[1.0, 1.0], [1.0, 1.0]]
