from kerax.tree.path_dict import flatten_paths, nest_paths


def test_round_trip_keeps_order():
    flat = {"b/x": 1, "b/y/z": 3, "a": 2}
    tree = nest_paths(flat)
    assert tree == {"b": {"x": 1, "y": {"z": 3}}, "a": 2}
    assert list(flatten_paths(tree).items()) == list(flat.items())


def test_prefix_and_empty():
    assert flatten_paths({"k": {"v": 0}}, "root/") == {"root/k/v": 0}
    assert flatten_paths({}) == {} and nest_paths({}) == {}
