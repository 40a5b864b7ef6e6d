"""FeatureSpace: outputs equal real Keras 3's (recorded in
`feature_space_golden.json` by `make_feature_space_golden.py`, Keras's
FeatureSpace needing TensorFlow), adapt on a kerax dataset, save/load,
encoded features in a model, errors."""

import json
import pathlib

import numpy as np
import pytest

from kerax.utils import FeatureSpace
from kerax.utils.batch_dataset import from_arrays

GOLDEN = json.loads(pathlib.Path(__file__).with_name(
    "feature_space_golden.json").read_text())


def _feature(spec):
    if isinstance(spec, str):
        return spec
    method, kwargs = spec
    return getattr(FeatureSpace, method)(**kwargs)


def _cross(spec):
    if isinstance(spec[0], list):
        names, dim, mode = spec
        return FeatureSpace.cross(names, dim, output_mode=mode)
    return tuple(spec)


def _columns(data, names):
    return {k: np.asarray(data[k]) for k in names}


def _space(case):
    return FeatureSpace(
        {k: _feature(v) for k, v in case["features"].items()},
        crosses=[_cross(c) for c in case["crosses"]], **case["kwargs"])


def _check(got, expected):
    if isinstance(expected, dict):
        assert sorted(got) == sorted(expected)
        for key, value in expected.items():
            np.testing.assert_allclose(np.asarray(got[key]), value,
                                       atol=1e-5, err_msg=key)
    else:
        np.testing.assert_allclose(np.asarray(got), expected, atol=1e-5)


@pytest.fixture(scope="module")
def adapted():
    spaces = []
    for case in GOLDEN["cases"]:
        space = _space(case)
        space.adapt(_columns(GOLDEN["train"], case["features"]))
        spaces.append(space)
    return spaces


@pytest.mark.parametrize("index", range(len(GOLDEN["cases"])))
def test_outputs_equal_keras(adapted, index):
    case, space = GOLDEN["cases"][index], adapted[index]
    names = list(case["features"])
    _check(space(_columns(GOLDEN["test"], names)), case["batch"])
    single = {k: GOLDEN["single"][k] for k in names}
    _check(space(single), case["single"])


def test_save_and_load_keep_the_outputs(adapted, tmp_path):
    from kerax.saving import load_model

    for index, space in enumerate(adapted):
        case = GOLDEN["cases"][index]
        path = tmp_path / f"space_{index}.keras"
        space.save(str(path))
        loaded = load_model(str(path))
        assert isinstance(loaded, FeatureSpace)
        assert loaded.output_mode == space.output_mode
        _check(loaded(_columns(GOLDEN["test"], case["features"])),
               case["batch"])


def test_loads_the_file_keras_saved():
    from kerax.saving import load_model

    path = pathlib.Path(__file__).with_name("feature_space_keras.keras")
    case = GOLDEN["cases"][0]
    loaded = load_model(str(path))
    _check(loaded(_columns(GOLDEN["test"], case["features"])),
           case["batch"])


def test_saved_config_names_keras_modules(adapted):
    from kerax.saving.serialization import serialize_keras_object

    config = serialize_keras_object(adapted[0])
    assert config["module"] == "keras.utils"
    feature = config["config"]["features"]["f"]
    assert feature["module"] == (
        "keras.src.layers.preprocessing.feature_space")
    assert feature["config"]["preprocessor"]["class_name"] == "TFDIdentity"


def test_adapt_on_a_kerax_dataset_equals_adapt_on_columns():
    case = GOLDEN["cases"][0]
    train = _columns(GOLDEN["train"], case["features"])
    labels = np.arange(len(train["f"]))
    dataset = from_arrays((train, labels), batch_size=32)
    space = _space(case)
    space.adapt(dataset)
    _check(space(_columns(GOLDEN["test"], case["features"])), case["batch"])


