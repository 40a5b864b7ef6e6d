"""`plot_model` / `model_to_dot`: draw a model's layer graph with Graphviz.

The DOT text is built here; rendering needs `pydot` and the Graphviz
binaries, which are optional: without them a clear ImportError says what
to install.

>>> import kerax
>>> x = kerax.Input((3,), name="x")
>>> model = kerax.Model(x, kerax.layers.Dense(2, name="d")(x))
>>> "x -> d" in model_to_dot_source(model).replace('"', "")
True
"""

from __future__ import annotations

import os

_PYDOT_MISSING = (
    "You must install pydot (`pip install pydot`) and the Graphviz binaries "
    "(see https://graphviz.gitlab.io/download/) for `plot_model` to work."
)


def _layers_and_edges(model):
    """[(layer, inbound layer names)] in the model's order."""
    if hasattr(model, "_functional_nodes"):
        entries = []
        for layer in model.operations:
            parents = []
            for node in layer._inbound_nodes:
                for tensor in node.input_tensors:
                    history = tensor._keras_history
                    if history is not None and history[0] in model.operations:
                        parents.append(history[0].name)
            entries.append((layer, parents))
        return entries
    entries, previous = [], None
    input_layer = getattr(model, "_input_layer", None)
    if input_layer is not None:
        entries.append((input_layer, []))
        previous = input_layer.name
    for layer in model.layers:
        entries.append((layer, [previous] if previous else []))
        previous = layer.name
    return entries


def _label(layer, show_shapes, show_dtype, show_layer_names,
           show_layer_activations, show_trainable):
    parts = [
        f"{layer.name} ({type(layer).__name__})" if show_layer_names
        else type(layer).__name__
    ]
    if show_layer_activations and hasattr(layer, "activation"):
        name = getattr(layer.activation, "__name__", str(layer.activation))
        parts.append(f"activation: {name}")
    if show_dtype:
        parts.append(f"dtype: {layer.dtype_policy.name}")
    if show_shapes:
        try:
            output = layer.output
            shape = output.shape if hasattr(output, "shape") else [
                t.shape for t in output]
        except (AttributeError, ValueError):
            shape = "?"
        parts.append(f"output: {shape}")
    if show_trainable:
        parts.append(f"trainable: {'Y' if layer.trainable else 'N'}")
    return "\\n".join(parts)


def model_to_dot_source(model, show_shapes=False, show_dtype=False,
                        show_layer_names=True, rankdir="TB", dpi=200,
                        show_layer_activations=False, show_trainable=False,
                        splines="ortho"):
    """The model's graph as Graphviz DOT text."""
    if not model.built:
        raise ValueError(
            "This model has not yet been built. Build the model first by "
            "calling `build()` or by calling the model on a batch of data."
        )
    lines = [
        f'digraph "{model.name}" {{',
        (f'  graph [rankdir="{rankdir}", dpi={int(dpi)}, '
         f'splines="{splines}"];'),
        '  node [shape="record"];',
    ]
    for layer, parents in _layers_and_edges(model):
        label = _label(layer, show_shapes, show_dtype, show_layer_names,
                       show_layer_activations, show_trainable)
        lines.append(f'  "{layer.name}" [label="{label}"];')
        for parent in parents:
            lines.append(f'  "{parent}" -> "{layer.name}";')
    lines.append("}")
    return "\n".join(lines)


def _pydot():
    try:
        import pydot
    except ImportError as error:
        raise ImportError(_PYDOT_MISSING) from error
    return pydot


def model_to_dot(model, show_shapes=False, show_dtype=False,
                 show_layer_names=True, rankdir="TB", expand_nested=False,
                 dpi=200, subgraph=False, show_layer_activations=False,
                 show_trainable=False, splines="ortho", **kwargs):
    """The model's graph as a `pydot.Dot` (requires pydot)."""
    pydot = _pydot()
    source = model_to_dot_source(
        model, show_shapes, show_dtype, show_layer_names, rankdir, dpi,
        show_layer_activations, show_trainable, splines)
    return pydot.graph_from_dot_data(source)[0]


def plot_model(model, to_file="model.png", show_shapes=False,
               show_dtype=False, show_layer_names=False, rankdir="TB",
               expand_nested=False, dpi=200, show_layer_activations=False,
               show_trainable=False, splines="ortho", **kwargs):
    """Writes the model's graph to `to_file` (format from its extension).

    Keras 3's signature and defaults (layer names hidden unless
    `show_layer_names=True`)."""
    dot = model_to_dot(
        model, show_shapes=show_shapes, show_dtype=show_dtype,
        show_layer_names=show_layer_names, rankdir=rankdir, dpi=dpi,
        show_layer_activations=show_layer_activations,
        show_trainable=show_trainable, splines=splines,
    )
    extension = os.path.splitext(to_file)[1][1:] or "png"
    try:
        dot.write(to_file, format=extension)
    except FileNotFoundError as error:
        raise ImportError(_PYDOT_MISSING) from error
    return to_file
