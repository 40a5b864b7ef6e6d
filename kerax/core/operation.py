"""`Operation` (a user-defined op usable on arrays and KerasTensors) and
`Function` (a graph of ops from KerasTensor inputs to outputs)."""

import jax

from kerax.core.keras_tensor import KerasTensor, any_symbolic
from kerax.core.naming import to_snake_case, uniquify


class Operation:
    """Base class of a stateless op: subclasses define `call`.

    On arrays `op(x)` runs `call`; on KerasTensors it records a node in
    the functional graph whose output spec comes from `compute_output_spec`
    (by default `call` traced under `jax.eval_shape`).

    >>> import kerax, numpy as np
    >>> class Double(kerax.Operation):
    ...     def call(self, x):
    ...         return kerax.ops.multiply(x, 2)
    >>> Double()(np.ones(2)).tolist()
    [2.0, 2.0]
    >>> x = kerax.Input((3,))
    >>> Double()(x).shape
    (None, 3)
    """

    def __init__(self, name=None):
        if name is None:
            name = uniquify(to_snake_case(type(self).__name__))
        elif not isinstance(name, str) or "/" in name:
            raise ValueError(
                f"{type(self).__name__}: `name` must be a string without "
                f"'/'; received name={name!r}."
            )
        self.name = name

    def __call__(self, *args, **kwargs):
        if type(self).call is Operation.call:
            raise TypeError(
                f"{type(self).__name__} must define `call(self, ...)`; "
                "the Operation base class has no computation of its own."
            )
        if any_symbolic(args, kwargs):
            return self.symbolic_call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def call(self, *args, **kwargs):
        """The computation on arrays; subclasses override it."""
        return self.__call__(*args, **kwargs)

    def symbolic_call(self, *args, **kwargs):
        """Records the op on KerasTensor inputs; returns KerasTensors."""
        from kerax.ops.symbolic import symbolic_call

        return symbolic_call(self.call, args, kwargs, name=self.name)

    def compute_output_spec(self, *args, **kwargs):
        """KerasTensor(s) describing the output for these inputs."""

        def to_struct(x):
            if isinstance(x, KerasTensor):
                shape = tuple(1 if d is None else d for d in x.shape)
                return jax.ShapeDtypeStruct(shape, x.dtype)
            return x

        structs = jax.tree_util.tree_map(to_struct, (args, kwargs))
        out = jax.eval_shape(
            lambda a, k: self.call(*a, **k), *structs)
        return jax.tree_util.tree_map(
            lambda s: KerasTensor(s.shape, s.dtype), out)

    def get_config(self):
        """The constructor arguments (`name`)."""
        return {"name": self.name}

    @classmethod
    def from_config(cls, config):
        """Builds the op from `get_config()`'s dict."""
        return cls(**config)


class Function:
    """A callable graph of ops and layers from `inputs` to `outputs`
    (KerasTensors), without weights tracking or training: the functional
    graph of a model, run as a plain function.

    >>> import kerax, numpy as np
    >>> x = kerax.Input((2,))
    >>> fn = kerax.Function(x, kerax.ops.add(x, 1.0))
    >>> fn(np.zeros((1, 2))).tolist()
    [[1.0, 1.0]]
    """

    def __init__(self, inputs, outputs, name=None):
        from kerax.models.functional import Functional

        self.name = name or uniquify("function")
        self._graph = Functional(inputs, outputs, name=self.name)

    @property
    def inputs(self):
        return self._graph.inputs

    @property
    def outputs(self):
        return self._graph.outputs

    @property
    def operations(self):
        """The graph's ops and layers (not its inputs), in order."""
        from kerax.layers.core.input_layer import InputLayer

        return [op for op in self._graph.operations
                if not isinstance(op, InputLayer)]

    def __call__(self, inputs):
        return self._graph(inputs)

    def call(self, inputs):
        """Runs the graph on `inputs` (arrays, nested as `self.inputs`)."""
        return self._graph(inputs)

    def compute_output_spec(self, inputs):
        """KerasTensor(s) the graph returns for these inputs."""
        return self._graph.compute_output_spec(inputs)

    def compute_output_shape(self, input_shape):
        """Output shape(s) for `input_shape`."""
        return self._graph.compute_output_shape(input_shape)