def test_encoded_features_feed_a_model():
    from kerax import Model, layers

    rng = np.random.default_rng(0)
    data = {"x": rng.normal(size=20).astype("float32"),
            "k": rng.integers(0, 3, size=20)}
    space = FeatureSpace({"x": "float_normalized",
                          "k": "integer_categorical"})
    space.adapt(data)
    encoded = space.get_encoded_features()
    assert tuple(encoded.shape) == (None, 5)  # 4 categories (OOV) + 1
    model = Model(encoded, layers.Dense(1)(encoded))
    assert model.predict(space(data), verbose=0).shape == (20, 1)
    inputs = space.get_inputs()
    assert sorted(inputs) == ["k", "x"]
    assert tuple(inputs["x"].shape) == (None, 1)

    # Numeric features: the space on its inputs is a graph, so training
    # and inference models share the layers (as in Keras's guide).
    numeric = FeatureSpace({"x": "float_normalized",
                            "k": "integer_categorical",
                            "h": FeatureSpace.integer_hashed(8)},
                           crosses=[("k", "h")], crossing_dim=5)
    data["h"] = rng.integers(0, 50, size=20)
    numeric.adapt(data)
    encoded = numeric.get_encoded_features()
    training = Model(encoded, layers.Dense(1)(encoded))
    inputs = numeric.get_inputs()
    inference = Model(inputs, training(numeric(inputs)))
    columns = {k: v[:, None] for k, v in data.items()}
    np.testing.assert_allclose(
        inference.predict(columns, verbose=0),
        training.predict(numeric(data), verbose=0), atol=1e-5)

    data = {k: data[k] for k in ("x", "k")}
    dict_space = FeatureSpace({"x": "float", "k": "integer_categorical"},
                              output_mode="dict")
    dict_space.adapt(data)
    encoded = dict_space.get_encoded_features()
    shapes = {k: tuple(v.shape) for k, v in encoded.items()}
    assert shapes == {"k": (None, 4), "x": (None, 1)}
    model = Model(encoded, layers.Concatenate()([encoded["x"],
                                                 encoded["k"]]))
    got = model.predict(dict_space(data), verbose=0)
    np.testing.assert_allclose(got[:, 0], data["x"])


@pytest.mark.parametrize("index", range(len(GOLDEN["cases"])))
def test_inference_model_on_string_inputs_equals_keras(adapted, index):
    """Keras's end-to-end model: `get_inputs()` (string features as
    `Input(dtype="string")`) through the space, called on raw columns,
    gives Keras's outputs for the same columns."""
    from kerax import Model

    case, space = GOLDEN["cases"][index], adapted[index]
    inputs = space.get_inputs()
    for key, spec in space.features.items():
        assert inputs[key].dtype == spec.dtype
        assert tuple(inputs[key].shape) == (None, 1)
    assert {space.features[k].dtype for k in ("sc", "sh")} == {"string"}
    model = Model(inputs, space(inputs))
    _check(model(_columns(GOLDEN["test"], case["features"])), case["batch"])


def test_errors():
    with pytest.raises(ValueError, match="non-empty"):
        FeatureSpace({})
    with pytest.raises(ValueError, match="output_mode"):
        FeatureSpace({"a": "float"}, output_mode="list")
    with pytest.raises(ValueError, match="invalid type"):
        FeatureSpace({"a": "floaty"})
    with pytest.raises(ValueError, match="Unknown"):
        FeatureSpace({"a": "float"}, crosses=[("a", "b")])
    space = FeatureSpace({"a": "string_categorical"})
    with pytest.raises(ValueError, match="adapt"):
        space({"a": np.array(["x"])})
    space.adapt({"a": np.array(["x", "y"])})
    with pytest.raises(ValueError, match="Missing"):
        space({"b": np.array(["x"])})
    model_inputs = space.get_inputs()
    assert model_inputs["a"].dtype == "string"
    with pytest.raises(ValueError, match="'a' has dtype 'string'"):
        from kerax import Model

        Model(model_inputs, space(model_inputs))({"a": np.array([1, 2])})
    with pytest.raises(ValueError, match="concatenated"):
        FeatureSpace({"a": FeatureSpace.integer_hashed(
            4, output_mode="int")})({"a": np.array([1])})


def test_trains_from_a_mapped_kerax_dataset():
    from kerax import Model, layers

    rng = np.random.default_rng(0)
    data = {"x": rng.normal(size=48).astype("float32"),
            "c": rng.choice(["a", "b", "c"], size=48),
            "k": rng.integers(0, 4, size=48)}
    labels = (data["x"] > 0).astype("float32")
    dataset = from_arrays((data, labels), batch_size=16)
    space = FeatureSpace({"x": "float_normalized",
                          "c": "string_categorical",
                          "k": "integer_hashed"}, crosses=[("c", "k")])
    space.adapt(dataset)
    encoded = space.get_encoded_features()
    model = Model(encoded, layers.Dense(1, activation="sigmoid")(encoded))
    model.compile("sgd", "binary_crossentropy")
    history = model.fit(dataset.map(lambda x, y: (space(x), y)), epochs=2,
                        verbose=0)
    assert len(history.history["loss"]) == 2


def test_custom_feature_with_a_vocabulary_needs_no_adapt():
    from kerax import layers

    lookup = layers.StringLookup(vocabulary=["x", "y"])
    space = FeatureSpace({
        "a": FeatureSpace.feature("string", lookup, "one_hot"),
        "b": FeatureSpace.float_rescaled(scale=2.0),
    })
    got = space({"a": np.array(["x", "z"]), "b": np.array([1.0, 2.0])})
    np.testing.assert_allclose(got, [[0, 1, 0, 2], [1, 0, 0, 4]])
