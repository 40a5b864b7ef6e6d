"""Keras 2's learning phase: `learning_phase`, `set_learning_phase`,
`in_train_phase`, `in_test_phase`.

The learning phase is the `training` flag. `learning_phase()` returns the
value fixed by `set_learning_phase`, else inside a layer's call the
call's own flag (0/1), else the symbolic learning-phase tensor, which
`K.function` takes as an input (fed 0 or 1) and which is 0 when not fed.
"""

import jax.numpy as jnp
import numpy as np

from kerax.backend.common import k_op, tensor
from kerax.backend.graph import LEARNING_PHASE
from kerax.core.keras_tensor import any_symbolic
from kerax.layers.call_context import current_call_context

_PHASE = {"value": None}


def learning_phase():
    """The learning phase: an int (0 test, 1 train) or the symbolic
    learning-phase tensor (see the module docstring)."""
    if _PHASE["value"] is not None:
        return _PHASE["value"]
    context = current_call_context()
    if context is not None:
        return int(bool(context.training))
    return LEARNING_PHASE


def set_learning_phase(value):
    """Fixes the learning phase to 0 (test) or 1 (train)."""
    if value not in (0, 1):
        raise ValueError(
            "The learning phase must be 0 or 1. Received: "
            f"value={value!r}"
        )
    _PHASE["value"] = int(value)


def default_training():
    """The training flag of a `K.function` call that does not feed the
    learning phase: the value set by `set_learning_phase`, else False."""
    return bool(_PHASE["value"])


def _where(training, x, alt):
    return jnp.where(tensor(training).astype(bool), tensor(x), tensor(alt))


def in_train_phase(x, alt, training=None):
    """`x` in the training phase, `alt` otherwise (either may be a
    callable returning the tensor). `training`: a bool, 0/1, or a
    tensor flag (symbolic or not); None means `learning_phase()`, or
    for concrete `x` and `alt` outside any layer call, the phase set by
    `set_learning_phase` (default 0)."""
    if training is None:
        training = learning_phase()
    if isinstance(training, (bool, int, np.bool_, np.integer)):
        chosen = x if training else alt
        return chosen() if callable(chosen) else chosen
    x = x() if callable(x) else x
    alt = alt() if callable(alt) else alt
    if training is LEARNING_PHASE and not any_symbolic(x, alt):
        return x if default_training() else alt
    return _switch(training, x, alt)


@k_op
def _switch(training, x, alt):
    return _where(training, x, alt)


def in_test_phase(x, alt, training=None):
    """`x` in the test phase, `alt` otherwise (see `in_train_phase`)."""
    return in_train_phase(alt, x, training=training)
