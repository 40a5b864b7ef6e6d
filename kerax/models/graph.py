"""Old path of the graph walk: re-exports `kerax.graph.topology`."""

from kerax.graph.topology import map_graph

__all__ = ["map_graph"]
