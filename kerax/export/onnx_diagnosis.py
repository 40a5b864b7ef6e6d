"""When ONNX conversion fails: which operation, in which layer.

Conversion runs with each layer's `call` inside
`jax.named_scope(layer.name)` (`layer_name_scopes`), so every equation's
name stack tells the layer it came from. On failure the traceback tells
where: the equation a jax2onnx lowering was converting (its primitive and
name stack), or the layer whose `call` was being traced.

>>> import jax, jax.numpy as jnp
>>> jaxpr = jax.make_jaxpr(lambda x: jnp.sin(x) + 1)(1.0)
>>> sorted(set(p for p, _ in iter_equations(jaxpr.jaxpr)))
['add', 'sin']
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator, Sequence
from typing import Any

import jax


def iter_sub_jaxprs(eqn: Any) -> Iterator[Any]:
    """The jaxprs an equation runs (scan, cond, while, pjit bodies)."""
    for param in eqn.params.values():
        for sub in param if isinstance(param, (list, tuple)) else [param]:
            inner = getattr(sub, "jaxpr", sub)
            if hasattr(inner, "eqns"):
                yield inner


def iter_equations(jaxpr: Any) -> Iterator[tuple[str, str]]:
    """`(primitive name, name stack)` of every equation, sub-jaxprs
    included."""
    for eqn in jaxpr.eqns:
        yield eqn.primitive.name, str(eqn.source_info.name_stack)
        for sub in iter_sub_jaxprs(eqn):
            yield from iter_equations(sub)


@contextlib.contextmanager
def layer_name_scopes(layers: Sequence[Any]) -> Iterator[None]:
    """Runs every layer's `call` inside `jax.named_scope(layer.name)`."""
    patched = []
    try:
        for layer in layers:
            if "call" in layer.__dict__:
                continue
            original = layer.call

            def scoped(*args, __call=original, __name=layer.name, **kwargs):
                with jax.named_scope(__name):
                    return __call(*args, **kwargs)

            layer.__dict__["call"] = functools.wraps(original)(scoped)
            patched.append(layer)
        yield
    finally:
        for layer in patched:
            layer.__dict__.pop("call", None)


def _frames(error: BaseException) -> list:
    """The traceback's frames, innermost first."""
    frames = []
    tb = error.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    return frames[::-1]


def from_traceback(error: BaseException,
                   layers: Sequence[Any]) -> tuple[str | None, list[str]]:
    """`(primitive, layer names)` read from where the error was raised:
    the equation a lowering was converting (its name stack names the
    layer, under `layer_name_scopes`), or the innermost layer `call`
    that was running when tracing failed."""
    layer_names = {layer.name for layer in layers}
    layer_ids = {id(layer) for layer in layers}
    for frame in _frames(error):
        eqn = frame.f_locals.get("eqn")
        primitive = getattr(getattr(eqn, "primitive", None), "name", None)
        if primitive:
            stack = str(eqn.source_info.name_stack).split("/")
            scopes = [s for s in stack if s in layer_names]
            return primitive, scopes[-1:]
    for frame in _frames(error):
        owner = frame.f_locals.get("self")
        if id(owner) in layer_ids and frame.f_code.co_name == "call":
            return None, [owner.name]
    return None, []


def explain_failure(error: BaseException, endpoint: Any,
                    layers: Sequence[Any]) -> Exception:
    """An error naming the endpoint, the operation and its layer."""
    primitive, found = from_traceback(error, layers)
    if primitive is None:
        match = re.search(r"primitive '([^']+)'", str(error))
        primitive = match.group(1) if match else None
    where = f" in layer '{found[0]}'" if found else ""
    what = f"operation '{primitive}'{where}" if primitive else \
        f"an operation{where}"
    first_line = str(error).splitlines()[0] if str(error) else ""
    hint = ""
    if "Symbolic dimension" in str(error) or "symbolic dim" in str(error):
        hint = (" It needs static shapes: pass an `input_signature` with a "
                "fixed batch size to export it to ONNX.")
    return RuntimeError(
        f"Could not export endpoint '{endpoint.name}' to ONNX: {what} could "
        f"not be lowered by jax2onnx ({type(error).__name__}: {first_line})."
        f"{hint} `format='jax'` (StableHLO) exports every JAX operation."
    )
