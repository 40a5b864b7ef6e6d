"""K.ctc_batch_cost and K.ctc_decode (Keras 2: probabilities in, blank is
the last class) against real Keras 3's `keras.ops` and hand cases."""

import itertools

import numpy as np

from kerax import backend as K

RNG = np.random.default_rng(8)


def _probs(batch, steps, classes):
    logits = RNG.normal(size=(batch, steps, classes)).astype("float32")
    e = np.exp(logits)
    return e / e.sum(-1, keepdims=True)


def test_ctc_batch_cost_matches_keras_ops(keras):
    y_pred = _probs(2, 6, 4)
    y_true = np.array([[0, 1, 2], [2, 2, 0]], "int32")
    input_length = np.array([[6], [5]], "int32")
    label_length = np.array([[3], [2]], "int32")
    ours = K.ctc_batch_cost(y_true, y_pred, input_length, label_length)
    assert ours.shape == (2, 1)
    spec = K.ctc_batch_cost(K.placeholder((2, 3), dtype="int32"),
                            K.placeholder((2, 6, 4)), input_length,
                            label_length)
    assert spec.shape == (2, 1)
    theirs = keras.ops.ctc_loss(
        y_true, np.log(y_pred + K.epsilon()), label_length[:, 0],
        input_length[:, 0], mask_index=3)
    np.testing.assert_allclose(ours[:, 0], theirs, rtol=1e-4)


def test_ctc_batch_cost_one_step_by_hand():
    y_pred = np.array([[[0.7, 0.3]]], "float32")  # class 1 is the blank
    cost = K.ctc_batch_cost(np.array([[0]]), y_pred, np.array([[1]]),
                            np.array([[1]]))
    np.testing.assert_allclose(cost, [[-np.log(0.7)]], rtol=1e-4)


def test_ctc_decode_greedy_merges_and_drops_blanks(keras):
    path = [1, 1, 3, 0, 0, 3, 2]  # 3 is the blank
    y_pred = np.full((1, 7, 4), 0.1, "float32")
    y_pred[0, np.arange(7), path] = 0.7
    decoded, log_prob = K.ctc_decode(y_pred, np.array([7]))
    assert len(decoded) == 1 and decoded[0].tolist() == [[1, 0, 2]]
    np.testing.assert_allclose(log_prob, [[-7 * np.log(0.7 + K.epsilon())]],
                               rtol=1e-5)
    short, _ = K.ctc_decode(y_pred, np.array([3]))
    assert short[0].tolist() == [[1]]
    theirs, _ = keras.ops.ctc_decode(np.log(y_pred + K.epsilon()), [7],
                                     mask_index=3)
    assert np.asarray(theirs)[0, 0, :3].tolist() == [1, 0, 2]


def _exact_best_labelings(probs, blank, count):
    """The `count` most probable label sequences of one sample, by
    summing the probabilities of every path (brute force)."""
    totals = {}
    for path in itertools.product(range(probs.shape[1]),
                                  repeat=probs.shape[0]):
        labels = tuple(k for i, k in enumerate(path)
                       if k != blank and (i == 0 or path[i - 1] != k))
        p = np.prod([probs[t, k] for t, k in enumerate(path)])
        totals[labels] = totals.get(labels, 0.0) + p
    ranked = sorted(totals.items(), key=lambda item: -item[1])[:count]
    return [(list(k), np.log(v)) for k, v in ranked]


def test_ctc_decode_beam_search_finds_the_best_labelings():
    y_pred = _probs(2, 4, 3)
    lengths = np.array([4, 3])
    decoded, log_prob = K.ctc_decode(y_pred, lengths, greedy=False,
                                     beam_width=9, top_paths=2)
    assert len(decoded) == 2 and log_prob.shape == (2, 2)
    for b in range(2):
        probs = y_pred[b, : lengths[b]] + K.epsilon()
        exact = _exact_best_labelings(probs / probs.sum(-1, keepdims=True),
                                      blank=2, count=2)
        for rank, (labels, score) in enumerate(exact):
            row = decoded[rank][b]
            assert row[row != -1].tolist() == labels
            np.testing.assert_allclose(log_prob[b, rank], score, rtol=1e-4)
