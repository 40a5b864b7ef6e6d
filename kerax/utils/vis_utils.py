"""Keras 2's `keras.utils.vis_utils`: `plot_model` and `model_to_dot` with
Keras 2's defaults (layer names shown, 96 dpi), plus its helpers.

`pydot` is the pydot module when installed, else None; drawing works
either way (see `kerax.utils.model_visualization`).
"""

from kerax.utils import model_visualization

try:
    import pydot
except ImportError:
    pydot = None


def is_model(layer):
    """Whether `layer` is a model (a graph of layers)."""
    from kerax.models import Model

    return isinstance(layer, Model)


def is_wrapped_model(layer):
    """Whether `layer` wraps a model (`TimeDistributed(model)`, ...)."""
    return is_model(getattr(layer, "layer", None))


def add_edge(dot, src, dst):
    """Adds the edge `src -> dst` to `dot` unless it is there already."""
    if dot.get_edge(src, dst):
        return
    if pydot is not None and not isinstance(dot,
                                            model_visualization.DotGraph):
        dot.add_edge(pydot.Edge(src, dst))
    else:
        dot.add_edge(src, dst)


def model_to_dot(model, show_shapes=False, show_layer_names=True,
                 rankdir="TB", expand_nested=False, dpi=96, subgraph=False):
    """The model's graph (a `pydot.Dot`, or kerax's `DotGraph` without
    pydot), with Keras 2's defaults."""
    return model_visualization.model_to_dot(
        model, show_shapes=show_shapes, show_layer_names=show_layer_names,
        rankdir=rankdir, expand_nested=expand_nested, dpi=dpi,
        subgraph=subgraph)


def plot_model(model, to_file="model.png", show_shapes=False,
               show_layer_names=True, rankdir="TB", expand_nested=False,
               dpi=96):
    """Writes the model's graph to `to_file`, with Keras 2's defaults."""
    return model_visualization.plot_model(
        model, to_file=to_file, show_shapes=show_shapes,
        show_layer_names=show_layer_names, rankdir=rankdir,
        expand_nested=expand_nested, dpi=dpi)
