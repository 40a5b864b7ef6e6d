"""Walks the public API of Keras 3 and kerax for tests/test_keras3_names.py
(module paths, names, and comparable call signatures)."""

from __future__ import annotations

import importlib
import inspect
import types

_SIMPLE = (type(None), bool, int, float, str, bytes)


def public_modules(root) -> dict[str, types.ModuleType]:
    """`{"keras.layers": module, ...}`: the public modules reachable from
    `root` by attribute (any `.src` module excluded)."""
    found: dict[str, types.ModuleType] = {}
    seen: set[int] = set()

    def visit(module, path):
        if id(module) in seen:
            return
        seen.add(id(module))
        found[path] = module
        for name in dir(module):
            if name.startswith("_") or name == "src":
                continue
            value = _attribute(module, name)
            if isinstance(value, types.ModuleType):
                mod_name = getattr(value, "__name__", "")
                if mod_name.startswith(root.__name__ + ".") and (
                        ".src" not in mod_name):
                    visit(value, f"{path}.{name}")

    visit(root, root.__name__)
    return found


def _attribute(module, name):
    """`module.name`, or None when a lazy attribute fails to import (an
    optional dependency missing)."""
    try:
        return getattr(module, name)
    except (ImportError, AttributeError):
        return None


def public_names(module) -> set[str]:
    return {n for n in dir(module) if not n.startswith("_") and n != "src"}


def kerax_object(path: str):
    """The kerax object at Keras path `keras.a.b` (`kerax.a.b`), or a
    `LookupError` when it does not exist."""
    parts = path.split(".")
    obj = importlib.import_module("kerax")
    for part in parts[1:]:
        try:
            obj = getattr(obj, part)
        except (AttributeError, ImportError):
            raise LookupError(path) from None
    return obj


def _default(value):
    if value is inspect.Parameter.empty:
        return "<required>"
    if isinstance(value, _SIMPLE):
        return repr(value)
    if isinstance(value, (tuple, list)) and all(
            isinstance(v, _SIMPLE) for v in value):
        return repr(tuple(value))
    name = getattr(value, "__name__", None)
    return f"<{name or type(value).__name__}>"


def signature_of(obj):
    """A comparable form of `obj`'s call signature, or None."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    return [(p.name, p.kind.name, _default(p.default))
            for p in sig.parameters.values()]


def signature_problem(keras_obj, kerax_obj) -> str | None:
    """Why kerax's signature is not Keras's, or None. Keras's named
    parameters must come first, in order, with the same kinds and
    defaults; kerax may add optional parameters after them and may take
    `**kwargs` where Keras does not (not the reverse for `*args`)."""
    theirs, ours = signature_of(keras_obj), signature_of(kerax_obj)
    if theirs is None or ours is None:
        return None
    named_theirs = [p for p in theirs
                    if p[1] not in ("VAR_POSITIONAL", "VAR_KEYWORD")]
    named_ours = [p for p in ours
                  if p[1] not in ("VAR_POSITIONAL", "VAR_KEYWORD")]
    extra = named_ours[len(named_theirs):]
    if named_ours[:len(named_theirs)] != named_theirs:
        return f"keras {named_theirs} vs kerax {named_ours}"
    if any(p[2] == "<required>" for p in extra):
        return f"kerax requires extra parameters {extra}"
    kinds_theirs = {p[1] for p in theirs}
    kinds_ours = {p[1] for p in ours}
    for kind in ("VAR_POSITIONAL", "VAR_KEYWORD"):
        if kind in kinds_theirs and kind not in kinds_ours and not (
                kind == "VAR_KEYWORD" and extra):
            return f"kerax lacks {kind}"
    return None
