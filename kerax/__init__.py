"""kerax: Keras, rebuilt on JAX.

>>> import kerax
>>> model = kerax.Sequential([kerax.Input((4,)), kerax.layers.Dense(2)])
>>> model.count_params()
10
"""

import functools
import importlib
import sys

from kerax import (
    activations,
    applications,  # registers its Keras classes with kerax.saving
    config,
    constraints,
    dtype_policies,  # fills kerax.core.dtype_policy (quantized policies)
    initializers,
    layers,
    losses,  # its functions are the metrics' fallback (core.registry)
    metrics,  # fills kerax.layers.metric_hooks (Layer.metrics, add_metric)
    models,
    ops,
    random,
    regularizers,
    utils,
)
from kerax.core.keras_tensor import KerasTensor
from kerax.core.lazy_exports import lazy_exports
from kerax.core.scope import StatelessScope
from kerax.core.variable import Variable

# The packages above kerax.models fill its registration points when
# imported (kerax.models.provided; docs/architecture.md, "Layers of the
# package").
from kerax.engine import saving as _engine_saving  # Model.to_yaml
from kerax.export import model_hook as _export_model_hook  # Model.export

# Importing the op layer fills kerax.graph.dispatch's hooks: ops and
# KerasTensor operators on symbolic tensors record OpLayer nodes.
from kerax.graph import op_layer as _graph_op_layer
from kerax.layers import Input, InputLayer, InputSpec, Layer
from kerax.layers.core import lambda_layer as _lambda_layer
from kerax.models import Model, Sequential
from kerax.saving import model_methods as _saving_methods  # Model.save ...
from kerax.saving import serialization as _saving_serialization
from kerax.support.compilation_cache import install_default as _install_cache
from kerax.support.version import __version__

_install_cache()  # persistent XLA compilation cache, before any fit/predict

# Saved configs name classes of Keras families above kerax.saving: it looks
# them up in these namespaces (imported on first use).
_saving_serialization.register_namespace("", lambda: sys.modules[__name__])
_saving_serialization.register_namespace("utils", lambda: utils)
_saving_serialization.register_namespace(
    "distillation",
    functools.partial(importlib.import_module, "kerax.distillation"))
# The code of loaded Lambda layers sees this package as `kerax`/`keras`.
_lambda_layer.set_package(importlib.import_module(__name__))

# Imported on first use, to keep `import kerax` fast (optax, h5py, ...).
_LAZY_SUBMODULES = frozenset({
    "applications", "backend", "callbacks", "datasets", "distribution",
    "export",
    "mixed_precision", "optimizers", "preprocessing",
    "saving", "testing", "quantizers",
    "visualization",
    "distillation", "tree",
    # Keras 2 paths.
    "engine", "legacy", "objectives", "wrappers",
})


# Base classes Keras exports at the top level, from lazily imported modules.
_export_getattr, _export_dir = lazy_exports(globals(), {
    "kerax.core.dtype_policy": "DTypePolicy FloatDTypePolicy",
    "kerax.core.device": "device",
    "kerax.core.operation": "Operation",
    "kerax.graph.function": "Function",
    "kerax.core.remat": "RematScope remat",
    "kerax.core.symbolic_scope": "SymbolicScope",
    "kerax.layers.call_context": "name_scope",
    "kerax.initializers": "Initializer",
    "kerax.losses": "Loss",
    "kerax.metrics": "Metric",
    "kerax.optimizers": "Optimizer",
    "kerax.quantizers": "Quantizer",
    "kerax.regularizers": "Regularizer",
})


def __getattr__(name):
    if name in _LAZY_SUBMODULES:
        module = importlib.import_module(f"kerax.{name}")
        globals()[name] = module
        return module
    return _export_getattr(name)


def __dir__():
    return sorted(set(_export_dir()) | _LAZY_SUBMODULES)



def version():
    """kerax's version string (Keras 3 exposes `version()` as a function).

    >>> import kerax
    >>> kerax.version() == kerax.__version__
    True
    """
    return __version__
