import importlib.util
import pickle

import h5py
import numpy as np
import pytest

import kerax
from kerax.engine import saving


def _model():
    return kerax.Sequential([kerax.Input((3,)),
                             kerax.layers.Dense(2, name="d1"),
                             kerax.layers.Dense(1, name="d2")])


def test_model_from_config_reads_keras2_style_dicts():
    model = _model()
    config = {"class_name": "Sequential", "config": model.get_config()}
    clone = saving.model_from_config(config)
    assert [layer.units for layer in clone.layers] == [2, 1]
    with pytest.raises(TypeError, match="config dict"):
        saving.model_from_config(model)


@pytest.mark.skipif(importlib.util.find_spec("yaml") is not None,
                    reason="PyYAML is installed")
def test_yaml_without_pyyaml_names_the_package():
    with pytest.raises(ImportError, match="pip install pyyaml"):
        saving.model_to_yaml(_model())
    with pytest.raises(ImportError, match="PyYAML"):
        saving.model_from_yaml("class_name: Sequential")


@pytest.mark.skipif(importlib.util.find_spec("yaml") is None,
                    reason="PyYAML is not installed")
def test_yaml_round_trip():
    clone = saving.model_from_yaml(saving.model_to_yaml(_model()))
    assert [layer.units for layer in clone.layers] == [2, 1]


def test_pickle_model_round_trip_keeps_weights():
    model = _model()
    state = pickle.loads(pickle.dumps(saving.pickle_model(model)))
    clone = saving.unpickle_model(state)
    x = np.ones((2, 3), "float32")
    np.testing.assert_allclose(clone.predict(x, verbose=0),
                               model.predict(x, verbose=0), rtol=1e-6)
    with pytest.raises(ValueError, match="pickle_model"):
        saving.unpickle_model({"weights": 1})


def test_gcs_paths_are_refused_with_the_fix():
    calls = []
    save = saving.allow_write_to_gcs(lambda model, path: calls.append(path))
    save(None, "local.h5")
    assert calls == ["local.h5"]
    with pytest.raises(ValueError, match="gsutil cp"):
        saving.allow_read_from_gcs(lambda path: path)("gs://bucket/m.h5")


def test_hdf5_group_helpers(tmp_path):
    model, other = _model(), _model()
    path = str(tmp_path / "w.h5")
    with h5py.File(path, "w") as f:
        saving.save_weights_to_hdf5_group(f, model.layers)
        saving.save_attributes_to_hdf5_group(f, "extra", ["a", "b"])
    with h5py.File(path, "r") as f:
        assert saving.load_attributes_from_hdf5_group(f, "extra") == [
            "a", "b"]
        saving.load_weights_from_hdf5_group(f, other.layers)
        for a, b in zip(model.get_weights(), other.get_weights()):
            np.testing.assert_array_equal(a, b)
        renamed = kerax.Sequential([kerax.Input((3,)),
                                    kerax.layers.Dense(2, name="d1")])
        saving.load_weights_from_hdf5_group_by_name(f, renamed.layers)
        np.testing.assert_array_equal(renamed.get_weights()[0],
                                      model.get_weights()[0])
    assert saving.HDF5_OBJECT_HEADER_LIMIT == 64512


def test_preprocess_weights_for_loading():
    conv = kerax.layers.Conv2D(2, 3)
    conv.build((None, 5, 5, 1))
    kernel, bias = conv.get_weights()
    out = saving.preprocess_weights_for_loading(
        conv, [kernel, bias], original_backend="theano")
    np.testing.assert_array_equal(out[0], kernel[::-1, ::-1])
    out = saving.preprocess_weights_for_loading(
        conv, [kernel.reshape(-1), bias], reshape=True)
    assert out[0].shape == kernel.shape
    with pytest.raises(ValueError, match="Keras 1"):
        saving.preprocess_weights_for_loading(conv, [], "1.2.2")
