"""The "tf_saved_model" format: a TensorFlow SavedModel through jax2tf.

Only available when TensorFlow is installed; otherwise
`require_tensorflow()` raises an error naming the formats that need no
TensorFlow ("onnx" and "jax").

>>> import importlib.util
>>> if importlib.util.find_spec("tensorflow") is None:
...     try:
...         require_tensorflow()
...     except ImportError as error:
...         print("format='onnx'" in str(error))
... else:
...     print(True)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import jax
import numpy as np

from kerax.export.endpoint import Endpoint, dim_symbols


def require_tensorflow() -> Any:
    """Returns the `tensorflow` module, or raises ImportError naming the
    TensorFlow-free formats."""
    try:
        import tensorflow as tf
    except ImportError as error:
        raise ImportError(
            "format='tf_saved_model' needs TensorFlow, which is not "
            "installed. Export without TensorFlow with format='onnx' (ONNX, "
            "`pip install kerax[onnx]`) or format='jax' (StableHLO, loaded "
            "with `kerax.export.load`), or `pip install tensorflow`."
        ) from error
    return tf


def _polymorphic_shapes(endpoint: Endpoint) -> Any:
    flat = [f"({', '.join(str(d) for d in dims)})"
            for dims in dim_symbols(endpoint.specs)]
    return jax.tree_util.tree_unflatten(endpoint.in_tree, flat)


def _bind_weights(fn: Any, weights: list) -> Any:
    def serve(*args):
        return fn(weights, *args)

    return serve


def write_saved_model(
    filepath: str,
    endpoints: Sequence[Endpoint],
    variables: Sequence[Any],
    collections: dict[str, Sequence[Any]],
    jax2tf_kwargs: dict[str, dict],
    options: Any = None,
) -> None:
    """Writes the endpoints as `tf.function`s of one `tf.Module`, each
    reading the module's `tf.Variable`s."""
    tf = require_tensorflow()
    from jax.experimental import jax2tf

    module = tf.Module()
    index = {id(v): i for i, v in enumerate(variables)}
    tf_vars = [tf.Variable(np.asarray(v.numpy()), trainable=bool(
        getattr(v, "trainable", False)), name=f"v{i}")
        for i, v in enumerate(variables)]
    module.kerax_variables = tf_vars
    signatures = {}
    for endpoint in endpoints:
        own = [tf_vars[index[id(v)]] for v in endpoint.variables]
        options_ = dict(jax2tf_kwargs.get(endpoint.name) or {})
        options_.setdefault("polymorphic_shapes",
                            [None, *_polymorphic_shapes(endpoint)])
        converted = jax2tf.convert(endpoint.pure_function(), **options_)
        flat_sig = [tf.TensorSpec(s.shape, tf.as_dtype(s.dtype), name=n)
                    for s, n in zip(endpoint.specs, endpoint.input_names())]
        input_signature = jax.tree_util.tree_unflatten(
            endpoint.in_tree, flat_sig)

        tf_fn = tf.function(_bind_weights(converted, own),
                            input_signature=input_signature, autograph=False)
        setattr(module, endpoint.name, tf_fn)
        flat = jax.tree_util.tree_structure([0] * len(endpoint.specs))
        if endpoint.in_tree == flat:
            # Serving signatures take flat tensors only; nested inputs
            # stay available as the module's method.
            signatures[endpoint.name] = tf_fn.get_concrete_function()
    for name, members in collections.items():
        setattr(module, name, [tf_vars[index[id(v)]] for v in members])
    if signatures and "serving_default" not in signatures:
        signatures["serving_default"] = next(iter(signatures.values()))
    tf.saved_model.save(module, filepath, signatures=signatures,
                        options=options)
