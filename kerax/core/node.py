"""Old path of `Node`: re-exports `kerax.graph.node` (core tier of the
graph package)."""

from kerax.graph.node import Node

__all__ = ["Node"]
