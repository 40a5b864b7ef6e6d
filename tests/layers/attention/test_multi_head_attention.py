"""`MultiHeadAttention`: contract, Keras parity (masks, causal,
attention_axes, scores, gate), weights, errors."""

import numpy as np
import pytest

from kerax import layers

from .multi_input_contract import (
    run_multi_input_contract,
)

RNG = np.random.default_rng(0)
Q = RNG.normal(size=(2, 4, 6)).astype("float32")
V = RNG.normal(size=(2, 5, 6)).astype("float32")


def test_contract_self_attention():
    layer = run_multi_input_contract(
        layers.MultiHeadAttention,
        {"num_heads": 2, "key_dim": 3},
        [Q, Q],
        {"use_causal_mask": True},
        expected_shapes=[(2, 4, 6)],
    )
    assert len(layer.trainable_weights) == 8
    assert layer.non_trainable_variables == []


def test_contract_cross_attention_scores_dropout():
    layer = run_multi_input_contract(
        layers.MultiHeadAttention,
        {
            "num_heads": 2,
            "key_dim": 3,
            "value_dim": 2,
            "dropout": 0.5,
            "output_shape": (3,),
            "use_bias": False,
            "seed": 1,
        },
        [Q, V],
        {"training": True, "return_attention_scores": True},
        expected_shapes=[(2, 4, 3), (2, 2, 4, 5)],
    )
    assert len(layer.trainable_weights) == 4
    assert len(layer.non_trainable_variables) == 1  # the dropout seed


def _pair(keras, parity, **kwargs):
    kx = layers.MultiHeadAttention(**kwargs)
    k = keras.layers.MultiHeadAttention(**kwargs)
    kx(Q, V, return_attention_scores=True)
    k(Q, V, return_attention_scores=True)
    assert [w.path.split("/", 1)[1] for w in kx.weights] == [
        w.path.split("/", 1)[1] for w in k.weights
    ]
    weights = [
        RNG.normal(size=w.shape).astype("float32") for w in k.get_weights()
    ]
    kx.set_weights(weights)
    k.set_weights(weights)
    return kx, k


def _compare(kx, k, *args, **kwargs):
    kx_out, k_out = kx(*args, **kwargs), k(*args, **kwargs)
    if not isinstance(k_out, tuple):
        kx_out, k_out = (kx_out,), (k_out,)
    for a, b in zip(kx_out, k_out):
        np.testing.assert_allclose(
            np.asarray(a), np.asarray(b), atol=1e-5, rtol=1e-5
        )


def test_parity(keras, parity):
    kx, k = _pair(keras, parity, num_heads=2, key_dim=3)
    attention_mask = RNG.uniform(size=(2, 4, 5)) > 0.3
    value_mask = np.array([[1, 1, 0, 1, 1], [1, 1, 1, 0, 0]], bool)
    _compare(kx, k, Q, V, V * 2)
    _compare(kx, k, Q, V, return_attention_scores=True)
    _compare(kx, k, Q, Q, use_causal_mask=True)
    _compare(kx, k, Q, Q, use_causal_mask=True, return_attention_scores=True)
    _compare(kx, k, Q, V, attention_mask=attention_mask)
    _compare(
        kx,
        k,
        Q,
        V,
        value_mask=value_mask,
        key_mask=value_mask,
        return_attention_scores=True,
    )
    _compare(kx, k, Q, Q, value_mask=value_mask[:, :4], use_causal_mask=True)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"num_heads": 3, "key_dim": 2, "use_bias": False, "output_shape": 7},
        {"num_heads": 2, "key_dim": 3, "use_gate": True, "sliding_window": 2},
    ],
)
def test_parity_options(keras, parity, kwargs):
    kx, k = _pair(keras, parity, **kwargs)
    _compare(kx, k, Q, V, return_attention_scores=True)
    _compare(kx, k, Q, Q, use_causal_mask=True)


def test_parity_query_mask(keras, parity):
    from keras.src.backend.common.masking import set_keras_mask

    kx, k = _pair(keras, parity, num_heads=2, key_dim=3)
    query_mask = np.array([[1, 1, 0, 0], [1, 1, 1, 0]], bool)
    q = keras.ops.convert_to_tensor(Q)
    # Keras reads the query mask from the tensor's Keras mask.
    set_keras_mask(q, keras.ops.convert_to_tensor(query_mask))
    want = k(q, V, return_attention_scores=True)
    got = kx(Q, V, query_mask=query_mask, return_attention_scores=True)
    for a, b in zip(got, want):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), atol=1e-5)


