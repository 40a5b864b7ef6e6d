"""The default, user-overridable step methods of `Model`.

Each is a pure function of an explicit state (see `trainers/state.py`):
`train_step(state, data) -> (logs, state)`,
`test_step(state, data) -> (logs, state)`,
`predict_step(state, data) -> (outputs, non_trainable_values)`.
They are traced once by `trainers/step.py`, which calls `jax.jit`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import jax
import jax.numpy as jnp

from kerax.core.scope import StatelessScope
from kerax.support.hints import PyTree
from kerax.trainers import row_mask
from kerax.trainers.compile_utils import tree_batch_size
from kerax.trainers.customization import TrainingCustomization
from kerax.trainers.data_adapters.data_utils import unpack_x_y_sample_weight
from kerax.trainers.state import EvalState, PredictState, TrainState


class StepMethods:
    """Mixin: `train_step`, `test_step`, `predict_step`, `compute_loss`."""

    if TYPE_CHECKING:  # provided by `Layer`, `Trainer` and the other mixin
        _compile_loss: Any
        _compile_loss_values: list[Any]
        _stateless_losses: list[Any]
        _call_has_training_arg: bool
        _loss_tracker: Any
        optimizer: Any
        trainable_variables: list[Any]
        non_trainable_variables: list[Any]

        @property
        def metrics_variables(self) -> list[Any]: ...

        stateless_call: Callable[..., Any]
        compute_metrics: Callable[..., Any]
        _attribute_metrics: Callable[[], list[Any]]

    def compute_loss(self, x: PyTree = None, y: PyTree = None,
                     y_pred: PyTree = None, sample_weight: PyTree = None,
                     training: bool = True) -> jax.Array:
        """The compiled loss of a batch (plus the model's added losses)."""
        total = jnp.zeros((), "float32")
        self._compile_loss_values = []
        if self._compile_loss is not None:
            total, self._compile_loss_values = self._compile_loss(
                y, y_pred, sample_weight
            )
        for loss in self._stateless_losses:
            total = total + jnp.asarray(loss, "float32")
        return total

    def compute_loss_and_updates(
            self, trainable: Sequence[jax.Array],
            non_trainable: Sequence[jax.Array], x: PyTree, y: PyTree,
            sample_weight: PyTree, training: bool = True,
            optimizer_values: Sequence[jax.Array] | None = None,
    ) -> tuple[jax.Array, tuple[PyTree, tuple[jax.Array, ...], list[Any],
                                jax.Array]]:
        """Forward pass and loss.

        Returns `(loss_to_differentiate, (y_pred, non_trainable,
        per_output_losses, loss))`; the first is scaled by a loss-scaling
        optimizer when training.
        """
        kwargs = {"training": training} if self._call_has_training_arg else {}
        before = tuple(non_trainable)
        y_pred, non_trainable, losses = self.stateless_call(
            trainable, non_trainable, x, return_losses=True, **kwargs
        )
        if row_mask.current() is not None:
            self._require_maskable(before, non_trainable)
        self._stateless_losses = losses
        mapping = zip(self.trainable_variables, trainable)
        with StatelessScope(mapping):
            loss = self.compute_loss(x, y, y_pred, sample_weight, training)
        self._stateless_losses = []
        parts = list(self._compile_loss_values)
        scaled = loss
        scale_loss = getattr(self.optimizer, "stateless_scale_loss", None)
        if training and scale_loss is not None and optimizer_values:
            scaled = scale_loss(optimizer_values, loss)
        return scaled, (y_pred, tuple(non_trainable), parts, loss)

    def _require_maskable(self, before: Sequence[jax.Array],
                          after: Sequence[jax.Array]) -> None:
        """Padded rows must not reach state or a custom loss."""
        row_mask.require(
            type(self).compute_loss is StepMethods.compute_loss,
            "`compute_loss` is overridden")
        for variable, old, new in zip(
                self.non_trainable_variables, before, after):
            row_mask.require(
                old is new or getattr(variable, "_batch_independent", False),
                f"the forward pass writes {variable.path}")

    def train_step(self, state: TrainState,
                   data: PyTree) -> tuple[PyTree, TrainState]:
        """One optimization step on `data`; returns `(logs, new_state)`."""
        trainable, non_trainable, optimizer_values, metric_values = state
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        grad_fn = jax.value_and_grad(
            self.compute_loss_and_updates, has_aux=True
        )
        (_, (y_pred, non_trainable, parts, loss)), grads = grad_fn(
            trainable, non_trainable, x, y, sample_weight, True,
            optimizer_values,
        )
        if trainable:
            trainable, optimizer_values = self.optimizer.stateless_apply(
                optimizer_values, grads, trainable
            )
        logs, metric_values = self.stateless_update_metrics(
            metric_values, x, y, y_pred, sample_weight, loss, parts
        )
        return logs, TrainState(
            tuple(trainable), tuple(non_trainable), tuple(optimizer_values),
            metric_values,
        )

    def test_step(self, state: EvalState,
                  data: PyTree) -> tuple[PyTree, EvalState]:
        """Loss and metrics of `data`; returns `(logs, new_state)`."""
        trainable, non_trainable, metric_values = state
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        _, (y_pred, non_trainable, parts, loss) = (
            self.compute_loss_and_updates(
                trainable, non_trainable, x, y, sample_weight, False
            )
        )
        logs, metric_values = self.stateless_update_metrics(
            metric_values, x, y, y_pred, sample_weight, loss, parts
        )
        return logs, EvalState(trainable, non_trainable, metric_values)

    def predict_step(
            self, state: PredictState,
            data: PyTree) -> tuple[PyTree, tuple[jax.Array, ...]]:
        """Model outputs on `data`; returns `(outputs, non_trainable)`."""
        trainable, non_trainable = state
        x, _, _ = unpack_x_y_sample_weight(data)
        kwargs = {"training": False} if self._call_has_training_arg else {}
        outputs, non_trainable = self.stateless_call(
            trainable, non_trainable, x, **kwargs
        )
        return outputs, tuple(non_trainable)

    def stateless_update_metrics(
            self, metric_values: Sequence[jax.Array], x: PyTree, y: PyTree,
            y_pred: PyTree, sample_weight: PyTree, loss: jax.Array,
            parts: Iterable[jax.Array] = (),
    ) -> tuple[dict[str, Any], tuple[jax.Array, ...]]:
        """Updates loss trackers and compiled metrics from explicit values;
        returns `(logs, new_metric_values)`."""
        variables = self.metrics_variables
        rows = row_mask.current()
        batch_size = tree_batch_size(x) if rows is None else rows.valid
        row_mask.require(
            type(self).compute_metrics is TrainingCustomization.compute_metrics
            and not self._attribute_metrics(),
            "`compute_metrics` is overridden or the model holds metrics")
        with StatelessScope(zip(variables, metric_values)) as scope:
            self._loss_tracker.update_state(loss, sample_weight=batch_size)
            if self._compile_loss is not None:
                self._compile_loss.update_trackers(parts, batch_size)
            logs = self.compute_metrics(x, y, y_pred, sample_weight)
        new_values = tuple(
            _current(scope, v, old) for v, old in zip(variables, metric_values)
        )
        return logs, new_values


def _current(scope: StatelessScope, variable: Any, default: jax.Array) -> Any:
    value = scope.get_current_value(variable)
    return default if value is None else value
