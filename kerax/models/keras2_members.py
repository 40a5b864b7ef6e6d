"""Keras 2's `Model` / `Network` / `Sequential` members, mixed into
kerax's `Model`.

- `to_yaml()` (PyYAML when installed; else an ImportError naming it).
- What `compile` received, as Keras 2 named it: `loss`,
  `loss_functions`, `loss_weights`, `loss_weights_list`,
  `sample_weight_mode(s)` (always None: kerax weights samples through
  `fit(sample_weight=...)`), `skip_target_indices`, and `targets` /
  `sample_weights` as symbolic tensors describing what `fit` expects.
- `train_function`, `test_function`, `predict_function`: Keras 2's
  callables on a flat list `inputs + targets + sample_weights`, running
  `train_on_batch` / `test_on_batch` / `predict_on_batch`.
- `run_internal_graph`, `state_updates` and `uses_learning_phase`.

>>> import kerax
>>> model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
>>> model.compile("sgd", "mse")
>>> model.loss, model.loss_weights_list, model.uses_learning_phase
('mse', [1.0], False)
"""

from __future__ import annotations

from kerax.layers.keras2_members import keras2_property
from kerax.models.provided import ProvidedMethod


def _flat(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


class Keras2ModelMembers:
    """Keras 2's public `Model` attributes (see the module docstring)."""

    # The model's config as a YAML string (needs PyYAML), from the Keras 2
    # kerax.engine package (registered there).
    to_yaml = ProvidedMethod("kerax.engine")

    # ----------------------------------------------------------- compile
    def _compiled_arg(self, name):
        config = getattr(self, "_compile_config", None) or {}
        return config.get(name)

    def _output_count(self):
        outputs = getattr(self, "outputs", None)
        return len(outputs) if outputs else 1

    def _per_output(self, spec, what):
        from kerax.trainers.compile_utils import spread_over_outputs

        names = self._output_names_for_compile() or ["output"]
        return spread_over_outputs(spec, names, what)

    @keras2_property
    def loss(self):
        """The `loss` given to `compile` (None before)."""
        return self._compiled_arg("loss")

    @keras2_property
    def loss_functions(self):
        """One loss function (a `Loss`) per output; None where an output
        has no loss."""
        from kerax import losses

        loss = self._compiled_arg("loss")
        if loss is None:
            return []
        return [None if item is None else losses.get(item)
                for item in self._per_output(loss, "loss")]

    @keras2_property
    def loss_weights(self):
        """The `loss_weights` given to `compile`."""
        return self._compiled_arg("loss_weights")

    @keras2_property
    def loss_weights_list(self):
        """One weight per output (1.0 by default)."""
        weights = self._compiled_arg("loss_weights")
        if weights is None:
            return [1.0] * self._output_count()
        return [1.0 if w is None else float(w)
                for w in self._per_output(weights, "loss_weights")]

    @keras2_property
    def sample_weight_mode(self):
        """None: sample weights are given to `fit`."""
        return

    @keras2_property
    def sample_weight_modes(self):
        return [None] * self._output_count()

    @keras2_property
    def skip_target_indices(self):
        """Indices of the outputs that have no loss."""
        return [i for i, fn in enumerate(self.loss_functions) if fn is None]

    @keras2_property
    def targets(self):
        """Symbolic tensors shaped like the targets `fit` expects."""
        from kerax.core.keras_tensor import KerasTensor

        skip = set(self.skip_target_indices)
        return [KerasTensor(tuple(t.shape), t.dtype)
                for i, t in enumerate(_flat(self.outputs)) if i not in skip]

    @keras2_property
    def sample_weights(self):
        """Symbolic `(batch,)` tensors: one sample weight per target."""
        from kerax.core.keras_tensor import KerasTensor

        return [KerasTensor((t.shape[0],), "float32") for t in self.targets]

    # --------------------------------------------------------- functions
    def _split(self, ins):
        ins = _flat(ins)
        n_in, n_out = len(_flat(self.inputs)), len(self.targets)
        x, y = ins[:n_in], ins[n_in:n_in + n_out]
        weights = ins[n_in + n_out:n_in + 2 * n_out] or None
        return (x[0] if n_in == 1 else x,
                (y[0] if n_out == 1 else y) if y else None,
                (weights[0] if n_out == 1 else weights) if weights else None)

    @keras2_property
    def train_function(self):
        """`f([x..., y..., sample_weight...])` -> `[loss, metrics...]`:
        one training step (`train_on_batch`)."""
        def train(ins):
            x, y, weights = self._split(ins)
            return _flat(self.train_on_batch(x, y, sample_weight=weights))

        return train

    @keras2_property
    def test_function(self):
        """`f([x..., y..., sample_weight...])` -> `[loss, metrics...]`
        (`test_on_batch`)."""
        def test(ins):
            x, y, weights = self._split(ins)
            return _flat(self.test_on_batch(x, y, sample_weight=weights))

        return test

    @keras2_property
    def predict_function(self):
        """`f([x...])` -> the list of outputs (`predict_on_batch`)."""
        def predict(ins):
            x, _, _ = self._split(ins)
            return _flat(self.predict_on_batch(x))

        return predict

    # -------------------------------------------------------------- graph
    def run_internal_graph(self, inputs, masks=None):
        """Runs the graph on `inputs`; returns `(outputs, output_masks)`
        as lists."""
        from kerax.core.masking import get_keras_mask

        outputs = _flat(self(inputs, mask=masks) if masks is not None
                        else self(inputs))
        return outputs, [get_keras_mask(o) for o in outputs]

    @keras2_property
    def state_updates(self):
        """Always `[]`: stateful layers update their states inside the
        step."""
        return []

    @keras2_property
    def uses_learning_phase(self):
        """Whether some layer behaves differently in training: a random
        layer (Dropout, noise) or one with moving statistics
        (BatchNormalization)."""
        return any(layer._seed_generators() or hasattr(layer, "moving_mean")
                   for layer in self._flatten_layers(include_self=False))
