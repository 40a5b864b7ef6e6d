"""Old path of `OpLayer`: re-exports `kerax.graph.op_layer` (a module of
the layers tier of the graph package)."""

from kerax.graph.op_layer import OpLayer

__all__ = ["OpLayer"]
