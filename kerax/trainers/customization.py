"""Keras 3's hooks for customizing training, mixed into `Trainer`.

- `compute_metrics(x, y, y_pred, sample_weight)`: updates the compiled
  metrics and returns `get_metrics_result()`; the default steps call it
  (inside a `StatelessScope` over the metric variables), so an override
  that updates its own metrics works in `fit`.
- `stateless_compute_loss(trainable, non_trainable, metrics, x, y, y_pred,
  sample_weight, training)` -> `(loss, (trainable, non_trainable,
  metrics))`: `compute_loss` on explicit values, for JAX-style steps.
- `get_state_tree(value_format)` / `set_state_tree(tree)`: every variable
  as nested dicts keyed by the parts of its path.
- `make_train_function` / `make_test_function` / `make_predict_function`:
  set `train_function` (etc.) to `f(state, iterator) -> (logs, state)`,
  the jitted step run on up to `steps_per_execution` batches.
- `metrics` also lists the `Metric`s assigned as attributes of the model
  and of its layers (as Keras tracks them).

>>> import numpy as np
>>> import kerax
>>> model = kerax.Sequential(
...     [kerax.Input((1,)), kerax.layers.Dense(1, name="dense")], name="seq")
>>> model.compile("sgd", "mse")
>>> model.fit(np.ones((2, 1)), np.ones((2, 1)), verbose=0).epoch
[0]
>>> sorted(model.get_state_tree()["trainable_variables"]["seq"]["dense"])
['bias', 'kernel']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from kerax.core.scope import StatelessScope
from kerax.support.hints import PyTree
from kerax.trainers.plan import Mode, StepKind
from kerax.trainers.state import EvalState, PredictState, TrainState
from kerax.tree.path_dict import flatten_paths, nest_paths

_TREE_KEYS = ("trainable_variables", "non_trainable_variables",
              "optimizer_variables", "metrics_variables")


class TrainingCustomization:
    """`compute_metrics`, `stateless_compute_loss`, state trees and the
    `make_*_function` builders, for `Trainer`."""

    if TYPE_CHECKING:  # provided by `Layer`, `Trainer` and `StepMethods`
        name: str
        steps_per_execution: int
        _compile_metrics: Any
        _stateless_losses: list[Any]
        _loop: Any
        trainable_variables: list[Any]
        non_trainable_variables: list[Any]

        @property
        def metrics_variables(self) -> list[Any]: ...

        train_function: Callable[..., Any] | None
        test_function: Callable[..., Any] | None
        predict_function: Callable[..., Any] | None
        get_metrics_result: Callable[[], dict[str, Any]]
        compute_loss: Callable[..., Any]
        _weight_regularization_losses: Callable[[], list[Any]]

    # ------------------------------------------------------------ metrics
    def compute_metrics(self, x: PyTree, y: PyTree, y_pred: PyTree,
                        sample_weight: PyTree = None) -> dict[str, Any]:
        """Updates the compiled metrics; returns all metric results."""
        del x  # The default does not use the inputs.
        if self._compile_metrics is not None and y is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def _attribute_metrics(self) -> list[Any]:
        """`Metric`s held as attributes (directly or in lists/dicts) of the
        model and its layers, in attribute order, each once."""
        from kerax.metrics import Metric

        found: list[Any] = []
        seen: set[int] = set()
        owners: list[Any] = [self]
        layers = getattr(self, "_flatten_layers", None)
        if layers is not None:
            owners += [la for la in layers(include_self=False)
                       if not hasattr(la, "compiled")]
        for owner in owners:
            for name, value in list(vars(owner).items()):
                if name in ("_keras2_metrics", "_loss_tracker"):
                    continue  # `add_metric`'s own; the compiled tracker
                items = value
                if isinstance(value, dict):
                    items = list(value.values())
                elif not isinstance(value, (list, tuple)):
                    items = [value]
                for item in items:
                    if isinstance(item, Metric) and id(item) not in seen:
                        seen.add(id(item))
                        found.append(item)
        return found

    # --------------------------------------------------------------- loss
    def stateless_compute_loss(
            self, trainable_variables: Sequence[Any],
            non_trainable_variables: Sequence[Any],
            metrics_variables: Sequence[Any], x: PyTree = None,
            y: PyTree = None, y_pred: PyTree = None,
            sample_weight: PyTree = None, training: bool = True,
    ) -> tuple[Any, tuple[Sequence[Any], list[Any], list[Any]]]:
        """`compute_loss` with every model and metric variable mapped to
        the given values; returns `(loss, (trainable, non_trainable,
        metrics))` with whatever `compute_loss` wrote."""
        mapping: list[tuple[Any, Any]] = list(
            zip(self.trainable_variables, trainable_variables))
        mapping += zip(self.non_trainable_variables, non_trainable_variables)
        mapping += zip(self.metrics_variables, metrics_variables)
        own_losses = not self._stateless_losses
        with StatelessScope(state_mapping=mapping) as scope:
            if own_losses:  # As Keras: the weight penalties, at these values.
                self._stateless_losses = self._weight_regularization_losses()
            try:
                if self._compute_loss_has_training_arg():
                    loss = self.compute_loss(x, y, y_pred, sample_weight,
                                             training=training)
                else:
                    loss = self.compute_loss(x, y, y_pred, sample_weight)
            finally:
                if own_losses:
                    self._stateless_losses = []
        non_trainable = [
            _current(scope, v) for v in self.non_trainable_variables]
        metrics = [_current(scope, v) for v in self.metrics_variables]
        return loss, (trainable_variables, non_trainable, metrics)

    def _compute_loss_has_training_arg(self) -> bool:
        import inspect

        try:
            params = inspect.signature(self.compute_loss).parameters
        except (TypeError, ValueError):
            return False
        return "training" in params

    # --------------------------------------------------------- state tree
    def get_state_tree(
            self, value_format: str = "backend_tensor") -> dict[str, Any]:
        """`{"trainable_variables": {...}, "non_trainable_variables": ...,
        "optimizer_variables": ..., "metrics_variables": ...}`, each a
        nested dict following the variables' paths; leaves are arrays
        (`"backend_tensor"`) or NumPy arrays (`"numpy_array"`)."""
        if value_format not in ("backend_tensor", "numpy_array"):
            raise ValueError(
                f"Model '{self.name}': `value_format` must be "
                "'backend_tensor' or 'numpy_array'. Received: "
                f"value_format={value_format!r}")
        optimizer = getattr(self, "optimizer", None)
        groups = (self.trainable_variables, self.non_trainable_variables,
                  optimizer.variables if optimizer is not None else [],
                  self.metrics_variables)
        return {key: _nested(self, group, value_format)
                for key, group in zip(_TREE_KEYS, groups)}

    def set_state_tree(self, state_tree: dict[str, Any]) -> None:
        """Assigns the values of a `get_state_tree()`-shaped dict (any
        subset of its groups and paths) to the matching variables."""
        for key, tree in state_tree.items():
            if key not in _TREE_KEYS:
                raise ValueError(
                    f"Model '{self.name}': unknown state tree group "
                    f"{key!r}; expected keys among {list(_TREE_KEYS)}.")
            if key == "optimizer_variables":
                optimizer = getattr(self, "optimizer", None)
                variables = optimizer.variables if optimizer else []
            else:
                variables = getattr(self, key)
            by_path = {v.path: v for v in variables}
            for path, value in flatten_paths(tree).items():
                if path in by_path:
                    by_path[path].assign(value)

    # ---------------------------------------------------- step functions
    def make_train_function(self, force: bool = False) -> None:
        """Sets `train_function(state, iterator) -> (logs, state)`."""
        if "train" in self._made_functions() and not force:
            return
        self.train_function = _multi_step(
            self, self._loop.step_fn(Mode.TRAIN, StepKind.SINGLE), TrainState,
            concatenate=False)
        self._made_functions().add("train")

    def make_test_function(self, force: bool = False) -> None:
        """Sets `test_function(state, iterator) -> (logs, state)`."""
        if "test" in self._made_functions() and not force:
            return
        self.test_function = _multi_step(
            self, self._loop.step_fn(Mode.TEST, StepKind.SINGLE), EvalState,
            concatenate=False)
        self._made_functions().add("test")

    def make_predict_function(
            self, force: bool = False) -> Callable[..., Any] | None:
        """Sets and returns `predict_function(state, iterator) ->
        (outputs, (trainable, non_trainable))`."""
        if "predict" in self._made_functions() and not force:
            return self.predict_function
        step = self._loop.step_fn(Mode.PREDICT, StepKind.SINGLE)

        def predict_with_state(
                state: PredictState,
                data: PyTree) -> tuple[PyTree, tuple[Any, Any]]:
            outputs, non_trainable = step(state, data)
            return outputs, (state[0], non_trainable)

        self.predict_function = _multi_step(
            self, predict_with_state, PredictState, concatenate=True)
        self._made_functions().add("predict")
        return self.predict_function

    def _made_functions(self) -> set[str]:
        return self.__dict__.setdefault("_made_step_functions", set())


def _multi_step(model: Any, step: Callable[..., Any], state_type: type,
                concatenate: bool) -> Callable[..., Any]:
    """`f(state, iterator)`: `step` on up to `steps_per_execution` batches
    drawn from `iterator` (a single batch is also accepted). `state` may be
    plain tuples; the train step donates it, as Keras's does."""
    import jax
    import jax.numpy as jnp

    def function(state: Iterable[Iterable[Any]],
                 iterator: Any) -> tuple[PyTree, Any]:
        state = state_type(*(tuple(group) for group in state))
        if not hasattr(iterator, "__next__"):
            return step(state, iterator)
        outputs = []
        out, state = step(state, next(iterator))
        outputs.append(out)
        for _ in range(model.steps_per_execution - 1):
            try:
                batch = next(iterator)
            except StopIteration:
                break
            out, state = step(state, batch)
            outputs.append(out)
        if not concatenate or len(outputs) == 1:
            return out, state
        return jax.tree_util.tree_map(
            lambda *parts: jnp.concatenate(parts), *outputs), state

    return function


def _current(scope: StatelessScope, variable: Any) -> Any:
    value = scope.get_current_value(variable)
    return variable.value if value is None else value


def _nested(model: Any, variables: Iterable[Any],
            value_format: str) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for variable in variables:
        path = variable.path
        if path in flat:
            raise ValueError(
                f"Model '{model.name}': the variable path '{path}' occurs "
                "twice; get_state_tree() needs unique paths (give your "
                "layers unique names).")
        flat[path] = (variable.numpy() if value_format == "numpy_array"
                      else variable.value)
    return nest_paths(flat)
