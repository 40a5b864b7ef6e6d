"""`Attention` and `AdditiveAttention`: contract, Keras parity (score
modes, masks, causal, scores), dropout, errors."""

import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test

# One query/value shape for the whole file (that of `_inputs` below): each
# new shape compiles every eager op again, the dropout mask's random bits
# included.
Q_SHAPE, V_SHAPE = (2, 4, 6), (2, 5, 6)


@pytest.mark.parametrize(
    "cls, kwargs, n_weights",
    [
        (layers.Attention, {"use_scale": True, "score_mode": "concat"}, 2),
        (layers.AdditiveAttention, {}, 1),
    ],
)
def test_contract(cls, kwargs, n_weights):
    run_layer_test(
        cls,
        kwargs,
        input_shape=[Q_SHAPE, V_SHAPE],
        expected_output_shape=Q_SHAPE,
        expected_num_trainable_weights=n_weights,
        expected_num_seed_generators=0,
    )


def test_contract_scores_and_dropout():
    run_layer_test(
        layers.Attention,
        {"dropout": 0.5, "seed": 1},
        input_shape=[Q_SHAPE, V_SHAPE, V_SHAPE],
        call_kwargs={"training": True, "return_attention_scores": True},
        expected_output_shape=[Q_SHAPE, (2, 4, 5)],
        expected_num_seed_generators=1,
    )


def _inputs(rng):
    q = rng.normal(size=Q_SHAPE).astype("float32")
    v = rng.normal(size=V_SHAPE).astype("float32")
    qm = np.array([[1, 1, 1, 0], [1, 0, 1, 1]], bool)
    vm = np.array([[1, 1, 0, 1, 1], [1, 1, 1, 1, 0]], bool)
    return q, v, qm, vm


def _compare(kx, k, args, kwargs):
    kx_out = kx(args, **kwargs)
    k_out = k(args, **kwargs)
    if not isinstance(k_out, tuple):
        kx_out, k_out = (kx_out,), (k_out,)
    for a, b in zip(kx_out, k_out):
        np.testing.assert_allclose(
            np.asarray(a), np.asarray(b), atol=1e-5, rtol=1e-5
        )


@pytest.mark.parametrize("score_mode", ["dot", "concat"])
@pytest.mark.parametrize("use_scale", [False, True])
def test_parity(parity, keras, rng, score_mode, use_scale):
    q, v, qm, vm = _inputs(rng)
    kx = layers.Attention(use_scale=use_scale, score_mode=score_mode)
    k = keras.layers.Attention(use_scale=use_scale, score_mode=score_mode)
    parity.copy_weights(kx, k, [q, v])
    weights = [w + 0.5 for w in k.get_weights()]
    kx.set_weights(weights)
    k.set_weights(weights)
    _compare(kx, k, [q, v], {})
    _compare(kx, k, [q, v, 2 * v], {"return_attention_scores": True})
    _compare(kx, k, [q, v], {"mask": [qm, vm], "return_attention_scores": True})
    _compare(kx, k, [q, q], {"mask": [qm, qm], "use_causal_mask": True})


def test_additive_parity(parity, keras, rng):
    q, v, qm, vm = _inputs(rng)
    kx, k = layers.AdditiveAttention(), keras.layers.AdditiveAttention()
    parity.copy_weights(kx, k, [q, v])
    parity.randomize(kx, k)
    _compare(kx, k, [q, v], {"mask": [qm, vm], "return_attention_scores": True})
    kx = layers.AdditiveAttention(use_scale=False)
    k = keras.layers.AdditiveAttention(use_scale=False)
    _compare(kx, k, [q, v, v], {"use_causal_mask": True})


def test_output_mask_is_query_mask(rng):
    q, v, qm, vm = _inputs(rng)
    layer = layers.Attention()
    np.testing.assert_array_equal(
        np.asarray(layer.compute_mask([q, v], [qm, vm])), qm
    )
    assert layer.compute_mask([q, v], None) is None


def test_functional_query_mask():
    import kerax

    tokens = kerax.Input((4,), dtype="int32")
    x = layers.Embedding(6, 3, mask_zero=True)(tokens)
    out = layers.Attention()([x, x])
    model = kerax.Model(tokens, out)
    y = np.asarray(model(np.array([[1, 2, 0, 0]])))
    np.testing.assert_array_equal(y[0, 2:], 0.0)


def test_dropout_only_in_training(rng):
    q, v, _, _ = _inputs(rng)
    layer = layers.Attention(dropout=0.5, seed=0)
    a = layer([q, v], training=False)
    np.testing.assert_allclose(
        np.asarray(a), np.asarray(layers.Attention()([q, v])), rtol=1e-6
    )
    _, scores = layer([q, v], training=True, return_attention_scores=True)
    assert np.asarray(scores).sum() > 0


def test_config_matches_keras(keras):
    for cls in ("Attention", "AdditiveAttention"):
        ours = getattr(layers, cls)(dropout=0.1, seed=2).get_config()
        theirs = getattr(keras.layers, cls)(dropout=0.1, seed=2).get_config()
        assert set(ours) == set(theirs)


def test_bad_score_mode():
    with pytest.raises(ValueError, match="Received: score_mode="):
        layers.Attention(score_mode="add")


@pytest.mark.parametrize("dropout", [-0.1, 1.0, "x"])
def test_bad_dropout(dropout):
    with pytest.raises(ValueError, match="Received: dropout="):
        layers.Attention(dropout=dropout)


@pytest.mark.parametrize("inputs", ["single", "four"])
def test_bad_inputs(inputs):
    x = np.ones((1, 2, 3), "float32")
    args = x if inputs == "single" else [x, x, x, x]
    with pytest.raises(ValueError, match="Attention layer"):
        layers.Attention()(args)


def test_bad_mask():
    x = np.ones((1, 2, 3), "float32")
    with pytest.raises(ValueError, match="mask"):
        layers.Attention()([x, x], mask=np.ones((1, 2), bool))
