"""LoRA on Dense, EinsumDense, Conv2D and Embedding against Keras: the
factors (names, shapes, trainability), the forward pass on the same
weights, training that moves only the adapters, merged `.keras` files both
ways, and errors."""

import numpy as np
import pytest

import kerax

RNG = np.random.default_rng(0)

CASES = [
    ("Dense", {"units": 4}, (3, 6)),
    ("EinsumDense", {"equation": "abc,cde->abde",
                     "output_shape": (None, 4, 5), "bias_axes": "de"},
     (2, 3, 6)),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, (2, 6, 6, 3)),
    ("Embedding", {"input_dim": 10, "output_dim": 4}, (3, 5)),
]


def _inputs(name, shape):
    if name == "Embedding":
        return RNG.integers(0, 10, size=shape)
    return RNG.normal(size=shape).astype("float32")


@pytest.mark.parametrize("name, kwargs, shape", CASES)
def test_forward_matches_keras(keras, name, kwargs, shape):
    theirs = getattr(keras.layers, name)(**kwargs)
    ours = getattr(kerax.layers, name)(**kwargs)
    theirs.build(shape)
    ours.build(shape)
    # `enable_lora(rank, lora_alpha)` on both: Keras's Dense and Embedding
    # drop a constructor `lora_alpha` when they build (the update is then
    # scaled by 1); kerax applies it, as their docstrings describe.
    theirs.enable_lora(2, lora_alpha=4)
    ours.enable_lora(2, lora_alpha=4)
    assert [(v.name, tuple(v.shape), v.trainable) for v in theirs.weights] \
        == [(v.name, tuple(v.shape), v.trainable) for v in ours.weights]
    for a, b in zip(theirs.weights, ours.weights):
        value = RNG.normal(size=a.shape).astype("float32")
        a.assign(value)
        b.assign(value)
    x = _inputs(name, shape)
    np.testing.assert_allclose(np.asarray(ours(x)), np.asarray(theirs(x)),
                               rtol=1e-5, atol=1e-5)
    saved, k_saved = {}, {}
    ours.save_own_variables(saved)
    theirs.save_own_variables(k_saved)
    assert saved.keys() == k_saved.keys()
    for key, value in saved.items():
        np.testing.assert_allclose(value, np.asarray(k_saved[key]),
                                   rtol=1e-5, atol=1e-6)


def _lora_model():
    return kerax.Sequential([
        kerax.Input((6,)),
        kerax.layers.Dense(8, activation="relu", lora_rank=2, name="d1"),
        kerax.layers.Dense(3, name="d2"),
    ])


def test_training_moves_only_adapters():
    model = _lora_model()
    dense = model.layers[0]
    assert [v.name for v in dense.trainable_weights] == [
        "bias", "lora_kernel_a", "lora_kernel_b"]
    kernel = dense._kernel.numpy().copy()
    b_before = dense.lora_kernel_b.numpy().copy()
    model.compile("adam", "mse")
    x = RNG.normal(size=(16, 6)).astype("float32")
    model.fit(x, np.ones((16, 3), "float32"), epochs=2, verbose=0)
    np.testing.assert_array_equal(dense._kernel.numpy(), kernel)
    assert not np.allclose(dense.lora_kernel_b.numpy(), b_before)


def test_keras_files_both_ways(keras, tmp_path):
    model = _lora_model()
    model.layers[0].lora_kernel_b.assign(
        RNG.normal(size=(2, 8)).astype("float32"))
    x = RNG.normal(size=(4, 6)).astype("float32")
    expected = np.asarray(model.predict(x, verbose=0))
    model.save(tmp_path / "kerax.keras")
    theirs = keras.saving.load_model(tmp_path / "kerax.keras")
    assert theirs.layers[0].lora_enabled
    np.testing.assert_allclose(theirs.predict(x, verbose=0), expected,
                               rtol=1e-5, atol=1e-6)
    theirs.layers[0].lora_kernel_b.assign(np.ones((2, 8), "float32"))
    k_expected = theirs.predict(x, verbose=0)
    theirs.save(tmp_path / "keras.keras")
    ours = kerax.saving.load_model(tmp_path / "keras.keras")
    dense = ours.layers[0]
    assert dense.lora_enabled and dense.lora_rank == 2
    # The merged kernel was saved; the factors restart from zero.
    np.testing.assert_array_equal(dense.lora_kernel_b.numpy(), 0)
    np.testing.assert_allclose(ours.predict(x, verbose=0), k_expected,
                               rtol=1e-5, atol=1e-6)


def test_lora_on_quantized_dense_saves_requantized(keras):
    layer = kerax.layers.Dense(4)
    layer.build((None, 6))
    layer.quantize("int8")
    layer.enable_lora(2)
    layer.lora_kernel_b.assign(RNG.normal(size=(2, 4)).astype("float32"))
    theirs = keras.layers.Dense(4)
    theirs.build((None, 6))
    theirs.quantize("int8")
    theirs.enable_lora(2)
    for a, b in zip(theirs.weights, layer.weights):
        a.assign(b.numpy())
    x = RNG.normal(size=(3, 6)).astype("float32")
    np.testing.assert_allclose(np.asarray(layer(x)), np.asarray(theirs(x)),
                               rtol=1e-5, atol=1e-5)
    saved, k_saved = {}, {}
    layer.save_own_variables(saved)
    theirs.save_own_variables(k_saved)
    for key, value in k_saved.items():
        np.testing.assert_allclose(saved[key], np.asarray(value), rtol=1e-6)


def test_errors():
    layer = kerax.layers.Dense(2)
    with pytest.raises(ValueError, match="build the layer"):
        layer.enable_lora(2)
    layer.build((None, 3))
    layer.enable_lora(2)
    with pytest.raises(ValueError, match="already enabled"):
        layer.enable_lora(2)
    constrained = kerax.layers.Conv2D(2, 3, kernel_constraint="non_neg")
    constrained.build((None, 5, 5, 1))
    with pytest.raises(ValueError, match="kernel_constraint"):
        constrained.enable_lora(2)
    float8 = kerax.layers.Dense(2)
    float8.build((None, 3))
    float8.quantize("float8")
    with pytest.raises(ValueError, match="float8"):
        float8.enable_lora(2)
