import numpy as np

import kerax
from kerax.engine import (
    base_layer,
    input_layer,
    network,
    sequential,
    topology,
    training,
)


def test_engine_names_are_the_kerax_objects():
    from kerax.core.node import Node
    from kerax.models.functional import Functional

    assert topology.Layer is kerax.layers.Layer is base_layer.Layer
    assert topology.InputSpec is kerax.layers.InputSpec
    assert topology.Node is Node is base_layer.Node
    assert topology.Network is Functional is network.Network
    assert input_layer.Input is kerax.Input
    assert input_layer.InputLayer is kerax.layers.InputLayer
    assert training.Model is kerax.Model is kerax.engine.Model
    assert sequential.Sequential is kerax.Sequential
    assert kerax.engine.get_source_inputs is kerax.utils.get_source_inputs


def test_network_builds_a_graph_model():
    x = kerax.Input((3,))
    net = topology.Network(x, kerax.layers.Dense(2)(x))
    assert net.predict(np.ones((1, 3)), verbose=0).shape == (1, 2)
