"""kerax.graph.dispatch: the registration points of symbolic ops."""
import jax.numpy as jnp
import pytest

import kerax
from kerax.graph import dispatch
from kerax.graph.op_layer import OpLayer, op_by_name, record_op


def test_hooks_are_filled_by_the_op_layer():
    x = kerax.KerasTensor((None, 3))
    y = dispatch.symbolic_call(jnp.tanh, (x,), {}, name="tanh")
    assert y.shape == (None, 3)
    assert isinstance(y._keras_history[0], OpLayer)
    assert dispatch.tensor_operator("add") is kerax.ops.add
    z = x + 1.0
    assert z._keras_history[0].fn is kerax.ops.add.__wrapped_op__


def test_unfilled_hook_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(dispatch, "_HOOKS", {})
    with pytest.raises(RuntimeError, match="op_layer"):
        dispatch.symbolic_call(jnp.tanh, (kerax.KerasTensor((2,)),), {})
    with pytest.raises(RuntimeError, match="operator"):
        kerax.KerasTensor((2,)) + 1.0
    dispatch.set_op_recorder(record_op)
    dispatch.set_operator_table(op_by_name)
    assert (kerax.KerasTensor((2,)) * 2.0).shape == (2,)
