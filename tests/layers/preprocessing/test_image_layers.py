"""Image preprocessing layers: parity with real Keras 3 (JAX backend) for
deterministic configurations, contracts for the random layers."""

import jax
import numpy as np
import pytest

from kerax import layers

IMAGES = np.arange(2 * 6 * 8 * 3, dtype="float32").reshape(2, 6, 8, 3) % 17


def _close(a, b, atol=1e-4):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), atol=atol,
                               rtol=1e-5)


@pytest.mark.parametrize("kwargs", [
    {"height": 4, "width": 5},
    {"height": 9, "width": 5, "interpolation": "nearest"},
    {"height": 4, "width": 4, "crop_to_aspect_ratio": True,
     "interpolation": "bicubic"},
    {"height": 4, "width": 2, "pad_to_aspect_ratio": True,
     "fill_value": 1.0},
    {"height": 5, "width": 4, "data_format": "channels_first"},
])
def test_resizing_matches_keras(keras, kwargs):
    _close(layers.Resizing(**kwargs)(IMAGES),
           keras.layers.Resizing(**kwargs)(IMAGES))


def test_resizing_int_images_keep_dtype(keras):
    x = (IMAGES * 15).astype("uint8")
    ours = layers.Resizing(3, 5)(x)
    assert ours.dtype == np.uint8
    _close(ours, keras.layers.Resizing(3, 5)(x))
    assert layers.Resizing(3, 5)(IMAGES[0]).shape == (3, 5, 3)


@pytest.mark.parametrize("size,x", [
    ((4, 4), IMAGES), ((3, 5), IMAGES[0]), ((8, 4), IMAGES),
    ((10, 12), IMAGES),
])
def test_center_crop_matches_keras(keras, size, x):
    _close(layers.CenterCrop(*size)(x), keras.layers.CenterCrop(*size)(x))


def test_fixed_affine_layers_match_numpy():
    # Keras's eager affine path takes ~10 s here: exact NumPy references.
    half_turn = layers.RandomRotation((0.5, 0.5), seed=1)
    _close(half_turn(IMAGES), IMAGES[:, ::-1, ::-1], atol=1e-3)
    shift = layers.RandomTranslation((1 / 3, 1 / 3), (-0.25, -0.25),
                                     fill_mode="constant", fill_value=2.0,
                                     seed=1)
    expected = np.full_like(IMAGES, 2.0)
    expected[:, 2:, :-2] = IMAGES[:, :-2, 2:]
    _close(shift(IMAGES), expected, atol=1e-3)


    # Zoom out 2x about the centre of a 5x7 image: integer sample points
    # y' = 2y - 2, x' = 2x - 3 (Keras's zoom matrix), zeros outside.
    odd = IMAGES[:, :5, :7]
    zoom = layers.RandomZoom((1.0, 1.0), fill_mode="constant", seed=1)
    expected = np.zeros_like(odd)
    for y in range(5):
        for x in range(7):
            if 0 <= 2 * y - 2 < 5 and 0 <= 2 * x - 3 < 7:
                expected[:, y, x] = odd[:, 2 * y - 2, 2 * x - 3]
    _close(zoom(odd), expected, atol=1e-3)


@pytest.mark.parametrize("name,kwargs", [
    ("RandomBrightness", {"factor": (0.1, 0.1), "value_range": (0, 16)}),
    ("RandomContrast", {"factor": (0.0, 0.0), "value_range": (0, 16)}),
])
def test_fixed_factor_matches_keras(keras, name, kwargs):
    """With lower == upper the random draw is a constant: parity."""
    ours = getattr(layers, name)(seed=1, **kwargs)
    theirs = getattr(keras.layers, name)(seed=1, **kwargs)
    batched = ours(IMAGES, training=True)
    _close(batched, theirs(IMAGES, training=True))
    _close(ours(IMAGES[1], training=True), batched[1])


def test_random_crop_small_input_matches_keras(keras):
    # Inputs not larger than the target: centred aspect crop + resize.
    ours = layers.RandomCrop(6, 4, seed=3)
    theirs = keras.layers.RandomCrop(6, 4, seed=3)
    _close(ours(IMAGES, training=True), theirs(IMAGES, training=True))


RANDOM_LAYERS = [
    ("RandomFlip", {}),
    ("RandomFlip", {"mode": "vertical"}),
    ("RandomCrop", {"height": 3, "width": 4}),
    ("RandomRotation", {"factor": 0.2}),
    ("RandomTranslation", {"height_factor": 0.3, "width_factor": 0.3}),
    ("RandomZoom", {"height_factor": 0.3}),
    ("RandomContrast", {"factor": 0.5, "value_range": (0, 16)}),
    ("RandomBrightness", {"factor": 0.3, "value_range": (0, 16)}),
]


@pytest.mark.parametrize("name,kwargs", RANDOM_LAYERS)
def test_random_layer_contract(name, kwargs):
    x = np.concatenate([IMAGES] * 2)
    layer = getattr(layers, name)(seed=7, **kwargs)
    assert len(layer.non_trainable_variables) == 1  # the seed state
    assert layer.weights == []
    _close(layer(x, training=False), x)
    out = np.asarray(layer(x))  # training defaults to True, as in Keras
    assert out.shape == layer.compute_output_shape(x.shape)
    assert out.dtype == np.float32
    assert not np.allclose(out, x[:, :out.shape[1], :out.shape[2]])
    if "value_range" in kwargs:
        assert out.min() >= 0 and out.max() <= 16
    again = getattr(layers, name)(seed=7, **kwargs)(x, training=True)
    _close(again, out)
    assert not np.allclose(layer(x, training=True), out)


@pytest.mark.parametrize("name,kwargs", [RANDOM_LAYERS[0], RANDOM_LAYERS[4]])
def test_random_layer_advances_under_jit(name, kwargs):
    layer = getattr(layers, name)(seed=7, **kwargs)
    state = [v.value for v in layer.non_trainable_variables]
    step = jax.jit(lambda s, v: layer.stateless_call(
        [], s, v, training=True))
    x = np.concatenate([IMAGES] * 2)
    first, state = step(state, x)
    second, _ = step(state, x)
    assert first.shape == x.shape
    assert not np.allclose(first, second)
    _close(step([v.value for v in layer.non_trainable_variables], x)[0],
           first)


def test_random_flip_flips_whole_images():
    x = np.concatenate([IMAGES] * 4)
    out = np.asarray(layers.RandomFlip("horizontal", seed=2)(x))
    flipped = x[:, :, ::-1]
    same = [np.allclose(o, i) for o, i in zip(out, x)]
    mirrored = [np.allclose(o, f) for o, f in zip(out, flipped)]
    assert all(s or m for s, m in zip(same, mirrored))
    assert any(same) and any(mirrored)


def test_random_crop_takes_a_window():
    out = np.asarray(layers.RandomCrop(3, 4, seed=5)(IMAGES))
    windows = [IMAGES[:, i:i + 3, j:j + 4] for i in range(4)
               for j in range(5)]
    assert any(np.allclose(out, w) for w in windows)


def test_image_layer_errors():
    with pytest.raises(ValueError, match="factor"):
        layers.RandomRotation(2.0)
    with pytest.raises(NotImplementedError, match="fill_mode"):
        layers.RandomZoom(0.1, fill_mode="bogus")
    with pytest.raises(ValueError, match="mode"):
        layers.RandomFlip("diagonal")
    with pytest.raises(ValueError, match="interpolation"):
        layers.Resizing(2, 2, interpolation="cubic")
    with pytest.raises(ValueError, match="rank"):
        layers.CenterCrop(2, 2)(np.ones((4, 4)))
