"""Keras 3's `Layer` members for custom layers, mixed into `Layer`.

- `metrics`: the `add_metric` metrics (Keras 2), the `Metric`s held as
  attributes, then those of the sublayers; `metrics_variables`.
- `save_own_variables(store)` / `load_own_variables(store)`: the layer's
  own weights (not its sublayers') as `store["0"], store["1"], ...`, the
  hooks `model.save` calls and a layer may override.
- `symbolic_call(*args, **kwargs)`: the output spec (KerasTensors).
- `activity_regularizer` (readable and settable), `input_dtype`.

>>> import numpy as np
>>> import kerax
>>> layer = kerax.layers.Dense(2, activity_regularizer="l2")
>>> type(layer.activity_regularizer).__name__, layer.input_dtype
('L2', 'float32')
>>> layer.build((None, 3))
>>> store = {}
>>> layer.save_own_variables(store)
>>> sorted(store), store["0"].shape
(['0', '1'], (3, 2))
"""

from __future__ import annotations

from kerax.layers import metric_hooks


class Keras3LayerMembers:
    """`metrics`, `metrics_variables`, own-variable saving hooks,
    `symbolic_call`, `activity_regularizer` and `input_dtype`."""

    @property
    def metrics(self):
        """Metrics of this layer (`add_metric`'s and attributes') and of
        its sublayers."""
        if "_assigned_metrics" in self.__dict__:
            return self.__dict__["_assigned_metrics"]
        found = list(self.__dict__.get("_keras2_metrics", {}).values())
        seen = {id(m) for m in found}
        for name, value in list(vars(self).items()):
            if name == "_keras2_metrics":
                continue
            items = value
            if isinstance(value, dict):
                items = list(value.values())
            elif not isinstance(value, (list, tuple)):
                items = [value]
            for item in items:
                if metric_hooks.is_metric(item) and id(item) not in seen:
                    seen.add(id(item))
                    found.append(item)
        for layer in self._direct_layers():
            for metric in layer.metrics:
                if id(metric) not in seen:
                    seen.add(id(metric))
                    found.append(metric)
        return found

    @metrics.setter
    def metrics(self, value):  # Keras 2 subclasses may assign it.
        self.__dict__["_assigned_metrics"] = value

    @property
    def metrics_variables(self):
        """The variables of `metrics`, in order."""
        return [v for m in self.metrics for v in m.variables]

    def save_own_variables(self, store):
        """Writes this layer's own variables (trainable first) into
        `store` under the keys `"0"`, `"1"`, ..."""
        own = self._trainable_variables + self._non_trainable_variables
        for i, variable in enumerate(own):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store):
        """Assigns `store["0"]`, `store["1"]`, ... to this layer's own
        variables; the count must match."""
        own = self._trainable_variables + self._non_trainable_variables
        if len(store.keys()) != len(own):
            hint = ("" if own or self.built else
                    " The layer was never built: build it (or define "
                    "`build_from_config`) before loading its variables.")
            raise ValueError(
                f"Layer '{self.name}' has {len(own)} variables "
                f"{[v.name for v in own]}, but the store holds "
                f"{len(store.keys())}.{hint}")
        for i, variable in enumerate(own):
            variable.assign(store[str(i)])

    def symbolic_call(self, *args, **kwargs):
        """The outputs' spec for symbolic inputs (no graph node added)."""
        return self.compute_output_spec(*args, **kwargs)

    @property
    def activity_regularizer(self):
        """The regularizer applied to the outputs (a loss per call)."""
        return self.__dict__.get("_activity_regularizer")

    @activity_regularizer.setter
    def activity_regularizer(self, value):
        from kerax import regularizers

        self._activity_regularizer = regularizers.get(value)

    @property
    def input_dtype(self):
        """The dtype inputs are converted to: the compute dtype."""
        return self.dtype_policy.compute_dtype
