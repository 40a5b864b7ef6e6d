"""`GroupQueryAttention`: contract, Keras parity, weights, errors."""

import numpy as np
import pytest

from kerax import layers

from .multi_input_contract import (
    run_multi_input_contract,
)

RNG = np.random.default_rng(1)
Q = RNG.normal(size=(2, 4, 6)).astype("float32")
V = RNG.normal(size=(2, 5, 6)).astype("float32")
KWARGS = {"head_dim": 2, "num_query_heads": 4, "num_key_value_heads": 2}


def test_contract():
    layer = run_multi_input_contract(
        layers.GroupQueryAttention,
        KWARGS,
        [Q, V],
        expected_shapes=[(2, 4, 6)],
    )
    assert len(layer.trainable_weights) == 8


def test_contract_scores_dropout():
    layer = run_multi_input_contract(
        layers.GroupQueryAttention,
        {**KWARGS, "dropout": 0.5, "seed": 2, "use_bias": False},
        [Q, V],
        {"training": True, "return_attention_scores": True},
        expected_shapes=[(2, 4, 6), (2, 4, 4, 5)],
    )
    assert len(layer.trainable_weights) == 4
    assert len(layer.non_trainable_variables) == 1


def _compare(kx, k, *args, **kwargs):
    kx_out, k_out = kx(*args, **kwargs), k(*args, **kwargs)
    if not isinstance(k_out, tuple):
        kx_out, k_out = (kx_out,), (k_out,)
    for a, b in zip(kx_out, k_out):
        np.testing.assert_allclose(
            np.asarray(a), np.asarray(b), atol=1e-5, rtol=1e-5
        )


@pytest.mark.parametrize(
    "kwargs",
    [
        KWARGS,
        {
            **KWARGS,
            "num_key_value_heads": 1,
            "use_gate": True,
            "sliding_window": 2,
        },
    ],
)
def test_parity(keras, kwargs):
    kx = layers.GroupQueryAttention(**kwargs)
    k = keras.layers.GroupQueryAttention(**kwargs)
    kx(Q, V)
    k(Q, V)
    assert [w.path.split("/", 1)[1] for w in kx.weights] == [
        w.path.split("/", 1)[1] for w in k.weights
    ]
    weights = [
        RNG.normal(size=w.shape).astype("float32") for w in k.get_weights()
    ]
    kx.set_weights(weights)
    k.set_weights(weights)
    value_mask = np.array([[1, 1, 0, 1, 1], [1, 1, 1, 0, 0]], bool)
    _compare(kx, k, Q, V)
    _compare(kx, k, Q, V, return_attention_scores=True)
    _compare(kx, k, Q, Q, use_causal_mask=True)
    _compare(kx, k, Q, Q, use_causal_mask=True, return_attention_scores=True)
    _compare(
        kx,
        k,
        Q,
        V,
        value_mask=value_mask,
        attention_mask=RNG.uniform(size=(2, 4, 5)) > 0.3,
    )


def test_aliases_and_config(keras):
    assert layers.GroupQueryAttention is layers.GroupedQueryAttention
    ours = layers.GroupQueryAttention(**KWARGS).get_config()
    theirs = keras.layers.GroupQueryAttention(**KWARGS).get_config()
    assert set(ours) == set(theirs)
    revived = layers.GroupQueryAttention.from_config(ours)
    assert revived.num_repeats == 2


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({**KWARGS, "num_key_value_heads": 3}, "divisible"),
        ({**KWARGS, "head_dim": 0}, "Received: head_dim="),
        ({**KWARGS, "num_query_heads": "4"}, "Received: num_query_heads="),
        ({**KWARGS, "sliding_window": -1}, "Received: sliding_window="),
        ({**KWARGS, "dropout": 2.0}, "Received: dropout="),
        ({**KWARGS, "flash_attention": True, "dropout": 0.5},
         "Received: flash_attention="),
    ],
)
def test_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        layers.GroupQueryAttention(**kwargs)


def test_query_value_feature_mismatch():
    layer = layers.GroupQueryAttention(**KWARGS)
    with pytest.raises(ValueError, match="query_shape"):
        layer.compute_output_shape((2, 4, 6), (2, 5, 3))
