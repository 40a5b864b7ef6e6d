"""The `keras.tree` functions, written on `jax.tree_util`.

`None` is a leaf unless a function says otherwise (Keras's convention);
paths are tuples of dict keys and sequence indices (a namedtuple's fields
count by index).
"""

import collections
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import jax.tree_util as jtu


class MAP_TO_NONE:
    """Returned by a `traverse` function to put `None` in the output.

    >>> import kerax
    >>> kerax.tree.traverse(
    ...     lambda x: kerax.tree.MAP_TO_NONE if x == 2 else None, [1, 2])
    [1, None]
    """


def _is_none(x: Any) -> bool:
    return x is None


def _one_level(structure: Any):
    """The direct children of `structure` and the node rebuilding it."""
    return jtu.tree_flatten(structure, is_leaf=lambda x: x is not structure)


def _mismatch(a: Any, b: Any, detail: str = "") -> ValueError:
    message = (
        "The two structures don't have the same nested structure: "
        f"first is {_describe(a)}, second is {_describe(b)}."
    )
    return ValueError(message + (f" {detail}" if detail else ""))


def _describe(x: Any) -> str:
    text = repr(x)
    return text if len(text) <= 80 else text[:77] + "..."


def is_nested(structure):
    """Whether `structure` is a list, tuple, dict or other pytree node.

    >>> import kerax
    >>> kerax.tree.is_nested(42), kerax.tree.is_nested({"a": 42})
    (False, True)
    """
    leaves, treedef = jtu.tree_flatten(structure, is_leaf=_is_none)
    return not (treedef.num_nodes == 1 and treedef.num_leaves == 1
                and leaves[0] is structure)


def traverse(func, structure, top_down=True):
    """Applies `func` to every node and leaf of `structure`, depth first.

    Top down (default), a node for which `func` returns something other
    than None is replaced by that value and its children are not visited;
    bottom up, `func` sees each node after its children were traversed.
    Return `MAP_TO_NONE` to put `None` in the result.

    >>> import kerax
    >>> kerax.tree.traverse(lambda x: x + 1 if isinstance(x, int) else None,
    ...                     [1, (2, 3)])
    [2, (3, 4)]
    """

    def children_traversed():
        if not is_nested(structure):
            return structure
        return _rebuild(structure, [traverse(func, c, top_down=top_down)
                                    for c in _children(structure)])

    if top_down:
        result = func(structure)
        if result is None:
            return children_traversed()
    else:
        rebuilt = children_traversed()
        result = func(rebuilt)
        if result is None:
            return rebuilt
    if result is MAP_TO_NONE:
        return None
    return result


def flatten(structure):
    """The leaves of `structure` as a list (dict values in sorted key order).

    >>> import kerax
    >>> kerax.tree.flatten([1, {"b": 3, "a": 2}, None])
    [1, 2, 3, None]
    """
    return jtu.tree_leaves(structure, is_leaf=_is_none)


def _path_key(entry: Any, parent: Any) -> Any:
    if isinstance(entry, jtu.DictKey):
        return entry.key
    if isinstance(entry, jtu.SequenceKey):
        return entry.idx
    if isinstance(entry, jtu.GetAttrKey):
        fields = getattr(type(parent), "_fields", None)
        if fields is not None and entry.name in fields:
            return fields.index(entry.name)
        return entry.name
    if isinstance(entry, jtu.FlattenedIndexKey):
        return entry.key
    return entry


def flatten_with_path(structure):
    """`(path, leaf)` pairs, a path being the tuple of keys/indices to it.

    >>> import kerax
    >>> kerax.tree.flatten_with_path({"a": [5, 6]})
    [(('a', 0), 5), (('a', 1), 6)]
    """
    out: list = []

    def visit(node: Any, prefix: tuple) -> None:
        if not is_nested(node):
            out.append((prefix, node))
            return
        keyed, _ = jtu.tree_flatten_with_path(
            node, is_leaf=lambda x: x is not node
        )
        for path, child in keyed:
            visit(child, prefix + tuple(_path_key(e, node) for e in path))

    visit(structure, ())
    return out


