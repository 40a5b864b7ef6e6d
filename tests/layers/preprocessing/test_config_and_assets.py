"""Config JSON round trips (and Keras's config keys), vocabulary assets,
vocabulary files, adapt over iterables, string-layer limits."""

import json

import numpy as np
import pytest

from kerax import layers

CONFIGS = [
    ("Normalization", {"axis": (1,), "mean": [1.0, 2.0],
                       "variance": [1.0, 4.0], "invert": True}),
    ("Rescaling", {"scale": 0.5, "offset": 1.0}),
    ("Resizing", {"height": 3, "width": 4, "interpolation": "nearest",
                  "crop_to_aspect_ratio": True}),
    ("CenterCrop", {"height": 2, "width": 3}),
    ("RandomCrop", {"height": 2, "width": 3, "seed": 4}),
    ("RandomFlip", {"mode": "vertical", "seed": 3}),
    ("RandomRotation", {"factor": 0.1, "fill_mode": "constant",
                        "fill_value": 1.0, "seed": 2}),
    ("RandomTranslation", {"height_factor": 0.1, "width_factor": (-0.2, 0.3),
                           "seed": 1}),
    ("RandomZoom", {"height_factor": 0.1, "width_factor": 0.2}),
    ("RandomContrast", {"factor": 0.2, "value_range": (0, 1)}),
    ("RandomBrightness", {"factor": 0.2, "value_range": (0, 1)}),
    ("Discretization", {"bin_boundaries": [0.0, 1.0],
                        "output_mode": "one_hot"}),
    ("CategoryEncoding", {"num_tokens": 5, "output_mode": "count"}),
    ("Hashing", {"num_bins": 4, "salt": [1, 2], "mask_value": "x"}),
    ("StringLookup", {"vocabulary": ["a", "b"], "num_oov_indices": 2,
                      "mask_token": ""}),
    ("IntegerLookup", {"vocabulary": [3, 4], "output_mode": "multi_hot"}),
    ("TextVectorization", {"max_tokens": 10, "ngrams": (1, 2),
                           "output_sequence_length": 4,
                           "vocabulary": ["x", "y"]}),
]


def _jsonable(config):
    return json.loads(json.dumps(config))


@pytest.mark.parametrize("name,kwargs", CONFIGS)
def test_config_round_trip(keras, name, kwargs):
    layer = getattr(layers, name)(**kwargs)
    config = layer.get_config()
    rebuilt = getattr(layers, name).from_config(_jsonable(config))
    assert _jsonable(rebuilt.get_config()) == _jsonable(config)
    if name in ("Hashing", "StringLookup", "IntegerLookup",
                "TextVectorization"):
        return  # Keras needs TensorFlow to build these.
    keras_config = getattr(keras.layers, name)(**kwargs).get_config()
    assert set(config) == set(keras_config)


def test_adapted_discretization_config_round_trip():
    layer = layers.Discretization(num_bins=3)
    layer.adapt(np.arange(30.0))
    rebuilt = layers.Discretization.from_config(
        _jsonable(layer.get_config()))
    assert rebuilt.bin_boundaries == layer.bin_boundaries


@pytest.mark.parametrize("make", [
    lambda: layers.StringLookup(mask_token="", num_oov_indices=2),
    lambda: layers.IntegerLookup(),
    lambda: layers.TextVectorization(),
])
def test_vocabulary_assets_round_trip(tmp_path, make):
    layer = make()
    if isinstance(layer, layers.IntegerLookup):
        data, probe = np.array([[5, 6, 6], [7, 7, 7]]), np.array([5, 7, 9])
    elif isinstance(layer, layers.TextVectorization):
        data = np.array(["b b a", "c b"])
        probe = np.array(["a b c d"])
    else:
        data = np.array([["b", "b", "a"], ["c", "b", ""]])
        probe = np.array(["a", "b", "zz", ""])
    layer.adapt(data)
    layer.save_assets(str(tmp_path))
    assert (tmp_path / "vocabulary.txt").exists()
    restored = make()
    restored.load_assets(str(tmp_path))
    assert restored.get_vocabulary() == layer.get_vocabulary()
    np.testing.assert_array_equal(restored(probe), layer(probe))


def test_vocabulary_from_file(tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_text("earth\nwind\nfire\n")
    layer = layers.StringLookup(vocabulary=str(path))
    assert layer.get_vocabulary() == ["[UNK]", "earth", "wind", "fire"]
    assert layer.get_config()["vocabulary"] is None
    np.testing.assert_array_equal(layer(np.array(["fire", "rain"])), [3, 0])
    ints = tmp_path / "ints.txt"
    ints.write_text("10\n20\n")
    assert layers.IntegerLookup(vocabulary=str(ints)).get_vocabulary() == [
        -1, 10, 20]
    text = layers.TextVectorization(vocabulary=str(path))
    np.testing.assert_array_equal(text(["Wind, fire!"]), [[3, 4]])
    with pytest.raises(ValueError, match="does not exist"):
        layers.StringLookup(vocabulary=str(tmp_path / "missing.txt"))


def test_adapt_accepts_iterables_of_batches():
    batches = [np.array(["a b", "b"]), np.array(["c b"])]
    text = layers.TextVectorization()
    text.adapt(iter(batches))
    assert text.get_vocabulary()[2] == "b"
    text.adapt(iter(batches), steps=1)
    assert "c" not in text.get_vocabulary()
    lookup = layers.StringLookup()
    lookup.adapt(b for b in [np.array(["x", "y", "y"]), np.array(["z"])])
    assert lookup.get_vocabulary() == ["[UNK]", "y", "z", "x"]
    ints = layers.IntegerLookup()
    ints.adapt(np.array([3, 3, 4]), batch_size=2)
    assert ints.get_vocabulary() == [-1, 3, 4]
    norm = layers.Normalization(axis=None)
    norm.adapt((np.full((2, 1), v), np.zeros(2)) for v in (1.0, 3.0))
    assert float(norm.adapt_mean.numpy()) == pytest.approx(2.0)


def test_string_layer_validation_and_limits():
    from kerax import Input

    with pytest.raises(ValueError, match="symbolic"):
        layers.TextVectorization()(Input(shape=(1,)))
    with pytest.raises(ValueError, match="num_oov_indices=0"):
        layers.StringLookup(vocabulary=["a"], num_oov_indices=0)(["b"])
    with pytest.raises(ValueError, match="repeated"):
        layers.StringLookup(vocabulary=["a", "a"])
    with pytest.raises(ValueError, match="`output_mode` must be `'int'`"):
        layers.StringLookup(invert=True, output_mode="count")
    with pytest.raises(ValueError, match="max_tokens"):
        layers.IntegerLookup(max_tokens=1)
    with pytest.raises(ValueError, match="output_sequence_length"):
        layers.TextVectorization(output_mode="count",
                                 output_sequence_length=3)
    with pytest.raises(ValueError, match="num_bins"):
        layers.Hashing(num_bins=0)
    with pytest.raises(ValueError, match="salt"):
        layers.Hashing(num_bins=2, salt="x")


def test_text_vectorization_callables():
    def shout(texts):
        return np.char.upper(texts)

    def on_commas(texts):
        return [t.split(",") for t in texts]

    layer = layers.TextVectorization(standardize=shout, split=on_commas)
    layer.adapt(["a,b", "b"])
    assert layer.get_vocabulary() == ["", "[UNK]", "B", "A"]
    np.testing.assert_array_equal(layer(["b,a,c"]), [[2, 3, 1]])
