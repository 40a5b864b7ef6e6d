"""Old path of `KerasTensor`: re-exports `kerax.graph.keras_tensor` (a
module of the core tier of the graph package, so this import stays at the
core level).

>>> from kerax.core.keras_tensor import KerasTensor
>>> KerasTensor((None, 3)).shape
(None, 3)
"""

from kerax.graph.keras_tensor import KerasTensor, any_symbolic, is_keras_tensor

__all__ = ["KerasTensor", "any_symbolic", "is_keras_tensor"]
