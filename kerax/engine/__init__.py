"""Keras 2's `keras.engine` paths: `topology`, `base_layer`,
`input_layer`, `network`, `training`, `sequential` and `saving`, each
naming the kerax objects that carry those Keras 2 names.

>>> from kerax.engine.topology import Network, Layer
>>> Layer.__module__
'kerax.layers.layer'
"""

from kerax.core.lazy_exports import lazy_exports

_EXPORTS = {
    "kerax.layers": "Input InputLayer InputSpec Layer",
    "kerax.models": "Model",
    "kerax.utils.graph_utils": "get_source_inputs",
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