def _map(func: Callable, structures: tuple, none_is_leaf: bool) -> Any:
    """Maps `func` over the leaves of `structures[0]` (leaf order: sorted
    dict keys); the others are indexed alike (checked by the caller)."""
    first = structures[0]
    if first is None and not none_is_leaf:
        return None
    if not is_nested(first):
        return func(*structures)
    if isinstance(first, Mapping):
        keys = _sorted_keys(first)
        mapped = [_map(func, tuple(s[k] for s in structures), none_is_leaf)
                  for k in keys]
        return _rebuild(first, mapped)
    columns = [_one_level(s)[0] for s in structures]
    mapped = [_map(func, row, none_is_leaf) for row in zip(*columns)]
    return _rebuild(first, mapped)


def _rebuild(node: Any, children: list) -> Any:
    """A node like `node` holding `children` (given in flatten order);
    dicts keep `node`'s key order."""
    if isinstance(node, Mapping):
        by_key = dict(zip(_sorted_keys(node), children))
        items = [(k, by_key[k]) for k in node]
        if isinstance(node, collections.defaultdict):
            out = collections.defaultdict(node.default_factory)
            out.update(items)
            return out
        if type(node) in (dict, collections.OrderedDict):
            return type(node)(items)
    return jtu.tree_unflatten(_one_level(node)[1], children)


def map_structure(func, *structures, none_is_leaf=True):
    """Applies `func` to the leaves of `structures`, keeping the structure.

    With several structures they must be nested the same way and `func`
    receives one leaf of each.

    >>> import kerax
    >>> kerax.tree.map_structure(lambda a, b: a + b, [1, (2,)], [10, (20,)])
    [11, (22,)]
    """
    if not structures:
        raise ValueError(
            "map_structure: expected at least one structure after `func`; "
            "received none."
        )
    if len(structures) > 1:
        for other in structures[1:]:
            _check_same(structures[0], other, none_is_leaf)
    return _map(func, structures, none_is_leaf)


def map_structure_up_to(shallow_structure, func, *structures):
    """Maps `func` over `structures` down to the leaves of `shallow_structure`.

    Each of `structures` must have `shallow_structure` as a prefix; `func`
    receives their whole subtrees found at its leaves.

    >>> import kerax
    >>> kerax.tree.map_structure_up_to((0, 0), len, ([1, 2], [3]))
    (2, 1)
    """
    if not structures:
        raise ValueError(
            "map_structure_up_to: expected at least one structure after "
            "`func`; received none."
        )
    for other in structures:
        _check_prefix(shallow_structure, other)

    def on_leaf(shallow, *args):
        if shallow is None:  # Keras: a None in the shallow tree is no leaf
            raise ValueError(
                "map_structure_up_to: `shallow_structure` may not hold None "
                "(it has no leaf there to map to)."
            )
        return func(*args)

    return _map(on_leaf, (shallow_structure, *structures), True)


def _check_prefix(shallow: Any, deep: Any) -> None:
    if not is_nested(shallow):
        return
    if not is_nested(deep):
        raise _mismatch(shallow, deep, "The second is not nested here.")
    _check_node(shallow, deep)
    for a, b in zip(_children(shallow), _children(deep)):
        _check_prefix(a, b)


def _children(node: Any) -> list:
    if isinstance(node, Mapping):
        return [node[k] for k in _sorted_keys(node)]
    return _one_level(node)[0]


def _sorted_keys(mapping: Mapping) -> list:
    if isinstance(mapping, collections.OrderedDict):
        return list(mapping)
    return sorted(mapping)


