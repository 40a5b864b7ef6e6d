"""K.switch, map_fn, foldl, foldr, rnn (Keras 2 masking), print_tensor,
control_dependencies."""

import functools

import numpy as np
import pytest

from kerax import backend as K

RNG = np.random.default_rng(7)
X = RNG.normal(size=(3, 4)).astype("float32")
Y = RNG.normal(size=(3, 4)).astype("float32")


def test_switch(three_ways):
    assert K.switch(True, lambda: X, lambda: Y) is X
    out = three_ways(K.switch, (np.array(False), X, Y), {})
    np.testing.assert_array_equal(out, Y)
    rows = np.array([True, False, True])
    out = three_ways(K.switch, (rows, X, Y), {})
    np.testing.assert_array_equal(out, np.where(rows[:, None], X, Y))
    np.testing.assert_array_equal(K.switch(X > 0, X, 0.0),
                                  np.maximum(X, 0))
    with pytest.raises(ValueError, match="rank"):
        K.switch(np.ones((3, 4, 1), bool), X, Y)


def test_map_and_folds(three_ways):
    out = three_ways(K.map_fn, (lambda row: row * 2, X), {})
    np.testing.assert_allclose(out, X * 2)
    rows = list(X)
    left = functools.reduce(lambda a, x: a * 0.5 + x, rows)
    np.testing.assert_allclose(K.foldl(lambda a, x: a * 0.5 + x, X), left,
                               rtol=1e-6)
    right = functools.reduce(lambda a, x: a * 0.5 + x, rows[::-1],
                             np.zeros(4))
    out = three_ways(K.foldr, (lambda a, x: a * 0.5 + x, X),
                     {"initializer": np.zeros(4, "float32")})
    np.testing.assert_allclose(out, right, rtol=1e-6)


def _reference_rnn(step, inputs, states, mask, go_backwards, constants):
    """Keras 2's loop: masked steps keep the previous output and states."""
    steps = range(inputs.shape[1])
    if go_backwards:
        steps = reversed(steps)
    outputs, previous = [], None
    for t in steps:
        out, new = step(inputs[:, t], list(states) + list(constants))
        out, new = np.asarray(out), [np.asarray(s) for s in new]
        if previous is None:
            previous = np.zeros_like(out)
        if mask is not None:
            keep = mask[:, t][:, None]
            out = np.where(keep, out, previous)
            new = [np.where(keep, n, s) for n, s in zip(new, states)]
        outputs.append(out)
        previous, states = out, new
    return outputs[-1], np.stack(outputs, 1), states


@pytest.mark.parametrize("go_backwards,use_mask,unroll", [
    (False, False, False), (True, True, False), (False, True, True)])
def test_rnn_matches_a_python_loop(go_backwards, use_mask, unroll):
    inputs = RNG.normal(size=(2, 5, 3)).astype("float32")
    kernel = RNG.normal(size=(3, 4)).astype("float32")
    scale = np.array(0.5, "float32")
    mask = np.array([[1, 1, 0, 1, 0], [1, 0, 1, 1, 1]], bool)

    def step(x_t, states):
        h, c, k = states
        out = np.tanh(x_t @ kernel) * k + h * 0.3 if isinstance(
            x_t, np.ndarray) else K.tanh(K.dot(x_t, kernel)) * k + h * 0.3
        return out * 2, [out, c + 1]

    init = [np.zeros((2, 4), "float32"), np.zeros((2, 1), "float32")]
    last, outs, states = K.rnn(
        step, inputs, init, go_backwards=go_backwards,
        mask=mask if use_mask else None, constants=[scale], unroll=unroll)
    ref = _reference_rnn(step, inputs, init, mask if use_mask else None,
                         go_backwards, [scale])
    np.testing.assert_allclose(last, ref[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(outs, ref[1], rtol=1e-5, atol=1e-6)
    for ours, theirs in zip(states, ref[2]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_print_tensor(capsys):
    out = K.print_tensor(np.array([1.0, 2.0]), message="x = ")
    assert np.asarray(out).tolist() == [1.0, 2.0]
    assert "x = [1. 2.]" in capsys.readouterr().out


def test_control_dependencies():
    v = K.variable(1.0)
    with K.control_dependencies([K.update_add(v, 1.0)]):
        assert float(K.get_value(v)) == 2.0
    with pytest.raises(ValueError, match="K.function"), \
            K.control_dependencies([K.placeholder((2,))]):
        pass
