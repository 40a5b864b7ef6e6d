"""Helpers for the pattern tests: the same program in kerax and in real
Keras (JAX backend, test-only), compared with the same weights."""

import numpy as np


def copy_weights(source, target):
    """Copies `source`'s weights (a kerax or Keras layer/model) into
    `target`, checking that both list the same shapes in the same order."""
    weights = source.get_weights()
    shapes = [tuple(w.shape) for w in weights]
    target_shapes = [tuple(v.shape) for v in target.weights]
    assert shapes == target_shapes, (shapes, target_shapes)
    target.set_weights(weights)


def assert_close(a, b, atol=1e-5):
    """Equal within `atol` (arrays, numbers, or lists of arrays)."""
    if isinstance(a, (list, tuple)) and any(np.ndim(x) for x in a):
        assert len(a) == len(b), (len(a), len(b))
        for x, y in zip(a, b):
            assert_close(x, y, atol)
        return
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), atol=atol,
                               rtol=1e-5)


def history_close(ours, theirs, atol=1e-5):
    """Compares two `History.history` dicts key by key."""
    assert sorted(ours) == sorted(theirs), (sorted(ours), sorted(theirs))
    for key in theirs:
        assert_close(ours[key], theirs[key], atol=atol)