def _check_node(a: Any, b: Any) -> None:
    """Raises unless nodes `a` and `b` have the same kind and keys."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        if set(a) != set(b):
            raise _mismatch(a, b, f"Keys differ: {sorted(a)} vs {sorted(b)}.")
        return
    if _one_level(a)[1] != _one_level(b)[1]:
        raise _mismatch(a, b)


def _check_same(a: Any, b: Any, none_is_leaf: bool = True) -> None:
    a_leaf = not is_nested(a) and (none_is_leaf or a is not None)
    b_leaf = not is_nested(b) and (none_is_leaf or b is not None)
    if a_leaf and b_leaf:
        return
    if a_leaf != b_leaf:
        raise _mismatch(a, b)
    _check_node(a, b)
    for x, y in zip(_children(a), _children(b)):
        _check_same(x, y, none_is_leaf)


def assert_same_structure(a, b, check_types=None):
    """Raises `ValueError` unless `a` and `b` are nested the same way.

    Node types must match (a list is not a tuple, two namedtuple classes
    differ), except that dict, `OrderedDict` and `defaultdict` with the
    same keys match. `check_types` is deprecated and has no effect.

    >>> import kerax
    >>> kerax.tree.assert_same_structure([(0, 1)], [(2, 3)])
    >>> kerax.tree.assert_same_structure([0], (0,))
    Traceback (most recent call last):
    ...
    ValueError: The two structures don't have the same nested structure: ...
    """
    if check_types is not None:
        warnings.warn(
            "assert_same_structure: `check_types` is deprecated and does "
            "nothing; use `kerax.tree.assert_same_paths` for a check that "
            "ignores the container types.",
            DeprecationWarning,
            stacklevel=2,
        )
    _check_same(a, b)


def assert_same_paths(a, b):
    """Raises `ValueError` unless `a` and `b` have the same leaf paths.

    Container types are ignored (a list matches a tuple).

    >>> import kerax
    >>> kerax.tree.assert_same_paths([0, 1], (2, 3))
    """
    a_paths = {p for p, _ in flatten_with_path(a)}
    b_paths = {p for p, _ in flatten_with_path(b)}
    if a_paths != b_paths:
        only_a = sorted(a_paths - b_paths, key=repr)
        only_b = sorted(b_paths - a_paths, key=repr)
        raise ValueError(
            "assert_same_paths: the structures' paths differ; "
            f"only in the first: {only_a}; only in the second: {only_b}."
        )


def pack_sequence_as(structure, flat_sequence):
    """Puts the items of `flat_sequence` into the shape of `structure`.

    The inverse of `flatten`: dicts take their values in sorted key order
    and keep `structure`'s key order.

    >>> import kerax
    >>> kerax.tree.pack_sequence_as({"b": 0, "a": (0, 0)}, [1, 2, 3])
    {'b': 3, 'a': (1, 2)}
    """
    if isinstance(flat_sequence, (str, bytes)) or not hasattr(
        flat_sequence, "__len__"
    ):
        raise TypeError(
            "pack_sequence_as: `flat_sequence` must be a list or tuple; "
            f"received {type(flat_sequence).__name__}."
        )
    treedef = jtu.tree_structure(structure, is_leaf=_is_none)
    if treedef.num_leaves != len(flat_sequence):
        raise ValueError(
            f"pack_sequence_as: the structure has {treedef.num_leaves} "
            f"leaves but `flat_sequence` has {len(flat_sequence)} items."
        )
    packed = jtu.tree_unflatten(treedef, list(flat_sequence))
    return _restore_key_order(structure, packed)


def _restore_key_order(template: Any, value: Any) -> Any:
    """`value` with its dicts' keys in `template`'s order."""
    if not is_nested(template):
        return value
    if isinstance(template, Mapping):
        items = [(k, _restore_key_order(template[k], value[k]))
                 for k in template]
        if isinstance(template, collections.defaultdict):
            out = collections.defaultdict(template.default_factory)
            out.update(items)
            return out
        if type(template) in (dict, collections.OrderedDict):
            return type(template)(items)
        return value
    children, treedef = _one_level(value)
    restored = [_restore_key_order(t, v)
                for t, v in zip(_one_level(template)[0], children)]
    return jtu.tree_unflatten(treedef, restored)


def lists_to_tuples(structure):
    """`structure` with every list turned into a tuple.

    >>> import kerax
    >>> kerax.tree.lists_to_tuples([1, {"a": [2]}])
    (1, {'a': (2,)})
    """
    return traverse(
        lambda x: tuple(x) if isinstance(x, list) else None,
        structure,
        top_down=False,
    )


def _is_shape(x: Any) -> bool:
    return isinstance(x, (list, tuple)) and all(
        isinstance(e, (int, type(None))) for e in x
    )


def map_shape_structure(func, structure):
    """Like `map_structure`, with tuples/lists of ints and None as leaves.

    >>> import kerax
    >>> kerax.tree.map_shape_structure(len, {"a": (2, None), "b": [(1,)]})
    {'a': 2, 'b': [1]}
    """
    if structure is None or _is_shape(structure) or not is_nested(structure):
        return func(structure)
    return _rebuild(structure, [map_shape_structure(func, c)
                                for c in _children(structure)])
