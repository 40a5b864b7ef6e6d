"""Old path of the ops' symbolic dispatch: re-exports `symbolic_op` and
`symbolic_call` from `kerax.graph` (its core tier, below `kerax.ops`).

>>> import jax.numpy as jnp
>>> @symbolic_op
... def double(x):
...     return jnp.asarray(x) * 2
>>> double(jnp.ones(2)).tolist()
[2.0, 2.0]
"""

from kerax.graph.symbolic_op import symbolic_call, symbolic_op

__all__ = ["symbolic_call", "symbolic_op"]
