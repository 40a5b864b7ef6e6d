"""kerax.tree against keras.tree on dicts, lists, tuples, namedtuples, None."""

import collections

import numpy as np
import pytest

from kerax import tree as kt

P = collections.namedtuple("P", ["x", "y"])  # noqa: PYI024 (the classic kind)
CASES = [
    1, None, [], (), {}, "text", np.ones(2),
    [1, None, (2, 3)],
    {"b": 1, "a": [2, {"d": 3, "c": None}]},
    collections.OrderedDict([("b", 1), ("a", 2)]),
    collections.defaultdict(list, {"z": 1, "y": 2}),
    P(1, [2, 3]),
    [P(None, ())],
]
ONE_ARG = ["is_nested", "flatten", "flatten_with_path", "lists_to_tuples"]


def outcome(fn, *args, **kwargs):
    try:
        return ("ok", repr(fn(*args, **kwargs)))
    except (ValueError, TypeError) as e:
        return (type(e).__name__,)


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_single_structure_functions(keras, case):
    for name in ONE_ARG:
        assert outcome(getattr(kt, name), case) == outcome(
            getattr(keras.tree, name), case), name
    for none_is_leaf in (True, False):
        assert outcome(kt.map_structure, lambda x: (x,), case,
                       none_is_leaf=none_is_leaf) == outcome(
            keras.tree.map_structure, lambda x: (x,), case,
            none_is_leaf=none_is_leaf)
    assert outcome(kt.map_shape_structure, lambda x: 0, case) == outcome(
        keras.tree.map_shape_structure, lambda x: 0, case)
    flat = [str(i) for i in range(len(keras.tree.flatten(case)))]
    assert outcome(kt.pack_sequence_as, case, flat) == outcome(
        keras.tree.pack_sequence_as, case, flat)
    for top_down in (True, False):
        def mine(x):
            return kt.MAP_TO_NONE if x == 1 else None

        def theirs(x):
            return keras.tree.MAP_TO_NONE if x == 1 else None

        assert outcome(kt.traverse, mine, case, top_down) == outcome(
            keras.tree.traverse, theirs, case, top_down)


@pytest.mark.parametrize("a", CASES, ids=repr)
def test_two_structure_functions(keras, a):
    for b in CASES + [[5, 6, (7, 8)], {"a": 1, "b": 2}]:
        for name in ("assert_same_structure", "assert_same_paths"):
            assert outcome(getattr(kt, name), a, b)[0] == outcome(
                getattr(keras.tree, name), a, b)[0], (name, b)
        assert outcome(kt.map_structure, lambda *x: 0, a, b) == outcome(
            keras.tree.map_structure, lambda *x: 0, a, b), b
        assert outcome(kt.map_structure_up_to, a, lambda *x: len(x), b) == \
            outcome(keras.tree.map_structure_up_to, a, lambda *x: len(x), b), b


def test_pack_sequence_errors_and_leaf_order():
    with pytest.raises(ValueError, match="3 leaves"):
        kt.pack_sequence_as([1, 2, 3], [1])
    with pytest.raises(TypeError, match="flat_sequence"):
        kt.pack_sequence_as([1], 5)
    calls = []
    kt.map_structure(calls.append, {"b": 1, "a": 2})
    assert calls == [2, 1]


def test_check_types_is_deprecated():
    with pytest.warns(DeprecationWarning, match="check_types"):
        kt.assert_same_structure([1], [2], check_types=True)
