"""Keras 2's `Layer` members, mixed into kerax's `Layer`.

- NumPy numbers as arguments: Keras 2 took `Dense(np.max(y) + 1)`. Every
  layer's constructor receives NumPy integer and float scalars (alone or
  inside a tuple or list argument) as the equal Python numbers.
- Keras 1 argument names that Keras 2 still converted (`output_dim`,
  `init`, `border_mode`, `Conv2D(32, 3, 3)`, ...) are converted the same
  way, with a warning (`kerax.layers.keras1_arguments`).
- The graph accessors of Keras 2: `input_shape`, `output_shape`,
  `get_input_at(i)` and its `_shape_at` / `_mask_at` siblings,
  `input_mask`, `output_mask`, `inbound_nodes`, `batch_input_shape`.
- Updates: kerax applies a layer's state changes (BatchNormalization's
  moving statistics, RNN states) inside the step itself, so no update
  operations wait to be run: `updates` and `get_updates_for` are empty
  lists, and `add_update` applies what it is given at once.
- `add_metric` / `metrics`: eager values, averaged in a `Mean` metric.

>>> import numpy as np
>>> from kerax.layers import Dense
>>> Dense(np.int64(3)).units
3
"""

from __future__ import annotations

import functools

from kerax.layers import keras1_arguments, metric_hooks
from kerax.layers.argument_validation import plain_number


def _plain_arguments(init, class_name):
    legacy = class_name in keras1_arguments.TABLE

    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        args = tuple(plain_number(a) for a in args)
        kwargs = {k: plain_number(v) for k, v in kwargs.items()}
        if legacy:
            args, kwargs = keras1_arguments.convert(class_name, args, kwargs)
        init(self, *args, **kwargs)

    __init__._keras2_plain_numbers = True
    return __init__


class keras2_property:
    """A read-only computed attribute that an instance may still assign
    (`self.updates = [...]` in a Keras 2 subclass): the assigned value
    then shadows the computed one."""

    def __init__(self, getter):
        self.getter = getter
        self.__doc__ = getter.__doc__
        self.name = getter.__name__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if self.name in instance.__dict__:
            return instance.__dict__[self.name]
        return self.getter(instance)

    def __set__(self, instance, value):
        instance.__dict__[self.name] = value


def _node_shapes(tensors):
    shapes = [tuple(t.shape) for t in tensors]
    return shapes[0] if len(shapes) == 1 else shapes


def _single(values):
    return values[0] if len(values) == 1 else values


