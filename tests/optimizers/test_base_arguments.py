"""The optimizers' signatures are Keras's (base arguments included, in
Keras's positions), and the base arguments behave as Keras's."""

import inspect

import pytest

from kerax import optimizers

# Keras's LossScaleOptimizer and MultiOptimizer wrap other optimizers;
# OptaxOptimizer is kerax's own.
SKIP = {"LossScaleOptimizer", "MultiOptimizer", "OptimizerMap"}


def test_signatures_match_keras(keras):
    shared = sorted(set(dir(keras.optimizers)) & set(dir(optimizers)))
    checked = 0
    for name in shared:
        theirs = getattr(keras.optimizers, name)
        if not isinstance(theirs, type) or name in SKIP:
            continue
        ours = getattr(optimizers, name)
        assert str(inspect.signature(ours.__init__)) == str(
            inspect.signature(theirs.__init__)), name
        checked += 1
    assert checked >= 15


def test_positional_base_arguments_match_keras(keras):
    args = (0.01, 0.8, 0.9, 1e-6, True, 0.1, 1.0, None, None, True, 0.5, 3,
            None, 2, "opt_pos")
    theirs = keras.optimizers.Adam(*args).get_config()
    ours = optimizers.Adam(*args).get_config()
    for key, value in theirs.items():
        assert ours[key] == pytest.approx(value), key
    with pytest.raises(TypeError, match="multiple values"):
        optimizers.SGD(0.1, 0.9, False, 0.01, weight_decay=0.02)
    with pytest.raises(TypeError, match="positional"):
        optimizers.SGD(*range(20))
    with pytest.raises(ValueError, match="Only one of"):
        optimizers.SGD(clipnorm=1.0, clipvalue=1.0)
