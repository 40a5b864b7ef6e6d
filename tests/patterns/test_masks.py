"""Masks through custom layers (the Keras "masking and padding" guide):
eager calls attach and propagate masks exactly as symbolic calls do, and
a subclassed model's layers pass them implicitly under `jax.jit` too."""

import numpy as np
import pytest

import kerax
from kerax.testing import assert_concrete_state
from tests.patterns.parity import assert_close, copy_weights

PADDED = np.array([[711, 632, 71, 0, 0, 0],
                   [73, 8, 3215, 55, 927, 0],
                   [83, 91, 1, 645, 1253, 927]], dtype="int32") % 50


def make_classes(lib):
    layers, ops = lib.layers, lib.ops

    class MyActivation(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.supports_masking = True  # opts in to propagation

        def call(self, inputs):
            return ops.relu(inputs)

    class TemporalSplit(layers.Layer):
        def call(self, inputs):
            return ops.split(inputs, 2, axis=1)

        def compute_mask(self, inputs, mask=None):
            if mask is None:
                return None
            return ops.split(mask, 2, axis=1)

    class TemporalSoftmax(layers.Layer):
        def call(self, inputs, mask=None):
            assert mask is not None
            weights = ops.expand_dims(ops.cast(mask, "float32"), -1)
            exp = ops.exp(inputs) * weights
            return exp / ops.sum(exp * weights, axis=1, keepdims=True)

    class Tagger(lib.Model):
        """Embedding -> opt-in activation -> mask-consuming softmax, with
        the mask passed implicitly between the layers."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.embed = layers.Embedding(50, 4, mask_zero=True, name="emb")
            self.act = MyActivation(name="act")
            self.score = layers.Dense(1, name="score")
            self.softmax = TemporalSoftmax(name="softmax")

        def call(self, inputs):
            return self.softmax(self.score(self.act(self.embed(inputs))))

    return MyActivation, TemporalSplit, TemporalSoftmax, Tagger


def test_eager_embedding_and_masking_attach_masks(keras):
    embedding = kerax.layers.Embedding(50, 3, mask_zero=True)
    out = embedding(PADDED)
    expected = keras.layers.Embedding(50, 3, mask_zero=True)(PADDED)
    assert_close(out._keras_mask, expected._keras_mask)
    dense = np.repeat(PADDED[..., None], 2, axis=-1).astype("float32")
    masked = kerax.layers.Masking()(dense)
    assert_close(masked._keras_mask,
                 keras.layers.Masking()(dense)._keras_mask)


def test_eager_calls_propagate_masks_like_keras(keras):
    classes_x, classes_k = make_classes(kerax), make_classes(keras)
    outputs = []
    for lib, (act, split, _, _) in ((kerax, classes_x), (keras, classes_k)):
        x = lib.layers.Embedding(50, 4, mask_zero=True,
                                 embeddings_initializer="ones")(PADDED)
        y = act()(x)  # opts in: the mask goes through
        first, second = split()(y)  # compute_mask splits it
        z = lib.layers.Dense(2, kernel_initializer="ones")(x)
        pooled = lib.layers.LSTM(2, kernel_initializer="ones",
                                 recurrent_initializer="zeros")(x)
        outputs.append([y._keras_mask, first._keras_mask,
                        second._keras_mask, z._keras_mask, pooled])
    for ours, theirs in zip(*outputs):
        assert_close(ours, theirs)


def test_symbolic_and_eager_masks_agree():
    act, split, _, _ = make_classes(kerax)
    inputs = kerax.Input((6,), dtype="int32")
    x = kerax.layers.Embedding(50, 4, mask_zero=True)(inputs)
    first, second = split()(act()(x))
    model = kerax.Model(inputs, [first, second])
    assert first._keras_mask.shape == (None, 3)
    embed, activation, splitter = model.layers[1:]
    eager = splitter(activation(embed(PADDED)))
    assert_close(eager[0]._keras_mask, PADDED[:, :3] != 0)
    assert_close(eager[1]._keras_mask, PADDED[:, 3:] != 0)


# Keras warns that TemporalSoftmax (as the guide writes it) drops the mask.
KERAS_DROPS_MASK = pytest.mark.filterwarnings(
    "ignore:.*does not support masking:UserWarning")


@KERAS_DROPS_MASK
def test_mask_consuming_layer_in_a_functional_model_matches_keras(keras):
    outputs = []
    models = []
    for lib in (keras, kerax):
        _, _, softmax, _ = make_classes(lib)
        inputs = lib.Input(shape=(None,), dtype="int32")
        x = lib.layers.Embedding(50, 4, mask_zero=True)(inputs)
        x = lib.layers.Dense(1)(x)
        models.append(lib.Model(inputs, softmax()(x)))
    copy_weights(models[0], models[1])
    for model in models:
        outputs.append(model.predict(PADDED, verbose=0))
    assert_close(outputs[1], outputs[0])
    assert_close(outputs[1][PADDED == 0], 0.0)


@KERAS_DROPS_MASK
def test_implicit_masks_in_a_subclassed_model_under_jit(keras):
    theirs = make_classes(keras)[3]()
    ours = make_classes(kerax)[3]()
    theirs(PADDED)
    ours(PADDED)
    copy_weights(theirs, ours)
    eager = ours(PADDED)
    assert_close(eager, theirs(PADDED))
    assert_close(ours.predict(PADDED, verbose=0), eager)
    target = np.full(PADDED.shape + (1,), 1 / 6, "float32")
    for model, lib in ((theirs, keras), (ours, kerax)):
        model.compile(lib.optimizers.SGD(0.1), "mse")
    assert_close(ours.fit(PADDED, target, epochs=2, verbose=0,
                          shuffle=False).history["loss"],
                 theirs.fit(PADDED, target, epochs=2, verbose=0,
                            shuffle=False).history["loss"])
    assert_concrete_state(ours)


def test_explicit_mask_wins_over_the_attached_one():
    _, _, softmax, _ = make_classes(kerax)
    x = kerax.layers.Embedding(50, 1, mask_zero=True)(PADDED)
    explicit = np.ones(PADDED.shape, bool)
    out = softmax()(x, mask=explicit)
    assert_close(np.asarray(out).sum(axis=1), 1.0)
    assert float(np.asarray(out)[0, -1, 0]) > 0
