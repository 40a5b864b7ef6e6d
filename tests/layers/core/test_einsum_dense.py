"""`EinsumDense`: contract, Keras parity over equations, errors."""

import numpy as np
import pytest

import kerax
from kerax import initializers, layers
from kerax.testing import run_layer_test

CASES = [
    # equation, output_shape, bias_axes, input_shape, output, kernel, bias
    ("ab,bc->ac", 4, "c", (2, 3), (2, 4), (3, 4), (4,)),
    ("abc,cd->abd", (None, 4), "d", (2, 5, 3), (2, 5, 4), (3, 4), (4,)),
    ("abc,cde->abde", (None, 2, 4), "de", (2, 5, 3), (2, 5, 2, 4),
     (3, 2, 4), (2, 4)),
    ("abc,cde->abde", (5, 2, 4), "be", (2, 5, 3), (2, 5, 2, 4),
     (3, 2, 4), (5, 1, 4)),
    ("...b,bc->...c", 4, "c", (2, 5, 3), (2, 5, 4), (3, 4), (4,)),
    ("abc,dc->abd", (None, 4), None, (2, 5, 3), (2, 5, 4), (4, 3), None),
]


CONTRACT_CASES = [CASES[0], CASES[3], CASES[4], CASES[5]]


@pytest.mark.parametrize(
    "case", CONTRACT_CASES, ids=[c[0] + str(c[2]) for c in CONTRACT_CASES]
)
def test_contract(case):
    equation, out_shape, bias_axes, in_shape, expected, kernel, bias = case
    first = case is CASES[0]
    run_layer_test(
        layers.EinsumDense,
        {"equation": equation, "output_shape": out_shape,
         "bias_axes": bias_axes, "activation": "relu",
         # Default (random) init once; constant init elsewhere keeps the
         # test fast (each new random shape costs a JAX compilation).
         "kernel_initializer": "glorot_uniform" if first else "ones"},
        input_shape=in_shape, expected_output_shape=expected,
        expected_num_trainable_weights=1 if bias is None else 2,
        run_training_check=first,
    )
    layer = layers.EinsumDense(equation, out_shape, bias_axes=bias_axes,
                               kernel_initializer="ones")
    layer(np.zeros(in_shape, "float32"))
    assert tuple(layer.kernel.shape) == kernel
    if bias is not None:
        assert tuple(layer.bias.shape) == bias


@pytest.mark.parametrize("case", CASES, ids=[c[0] + str(c[2]) for c in CASES])
def test_parity(parity, keras, rng, case):
    equation, out_shape, bias_axes, in_shape = case[:4]
    x = rng.normal(size=in_shape).astype("float32")
    kwargs = {"bias_axes": bias_axes, "activation": "tanh",
              "kernel_initializer": "zeros"}
    ours = layers.EinsumDense(equation, out_shape, **kwargs)
    theirs = keras.layers.EinsumDense(equation, out_shape, **kwargs)
    parity.copy_weights(ours, theirs, x)
    parity.randomize(ours, theirs)
    parity.check(ours, theirs, x, copy=False)


def test_kernel_initializer_uses_equation_fans():
    # Kernel (4, 2, 3): fans from the equation are 4 in, 2 * 3 out (limit
    # 0.77); the generic conv-like rule would give 8 / 12 (limit 0.55).
    init = initializers.GlorotUniform(seed=3)
    layer = layers.EinsumDense("abc,cde->abde", (None, 2, 3),
                               kernel_initializer=init)
    layer(np.zeros((1, 2, 4), "float32"))
    kernel = np.abs(layer.get_weights()[0])
    assert kernel.max() <= np.sqrt(6.0 / (4 + 6))
    assert kernel.max() > np.sqrt(6.0 / (8 + 12))
    assert layer.kernel_initializer is init  # the config keeps the original


def test_config_matches_keras(keras):
    kwargs = {"equation": "ab,bc->ac", "output_shape": 4, "bias_axes": "c"}
    ours = layers.EinsumDense(**kwargs).get_config()
    theirs = keras.layers.EinsumDense(**kwargs).get_config()
    assert set(ours) == set(theirs)
    for key in ("output_shape", "equation", "activation", "bias_axes",
                "kernel_initializer", "bias_initializer"):
        assert ours[key] == theirs[key], key


def test_symbolic_unknown_batch_and_length():
    layer = layers.EinsumDense("abc,cd->abd", (None, 4))
    out = layer(kerax.Input(batch_shape=(None, None, 3)))
    assert out.shape == (None, None, 4)


def test_bad_equation():
    with pytest.raises(ValueError, match="equation"):
        layers.EinsumDense("ab->a", 3)


def test_bad_output_shape():
    with pytest.raises(ValueError, match="output_shape"):
        layers.EinsumDense("ab,bc->ac", 0)


def test_bad_bias_axes_names_layer():
    layer = layers.EinsumDense("ab,bc->ac", 4, bias_axes="z", name="ed_bad")
    with pytest.raises(ValueError, match="ed_bad.*Bias dimension 'z'"):
        layer(np.zeros((2, 3), "float32"))


def test_wrong_input_rank():
    layer = layers.EinsumDense("abc,cd->abd", (None, 4), name="ed_rank")
    layer(np.zeros((2, 3, 3), "float32"))
    with pytest.raises(ValueError, match="ed_rank"):
        layer(np.zeros((2, 3), "float32"))
