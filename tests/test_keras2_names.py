"""Keras 2.3.1's public API at its Keras 2 paths (`keras.X` -> `kerax.X`).

`../shared/api/keras-2.3.1-names.json` lists every public name of every
Keras 2.3.1 module and the public members of its Layer, Network, Model,
Sequential, Optimizer and Callback classes. Every one must resolve in
kerax, except the deliberate exceptions below (each with its reason).
The test prints the coverage; it skips where the file is absent (CI).
"""

import importlib
import json
import os

import numpy as np
import pytest

import kerax

NAMES_FILE = os.path.join(os.path.dirname(__file__), "..", "..", "shared",
                          "api", "keras-2.3.1-names.json")

EXCEPTIONS = {
    "keras.layers.Recurrent": (
        "Keras 1's abstract recurrent base ('not a valid layer'); kerax "
        "runs cells with RNN(cell)"),
    "keras.layers.ConvRecurrent2D": (
        "Keras 1's abstract convolutional-recurrent base; kerax has "
        "ConvRNN2D(cell)"),
    "keras.engine.base_layer.disable_tracking": (
        "kerax finds sublayers by walking attributes; there is no "
        "attribute-tracking hook to switch off"),
    "keras.applications.resnet.resnet": (
        "a reference to the keras_applications implementation module"),
    "keras.applications.resnet_v2.resnet_v2": (
        "a reference to the keras_applications implementation module"),
    "Model.total_loss": (
        "a TensorFlow graph tensor; kerax computes the loss inside the "
        "jitted step (`model.compute_loss`)"),
}


def _instances():
    x = kerax.Input((3,))
    dense = kerax.layers.Dense(2)
    network = kerax.engine.network.Network(x, dense(x))
    model = kerax.Model(x, kerax.layers.Dense(1)(x))
    model.compile("sgd", "mse")
    sequential = kerax.Sequential([kerax.Input((3,)),
                                   kerax.layers.Dense(1)])
    return {"Layer": dense, "Network": network, "Model": model,
            "Sequential": sequential,
            "Optimizer": kerax.optimizers.SGD(),
            "Callback": kerax.callbacks.Callback()}


def _resolves(module, name):
    try:
        target = importlib.import_module("kerax" + module[len("keras"):])
        getattr(target, name)
        return True
    except (ImportError, AttributeError):
        return False


@pytest.fixture(scope="module")
def names():
    if not os.path.exists(NAMES_FILE):
        pytest.skip("the Keras 2.3.1 name list is not available")
    with open(NAMES_FILE) as file:
        return json.load(file)


def test_every_keras2_name_resolves(names):
    instances = _instances()
    missing, total, found = [], 0, 0
    backend_total = backend_found = 0
    for module, members in names["modules"].items():
        for name in members:
            ok = _resolves(module, name)
            total += 1
            found += ok
            if module == "keras.backend":
                backend_total += 1
                backend_found += ok
            elif not ok and f"{module}.{name}" not in EXCEPTIONS:
                missing.append(f"{module}.{name}")
    for cls, members in names["members"].items():
        for name in members:
            ok = hasattr(instances[cls], name)
            total += 1
            found += ok
            if not ok and f"{cls}.{name}" not in EXCEPTIONS:
                missing.append(f"{cls}.{name}")
    print(f"\nKeras 2.3.1 names present in kerax: {found}/{total} "
          f"({100 * found / total:.1f}%); keras.backend: "
          f"{backend_found}/{backend_total}; deliberate exceptions: "
          f"{len(EXCEPTIONS)}")
    assert missing == []
    assert found / total >= 0.97


def test_exceptions_are_still_missing(names):
    """An exception that now resolves should leave the list."""
    instances = _instances()
    for entry in EXCEPTIONS:
        owner, _, name = entry.rpartition(".")
        if owner in instances:
            assert not hasattr(instances[owner], name), entry
        else:
            assert not _resolves(owner, name), entry


