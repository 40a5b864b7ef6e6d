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


def _nested():
    inner = kerax.Sequential([kerax.Input((3,), name="i"),
                              kerax.layers.Dense(4, name="h"),
                              kerax.layers.Dense(3, name="o")], name="inner")
    x = kerax.Input((3,), name="x")
    out = kerax.layers.Dense(2, name="top")(inner(x))
    return kerax.Model(x, out, name="outer")


@pytest.fixture
def no_pydot(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pydot", None)  # import fails


def test_plot_model_without_pydot_writes_png_svg_and_dot(no_pydot, tmp_path):
    from xml.etree import ElementTree

    from PIL import Image

    png = kerax.utils.plot_model(_model(), to_file=str(tmp_path / "m.png"),
                                 show_shapes=True, show_layer_names=True)
    with Image.open(png) as image:
        assert image.format == "PNG" and image.size[0] > 50
        # Black box outlines and text on white.
        assert image.convert("L").getextrema() == (0, 255)
    svg = kerax.utils.plot_model(_model(), to_file=str(tmp_path / "m.svg"),
                                 show_shapes=True, show_layer_names=True)
    root = ElementTree.parse(svg).getroot()
    assert root.tag.endswith("svg")
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "cat (Concatenate)" in texts and "output: (None, 2)" in texts
    dot = kerax.utils.plot_model(_model(), to_file=str(tmp_path / "m.dot"))
    with open(dot) as file:
        assert '"a" -> "cat"' in file.read()


def test_rankdir_turns_the_drawing(no_pydot, tmp_path):
    from PIL import Image

    sizes = {}
    for rankdir in ("TB", "LR"):
        path = kerax.utils.plot_model(
            _nested(), to_file=str(tmp_path / f"{rankdir}.png"),
            rankdir=rankdir)
        with Image.open(path) as image:
            sizes[rankdir] = image.size
    assert sizes["TB"][1] > sizes["TB"][0]  # a tall chain
    assert sizes["LR"][0] > sizes["LR"][1]  # a wide one


def test_expand_nested_draws_the_inner_layers_in_a_cluster(no_pydot):
    collapsed = model_to_dot_source(_nested())
    assert '"inner"' in collapsed and "inner/h" not in collapsed
    expanded = kerax.utils.model_to_dot(_nested(), expand_nested=True)
    source = expanded.to_string()
    assert 'subgraph "cluster_inner"' in source
    for edge in ('"inner/h" -> "inner/o"', '"inner/o" -> "top"',
                 '"x" -> "inner/i"'):
        assert edge in source
    assert expanded.create(format="svg").startswith(b"<svg")


def test_unknown_format_names_the_formats(no_pydot, tmp_path):
    with pytest.raises(ValueError, match="png, svg, dot"):
        kerax.utils.plot_model(_model(), to_file=str(tmp_path / "m.xyz"))


def test_keras2_vis_utils_defaults_show_layer_names(no_pydot, tmp_path):
    from kerax.utils import vis_utils

    dot = vis_utils.model_to_dot(_model())
    assert "cat (Concatenate)" in dot.to_string() and "dpi=96" in (
        dot.to_string())
    vis_utils.add_edge(dot, "a", "out")
    vis_utils.add_edge(dot, "a", "out")
    assert dot.to_string().count('"a" -> "out"') == 1
    assert vis_utils.is_model(_model()) and not vis_utils.is_model(
        kerax.layers.Dense(1))
    assert vis_utils.is_wrapped_model(kerax.layers.TimeDistributed(
        kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(1)])))
    target = vis_utils.plot_model(_model(), to_file=str(tmp_path / "k.png"))
    assert (tmp_path / "k.png").stat().st_size > 0 and target.endswith(
        "k.png")


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
    fake.fail = True  # pydot without Graphviz: the built-in renderer
    kerax.utils.plot_model(_model(), to_file=target)
    from xml.etree import ElementTree

    assert ElementTree.parse(target).getroot().tag.endswith("svg")
