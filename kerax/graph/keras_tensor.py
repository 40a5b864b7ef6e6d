"""`KerasTensor`: a symbolic tensor (shape + dtype) used to build models.

Calling a layer on KerasTensors records a node in the layer graph and
returns KerasTensors whose shapes come from `jax.eval_shape`.

Core tier of `kerax.graph`: imports nothing above `kerax.core`. Operators
(`x + y`, `x[0]`) reach `kerax.ops` through `kerax.graph.dispatch`, whose
hooks the op layer (`kerax.graph.op_layer`) fills when it is imported.

>>> t = KerasTensor((None, 3), "float32")
>>> t.shape, t.dtype
((None, 3), 'float32')
"""

from __future__ import annotations

from jax import tree_util

from kerax.core.dtypes import standardize_dtype
from kerax.graph import dispatch


class KerasTensor:
    """Symbolic tensor: `shape` (None for unknown dims), `dtype`, `name`."""

    def __init__(
        self,
        shape,
        dtype="float32",
        sparse=False,
        ragged=False,
        record_history=True,
        name=None,
    ):
        self._shape = tuple(
            None if d is None else int(d) for d in tuple(shape)
        )
        self._dtype = standardize_dtype(dtype)
        self.sparse = bool(sparse)
        self.ragged = bool(ragged)
        self.name = name
        self.record_history = record_history
        # (operation, node_index, tensor_index), set by Layer.__call__.
        self._keras_history = None
        self._keras_mask = None

    @property
    def shape(self):
        return self._shape

    @property
    def dtype(self):
        return self._dtype

    @property
    def ndim(self):
        return len(self._shape)

    def __repr__(self):
        return (
            f"<KerasTensor shape={self.shape}, dtype={self.dtype}, "
            f"sparse={self.sparse}, name={self.name}>"
        )

    def __iter__(self):
        raise NotImplementedError(
            "Iterating over a symbolic KerasTensor is not supported."
        )

    def __bool__(self):
        raise TypeError("A symbolic KerasTensor cannot be used as a boolean.")

    def __hash__(self):
        return id(self)

    def __array__(self, *args, **kwargs):
        raise TypeError(
            "A KerasTensor is symbolic: it's a placeholder for a shape and "
            "a dtype. It doesn't have any actual numerical value. You "
            "cannot convert it to a NumPy array."
        )

    # Arithmetic goes through kerax.ops, which records graph nodes.
    def _op(self, name, *args):
        return dispatch.tensor_operator(name)(*args)

    def __add__(self, o):
        return self._op("add", self, o)

    def __radd__(self, o):
        return self._op("add", o, self)

    def __sub__(self, o):
        return self._op("subtract", self, o)

    def __rsub__(self, o):
        return self._op("subtract", o, self)

    def __mul__(self, o):
        return self._op("multiply", self, o)

    def __rmul__(self, o):
        return self._op("multiply", o, self)

    def __truediv__(self, o):
        return self._op("true_divide", self, o)

    def __rtruediv__(self, o):
        return self._op("true_divide", o, self)

    def __floordiv__(self, o):
        return self._op("floor_divide", self, o)

    def __pow__(self, o):
        return self._op("power", self, o)

    def __rpow__(self, o):
        return self._op("power", o, self)

    def __matmul__(self, o):
        return self._op("matmul", self, o)

    def __rmatmul__(self, o):
        return self._op("matmul", o, self)

    def __neg__(self):
        return self._op("negative", self)

    def __abs__(self):
        return self._op("absolute", self)

    def __lt__(self, o):
        return self._op("less", self, o)

    def __le__(self, o):
        return self._op("less_equal", self, o)

    def __gt__(self, o):
        return self._op("greater", self, o)

    def __ge__(self, o):
        return self._op("greater_equal", self, o)

    def __getitem__(self, key):
        return dispatch.symbolic_call(
            lambda x: x[key], (self,), {}, name="get_item")

    def astype(self, dtype):
        return self._op("cast", self, dtype)

    def reshape(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return self._op("reshape", self, shape)


def is_keras_tensor(x) -> bool:
    """True when `x` is a symbolic KerasTensor."""
    return isinstance(x, KerasTensor)


def any_symbolic(*structures) -> bool:
    """True when any leaf of the given structures is a KerasTensor."""
    for leaf in tree_util.tree_leaves(structures):
        if isinstance(leaf, KerasTensor):
            return True
    return False
