"""Contracts every augmentation layer keeps: batch and single image,
inactive at inference, seeds reproduce, config round trip, value range,
dict inputs, data pipeline on NumPy, and the traced (jitted) path."""

import jax
import numpy as np
import pytest

from kerax import layers
from kerax.layers.preprocessing.augmentation_layer import (
    key_stream,
    symmetric_beta,
)

X = np.random.default_rng(1).uniform(0, 255, (4, 8, 8, 3)).astype("float32")

# name -> constructor kwargs (seeded when random), deterministic layers
# marked by the absence of a seed.
CASES = {
    "RandomBrightness": {"factor": 0.3, "seed": 1},
    "RandomContrast": {"factor": 0.5, "seed": 1},
    "RandomColorDegeneration": {"factor": 0.8, "seed": 1},
    "RandomHue": {"factor": 0.5, "seed": 1},
    "RandomSaturation": {"factor": (0.2, 0.8), "seed": 1},
    "RandomSharpness": {"factor": 0.8, "seed": 1},
    "RandomPosterization": {"factor": (2, 6), "seed": 1},
    "RandomInvert": {"factor": 0.5, "seed": 1},
    "RandomGrayscale": {"factor": 0.5, "seed": 1},
    "RandomGaussianBlur": {"factor": 0.9, "kernel_size": 3, "seed": 1},
    "RandomErasing": {"seed": 1},
    "RandomElasticTransform": {"seed": 1},
    "Solarization": {"addition_factor": 0.2, "threshold_factor": 0.6,
                     "seed": 1},
    "RandomColorJitter": {"brightness_factor": 0.2, "contrast_factor": 0.3,
                          "saturation_factor": (0.3, 0.7),
                          "hue_factor": 0.2, "seed": 1},
    "CutMix": {"seed": 1},
    "MixUp": {"seed": 1},
    "RandAugment": {"seed": 1},
    "AugMix": {"seed": 1, "num_chains": 2, "chain_depth": 2},
    "AutoContrast": {},
    "Equalization": {},
    "ContrastLimitedAdaptiveHistogramEqualization": {"tile_grid_size":
                                                     (2, 2)},
}
ACTIVE_AT_INFERENCE = ("AutoContrast",
                       "ContrastLimitedAdaptiveHistogramEqualization")
# The rank-3 path is the base's; checked on a few kinds of layers.
SINGLE_IMAGE = ("RandomHue", "CutMix", "AutoContrast", "RandomGaussianBlur")
# Layers whose outputs are not clipped to value_range by design.
UNCLIPPED = ("RandomSaturation", "RandomColorJitter")


def make(name):
    return getattr(layers, name)(**CASES[name])


@pytest.mark.parametrize("name", sorted(CASES))
def test_batch_single_inference_and_config(name):
    layer = make(name)
    out = np.asarray(layer(X))
    assert out.shape == X.shape and out.dtype == np.float32
    assert np.isfinite(out).all()
    if name not in UNCLIPPED:
        assert out.min() >= -1e-3 and out.max() <= 255 + 1e-3
    if name in SINGLE_IMAGE:  # the base's rank-3 path (one more compile)
        assert layer(X[0]).shape == X[0].shape
    inference = np.asarray(layer(X, training=False))
    if name in ACTIVE_AT_INFERENCE:
        np.testing.assert_allclose(inference, out, atol=1e-4)
    else:
        np.testing.assert_array_equal(inference, X)
    config = layer.get_config()
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    if "seed" in CASES[name]:
        # The same seed reproduces the same sequence; calls differ.
        fresh = make(name)
        np.testing.assert_allclose(np.asarray(fresh(X)), out, atol=1e-5)
        assert not np.allclose(np.asarray(fresh(X)), out)


def test_channels_first_matches_channels_last():
    first = layers.RandomHue(0.5, seed=4, data_format="channels_first")
    last = layers.RandomHue(0.5, seed=4)
    out = first(np.transpose(X, (0, 3, 1, 2)))
    np.testing.assert_allclose(np.transpose(out, (0, 2, 3, 1)), last(X),
                               atol=1e-4)


