"""Keras 2's `keras.engine.topology` path: the graph classes
(`Network` is kerax's `Functional`).
"""

from kerax.core.lazy_exports import lazy_exports

_EXPORTS = {
    "kerax.layers": "Input InputLayer InputSpec Layer",
    "kerax.models.functional": "Network=Functional",
    "kerax.core.node": "Node",
    "kerax.utils.graph_utils": "get_source_inputs",
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
