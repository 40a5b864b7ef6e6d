"""Type aliases shared by kerax's annotations (no runtime behaviour).

`PyTree` names a nested structure of arrays (tuples, lists, dicts, None
leaves) as JAX's tree utilities accept it; mypy cannot express the
recursion usefully, so it is `Any` and serves as documentation. JAX arrays
are annotated as `jax.Array` directly.

>>> from kerax.support.hints import PyTree
>>> def first_leaf(tree: PyTree) -> PyTree:
...     return tree[0]
>>> first_leaf((1.0, 2.0))
1.0
"""

from __future__ import annotations

from typing import Any

PyTree = Any
"""A nested structure (tuple/list/dict) of arrays or other leaves."""