def test_dict_inputs_pass_other_entries():
    labels = np.eye(4, dtype="float32")
    out = layers.RandomInvert(seed=1)({"images": X, "labels": labels,
                                       "extra": np.arange(3)})
    np.testing.assert_array_equal(out["labels"], labels)
    np.testing.assert_array_equal(out["extra"], np.arange(3))
    assert out["images"].shape == X.shape
    boxes = {"boxes": np.zeros((4, 1, 4)), "labels": np.zeros((4, 1))}
    hue = layers.RandomHue(0.2, seed=1, bounding_box_format="xyxy")
    kept = hue({"images": X, "bounding_boxes": boxes})
    np.testing.assert_array_equal(kept["bounding_boxes"]["boxes"],
                                  boxes["boxes"])
    with pytest.raises(ValueError, match="CutMix.*bounding_boxes"):
        layers.CutMix(bounding_box_format="xyxy")(
            {"images": X, "bounding_boxes": boxes})
    # Keras's per-part methods.
    hue = layers.RandomHue((0.5, 0.5), seed=1)
    t = hue.get_random_transformation(X[0], seed=3)
    assert hue.transform_segmentation_masks(X, t) is X
    with pytest.raises(ValueError, match="CutMix.*bounding_boxes"):
        layers.CutMix().transform_bounding_boxes(boxes, None)


def test_data_pipeline_on_numpy_batches():
    from kerax.utils.batch_dataset import BatchDataset

    ys = np.arange(8) % 2
    data = np.concatenate([X, X])
    ds = BatchDataset(8, lambda i: (data[i], ys[i]), batch_size=4)
    layer = layers.RandomGrayscale(1.0, seed=1)
    batches = list(ds.map(lambda x, y: (layer(x), y)))
    assert len(batches) == 2
    image = np.asarray(batches[0][0])
    np.testing.assert_allclose(image[..., 0], image[..., 2], atol=1e-4)


def test_traced_call_advances_the_seed_and_matches_keys():
    layer = layers.RandomSharpness(0.9, seed=5)
    layer(X)  # builds
    state = [v.value for v in layer.non_trainable_variables]

    @jax.jit
    def step(state, x):
        out, new_state = layer.stateless_call([], state, x, training=True)
        return out, new_state

    out1, state1 = step(state, X)
    out2, _ = step(state1, X)
    assert not np.allclose(out1, out2)
    inference, _ = jax.jit(
        lambda s, x: layer.stateless_call([], s, x, training=False))(state, X)
    np.testing.assert_array_equal(inference, X)


def test_bad_arguments_name_the_layer_and_argument():
    with pytest.raises(ValueError, match="value_range"):
        layers.RandomColorDegeneration(0.5, value_range=(0, 1, 2))
    with pytest.raises(ValueError, match="factor"):
        layers.RandomHue(2.0)
    with pytest.raises(ValueError, match="kernel_size"):
        layers.RandomGaussianBlur(kernel_size=4)
    with pytest.raises(ValueError, match="RandomGrayscale"):
        layers.RandomGrayscale(1.5)
    with pytest.raises(ValueError, match="rank 3"):
        layers.RandomInvert()(np.ones((2, 2)))
    with pytest.raises(ValueError, match="3 channels"):
        layers.RandomColorDegeneration(0.5)(np.ones((1, 2, 2, 1)))


def test_key_stream_and_beta_sampler():
    keys = key_stream(7, None)
    assert not np.array_equal(keys(), keys())
    again = key_stream(7, None)
    np.testing.assert_array_equal(again(), key_stream(7, None)())
    draws = np.asarray(symmetric_beta(jax.random.PRNGKey(0), 0.5, (4000,)))
    assert draws.min() >= 0 and draws.max() <= 1
    # Beta(a, a): mean 1/2, variance 1 / (4 (2a + 1)).
    assert abs(draws.mean() - 0.5) < 0.03
    assert abs(draws.var() - 1 / 8) < 0.01


def test_keras_configs_load(keras):
    for name, kwargs in CASES.items():
        theirs = getattr(keras.layers, name)(**kwargs)
        ours = getattr(layers, name).from_config(theirs.get_config())
        config = ours.get_config()
        for key, value in theirs.get_config().items():
            if key in ("dtype", "name"):
                continue
            assert np.all(np.asarray(config[key]) == np.asarray(value)), (
                name, key)
