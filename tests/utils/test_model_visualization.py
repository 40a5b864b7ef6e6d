import importlib.util

import pytest

import kerax
from kerax.utils.model_visualization import model_to_dot_source


def _model():
    a = kerax.Input((3,), name="a")
    b = kerax.Input((3,), name="b")
    merged = kerax.layers.Concatenate(name="cat")([a, b])
    out = kerax.layers.Dense(2, activation="relu", name="out")(merged)
    return kerax.Model([a, b], out, name="net")


def test_dot_source_has_nodes_edges_and_shapes():
    source = model_to_dot_source(_model(), show_shapes=True,
                                 show_layer_activations=True)
    assert source.startswith('digraph "net"')
    for edge in ('"a" -> "cat"', '"b" -> "cat"', '"cat" -> "out"'):
        assert edge in source
    assert "output: (None, 2)" in source and "activation: relu" in source


def test_sequential_chain_and_unbuilt_error():
    seq = kerax.Sequential([kerax.Input((4,)), kerax.layers.Dense(1,
                                                                  name="d")])
    assert '-> "d"' in model_to_dot_source(seq)
    with pytest.raises(ValueError, match="not yet been built"):
        model_to_dot_source(kerax.Sequential([kerax.layers.Dense(1)]))


@pytest.mark.skipif(importlib.util.find_spec("pydot") is not None,
                    reason="pydot is installed")
def test_plot_model_without_pydot_says_what_to_install(tmp_path):
    with pytest.raises(ImportError, match="pip install pydot"):
        kerax.utils.plot_model(_model(), to_file=str(tmp_path / "m.png"))


class _FakeDot:
    def __init__(self, source, fail):
        self.source, self.fail, self.written = source, fail, []

    def write(self, path, format):
        if self.fail:
            raise FileNotFoundError("dot")  # what pydot raises without Graphviz
        self.written.append((path, format))


def test_plot_model_with_pydot_writes_the_file(monkeypatch, tmp_path):
    import sys
    import types

    made = []
    fake = types.ModuleType("pydot")

    def graph_from_dot_data(source):
        made.append(_FakeDot(source, fail=fake.fail))
        return [made[-1]]

    fake.graph_from_dot_data = graph_from_dot_data
    fake.fail = False
    monkeypatch.setitem(sys.modules, "pydot", fake)
    target = str(tmp_path / "m.svg")
    assert kerax.utils.plot_model(_model(), to_file=target,
                                  show_shapes=True) == target
    assert made[-1].written == [(target, "svg")]
    assert '"a" -> "cat"' in made[-1].source
    assert "output: (None, 2)" in made[-1].source
    # Keras 3 defaults: layer names hidden, orthogonal edges.
    assert "cat (Concatenate)" not in made[-1].source
    assert 'splines="ortho"' in made[-1].source
    kerax.utils.plot_model(_model(), to_file=target, show_layer_names=True)
    assert "cat (Concatenate)" in made[-1].source
    assert kerax.utils.model_to_dot(_model()) is made[-1]
    fake.fail = True
    with pytest.raises(ImportError, match="Graphviz"):
        kerax.utils.plot_model(_model(), to_file=target)
