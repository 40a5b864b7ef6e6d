"""`plot_model` / `model_to_dot`: draw a model's layer graph.

With `pydot` and the Graphviz binaries installed, Graphviz lays out and
writes the file, as in Keras. Without them (or when Graphviz fails), the
built-in renderer (`kerax.utils.graph_render`) writes the same graph:
`.png` and other raster formats through Pillow, `.svg` as text, `.dot` /
`.gv` as DOT text. Nested models are drawn as one box, or with
`expand_nested=True` as their own layers inside a dashed frame.

>>> import kerax
>>> x = kerax.Input((3,), name="x")
>>> model = kerax.Model(x, kerax.layers.Dense(2, name="d")(x))
>>> "x -> d" in model_to_dot_source(model).replace('"', "")
True
"""

from __future__ import annotations

import os

from kerax.utils import graph_render

_TEXT_FORMATS = ("svg", "dot", "gv")


def _is_model(layer):
    return hasattr(layer, "layers") and hasattr(layer, "_direct_layers") \
        and (hasattr(layer, "_functional_nodes")
             or hasattr(layer, "_input_layer"))


def _layers_and_edges(model):
    """[(layer, inbound layers)] in the model's order."""
    if hasattr(model, "_functional_nodes"):
        entries = []
        for layer in model.operations:
            parents = []
            for node in layer._inbound_nodes:
                for tensor in node.input_tensors:
                    history = tensor._keras_history
                    if history is not None and history[0] in model.operations:
                        parents.append(history[0])
            entries.append((layer, parents))
        return entries
    entries, previous = [], None
    input_layer = getattr(model, "_input_layer", None)
    if input_layer is not None:
        entries.append((input_layer, []))
        previous = input_layer
    for layer in model.layers:
        entries.append((layer, [previous] if previous is not None else []))
        previous = layer
    return entries


def _shape_text(layer):
    try:
        output = layer.output
    except (AttributeError, ValueError):
        return "?"
    if hasattr(output, "shape"):
        return str(tuple(output.shape))
    return str([tuple(t.shape) for t in output])


def _label(layer, options):
    lines = [f"{layer.name} ({type(layer).__name__})"
             if options["show_layer_names"] else type(layer).__name__]
    if options["show_layer_activations"] and hasattr(layer, "activation"):
        name = getattr(layer.activation, "__name__", str(layer.activation))
        lines.append(f"activation: {name}")
    if options["show_dtype"]:
        lines.append(f"dtype: {layer.dtype_policy.name}")
    if options["show_shapes"]:
        lines.append(f"output: {_shape_text(layer)}")
    if options["show_trainable"]:
        lines.append(f"trainable: {'Y' if layer.trainable else 'N'}")
    return lines


def _add_model(graph, model, options, cluster):
    """Adds `model`'s layers; returns `(entry ids, exit ids)`."""
    prefix = "/".join(cluster + ("",)) if cluster else ""
    entries, exits, has_child = {}, {}, set()
    for layer, parents in _layers_and_edges(model):
        node_id = prefix + layer.name
        if options["expand_nested"] and _is_model(layer):
            inner = _add_model(graph, layer, options,
                               cluster + (layer.name,))
            entries[layer], exits[layer] = inner
        else:
            graph.add_node(node_id, _label(layer, options), cluster)
            entries[layer] = exits[layer] = [node_id]
        for parent in parents:
            has_child.add(parent)
            for source in exits[parent]:
                for target in entries[layer]:
                    graph.add_edge(source, target)
    sources = [i for layer, parents in _layers_and_edges(model)
               if not parents for i in entries[layer]]
    sinks = [i for layer in exits if layer not in has_child
             for i in exits[layer]]
    return sources, sinks


def model_graph(model, show_shapes=False, show_dtype=False,
                show_layer_names=True, expand_nested=False,
                show_layer_activations=False, show_trainable=False):
    """The model's layers and connections as a `graph_render.Graph`."""
    if not model.built:
        raise ValueError(
            "This model has not yet been built. Build the model first by "
            "calling `build()` or by calling the model on a batch of data."
        )
    options = {
        "show_shapes": show_shapes, "show_dtype": show_dtype,
        "show_layer_names": show_layer_names,
        "expand_nested": expand_nested,
        "show_layer_activations": show_layer_activations,
        "show_trainable": show_trainable,
    }
    graph = graph_render.Graph(model.name)
    _add_model(graph, model, options, ())
    return graph


