"""Nested structures (`keras.tree`), on JAX's pytree machinery.

Lists, tuples, namedtuples, dicts (leaves in sorted key order),
`OrderedDict` (insertion order) and any registered JAX pytree are nested;
everything else, `None` included, is a leaf.

>>> import kerax
>>> kerax.tree.flatten({"b": 2, "a": [1, None]})
[1, None, 2]
>>> kerax.tree.map_structure(lambda x: x * 10, (1, [2]))
(10, [20])
"""

from kerax.tree.tree_api import (
    MAP_TO_NONE,
    assert_same_paths,
    assert_same_structure,
    flatten,
    flatten_with_path,
    is_nested,
    lists_to_tuples,
    map_shape_structure,
    map_structure,
    map_structure_up_to,
    pack_sequence_as,
    traverse,
)

__all__ = [
    "MAP_TO_NONE",
    "assert_same_paths",
    "assert_same_structure",
    "flatten",
    "flatten_with_path",
    "is_nested",
    "lists_to_tuples",
    "map_shape_structure",
    "map_structure",
    "map_structure_up_to",
    "pack_sequence_as",
    "traverse",
]
