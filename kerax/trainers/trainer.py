"""`Trainer`: Keras's `compile`, `fit`, `evaluate`, `predict` on jitted steps.

The host loop gathers the model state once per call, dispatches one jitted
call per step (or per N fused steps), converts logs to Python floats only
where callbacks need them, and writes the state back into the Variables at
epoch end, at the end of the call, on errors, and whenever a callback reads
`callback.model` (the sync hook, see `sync_state`).

The host side lives in one `TrainingLoop` per model (`trainers/loop.py`,
`self._loop`); `fit_loop.py` and `predict_loop.py` run its epochs. From
`fit(batch_size=...)` to `jax.jit`: `Trainer.fit` -> `fit_loop.run_fit`
-> `fit_loop._array_epoch` -> `TrainingLoop.step_fn` (the first epoch via
`TrainingLoop.train_plan`, whose probe traces it) -> `step.build` ->
`step.gather_loop` -> `jax.jit`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import jax
import numpy as np
from jax import tree_util

from kerax.support.hints import PyTree
from kerax.trainers import label_checks, process_batch
from kerax.trainers.compile_utils import CompileLoss, CompileMetrics
from kerax.trainers.customization import TrainingCustomization
from kerax.trainers.data_adapters import get_data_adapter
from kerax.trainers.data_adapters.data_utils import (
    train_validation_split,
    unpack_x_y_sample_weight,
)
from kerax.trainers.fit_loop import make_callbacks, run_evaluate, run_fit
from kerax.trainers.loop import TrainingLoop, to_floats
from kerax.trainers.plan import Mode, StepKind
from kerax.trainers.predict_loop import run_predict
from kerax.trainers.state import (
    EvalState,
    PredictState,
    TrainState,
    assign_values,
    values_of,
)
from kerax.trainers.step_methods import StepMethods


class Trainer(TrainingCustomization, StepMethods):
    """Mixin for `Model`: compile / fit / evaluate / predict."""

    if TYPE_CHECKING:  # provided by `Layer`
        dtype_policy: Any
        __call__: Callable[..., Any]

    def __init__(self) -> None:
        self.compiled = False
        self.optimizer = None
        self._compile_loss = None
        self._compile_metrics = None
        self._loss_tracker = None
        self._stateless_losses = []
        self._compile_loss_values = []
        self.stop_training = False
        self.history: Any = None
        self._loop = TrainingLoop(self)
        self.run_eagerly = False
        self.jit_compile = True
        self.steps_per_execution = 1
        self._compile_config: dict[str, Any] | None = None

    # ------------------------------------------------------------ compile
    def compile(
        self,
        optimizer: Any = "rmsprop",
        loss: Any = None,
        loss_weights: Any = None,
        metrics: Any = None,
        weighted_metrics: Any = None,
        run_eagerly: bool = False,
        steps_per_execution: int = 1,
        jit_compile: bool | str = "auto",
        auto_scale_loss: bool = True,
        **kwargs: Any,
    ) -> None:
        """Configures the model for training (Keras 3 signature).

        `optimizer`, `loss` and `metrics` accept names, objects, callables,
        lists and dicts keyed by output name. `steps_per_execution=N` runs
        N batches per jitted call (a `lax.scan`).
        """
        from kerax import optimizers
        from kerax.metrics import Mean

        for legacy in ("sample_weight_mode", "target_tensors"):
            if kwargs.pop(legacy, None) is not None:
                raise ValueError(
                    f"`{legacy}` is a Keras 1/2 TensorFlow-only argument and "
                    "is not supported. Pass sample weights to `fit` instead."
                )
        kwargs.pop("distribute", None)
        if kwargs:
            raise ValueError(
                f"Invalid keyword argument(s) in `compile()`: "
                f"{tuple(kwargs)}. Valid keyword arguments include "
                '"optimizer", "loss", "metrics" or "loss_weights".'
            )
        if not isinstance(steps_per_execution, int) or steps_per_execution < 1:
            raise ValueError(
                "`steps_per_execution` must be a positive integer. "
                f"Received: steps_per_execution={steps_per_execution}"
            )
        self.optimizer = optimizers.get(optimizer)
        if (
            auto_scale_loss
            and self.dtype_policy.compute_dtype == "float16"
            and not hasattr(self.optimizer, "stateless_scale_loss")
        ):
            self.optimizer = optimizers.LossScaleOptimizer(self.optimizer)
        output_names = self._output_names_for_compile()
        self._compile_loss = (
            CompileLoss(loss, loss_weights, output_names)
            if loss is not None else None
        )
        self._compile_metrics = (
            CompileMetrics(metrics, weighted_metrics, output_names, loss)
            if metrics or weighted_metrics else None
        )
        self._loss_tracker = Mean(name="loss")
        self.run_eagerly = bool(run_eagerly)
        self.jit_compile = jit_compile is not False and not run_eagerly
        self.steps_per_execution = steps_per_execution
        self.compiled = True
        self._loop.reset()
        self._compile_config = {
            "optimizer": optimizer, "loss": loss,
            "loss_weights": loss_weights, "metrics": metrics,
            "weighted_metrics": weighted_metrics, "run_eagerly": run_eagerly,
            "steps_per_execution": steps_per_execution,
            "jit_compile": jit_compile,
        }

    def _output_names_for_compile(self) -> list[str] | None:
        names = getattr(self, "output_names", None)
        if names:
            return list(names)
        layers = getattr(self, "layers", None)
        if layers:
            return [layers[-1].name]
        return None

    def _assert_compiled(self) -> None:
        if not self.compiled:
            raise ValueError(
                "You must call `compile()` before using the model."
            )

    # ------------------------------------------------------------ metrics
    @property
    def metrics(self) -> list[Any]:
        """The loss tracker, per-output loss trackers, compiled metrics,
        then the `Metric`s held as attributes of the model and its layers."""
        result: list[Any] = []
        if self._loss_tracker is not None:
            result.append(self._loss_tracker)
        if self._compile_loss is not None and self._compile_loss.built:
            result.extend(t for t in self._compile_loss.trackers if t)
        if self._compile_metrics is not None and self._compile_metrics.built:
            result.extend(m for _, m, _ in self._compile_metrics.metrics)
        known = {id(m) for m in result}
        result.extend(m for m in self._attribute_metrics()
                      if id(m) not in known)
        return result

    @property
    def metrics_names(self) -> list[str]:
        return [m.name for m in self.metrics]

    @property
    def metrics_variables(self) -> list[Any]:
        return [v for m in self.metrics for v in m.variables]

    def get_metrics_result(self) -> dict[str, Any]:
        """Current metric results as a dict (arrays, not yet floats)."""
        logs: dict[str, Any] = {}
        for metric in self.metrics:
            result = metric.result()
            if isinstance(result, dict):
                logs.update(result)
            else:
                logs[metric.name] = result
        return logs

    def reset_metrics(self) -> None:
        for metric in self.metrics:
            metric.reset_state()

    # ----------------------------------------------------------- building
    def _build_for_batch(self, batch: PyTree, training: bool = True) -> None:
        """Builds model, optimizer and compiled loss/metrics from a batch."""
        x, y, sample_weight = unpack_x_y_sample_weight(batch)
        x_spec = _spec(x)
        y_pred = jax.eval_shape(self._traced_forward, x_spec)
        self._batch_output_spec = y_pred  # read by the label checks
        if self._compile_loss is not None and not self._compile_loss.built:
            self._compile_loss.build(y, y_pred)
        if (self._compile_loss is not None and y is not None
                and self.jit_compile and not self.run_eagerly):
            self._check_loss_shapes(_spec(y), y_pred, _spec(sample_weight))
        if self._compile_metrics is not None and (
            not self._compile_metrics.built
        ):
            self._compile_metrics.build(y, y_pred)
        if training and self.optimizer is not None and not getattr(
            self.optimizer, "built", False
        ):
            self.optimizer.build(self.trainable_variables)

    def _check_loss_shapes(self, y: PyTree, y_pred: PyTree,
                           sample_weight: PyTree) -> None:
        """Traces the compiled loss on the user's first batch (once per
        shapes): steps may run padded to the batch size, and their shape
        errors would show that size instead of the user's."""
        key = (self._compile_loss, _shapes(y), _shapes(y_pred),
               _shapes(sample_weight))
        checked = self.__dict__.setdefault("_checked_loss_shapes", set())
        if key not in checked:
            jax.eval_shape(self._compile_loss, y, y_pred, sample_weight)
            checked.add(key)

    def _traced_forward(self, inputs: PyTree) -> PyTree:
        """The forward pass for shape tracing: state writes (seeds, RNN
        states) stay in a scope that ends with the trace."""
        from kerax.core.scope import StatelessScope

        with StatelessScope():
            return self(inputs)

    def _check_labels(self, y: PyTree) -> None:
        """Host checks of whole target arrays, after `_build_for_batch`."""
        label_checks.check_sparse_labels(self._compile_loss, y,
                                         self._batch_output_spec)

    def _variable_lists(self) -> tuple[list[Any], ...]:
        return self._loop.variable_lists()

    # The loop's state under the names callbacks, quantization and tests
    # read (the loop object owns it).
    @property
    def _jit_cache(self) -> dict[Any, Any]:
        return self._loop.jit_cache

    @_jit_cache.setter
    def _jit_cache(self, value: dict[Any, Any]) -> None:
        self._loop.jit_cache = value

    @property
    def _loop_allowed(self) -> dict[Any, Any]:
        return self._loop.plans

    @_loop_allowed.setter
    def _loop_allowed(self, value: dict[Any, Any]) -> None:
        self._loop.plans = value

    @property
    def _fused_steps(self) -> Any:
        return self._loop.fused_steps

    @property
    def _pending_state(self) -> Any:
        return self._loop.pending

    @property
    def _epoch_order(self) -> Any:
        return self._loop.epoch_order

    @property
    def _epoch_rng_state(self) -> Any:
        return self._loop.epoch_rng_state

    # ------------------------------------------------------------ the sync
    def sync_state(self) -> None:
        """Writes the in-flight training state into the Variables.

        Called at epoch end and whenever a callback reads `callback.model`
        mid-epoch. The loop then reloads its state from the Variables (as
        copies: the step donates its state), which also picks up anything a
        callback changed (weights, learning rate).
        """
        self._loop.sync()

    jax_state_sync = sync_state

    # ---------------------------------------------------------------- fit
    def fit(
        self,
        x: Any = None,
        y: Any = None,
        batch_size: int | None = None,
        epochs: int = 1,
        verbose: int | str = "auto",
        callbacks: Any = None,
        validation_split: float = 0.0,
        validation_data: Any = None,
        shuffle: bool | str = True,
        class_weight: dict[int, float] | None = None,
        sample_weight: Any = None,
        initial_epoch: int = 0,
        steps_per_epoch: int | None = None,
        validation_steps: int | None = None,
        validation_batch_size: int | None = None,
        validation_freq: int = 1,
        max_queue_size: int = 10,
        workers: int = 1,
        use_multiprocessing: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Trains the model; returns a `History` (Keras 3 signature).

        Keras 2's `nb_epoch=` is accepted as `epochs`; its
        `max_queue_size`, `workers` and `use_multiprocessing` are accepted
        and change nothing (a `PyDataset` sets its own workers).
        """
        if "nb_epoch" in kwargs:
            epochs = kwargs.pop("nb_epoch")
        if kwargs:
            raise ValueError(
                f"Invalid keyword argument(s) in `fit()`: {tuple(kwargs)}"
            )
        self._assert_compiled()
        if validation_split and validation_data is None:
            if get_data_adapter(x, y, sample_weight,
                                batch_size).rows() is None:
                raise ValueError(
                    "`validation_split` is only supported for Tensors or "
                    "NumPy arrays. Pass `validation_data` instead."
                )
            (x, y, sample_weight), validation_data = train_validation_split(
                (x, y, sample_weight), validation_split
            )
        adapter = get_data_adapter(
            x, y, sample_weight, batch_size=batch_size, steps=steps_per_epoch,
            shuffle=shuffle, class_weight=class_weight,
        )
        val_adapter = None
        if validation_data is not None:
            vx, vy, vsw = unpack_x_y_sample_weight(validation_data)
            if isinstance(validation_data, (tuple, list)):
                val_adapter = get_data_adapter(
                    vx, vy, vsw,
                    batch_size=validation_batch_size or batch_size,
                    steps=validation_steps,
                )
            else:
                val_adapter = get_data_adapter(
                    validation_data, steps=validation_steps)
        return run_fit(
            self, self._loop, adapter, val_adapter, epochs=epochs, verbose=verbose,
            callbacks=callbacks, initial_epoch=initial_epoch,
            validation_freq=validation_freq,
        )

    # ----------------------------------------------------------- evaluate
    def evaluate(
        self,
        x: Any = None,
        y: Any = None,
        batch_size: int | None = None,
        verbose: int | str = "auto",
        sample_weight: Any = None,
        steps: int | None = None,
        callbacks: Any = None,
        return_dict: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Loss and metrics on the data: a scalar, a list or a dict."""
        kwargs.pop("use_multiprocessing", None)
        kwargs.pop("workers", None)
        kwargs.pop("max_queue_size", None)
        if kwargs:
            raise ValueError(
                f"Invalid keyword argument(s) in `evaluate()`: "
                f"{tuple(kwargs)}"
            )
        self._assert_compiled()
        adapter = get_data_adapter(
            x, y, sample_weight, batch_size=batch_size, steps=steps
        )
        callback_list = make_callbacks(
            self, callbacks, verbose, epochs=1, steps=adapter.num_batches,
            add_history=False,
        )
        logs = run_evaluate(self, self._loop, adapter, callback_list)
        logs = to_floats(logs)
        if return_dict:
            return logs
        return self._flatten_logs(logs)

    def _flatten_logs(self, logs: dict[str, Any]) -> Any:
        names = ["loss"]
        if self._compile_loss is not None and self._compile_loss.built:
            names += [t.name for t in self._compile_loss.trackers if t]
        names += [n for n in logs if n not in names]
        values = [logs[n] for n in names if n in logs]
        return values[0] if len(values) == 1 else values

    # ------------------------------------------------------------ predict
    def predict(self, x: Any, batch_size: int | None = None,
                verbose: int | str = "auto", steps: int | None = None,
                callbacks: Any = None, **kwargs: Any) -> Any:
        """Model outputs for the inputs `x`, as NumPy arrays."""
        for legacy in ("use_multiprocessing", "workers", "max_queue_size"):
            kwargs.pop(legacy, None)
        if kwargs:
            raise ValueError(
                f"Invalid keyword argument(s) in `predict()`: "
                f"{tuple(kwargs)}"
            )
        if isinstance(x, tuple) and len(x) in (2, 3) and not hasattr(
            self, "_inputs_struct"
        ):
            x = x[0]
        adapter = get_data_adapter(x, batch_size=batch_size, steps=steps)
        callback_list = make_callbacks(
            self, callbacks, verbose, epochs=1, steps=adapter.num_batches,
            add_history=False,
        )
        return run_predict(self, self._loop, adapter, callback_list)

    # ------------------------------------------------------- on_batch API
    def train_on_batch(self, x: Any, y: Any = None, sample_weight: Any = None,
                       class_weight: dict[int, float] | None = None,
                       return_dict: bool = False,
                       reset_metrics: bool = True) -> Any:
        """One training step on one batch; returns the logs (this batch's,
        or with Keras 2's `reset_metrics=False` the metrics accumulated
        since the last reset)."""
        self._assert_compiled()
        adapter = get_data_adapter(
            x, y, sample_weight, batch_size=_rows(x), class_weight=class_weight
        )
        batch = _one_batch(adapter)
        self._build_for_batch(batch)
        if reset_metrics:  # As Keras: the logs are this batch's.
            self.reset_metrics()
        process_batch.place(self)  # several processes: every device
        variables = self._variable_lists()
        state = TrainState(*(values_of(group) for group in variables))
        state = process_batch.copy_state(state)
        step = self._loop.step_fn(Mode.TRAIN, StepKind.SINGLE)
        logs, state = step(state, batch)
        for group, values in zip(variables, state):
            assign_values(group, values)
        logs = to_floats(logs)
        return logs if return_dict else self._flatten_logs(logs)

    def test_on_batch(self, x: Any, y: Any = None, sample_weight: Any = None,
                      return_dict: bool = False,
                      reset_metrics: bool = True) -> Any:
        """Loss and metrics of one batch (metrics reset first unless
        Keras 2's `reset_metrics=False`)."""
        self._assert_compiled()
        adapter = get_data_adapter(x, y, sample_weight, batch_size=_rows(x))
        batch = _one_batch(adapter)
        self._build_for_batch(batch, training=False)
        if reset_metrics:
            self.reset_metrics()
        process_batch.place(self)
        trainable, non_trainable, _, metric_vars = self._variable_lists()
        state = EvalState(values_of(trainable), values_of(non_trainable),
                          values_of(metric_vars))
        logs, state = self._loop.step_fn(Mode.TEST, StepKind.SINGLE)(
            state, batch)
        assign_values(non_trainable, state.non_trainable)  # RNN states
        assign_values(metric_vars, state.metrics)
        logs = to_floats(logs)
        return logs if return_dict else self._flatten_logs(logs)

    def predict_on_batch(self, x: Any) -> PyTree:
        """Model outputs for one batch, as NumPy arrays."""
        adapter = get_data_adapter(x, batch_size=_rows(x))
        batch = _one_batch(adapter)
        process_batch.place(self)
        non_trainable = self.non_trainable_variables
        state = PredictState(values_of(self.trainable_variables),
                             values_of(non_trainable))
        step = self._loop.step_fn(Mode.PREDICT, StepKind.SINGLE)
        outputs, new_state = step(state, batch)
        assign_values(non_trainable, new_state)  # stateful RNNs go on
        return process_batch.outputs_to_host(outputs, _rows(x))

    # ------------------------------------------------------- Keras 2 names
    def fit_generator(self, generator: Any,
                      steps_per_epoch: int | None = None, epochs: int = 1,
                      **kwargs: Any) -> Any:
        """Keras 2 spelling of `fit` on a generator or PyDataset."""
        for legacy in ("workers", "use_multiprocessing", "max_queue_size"):
            kwargs.pop(legacy, None)
        return self.fit(generator, steps_per_epoch=steps_per_epoch,
                        epochs=epochs, **kwargs)

    def evaluate_generator(self, generator: Any, steps: int | None = None,
                           **kwargs: Any) -> Any:
        """Keras 2 spelling of `evaluate` on a generator or PyDataset."""
        return self.evaluate(generator, steps=steps, **kwargs)

    def predict_generator(self, generator: Any, steps: int | None = None,
                          **kwargs: Any) -> Any:
        """Keras 2 spelling of `predict` on a generator or PyDataset."""
        return self.predict(generator, steps=steps, **kwargs)

    def get_compile_config(self) -> dict[str, Any] | None:
        return self._compile_config

    def compile_from_config(self, config: dict[str, Any]) -> None:
        self.compile(**config)


def _shapes(tree: PyTree) -> tuple[Any, tuple[tuple[tuple[int, ...], str],
                                               ...]]:
    leaves, treedef = tree_util.tree_flatten(tree)
    return treedef, tuple((tuple(a.shape), str(a.dtype)) for a in leaves)


def _spec(tree: PyTree) -> PyTree:
    return tree_util.tree_map(
        lambda a: jax.ShapeDtypeStruct(np.shape(a), a.dtype), tree)


def _rows(x: PyTree) -> int:
    leaves = tree_util.tree_leaves(x)
    return int(np.shape(leaves[0])[0]) if leaves else 1


def _one_batch(adapter: Any) -> PyTree:
    """The first batch of `adapter`, on device (the `*_on_batch` API)."""
    rows = adapter.rows()
    if rows is not None:  # all rows: the batch size is the row count
        return process_batch.one_batch(rows.first_batch())
    return next(iter(adapter.batches()))