ALIASES = [
    ("kerax.metrics", "mse", "kerax.metrics", "mean_squared_error"),
    ("kerax.metrics", "MAE", "kerax.metrics", "mean_absolute_error"),
    ("kerax.metrics", "cosine", "kerax.metrics", "cosine_similarity"),
    ("kerax.initializers", "normal", "kerax.initializers", "RandomNormal"),
    ("kerax.initializers", "uniform", "kerax.initializers", "RandomUniform"),
    ("kerax.initializers", "zero", "kerax.initializers", "Zeros"),
    ("kerax.initializers", "one", "kerax.initializers", "Ones"),
    ("kerax.constraints", "maxnorm", "kerax.constraints", "MaxNorm"),
    ("kerax.constraints", "nonneg", "kerax.constraints", "NonNeg"),
    ("kerax.constraints", "unitnorm", "kerax.constraints", "UnitNorm"),
    ("kerax.objectives", "mse", "kerax.losses", "mean_squared_error"),
    ("kerax.objectives", "Huber", "kerax.losses", "Huber"),
    ("kerax.layers.convolutional", "Conv3D", "kerax.layers", "Conv3D"),
    ("kerax.layers.convolutional", "Deconv2D", "kerax.layers",
     "Conv2DTranspose"),
    ("kerax.layers.core", "Dense", "kerax.layers", "Dense"),
    ("kerax.layers.recurrent", "LSTM", "kerax.layers", "LSTM"),
    ("kerax.layers.merge", "concatenate", "kerax.layers", "concatenate"),
    ("kerax.layers.noise", "GaussianNoise", "kerax.layers", "GaussianNoise"),
    ("kerax.layers.advanced_activations", "LeakyReLU", "kerax.layers",
     "LeakyReLU"),
    ("kerax.layers.embeddings", "Embedding", "kerax.layers", "Embedding"),
    ("kerax.layers.pooling", "MaxPool2D", "kerax.layers", "MaxPooling2D"),
    ("kerax.layers.normalization", "BatchNormalization", "kerax.layers",
     "BatchNormalization"),
    ("kerax.layers.wrappers", "TimeDistributed", "kerax.layers",
     "TimeDistributed"),
    ("kerax.layers.local", "LocallyConnected2D", "kerax.layers",
     "LocallyConnected2D"),
    ("kerax.layers.cudnn_recurrent", "CuDNNLSTM", "kerax.layers",
     "CuDNNLSTM"),
    ("kerax.layers.convolutional_recurrent", "ConvLSTM2D", "kerax.layers",
     "ConvLSTM2D"),
    ("kerax.engine.topology", "Network", "kerax.models", "Functional"),
    ("kerax.engine.training", "Model", "kerax", "Model"),
    ("kerax.utils.generic_utils", "CustomObjectScope", "kerax.saving",
     "CustomObjectScope"),
    ("kerax.utils.data_utils", "Sequence", "kerax.utils", "PyDataset"),
    ("kerax.utils.vis_utils", "pydot", "kerax.utils.vis_utils", "pydot"),
    ("kerax.utils", "multi_gpu_model", "kerax.utils.multi_gpu_utils",
     "multi_gpu_model"),
    ("kerax.legacy.layers", "Highway", "kerax.layers", "Highway"),
    ("kerax.optimizers", "TFOptimizer", "kerax.optimizers",
     "OptaxOptimizer"),
]


@pytest.mark.parametrize("module,name,target_module,target", ALIASES)
def test_alias_is_the_right_object(module, name, target_module, target):
    alias = getattr(importlib.import_module(module), name)
    assert alias is getattr(importlib.import_module(target_module), target)


def test_keras2_imports_work_as_statements():
    from kerax.engine.topology import Network  # noqa: F401
    from kerax.layers.convolutional import Conv3D
    from kerax.layers.merge import add  # noqa: F401
    from kerax.layers.noise import GaussianDropout  # noqa: F401
    from kerax.utils.generic_utils import to_list
    from kerax.utils.np_utils import to_categorical
    from kerax.wrappers.scikit_learn import KerasClassifier  # noqa: F401

    layer = Conv3D(np.int64(2), 3)
    assert layer.filters == 2 and to_list(1) == [1]
    assert to_categorical([1], num_classes=2).dtype == "float32"
    assert "scikit_learn" in dir(kerax.wrappers)
    assert "conv_utils" in dir(kerax.utils)
