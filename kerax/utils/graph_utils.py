"""`get_source_inputs`: an old path, re-exporting `kerax.graph.sources`
(the graph walk lives in the graph package).

>>> import kerax
>>> x = kerax.Input((3,))
>>> y = kerax.layers.Dense(2)(kerax.layers.Dense(4)(x))
>>> kerax.utils.get_source_inputs(y)[0] is x
True
"""

from kerax.graph.sources import get_source_inputs

__all__ = ["get_source_inputs"]
