import pytest

import kerax


def test_get_source_inputs_follows_the_graph_to_each_input_once():
    a, b = kerax.Input((3,), name="a"), kerax.Input((3,), name="b")
    hidden = kerax.layers.Dense(2)(a)
    y = kerax.layers.Concatenate()([hidden, b, kerax.layers.Dense(2)(a)])
    sources = kerax.utils.get_source_inputs(y)
    assert len(sources) == 2 and {id(s) for s in sources} == {id(a), id(b)}
    assert [id(s) for s in kerax.utils.get_source_inputs(a)] == [id(a)]


def test_get_source_inputs_refuses_arrays():
    with pytest.raises(ValueError, match="expects a KerasTensor"):
        kerax.utils.get_source_inputs([1.0, 2.0])


def test_utils_clear_session_resets_auto_names():
    kerax.utils.clear_session()
    first = kerax.layers.Dense(1).name
    kerax.utils.clear_session()
    assert kerax.layers.Dense(1).name == first
