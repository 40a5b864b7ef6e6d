"""Keras 2's `keras.engine.saving` path: model files, configs (JSON and
YAML), pickling through the Keras 2 `.h5` format, and the HDF5 group
helpers Keras 2 exposed.

>>> import kerax
>>> model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
>>> unpickle_model(pickle_model(model)).layers[0].units
1
"""

import functools
import os
import tempfile
import types

import numpy as np

from kerax.core.lazy_exports import lazy_exports
from kerax.models import provided

HDF5_OBJECT_HEADER_LIMIT = 64512

_EXPORTS = {
    "kerax.saving.api": "load_model save_model model_from_json",
    "kerax.saving.legacy_h5": (
        "save_attributes_to_hdf5_group=write_attribute_list "
        "load_attributes_from_hdf5_group=read_attribute_list"
    ),
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)


def model_from_config(config, custom_objects=None):
    """A model (or layer) from its `{"class_name", "config"}` dict, Keras 2
    or Keras 3 layout. A model itself is not a config: TypeError."""
    if not isinstance(config, dict):
        raise TypeError(
            "`model_from_config` expects a config dict such as "
            f"`model.get_config()` wrapped with its class_name. Received: "
            f"config={config!r}")
    from kerax.saving import legacy_config
    from kerax.saving.serialization import deserialize_keras_object

    config = legacy_config.upgrade_model_config(config)
    return deserialize_keras_object(config, custom_objects=custom_objects)


def _yaml():
    try:
        import yaml
    except ImportError:
        raise ImportError(
            "YAML model configs need PyYAML (`pip install pyyaml`); it is "
            "not installed. `model.to_json()` / `model_from_json` need "
            "nothing extra.") from None
    return yaml


def model_to_yaml(model, **kwargs):
    """`model.to_yaml()`: the JSON config as a YAML document."""
    import json

    return _yaml().dump(json.loads(model.to_json()), **kwargs)


def model_from_yaml(yaml_string, custom_objects=None):
    """A model from `model.to_yaml()`'s string (needs PyYAML)."""
    return model_from_config(_yaml().safe_load(yaml_string), custom_objects)


def pickle_model(model):
    """A picklable dict holding `model` as a Keras 2 `.h5` file's bytes
    (architecture, weights, and optimizer state when compiled)."""
    from kerax.saving import legacy_h5

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.h5")
        legacy_h5.save_model(model, path)
        with open(path, "rb") as file:
            return {"format": "keras_h5", "data": file.read()}


def unpickle_model(state):
    """The model that `pickle_model` stored in `state`."""
    if not (isinstance(state, dict) and state.get("format") == "keras_h5"):
        raise ValueError(
            "`unpickle_model` expects the dict returned by `pickle_model`. "
            f"Received: state of type {type(state).__name__}")
    from kerax.saving.api import load_model

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.h5")
        with open(path, "wb") as file:
            file.write(state["data"])
        return load_model(path)


def _gcs_guard(fn, what):
    @functools.wraps(fn)
    def guarded(*args, **kwargs):
        for value in list(args) + list(kwargs.values()):
            if isinstance(value, str) and value.startswith("gs://"):
                raise ValueError(
                    f"{what} a Google Cloud Storage path needs "
                    "TensorFlow's gfile, which kerax does not use: copy "
                    "the file with `gsutil cp` and pass the local path. "
                    f"Received: {value}")
        return fn(*args, **kwargs)

    return guarded


def allow_write_to_gcs(save_function):
    """Decorator (Keras 2): local paths pass through; a `gs://` path is
    refused with the fix in the message."""
    return _gcs_guard(save_function, "Writing to")


def allow_read_from_gcs(load_function):
    """Decorator (Keras 2): local paths pass through; a `gs://` path is
    refused with the fix in the message."""
    return _gcs_guard(load_function, "Reading from")


def save_weights_to_hdf5_group(group, layers):
    """Writes `layers`' weights into an open h5py group (Keras 2 layout:
    `layer_names`, then one group per layer with `weight_names`)."""
    from kerax.saving import legacy_h5

    legacy_h5.write_weights_group(group, types.SimpleNamespace(
        layers=list(layers)))


def load_weights_from_hdf5_group(f, layers, reshape=False):
    """Loads weights saved by `save_weights_to_hdf5_group` into `layers`,
    in order (layers without weights are skipped on both sides)."""
    _load_group(f, layers, by_name=False, skip_mismatch=False,
                reshape=reshape)


def load_weights_from_hdf5_group_by_name(f, layers, skip_mismatch=False,
                                         reshape=False):
    """Loads weights into the layers of `layers` whose names are in `f`."""
    _load_group(f, layers, by_name=True, skip_mismatch=skip_mismatch,
                reshape=reshape)


def _load_group(f, layers, by_name, skip_mismatch, reshape):
    from kerax.saving import legacy_h5

    if reshape:
        raise ValueError(
            "`reshape=True` is not supported by kerax's HDF5 loading: "
            "weights must have the layer's shapes. Received: reshape=True")
    legacy_h5.load_weights_group(
        getattr(f, "filename", "<h5 group>"), f,
        types.SimpleNamespace(layers=list(layers)),
        skip_mismatch=skip_mismatch, by_name=by_name)


def preprocess_weights_for_loading(layer, weights, original_keras_version=None,
                                   original_backend=None, reshape=False):
    """Keras 2 weights for `layer` as NumPy arrays ready for
    `layer.set_weights`: Theano-saved convolution kernels are flipped
    (`convert_kernel`); with `reshape=True` an array whose size matches
    the layer's weight is reshaped to it. Keras 1 files are refused."""
    if original_keras_version is not None and str(
            original_keras_version).startswith("1"):
        raise ValueError(
            "Weights saved by Keras 1 need Keras 2.3's conversion; load "
            "the file in Keras 2 and save it again. Received: "
            f"original_keras_version={original_keras_version}")
    from kerax.utils.conv_utils import convert_kernel

    arrays = [np.asarray(w) for w in weights]
    targets = [tuple(w.shape) for w in layer.weights]
    if original_backend == "theano" and "Conv" in type(layer).__name__:
        arrays = [convert_kernel(a) if a.ndim > 2 else a for a in arrays]
    if reshape:
        arrays = [a.reshape(t) if a.shape != t and a.size == np.prod(t)
                  else a for a, t in zip(arrays, targets)]
    return arrays


# Keras 2's `Model.to_yaml` and `keras.models.model_from_config` /
# `model_from_yaml` live here, above kerax.models (kerax/__init__ imports
# this module, which registers them).
provided.provide_method("to_yaml", model_to_yaml)
provided.provide_name("model_from_config", lambda: model_from_config)
provided.provide_name("model_from_yaml", lambda: model_from_yaml)
