"""Keras parity for the augmentation layers: Keras draws a transformation,
both libraries apply it (`transform_images`), results compared."""

import jax
import numpy as np

RNG = np.random.default_rng(0)
IMAGES = RNG.uniform(0, 255, (3, 6, 7, 3)).astype("float32")


def as_numpy(tree):
    return jax.tree_util.tree_map(
        lambda v: np.asarray(v) if hasattr(v, "shape") else v, tree)


def keras_and_ours(keras, ours, theirs, images=IMAGES, transformation=None,
                   seed=3):
    """`(keras_out, our_out)` for one transformation drawn by Keras
    (or `transformation` when given)."""
    if transformation is None:
        transformation = theirs.get_random_transformation(
            images, training=True, seed=keras.random.SeedGenerator(seed))
    expected = theirs.transform_images(
        keras.ops.convert_to_tensor(images), transformation)
    got = ours.transform_images(images, as_numpy(transformation))
    return np.asarray(expected), np.asarray(got)


def assert_matches_keras(keras, name, kwargs, images=IMAGES, atol=1e-4,
                         transformation=None, seed=3):
    from kerax import layers

    ours = getattr(layers, name)(**kwargs)
    theirs = getattr(keras.layers, name)(**kwargs)
    expected, got = keras_and_ours(keras, ours, theirs, images,
                                   transformation, seed)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, atol=atol, rtol=1e-5)
