"""`Metric`: the base class of every kerax metric.

A metric keeps its running statistics in non-trainable `Variable`s created
with `add_variable`. Subclasses write only the stateful methods
(`update_state` with `Variable.assign`/`assign_add`, and `result`); the
base class turns them into pure functions (`stateless_update_state`,
`stateless_result`, `stateless_reset_state`) by running them inside a
`StatelessScope`, so the very same code runs eagerly and under `jax.jit`.

>>> import jax.numpy as jnp
>>> class Total(Metric):
...     def __init__(self, name="total", dtype=None):
...         super().__init__(name=name, dtype=dtype)
...         self.total = self.add_variable((), "zeros", name="total")
...     def update_state(self, values):
...         self.total.assign_add(jnp.sum(jnp.asarray(values)))
...     def result(self):
...         return self.total.value
>>> m = Total()
>>> float(m([1.0, 2.0]))
3.0
>>> values = m.stateless_update_state(m.stateless_reset_state(), [5.0])
>>> float(m.stateless_result(values)), float(m.result())
(5.0, 3.0)
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from kerax import config as _config
from kerax import initializers
from kerax.core import naming
from kerax.core.dtype_policy import DTypePolicy
from kerax.core.registry import register
from kerax.core.scope import StatelessScope
from kerax.core.variable import Variable
from kerax.layers import metric_hooks


def _resolve_dtype(dtype):
    """Returns the compute dtype name for a dtype / policy / policy config."""
    if dtype is None:
        return _config.floatx()
    if isinstance(dtype, dict):  # a serialized DTypePolicy
        dtype = dtype.get("config", {}).get("name", None)
        return _resolve_dtype(dtype)
    if hasattr(dtype, "compute_dtype"):
        return dtype.compute_dtype
    if isinstance(dtype, str):
        return DTypePolicy(dtype).compute_dtype
    return DTypePolicy(jnp.dtype(dtype).name).compute_dtype


def _get_initializer(initializer):
    """Returns a callable `(shape, dtype) -> array` for `initializer`."""
    if initializer is None or (
        isinstance(initializer, str) and initializer.lower() == "zeros"
    ):
        return lambda shape, dtype: jnp.zeros(shape, dtype=dtype)
    if isinstance(initializer, str) and initializer.lower() == "ones":
        return lambda shape, dtype: jnp.ones(shape, dtype=dtype)
    if isinstance(initializer, str):
        return initializers.get(initializer)
    if callable(initializer):
        return initializer
    value = initializer
    return lambda shape, dtype: jnp.broadcast_to(
        jnp.asarray(value, dtype=dtype), shape
    )


@register("metrics")
class Metric:
    """Encapsulates metric logic and state.

    Subclasses create their state in `__init__` with
    `self.add_variable(...)`, accumulate in `update_state(...)` through
    `Variable.assign`, and compute the value in `result()`.

    Args:
        dtype: the dtype of the metric's computations (a dtype name or a
            `DTypePolicy`; its compute dtype is used). Defaults to
            `kerax.config.floatx()`.
        name: the metric's name; defaults to the snake-cased class name,
            made unique (`"metric"`, `"metric_1"`, ...).

    >>> import jax.numpy as jnp
    >>> class Count(Metric):
    ...     def __init__(self, name="count", dtype=None):
    ...         super().__init__(name=name, dtype=dtype)
    ...         self.count = self.add_variable((), "zeros", name="count")
    ...     def update_state(self, values):
    ...         self.count.assign_add(jnp.size(jnp.asarray(values)))
    ...     def result(self):
    ...         return self.count.value
    >>> m = Count()
    >>> m.update_state([1, 2, 3])
    >>> float(m.result())
    3.0
    >>> [v.path for v in m.variables]
    ['count/count']
    """

    def __init__(self, dtype=None, name=None):
        if name is None:
            name = naming.uniquify(naming.to_snake_case(type(self).__name__))
        if not isinstance(name, str):
            raise ValueError(
                f"Argument `name` must be a string. Received: name={name}"
            )
        self.name = name
        self._dtype = _resolve_dtype(dtype)
        self._variables = []
        self._metrics = []

    # -------------------------------------------------------------- state
    def add_variable(
        self, shape, initializer, dtype=None, aggregation="sum", name=None
    ):
        """Creates a non-trainable state `Variable` owned by this metric.

        Args:
            shape: the variable's shape.
            initializer: `"zeros"`, `"ones"`, or a callable
                `(shape, dtype) -> array`.
            dtype: the variable's dtype (default `floatx()`).
            aggregation: how replicas combine it (kept for Keras parity).
            name: the variable's name; its path is `"<metric name>/<name>"`.
        """
        self._check_super_called()
        init = _get_initializer(initializer)
        shape = tuple(int(d) for d in shape)
        # Created concretely even when a lazily built metric first runs
        # under `jax.jit` / `jax.eval_shape`.
        with jax.ensure_compile_time_eval():
            variable = Variable(
                initializer=init,
                shape=shape,
                dtype=dtype,
                trainable=False,
                autocast=False,
                aggregation=aggregation,
                synchronization="on_read",
                name=name,
            )
        variable._set_path(self.name.replace("/", ">"))
        self._variables.append(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        """Alias of `add_variable` (Keras 2 spelling)."""
        return self.add_variable(
            shape=shape, initializer=initializer, dtype=dtype, name=name
        )

    @property
    def variables(self):
        """The state variables, in creation order (sub-metrics last)."""
        variables = list(self._variables)
        for metric in self._metrics:
            variables.extend(metric.variables)
        return variables

    @property
    def dtype(self):
        """The metric's compute dtype name."""
        return self._dtype

    def __setattr__(self, name, value):
        if isinstance(value, Metric) and name != "_metrics":
            metrics = self.__dict__.get("_metrics")
            if metrics is not None and value not in metrics:
                metrics.append(value)
        super().__setattr__(name, value)

    def _check_super_called(self):
        if "_variables" not in self.__dict__:
            raise RuntimeError(
                "You forgot to call `super().__init__()` in the `__init__()` "
                "method of your metric. Add it before creating variables."
            )

    # -------------------------------------------------- stateful interface
    def update_state(self, *args, **kwargs):
        """Accumulates statistics; implemented by subclasses."""
        raise NotImplementedError

    def result(self):
        """Computes the metric value from the state; by subclasses."""
        raise NotImplementedError

    def reset_state(self):
        """Sets every state variable back to zeros."""
        for v in self.variables:
            v.assign(jnp.zeros(v.shape, dtype=v.dtype))

    def __call__(self, *args, **kwargs):
        """Updates the state with the inputs and returns `result()`."""
        self._check_super_called()
        self.update_state(*args, **kwargs)
        return self.result()

    # ------------------------------------------------- stateless interface
    def _check_values(self, metric_variables):
        metric_variables = tuple(metric_variables)
        expected = len(self.variables)
        if len(metric_variables) != expected:
            raise ValueError(
                "Argument `metric_variables` must be a sequence of arrays "
                f"matching {type(self).__name__}().variables one to one. "
                f"Received {len(metric_variables)} values, expected "
                f"{expected}."
            )
        return metric_variables

    def stateless_update_state(self, metric_variables, *args, **kwargs):
        """Pure `update_state`: returns the new values (tuple, in the
        order of `variables`); the Variables are not changed.

        A metric whose variables are created by its first update (e.g.
        `F1Score`) returns the new variables' values too.
        """
        metric_variables = self._check_values(metric_variables)
        mapping = list(zip(self.variables, metric_variables))
        with StatelessScope(state_mapping=mapping) as scope:
            self.update_state(*args, **kwargs)
        return tuple(_scope_value(scope, v) for v in self.variables)

    def stateless_result(self, metric_variables):
        """Pure `result`: the metric value for the given state values."""
        metric_variables = self._check_values(metric_variables)
        mapping = list(zip(self.variables, metric_variables))
        with StatelessScope(state_mapping=mapping):
            return self.result()

    def stateless_reset_state(self):
        """Pure `reset_state`: returns the initial values (tuple)."""
        with StatelessScope() as scope:
            self.reset_state()
        return tuple(_scope_value(scope, v) for v in self.variables)

    # -------------------------------------------------------------- config
    def get_config(self):
        """Returns the metric's constructor arguments."""
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        """Creates a metric from `get_config()`'s output."""
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"

    def __str__(self):
        return self.__repr__()


def _scope_value(scope, variable):
    value = scope.get_current_value(variable)
    if value is None:
        value = variable._value
    return value


# Layers collect the metrics held in their attributes (`Layer.metrics`).
metric_hooks.register_metric_base(Metric)
