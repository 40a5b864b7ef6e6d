"""kerax.layers.metric_hooks: Layer.metrics and Keras 2's add_metric reach
kerax.metrics (a package above layers) through the registration point it
fills when imported."""

import numpy as np

import kerax
from kerax.layers import metric_hooks


class _Holder(kerax.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.tracker = kerax.metrics.Mean(name="tracked")
        self.plain = 3.0

    def call(self, x):
        self.add_metric(np.float32(2.0), name="added")
        return x


def test_metrics_are_recognised_and_add_metric_makes_a_mean():
    assert metric_hooks.is_metric(kerax.metrics.AUC())
    assert not metric_hooks.is_metric(kerax.layers.Dense(1))
    layer = _Holder()
    layer(np.ones((2, 1), "float32"))
    names = [m.name for m in layer.metrics]
    assert names == ["added", "tracked"]
    added = layer.metrics[0]
    assert isinstance(added, kerax.metrics.Mean)
    assert float(added.result()) == 2.0
