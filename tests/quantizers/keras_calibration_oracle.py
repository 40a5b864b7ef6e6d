"""Test helper: Keras 3.15 as the GPTQ/AWQ oracle.

Keras 3.15's calibration records a layer's inputs by replacing its `call`,
but `Model.quantize` has already switched the layer to its "gptq"/"awq"
policy, so `Layer.__call__` goes to `quantized_call` and the recorder never
runs (every Hessian stays zero, every AWQ magnitude too). The oracle below
runs Keras's own calibration with the recorder on `quantized_call`."""

from __future__ import annotations

import contextlib
import os
import warnings

os.environ["KERAS_BACKEND"] = "jax"

import keras
import numpy as np
from keras.src import ops
from keras.src.quantizers import awq_core, gptq_core

import kerax


def _recorder(update_name):
    @contextlib.contextmanager
    def record(layers_map, objects):
        for name, layer in layers_map.items():
            original = layer.quantized_call

            def hook(*args, _name=name, _original=original, **kwargs):
                x = args[0] if args else kwargs["inputs"]
                rows = objects[_name].rows
                getattr(objects[_name], update_name)(
                    ops.reshape(x, (-1, rows)))
                return _original(*args, **kwargs)

            layer.quantized_call = hook
        try:
            yield
        finally:
            for layer in layers_map.values():
                del layer.quantized_call
    return record


@contextlib.contextmanager
def recording_keras():
    """Within: Keras's GPTQ/AWQ calibration sees the layers' inputs (and
    its warnings about layers without `quantize` are silenced)."""
    saved = (gptq_core.stream_hessians, awq_core.stream_activations)
    gptq_core.stream_hessians = _recorder("update_hessian_with_batch")
    awq_core.stream_activations = _recorder("update_activation_magnitudes")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        gptq_core.stream_hessians, awq_core.stream_activations = saved


# Small widths: both calibrations run eagerly, compiling per column-slice
# shape, so every quantized layer here is WIDTH x WIDTH (one set of
# programs per test file); a group size of 4 still gives two groups.
VOCAB, WIDTH, SEQ = 20, 8, 8


def _embedded_blocks(lib, blocks, name, seed):
    """`(model, layer structure)`: an int32 `(SEQ,)` input, an embedding,
    then `blocks`, with seeded normal weights (scaled by 0.5)."""
    embedding = lib.layers.Embedding(VOCAB, WIDTH, name="emb")
    model = lib.Sequential([lib.Input((SEQ,), dtype="int32"), embedding,
                            *blocks], name=name)
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(size=w.shape).astype("float32") * 0.5
                       for w in model.get_weights()])
    return model, {"pre_block_layers": [embedding],
                   "sequential_blocks": blocks}


def block_model(lib, seed=0):
    """Embedding then two blocks (Sequentials of two Dense layers) in
    `lib` (keras or kerax), with weights drawn from `seed`; returns the
    model and its calibration structure."""
    layers = lib.layers
    blocks = [lib.Sequential([
        layers.Dense(WIDTH, activation="relu", name=f"up{i}"),
        layers.Dense(WIDTH, name=f"down{i}")], name=f"block{i}")
        for i in range(2)]
    return _embedded_blocks(lib, blocks, "blocks", seed)


class CharTokenizer:
    """A tiny tokenizer: one token per character."""

    def tokenize(self, text):
            return np.array([ord(c) % VOCAB for c in text], "int32")


def einsum_block_model(lib, seed=0):
    """Like `block_model`, with EinsumDense layers: block0 is an
    attention-like pair (a `(model, heads, head_dim)` projection, then a
    `(heads, head_dim, model)` output), block1 a 2-D EinsumDense and a
    Dense."""
    layers = lib.layers
    blocks = [
        lib.Sequential([
            layers.EinsumDense("abc,cde->abde", (SEQ, 2, 4), bias_axes="de",
                               activation="relu", name="ein_qkv"),
            layers.EinsumDense("abcd,cde->abe", (SEQ, WIDTH), bias_axes="e",
                               name="ein_out")], name="block0"),
        lib.Sequential([
            layers.EinsumDense("abc,cd->abd", (SEQ, WIDTH), bias_axes="d",
                               activation="relu", name="ein_up"),
            layers.Dense(WIDTH, name="down1")], name="block1")]
    return _embedded_blocks(lib, blocks, "einsum_blocks", seed)


def calibrated_pairs(keras_model, kerax_model, prefixes=("up", "down")):
    """`(keras_variable, kerax_variable)` of the blocks' Dense (and
    EinsumDense) layers named with `prefixes`, by layer and variable
    name."""
    pairs = []
    keras_layers = {layer.name: layer for layer in keras_model._flatten_layers()}
    for layer in kerax_model._flatten_layers():
        if not layer.name.startswith(prefixes):
            continue
        other = {v.name: v for v in keras_layers[layer.name].weights}
        assert sorted(other) == sorted(v.name for v in layer.weights)
        pairs += [(other[v.name], v) for v in layer.weights]
    return pairs


def assert_pairs_match(pairs, count, atol=0.0):
    """`count` calibrated pairs, kerax's values equal to Keras's (bit for
    bit when `atol` is 0)."""
    assert len(pairs) == count
    for expected, got in pairs:
        if atol:
            np.testing.assert_allclose(np.asarray(got.value),
                                       np.asarray(expected.value), atol=atol)
        else:
            np.testing.assert_array_equal(np.asarray(expected.value),
                                          np.asarray(got.value))


def assert_outputs_and_files(model, keras_model, tokens, path, atol,
                             reload=True):
    """kerax's outputs equal Keras's; the `.keras` file kerax saves at
    `path` loads in Keras with the same outputs (and, with `reload`, in
    kerax too)."""
    out = np.asarray(model(tokens))
    np.testing.assert_allclose(out, np.asarray(keras_model(tokens)),
                               atol=atol)
    model.save(path)
    np.testing.assert_allclose(
        np.asarray(keras.saving.load_model(path)(tokens)), out, atol=atol)
    if reload:
        reloaded = kerax.saving.load_model(path)
        np.testing.assert_allclose(np.asarray(reloaded(tokens)), out,
                                   atol=1e-6)
