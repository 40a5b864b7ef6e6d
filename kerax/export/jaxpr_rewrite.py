"""Rewrites a function's reverse scans as forward ones, for ONNX.

RNNs with `go_backwards=True` (and the backward half of `Bidirectional`)
run `lax.scan(..., reverse=True)`, which jax2onnx 0.17 cannot convert
("Reverse scan is not supported"). `forward_scans(fn)` re-runs `fn`'s
jaxpr with each reverse scan replaced by: reverse the scanned inputs, a
forward scan, reverse the stacked outputs (the same values). Calls to
jitted functions and custom derivatives are inlined (export runs
inference only), so scans inside them are rewritten too.

>>> import jax, jax.numpy as jnp
>>> def f(x):
...     step = lambda c, a: (c + a, c * a)
...     return jax.lax.scan(step, 0.0, x, reverse=True)
>>> x = jnp.arange(1.0, 5.0)
>>> has_reverse_scan(jax.make_jaxpr(f)(x).jaxpr)
True
>>> [a.tolist() for a in forward_scans(f)(x)] == [a.tolist() for a in f(x)]
True
>>> has_reverse_scan(jax.make_jaxpr(forward_scans(f))(x).jaxpr)
False
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax
from jax.extend.core import Literal

from kerax.export.onnx_diagnosis import iter_sub_jaxprs

_INLINED = ("pjit", "jit", "closed_call", "core_call", "custom_jvp_call",
            "custom_vjp_call", "custom_vjp_call_jaxpr", "remat", "checkpoint")


def has_reverse_scan(jaxpr: Any) -> bool:
    """Whether any scan in `jaxpr` (at any depth) runs in reverse."""
    for eqn in jaxpr.eqns:
        if eqn.primitive.name == "scan" and eqn.params.get("reverse"):
            return True
        if any(has_reverse_scan(sub) for sub in iter_sub_jaxprs(eqn)):
            return True
    return False


def _inner(eqn: Any) -> Any | None:
    """The closed jaxpr an inlinable call runs, or None."""
    for key in ("jaxpr", "call_jaxpr", "fun_jaxpr"):
        sub = eqn.params.get(key)
        if sub is not None and hasattr(sub, "consts"):
            return sub
        if sub is not None and hasattr(sub, "eqns"):
            return jax.extend.core.ClosedJaxpr(sub, ())
    return None


def _scan(eqn: Any, args: list) -> list:
    params = eqn.params
    body = params["jaxpr"]
    n_consts, n_carry = params["num_consts"], params["num_carry"]
    consts = args[:n_consts]
    init = args[n_consts:n_consts + n_carry]
    xs = args[n_consts + n_carry:]
    reverse = bool(params["reverse"])
    if reverse:
        xs = [jax.lax.rev(x, (0,)) for x in xs]

    def step(carry, x):
        out = evaluate(body.jaxpr, body.consts, *consts, *carry, *x)
        return out[:n_carry], out[n_carry:]

    carry, ys = jax.lax.scan(step, init, xs, length=params["length"],
                             unroll=params.get("unroll", 1))
    if reverse:
        ys = [jax.lax.rev(y, (0,)) for y in ys]
    return [*carry, *ys]


def evaluate(jaxpr: Any, consts: Any, *args: Any) -> list:
    """`jax.core.eval_jaxpr` with reverse scans made forward."""
    env: dict = dict(zip(jaxpr.constvars, consts))
    env.update(zip(jaxpr.invars, args))

    def read(v: Any) -> Any:
        return v.val if isinstance(v, Literal) else env[v]

    for eqn in jaxpr.eqns:
        invals = [read(v) for v in eqn.invars]
        name = eqn.primitive.name
        inner = _inner(eqn) if name in _INLINED else None
        if name == "scan":
            outs = _scan(eqn, invals)
        elif inner is not None:
            if name.startswith("custom_vjp"):
                invals = invals[len(invals) - len(inner.jaxpr.invars):]
            outs = evaluate(inner.jaxpr, inner.consts, *invals)
        else:
            bind_params = eqn.primitive.get_bind_params(eqn.params)
            outs = eqn.primitive.bind(*invals, **bind_params)
            if not eqn.primitive.multiple_results:
                outs = [outs]
        env.update(zip(eqn.outvars, outs))
    return [read(v) for v in jaxpr.outvars]


def forward_scans(fn: Callable) -> Callable:
    """`fn` with every reverse scan computed as a forward one."""

    def rewritten(*args):
        closed, shape = jax.make_jaxpr(fn, return_shape=True)(*args)
        flat = jax.tree_util.tree_leaves(args)
        out = evaluate(closed.jaxpr, closed.consts, *flat)
        return jax.tree_util.tree_unflatten(
            jax.tree_util.tree_structure(shape), out)

    return rewritten
