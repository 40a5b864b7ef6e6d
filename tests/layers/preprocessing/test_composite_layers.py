"""RandAugment and AugMix: each drawn index runs the operation it names
(checked against the operation applied alone), no-op draws leave the
images unchanged, the mix stays in the value range, and both apply
Keras-drawn transformations as Keras does."""

import jax
import numpy as np
import pytest

from kerax import layers
from kerax.layers.preprocessing.rand_augment import OPS

DRAWS = 8
X = np.random.default_rng(3).uniform(0, 255, (2, 8, 8, 3)).astype("float32")


@pytest.fixture(scope="module")
def rand_augment():
    """A RandAugment and its jitted `transform_images` (compiled once for
    the module's tests)."""
    layer = layers.RandAugment(num_ops=2, factor=0.5)
    return layer, jax.jit(layer.transform_images)


@pytest.fixture(scope="module")
def aug_mix():
    layer = layers.AugMix(num_chains=2, chain_depth=2)
    return layer, jax.jit(layer.transform_images)


def test_rand_augment_index_selects_each_operation(rand_augment):
    layer, apply = rand_augment
    assert tuple(layer._ops) == OPS
    t = layer.get_random_transformation(X, seed=jax.random.PRNGKey(0))
    # Every operation applied alone, in one program.
    alone = jax.jit(lambda x, transforms: {
        name: layer._ops[name].transform_images(x, transforms[name])
        for name in OPS})(X, t["transforms"])
    for index, name in enumerate(OPS):
        # The operation, then index len(OPS): no operation.
        t["layer_idxes"] = np.array([index, len(OPS)], "int32")
        np.testing.assert_allclose(apply(X, t), alone[name], atol=1e-3,
                                   err_msg=name)


def test_aug_mix_without_operations_is_identity_and_in_range(aug_mix):
    assert len(layers.AugMix(all_ops=False)._ops) == 7
    layer, apply = aug_mix
    t = layer.get_random_transformation(X, seed=jax.random.PRNGKey(1))
    np.testing.assert_allclose(np.sum(t["chain_mixing_weights"]), 1.0,
                               atol=1e-5)
    assert 0.0 <= float(t["weight_sample"]) <= 1.0
    t["layer_idxes"] = np.full((2, 2), len(layer._ops), "int32")
    np.testing.assert_allclose(apply(X, t), X, atol=1e-3)
    t["layer_idxes"] = np.zeros((2, 2), "int32")  # two shears per chain
    out = np.asarray(apply(X, t))
    assert out.min() >= 0 and out.max() <= 255
    assert not np.allclose(out, X)


def test_affine_operations_warp_as_the_public_layers():
    from kerax.layers.preprocessing.augment_affine import AffineAugment

    key = jax.random.PRNGKey(3)
    cases = [("shear", layers.RandomShear(0.3, 0.3, seed=1)),
             ("translation", layers.RandomTranslation(0.3, 0.3, seed=1))]
    for kind, public in cases:
        ours = AffineAugment(kind, (0.0, 0.3), seed=1)
        t = ours.get_random_transformation(X, seed=key)
        t["input_shape"] = X.shape
        np.testing.assert_allclose(ours.transform_images(X, t),
                                   public.transform_images(X, t), atol=1e-4,
                                   err_msg=kind)


def test_rand_augment_matches_keras_on_keras_draws(keras, rand_augment):
    """Keras draws the operations and their parameters (its own seeded
    sequence); kerax applies them."""
    from tests.layers.preprocessing.augmentation_parity import as_numpy

    theirs = keras.layers.RandAugment(num_ops=2, factor=0.5, seed=1)
    _, apply = rand_augment
    covered = set()
    for _ in range(DRAWS):
        t = theirs.get_random_transformation(X, training=True)
        covered.update(np.asarray(t["layer_idxes"]).tolist())
        expected = theirs.transform_images(keras.ops.convert_to_tensor(X), t)
        np.testing.assert_allclose(apply(X, as_numpy(t)), expected,
                                   atol=1e-3, err_msg=str(covered))
    assert len(covered) >= 8  # seed 1: 8 of the 11 operations


def test_aug_mix_matches_keras_on_keras_draws(keras, aug_mix):
    """Keras's chains (a list of named steps) rewritten as kerax's index
    table and stacked parameters; both apply them alike."""
    import random

    from tests.layers.preprocessing.augmentation_parity import as_numpy

    theirs = keras.layers.AugMix(num_chains=2, chain_depth=2, seed=1)
    ours, apply = aug_mix
    names = list(ours._ops)
    # Keras picks the chain steps with Python's random: seeded here.
    state = random.getstate()
    random.seed(0)
    try:
        draws = [theirs.get_random_transformation(X, training=True)
                 for _ in range(3)]
    finally:
        random.setstate(state)
    for t in draws:
        mine = as_numpy(ours.get_random_transformation(
            X, seed=jax.random.PRNGKey(0)))
        indices = np.full((2, 2), len(names), "int32")  # "no operation"
        steps = jax.tree_util.tree_map(np.array, mine["chain_transforms"])
        for c, chain in enumerate(t["chain_transforms"]):
            for d, step in enumerate(chain):
                name = step["layer_name"]
                indices[c, d] = names.index(name)
                for key, slot in (steps[name] or {}).items():
                    slot[c, d] = np.reshape(step["transformation"][key],
                                            slot[c, d].shape)
        ours_t = {"chain_mixing_weights": t["chain_mixing_weights"],
                  "weight_sample": t["weight_sample"],
                  "layer_idxes": indices, "chain_transforms": steps}
        expected = theirs.transform_images(keras.ops.convert_to_tensor(X), t)
        np.testing.assert_allclose(apply(X, as_numpy(ours_t)), expected,
                                   atol=1e-3)
