"""Merging layers: contract, Keras parity (values and masks), errors."""

import numpy as np
import pytest

import kerax
from kerax import layers
from kerax.testing import run_layer_test

ELEMENTWISE = ["Add", "Subtract", "Multiply", "Average", "Maximum",
               "Minimum"]


@pytest.mark.parametrize("name", ELEMENTWISE + ["Concatenate"])
def test_contract(name):
    out = (2, 6) if name == "Concatenate" else (2, 3)
    run_layer_test(
        getattr(layers, name), {}, input_shape=[(2, 3), (2, 3)],
        expected_output_shape=out, expected_num_trainable_weights=0,
        supports_masking=True,
    )


def test_contract_dot():
    run_layer_test(
        layers.Dot, {"axes": (1, 2), "normalize": True},
        input_shape=[(2, 3, 4), (2, 5, 3)], expected_output_shape=(2, 4, 5),
    )


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize(
    "shapes",
    [[(2, 3, 4), (2, 3, 4)], [(2, 3, 4), (2, 1, 4)], [(2, 3, 4), (2, 4)]],
)
def test_elementwise_parity(parity, keras, rng, name, shapes):
    x = [rng.normal(size=s).astype("float32") for s in shapes]
    parity.check(getattr(layers, name)(), getattr(keras.layers, name)(), x)


@pytest.mark.parametrize("name", ["Add", "Multiply", "Average", "Maximum",
                                  "Minimum"])
def test_three_inputs_and_functional_form(keras, rng, name):
    x = [rng.normal(size=(2, 3)).astype("float32") for _ in range(3)]
    ours = getattr(layers, name.lower())(x)
    theirs = getattr(keras.layers, name.lower())(x)
    np.testing.assert_allclose(ours, theirs, atol=1e-6)


@pytest.mark.parametrize("axis", [-1, 1, 2])
def test_concatenate_parity(parity, keras, rng, axis):
    shapes = {-1: [(2, 3, 4), (2, 3, 1)], 1: [(2, 3, 4), (2, 2, 4)],
              2: [(2, 3, 2), (2, 3, 5)]}[axis]
    x = [rng.normal(size=s).astype("float32") for s in shapes]
    parity.check(layers.Concatenate(axis=axis),
                 keras.layers.Concatenate(axis=axis), x)
    np.testing.assert_allclose(
        layers.concatenate(x, axis=axis),
        keras.layers.concatenate(x, axis=axis),
    )


@pytest.mark.parametrize(
    "axes, shapes",
    [
        (1, [(2, 4), (2, 4)]),
        (-1, [(2, 3, 4), (2, 5, 4)]),
        ((1, 2), [(2, 3, 4), (2, 5, 3)]),
        ((2, 1), [(2, 3, 4), (2, 4)]),
        ((1, 1), [(2, 4), (2, 4, 3)]),
        ((2, 3), [(2, 3, 4, 5), (2, 2, 3, 4)]),
    ],
)
@pytest.mark.parametrize("normalize", [False, True])
def test_dot_parity(parity, keras, rng, axes, shapes, normalize):
    x = [rng.normal(size=s).astype("float32") for s in shapes]
    layer = layers.Dot(axes=axes, normalize=normalize)
    keras_layer = keras.layers.Dot(axes=axes, normalize=normalize)
    parity.check(layer, keras_layer, x)
    assert layer.compute_output_shape(shapes) == tuple(
        keras_layer.compute_output_shape(shapes)
    )


def _masked_model(lib, merge):
    a = lib.Input((4, 2))
    b = lib.Input((4, 2))
    out = merge(
        [lib.layers.Masking(0.0)(a), lib.layers.Masking(0.0)(b)]
    )
    return lib.Model([a, b], out)


@pytest.mark.parametrize(
    "name", ["Maximum", "Minimum", "Multiply", "Add", "Concatenate"]
)
def test_masked_parity(keras, rng, name):
    a = rng.normal(size=(2, 4, 2)).astype("float32")
    b = rng.normal(size=(2, 4, 2)).astype("float32")
    a[0, 1] = 0.0
    a[1, 3] = 0.0
    b[0, 1] = 0.0
    b[1, 0] = 0.0
    ours = _masked_model(kerax, getattr(layers, name)())
    theirs = _masked_model(keras, getattr(keras.layers, name)())
    np.testing.assert_allclose(
        ours.predict([a, b], verbose=0), theirs.predict([a, b], verbose=0),
        atol=1e-6,
    )


def test_compute_mask():
    m1 = np.array([[True, False, False]])
    m2 = np.array([[False, False, True]])
    x = [np.ones((1, 3, 2), "float32")] * 2
    assert layers.Add().compute_mask(x, [m1, m2]).tolist() == [
        [True, False, True]
    ]
    assert layers.Add().compute_mask(x, [m1, None]) is None
    assert layers.Concatenate(axis=1).compute_mask(
        x, [m1, None]).tolist() == [[True, False, False, True, True, True]]
    assert layers.Dot(axes=2).compute_mask(x, [m1, m2]) is None


def test_symbolic_shapes():
    a, b = kerax.Input((3, 4)), kerax.Input((1, 4))
    assert layers.add([a, b]).shape == (None, 3, 4)
    assert layers.concatenate([a, b], axis=1).shape == (None, 4, 4)
    assert layers.dot([a, b], axes=2).shape == (None, 3, 1)


# ------------------------------------------------------------- errors
def test_not_a_list():
    with pytest.raises(ValueError, match="list"):
        layers.Add()(np.ones((2, 3), "float32"))


def test_incompatible_shapes():
    with pytest.raises(ValueError, match="incompatible shapes"):
        layers.Add()([np.ones((2, 3), "float32"),
                      np.ones((2, 4), "float32")])


def test_different_batch_sizes():
    with pytest.raises(ValueError, match="batch sizes"):
        layers.Maximum()([np.ones((2, 3), "float32"),
                          np.ones((3, 3), "float32")])


def test_subtract_needs_two_inputs():
    x = np.ones((2, 3), "float32")
    with pytest.raises(ValueError, match="exactly 2 inputs"):
        layers.Subtract()([x, x, x])


def test_concatenate_mismatch():
    with pytest.raises(ValueError, match="matching shapes"):
        layers.Concatenate(axis=1)([np.ones((2, 3, 4), "float32"),
                                    np.ones((2, 3, 5), "float32")])


def test_dot_errors():
    with pytest.raises(ValueError, match="Incompatible input shapes"):
        layers.Dot(axes=1)([np.ones((2, 3), "float32"),
                            np.ones((2, 4), "float32")])
    with pytest.raises(ValueError, match="`axes`"):
        layers.Dot(axes=(1, 2, 3))
    with pytest.raises(TypeError, match="`axes`"):
        layers.Dot(axes="last")
    with pytest.raises(ValueError, match="`axes`"):
        layers.Dot(axes=0)([np.ones((2, 3), "float32")] * 2)
