"""A layer contract for layers called as `layer(query, value, ...)`
(`run_layer_test` feeds one positional input): config JSON round trip,
symbolic == eager shapes, eager == `stateless_call` == `jit`."""

import json

import jax
import numpy as np
from jax import tree_util

import kerax


def run_multi_input_contract(
    cls, init_kwargs, args, call_kwargs=None, expected_shapes=None, atol=1e-5
):
    call_kwargs = dict(call_kwargs or {})
    # Config survives JSON and from_config.
    config = cls(**init_kwargs).get_config()
    text = json.dumps(config)
    revived = cls.from_config(json.loads(text))
    assert json.loads(json.dumps(revived.get_config())) == json.loads(text)

    # Eager.
    layer = cls(**init_kwargs)
    trainable = None
    layer(*args, **call_kwargs)
    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]
    eager = layer(*args, **call_kwargs)
    shapes = [tuple(x.shape) for x in tree_util.tree_leaves(eager)]
    if expected_shapes is not None:
        assert shapes == [tuple(s) for s in expected_shapes], shapes

    # Symbolic (unknown batch).
    inputs = [kerax.Input(batch_shape=(None,) + a.shape[1:]) for a in args]
    sym = cls(**init_kwargs)(*inputs, **call_kwargs)
    sym_shapes = [tuple(t.shape) for t in tree_util.tree_leaves(sym)]
    assert sym_shapes == [(None,) + s[1:] for s in shapes], sym_shapes

    # Pure calls from the pre-call state.
    after = layer(*args, **call_kwargs)  # advances seeds like the below
    del after
    out, _ = layer.stateless_call(
        trainable, non_trainable, *args, **call_kwargs
    )
    jit_out, _ = jax.jit(
        lambda t, n, *a: layer.stateless_call(t, n, *a, **call_kwargs)
    )(trainable, non_trainable, *args)
    for a, b, c in zip(
        tree_util.tree_leaves(eager),
        tree_util.tree_leaves(out),
        tree_util.tree_leaves(jit_out),
    ):
        np.testing.assert_allclose(np.asarray(b), np.asarray(a), atol=atol)
        np.testing.assert_allclose(np.asarray(c), np.asarray(a), atol=atol)
    return layer
