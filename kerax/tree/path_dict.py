"""Nested dicts keyed by "/"-separated paths, and back: how variable
paths (`"dense/kernel"`) become a state tree (`{"dense": {"kernel": v}}`).

>>> nest_paths({"dense/kernel": 1, "dense/bias": 2, "step": 3})
{'dense': {'kernel': 1, 'bias': 2}, 'step': 3}
>>> flatten_paths({"dense": {"kernel": 1, "bias": 2}, "step": 3})
{'dense/kernel': 1, 'dense/bias': 2, 'step': 3}
"""

from __future__ import annotations

from typing import Any


def flatten_paths(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """`{path: leaf}` of a nested dict (non-dict values are leaves), the
    keys joined with "/" after `prefix`, in the tree's order."""
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat.update(flatten_paths(value, f"{prefix}{key}/"))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def nest_paths(flat: dict[str, Any]) -> dict[str, Any]:
    """The nested dict of `{path: leaf}` (the inverse of
    `flatten_paths`), in the paths' order."""
    tree: dict[str, Any] = {}
    for path, value in flat.items():
        *parents, leaf = path.split("/")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return tree