def model_to_dot_source(model, show_shapes=False, show_dtype=False,
                        show_layer_names=True, rankdir="TB", dpi=200,
                        show_layer_activations=False, show_trainable=False,
                        splines="ortho", expand_nested=False):
    """The model's graph as Graphviz DOT text."""
    graph = model_graph(model, show_shapes, show_dtype, show_layer_names,
                        expand_nested, show_layer_activations,
                        show_trainable)
    return graph_render.to_dot(graph, rankdir, dpi, splines)


class DotGraph:
    """What `model_to_dot` returns without pydot: the DOT text plus the
    built-in renderer, with pydot's `to_string`, `create` and `write`."""

    def __init__(self, graph, rankdir, dpi, splines):
        self.graph, self.rankdir, self.dpi = graph, rankdir, dpi
        self.splines = splines

    def to_string(self):
        return graph_render.to_dot(self.graph, self.rankdir, self.dpi,
                                   self.splines)

    def get_edge(self, source, target):
        return [(source, target)] if (source, target) in \
            self.graph.edges else []

    def add_edge(self, source, target):
        self.graph.add_edge(source, target)

    def create(self, prog=None, format="png"):
        """The drawing's bytes in `format` (`png`, `svg`, `dot`, or any
        raster format Pillow writes)."""
        import io

        format = format.lower()
        if format == "svg":
            return graph_render.to_svg(self.graph, self.rankdir).encode()
        if format in ("dot", "gv"):
            return self.to_string().encode()
        buffer = io.BytesIO()
        image = graph_render.to_image(self.graph, self.rankdir)
        pil_format = {"jpg": "JPEG", "jpeg": "JPEG"}.get(format,
                                                         format.upper())
        try:
            image.save(buffer, format=pil_format, dpi=(self.dpi, self.dpi))
        except (KeyError, ValueError, OSError) as error:
            raise ValueError(
                "The built-in renderer of `plot_model` writes png, svg, dot, "
                "gv and the image formats Pillow supports (jpg, gif, bmp, "
                f"pdf, ...). Received: format={format!r} ({error}). Install "
                "pydot and Graphviz for the others.") from None
        return buffer.getvalue()

    def write(self, path, format="png"):
        data = self.create(format=format)
        with open(path, "wb") as file:
            file.write(data)
        return True


def _pydot():
    try:
        import pydot
    except ImportError:
        return None
    return pydot


def model_to_dot(model, show_shapes=False, show_dtype=False,
                 show_layer_names=True, rankdir="TB", expand_nested=False,
                 dpi=200, subgraph=False, show_layer_activations=False,
                 show_trainable=False, splines="ortho", **kwargs):
    """The model's graph: a `pydot.Dot` when pydot is installed, else a
    `DotGraph` (same `to_string`/`create`/`write` methods)."""
    graph = model_graph(model, show_shapes, show_dtype, show_layer_names,
                        expand_nested, show_layer_activations,
                        show_trainable)
    pydot = _pydot()
    if pydot is None:
        return DotGraph(graph, rankdir, dpi, splines)
    source = graph_render.to_dot(graph, rankdir, dpi, splines)
    return pydot.graph_from_dot_data(source)[0]


def plot_model(model, to_file="model.png", show_shapes=False,
               show_dtype=False, show_layer_names=False, rankdir="TB",
               expand_nested=False, dpi=200, show_layer_activations=False,
               show_trainable=False, splines="ortho", **kwargs):
    """Writes the model's graph to `to_file` (format from its extension,
    png by default) and returns `to_file`.

    Keras 3's signature and defaults (layer names hidden unless
    `show_layer_names=True`). Graphviz draws when pydot and Graphviz are
    installed; otherwise the built-in renderer does.
    """
    options = {
        "show_shapes": show_shapes, "show_dtype": show_dtype,
        "show_layer_names": show_layer_names, "rankdir": rankdir,
        "expand_nested": expand_nested, "dpi": dpi,
        "show_layer_activations": show_layer_activations,
        "show_trainable": show_trainable, "splines": splines,
    }
    dot = model_to_dot(model, **options)
    extension = os.path.splitext(to_file)[1][1:].lower() or "png"
    if not isinstance(dot, DotGraph):
        try:
            dot.write(to_file, format=extension)
            return to_file
        except (FileNotFoundError, OSError, AssertionError):
            # pydot without the Graphviz binaries: draw it ourselves.
            dot = DotGraph(model_graph(
                model, show_shapes, show_dtype, show_layer_names,
                expand_nested, show_layer_activations, show_trainable),
                rankdir, dpi, splines)
    dot.write(to_file, format=extension)
    return to_file
