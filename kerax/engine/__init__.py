"""Keras 2's `keras.engine` paths: `topology`, `base_layer`,
`input_layer`, `network`, `training`, `sequential` and `saving`, each
naming the kerax objects that carry those Keras 2 names.

>>> from kerax.engine.topology import Network, Layer
>>> Layer.__module__
'kerax.layers.layer'
"""

import importlib

from kerax.core.lazy_exports import lazy_exports

_EXPORTS = {
    "kerax.layers": "Input InputLayer InputSpec Layer",
    "kerax.models": "Model",
    "kerax.utils.graph_utils": "get_source_inputs",
}

_SUBMODULES = frozenset({
    "base_layer", "input_layer", "network", "saving", "sequential",
    "topology", "training",
})

_export_getattr, _export_dir = lazy_exports(globals(), _EXPORTS)


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    return _export_getattr(name)


def __dir__():
    return sorted(set(_export_dir()) | _SUBMODULES)