def test_parity_value_dim_and_attention_axes(keras, parity):
    kx, k = _pair(keras, parity, num_heads=2, key_dim=3, value_dim=4)
    _compare(kx, k, Q, V, return_attention_scores=True)
    x = RNG.normal(size=(2, 3, 4, 6)).astype("float32")
    kwargs = {"num_heads": 2, "key_dim": 3, "attention_axes": (1, 2)}
    kx = layers.MultiHeadAttention(**kwargs)
    k = keras.layers.MultiHeadAttention(**kwargs)
    kx(x, x)
    k(x, x)
    kx.set_weights(k.get_weights())
    _compare(kx, k, x, x)
    _, scores = kx(x, x, return_attention_scores=True)
    assert scores.shape == (2, 2, 3, 4, 3, 4)
    _compare(kx, k, x, x, return_attention_scores=True)
    mask = RNG.uniform(size=(2, 3, 4, 3, 4)) > 0.3
    _compare(kx, k, x, x, attention_mask=mask)


def test_weight_paths_and_config():
    layer = layers.MultiHeadAttention(num_heads=2, key_dim=3, name="mha")
    layer(Q, V)
    assert [w.path for w in layer.weights] == [
        f"mha/{p}/{w}"
        for p in ("query", "key", "value", "attention_output")
        for w in ("kernel", "bias")
    ]
    assert [tuple(w.shape) for w in layer.weights[::2]] == [
        (6, 2, 3),
        (6, 2, 3),
        (6, 2, 3),
        (2, 3, 6),
    ]
    revived = layers.MultiHeadAttention.from_config(layer.get_config())
    assert revived.num_heads == 2 and revived.key_dim == 3


def test_config_matches_keras(keras):
    kwargs = {
        "num_heads": 2,
        "key_dim": 3,
        "attention_axes": 1,
        "output_shape": 4,
    }
    ours = layers.MultiHeadAttention(**kwargs).get_config()
    theirs = keras.layers.MultiHeadAttention(**kwargs).get_config()
    assert set(ours) == set(theirs)
    for key in (
        "num_heads",
        "key_dim",
        "value_dim",
        "output_shape",
        "attention_axes",
        "kernel_initializer",
    ):
        assert ours[key] == theirs[key]


def test_symbolic_with_scores():
    import kerax

    q = kerax.Input((4, 6))
    v = kerax.Input((5, 6))
    out, scores = layers.MultiHeadAttention(2, 3)(
        q, v, return_attention_scores=True
    )
    assert out.shape == (None, 4, 6)
    assert scores.shape == (None, 2, 4, 5)


def test_dropout_in_training_only():
    layer = layers.MultiHeadAttention(2, 3, dropout=0.5, seed=0)
    a = np.asarray(layer(Q, V))
    np.testing.assert_allclose(np.asarray(layer(Q, V, training=False)), a)
    assert not np.allclose(np.asarray(layer(Q, V, training=True)), a)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"num_heads": 0, "key_dim": 2}, "num_heads"),
        ({"num_heads": 2, "key_dim": -1}, "key_dim"),
        ({"num_heads": 2, "key_dim": 2, "value_dim": 0}, "value_dim"),
        ({"num_heads": 2, "key_dim": 2, "dropout": 1.5}, "dropout"),
        ({"num_heads": 2, "key_dim": 2, "output_shape": "x"}, "output_shape"),
        (
            {"num_heads": 2, "key_dim": 2, "attention_axes": "x"},
            "attention_axes",
        ),
        ({"num_heads": 2, "key_dim": 2, "sliding_window": 0}, "sliding_window"),
        (
            {"num_heads": 2, "key_dim": 2, "flash_attention": True,
             "dropout": 0.5},
            "flash_attention",
        ),
    ],
)
def test_errors(kwargs, name):
    with pytest.raises(ValueError, match=f"Received: {name}="):
        layers.MultiHeadAttention(**kwargs)


def test_key_value_shape_mismatch():
    with pytest.raises(ValueError, match="value_shape"):
        layers.MultiHeadAttention(2, 2)(Q, V, Q)