class Keras2LayerMembers:
    """Keras 2's public `Layer` attributes and methods (see the module
    docstring)."""

    stateful = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is not None and not getattr(init, "_keras2_plain_numbers",
                                            False):
            cls.__init__ = _plain_arguments(init, cls.__name__)

    # ------------------------------------------------------------ nodes
    @keras2_property
    def inbound_nodes(self):
        """The nodes (calls on symbolic tensors) of this layer."""
        return self._inbound_nodes

    def _node(self, node_index, what):
        nodes = self._inbound_nodes
        if not nodes:
            raise RuntimeError(
                f"The layer '{self.name}' has never been called and thus "
                f"has no defined {what}.")
        if not -len(nodes) <= node_index < len(nodes):
            raise ValueError(
                f"Asked to get {what} at node {node_index}, but the layer "
                f"'{self.name}' has only {len(nodes)} inbound nodes.")
        return nodes[node_index]

    def get_input_at(self, node_index):
        """The input tensor(s) of the layer's `node_index`-th call."""
        return _single(self._node(node_index, "input").input_tensors)

    def get_output_at(self, node_index):
        """The output tensor(s) of the layer's `node_index`-th call."""
        return _single(self._node(node_index, "output").output_tensors)

    def get_input_shape_at(self, node_index):
        """The input shape(s) of the layer's `node_index`-th call."""
        return _node_shapes(self._node(node_index, "input shape")
                            .input_tensors)

    def get_output_shape_at(self, node_index):
        """The output shape(s) of the layer's `node_index`-th call."""
        return _node_shapes(self._node(node_index, "output shape")
                            .output_tensors)

    def get_input_mask_at(self, node_index):
        """The input mask(s) of the layer's `node_index`-th call."""
        from kerax.core.masking import get_keras_mask

        tensors = self._node(node_index, "input mask").input_tensors
        return _single([get_keras_mask(t) for t in tensors])

    def get_output_mask_at(self, node_index):
        """The output mask(s) of the layer's `node_index`-th call."""
        from kerax.core.masking import get_keras_mask

        tensors = self._node(node_index, "output mask").output_tensors
        return _single([get_keras_mask(t) for t in tensors])

    def _only_node(self, what):
        if len(self._inbound_nodes) > 1:
            raise AttributeError(
                f"Layer '{self.name}' has multiple inbound nodes, hence "
                f"the notion of \"layer {what}\" is ill-defined. Use "
                f"`get_{what.replace(' ', '_')}_at(node_index)` instead.")
        if not self._inbound_nodes:
            raise AttributeError(
                f"The layer '{self.name}' has never been called and thus "
                f"has no defined {what}.")
        return 0

    @keras2_property
    def input_shape(self):
        """The input shape of the layer's only call (Keras 2)."""
        return self.get_input_shape_at(self._only_node("input shape"))

    @keras2_property
    def output_shape(self):
        """The output shape of the layer's only call (Keras 2)."""
        return self.get_output_shape_at(self._only_node("output shape"))

    @keras2_property
    def input_mask(self):
        return self.get_input_mask_at(self._only_node("input mask"))

    @keras2_property
    def output_mask(self):
        return self.get_output_mask_at(self._only_node("output mask"))

    @keras2_property
    def batch_input_shape(self):
        """The batch shape declared with `input_shape=`/`input_dim=`/
        `batch_input_shape=`, or None."""
        return getattr(self, "_input_shape_arg", None)

    def assert_input_compatibility(self, inputs):
        """ValueError when `inputs` do not satisfy `self.input_spec`."""
        from kerax.layers import input_spec

        input_spec.assert_input_compatibility(
            self.input_spec, input_spec.input_shapes(self.input_spec, inputs),
            self.name)

    # ---------------------------------------------------------- updates
    @keras2_property
    def updates(self):
        """Always `[]`: state updates run inside kerax's step."""
        return []

    def get_updates_for(self, inputs):
        """Always `[]`: state updates run inside kerax's step."""
        return []

    def add_update(self, updates, inputs=None):
        """Applies updates now: `(variable, new_value)` pairs are assigned,
        callables are called; other values (the result of an update that
        already ran, e.g. `K.update_add`) are accepted as done."""
        items = updates if isinstance(updates, list) else [updates]
        for item in items:
            if isinstance(item, tuple) and len(item) == 2 and hasattr(
                    item[0], "assign"):
                item[0].assign(item[1])
            elif callable(item):
                item()

    def get_losses_for(self, inputs):
        """`losses` for `inputs=None` (kerax's losses are unconditional),
        else `[]`."""
        return list(self.losses) if inputs is None else []

    # ---------------------------------------------------------- metrics
    @keras2_property
    def metrics(self):
        """Metrics added with `add_metric`."""
        return list(self.__dict__.get("_keras2_metrics", {}).values())

    def add_metric(self, value, name=None, aggregation="mean"):
        """Records `value` (a concrete number or array) in a `Mean` metric
        named `name`, listed in `metrics`."""
        import jax

        from kerax.core.keras_tensor import any_symbolic

        if aggregation not in (None, "mean"):
            raise ValueError(
                "add_metric supports aggregation='mean' only. Received: "
                f"aggregation={aggregation!r}")
        if any_symbolic(value) or isinstance(value, jax.core.Tracer):
            raise ValueError(
                f"Layer '{self.name}': add_metric takes concrete values in "
                "kerax. Inside a model, compute the value as an output, or "
                "write a `kerax.metrics.Metric` and pass it to `compile`.")
        metrics = self.__dict__.setdefault("_keras2_metrics", {})
        key = name or f"{self.name}_metric_{len(metrics)}"
        if key not in metrics:
            metrics[key] = metric_hooks.new_mean_metric(key)
        metrics[key].update_state(value)
