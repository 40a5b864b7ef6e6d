"""What `compile(loss=..., metrics=...)` turns into.

`CompileLoss` matches losses (single, list or dict) to the model outputs
and sums them with `loss_weights`; `CompileMetrics` does the same for
metrics, resolving `"accuracy"`/`"acc"`/`"crossentropy"` from the shapes of
targets and outputs, and naming results as the user wrote them (prefixed
with the output name when the model has several outputs).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn

import jax
import jax.numpy as jnp
from jax import tree_util

from kerax.support.hints import PyTree
from kerax.trainers import row_mask

_ACCURACY = ("accuracy", "acc")
_CROSSENTROPY = ("crossentropy", "ce")


def flatten_outputs(
        structure: PyTree,
        output_names: Sequence[str] | None) -> tuple[list[str], list[Any]]:
    """(names, values) of a model output structure (single/list/dict)."""
    if isinstance(structure, dict):
        names = sorted(structure)  # Keras's flat order, whatever the
        # dict's own (a functional model's keeps its `outputs` order).
        return names, [structure[k] for k in names]
    if isinstance(structure, (list, tuple)):
        values = list(structure)
        names = list(output_names or [])
        if len(names) != len(values):
            names = [f"output_{i}" for i in range(len(values))]
        return names, values
    return list(output_names or ["output"])[:1], [structure]


def match_targets(y: PyTree, names: Sequence[str],
                  what: str = "y") -> list[Any]:
    """Orders targets `y` like the outputs `names` (None where absent)."""
    if y is None:
        return [None] * len(names)
    if isinstance(y, dict):
        unknown = [k for k in y if k not in names]
        if unknown:
            raise ValueError(
                f"Unknown key(s) {unknown} in `{what}`: expected keys among "
                f"the model's output names {names}."
            )
        return [y.get(name) for name in names]
    if isinstance(y, (list, tuple)):
        if len(names) == 1 and len(y) != 1:
            return [y]
        if len(y) != len(names):
            raise ValueError(
                f"The model has {len(names)} outputs, but `{what}` has "
                f"{len(y)} entries. Expected a single array, a list of "
                f"{len(names)} arrays or a dict keyed by {names}."
            )
        return list(y)
    if len(names) == 1:
        return [y]
    return [y] * len(names) if what == "sample_weight" else _too_few(
        names, what)


def _too_few(names: Sequence[str], what: str) -> NoReturn:
    raise ValueError(
        f"The model has {len(names)} outputs {names}, but `{what}` is a "
        "single array. Pass a list or a dict of targets, one per output."
    )


def spread_over_outputs(spec: Any, names: Sequence[str],
                        what: str) -> list[Any]:
    """Spreads a compile argument over outputs: list of per-output items."""
    if isinstance(spec, dict):
        unknown = [k for k in spec if k not in names]
        if unknown:
            raise ValueError(
                f"In the dict argument `{what}`, key(s) {unknown} do not "
                f"correspond to any model output. Received: {what}={spec}. "
                f"Output names: {names}"
            )
        return [spec.get(name) for name in names]
    if isinstance(spec, (list, tuple)) and len(names) > 1:
        if len(spec) != len(names):
            raise ValueError(
                f"For a model with multiple outputs, when providing `{what}` "
                f"as a list, it should have as many entries as the model has "
                f"outputs. Received: {what}={spec} of length {len(spec)} "
                f"whereas the model has {len(names)} outputs."
            )
        return list(spec)
    return [spec] * len(names)


class CompileLoss:
    """Total loss over outputs; per-output `"<name>_loss"` trackers."""

    names: list[str]  # set by `build`, with `losses` and `weights`
    losses: list[Any]
    weights: list[float]

    def __init__(self, loss: Any, loss_weights: Any = None,
                 output_names: Sequence[str] | None = None,
                 reduction: str = "sum_over_batch_size") -> None:
        self.loss = loss
        self.loss_weights = loss_weights
        self.output_names = output_names
        self.reduction = reduction
        self.built = False
        self.trackers: list[Any] = []

    def build(self, y_true: PyTree, y_pred: PyTree) -> None:
        from kerax import losses as losses_module
        from kerax.metrics import Mean

        names, _ = flatten_outputs(y_pred, self.output_names)
        self.names = names
        per_output = spread_over_outputs(self.loss, names, "loss")
        weights = (
            [1.0] * len(names) if self.loss_weights is None
            else spread_over_outputs(self.loss_weights, names, "loss_weights")
        )
        self.losses = []
        for item in per_output:
            if item is None:
                self.losses.append(None)
                continue
            fn = losses_module.get(item)
            if not isinstance(fn, losses_module.Loss):
                fn = losses_module.LossFunctionWrapper(
                    fn, name=getattr(fn, "__name__", None),
                    reduction=self.reduction,
                )
            self.losses.append(fn)
        self.weights = [1.0 if w is None else float(w) for w in weights]
        if len(names) > 1:
            self.trackers = [
                Mean(name=f"{name}_loss") if fn is not None else None
                for name, fn in zip(names, self.losses)
            ]
        self.built = True

    @property
    def variables(self) -> list[Any]:
        return [v for t in self.trackers if t is not None for v in t.variables]

    def __call__(self, y_true: PyTree, y_pred: PyTree,
                 sample_weight: PyTree = None,
                 ) -> tuple[jax.Array, list[jax.Array | None]]:
        """Returns `(weighted_total, per_output_values)`."""
        names, outputs = flatten_outputs(y_pred, self.names)
        targets = match_targets(y_true, names, "y")
        weights = match_targets(sample_weight, names, "sample_weight")
        total = jnp.zeros((), "float32")
        values: list[jax.Array | None] = []
        for i, (fn, target, output) in enumerate(
            zip(self.losses, targets, outputs)
        ):
            if fn is None:
                values.append(None)
                continue
            if target is None:
                raise ValueError(
                    f"Output '{names[i]}' has a loss but no target: pass a "
                    "target for it in `y`."
                )
            if row_mask.current() is None:
                value = fn(target, output, sample_weight=weights[i])
            else:
                value = _masked_loss(fn, target, output, weights[i])
            values.append(value)
            total = total + self.weights[i] * value.astype("float32")
        return total, values

    def update_trackers(self, values: Sequence[Any], batch_size: Any) -> None:
        """Feeds per-output loss values to the `<name>_loss` trackers."""
        for tracker, value in zip(self.trackers, values):
            if tracker is not None and value is not None:
                tracker.update_state(value, sample_weight=batch_size)

    def results(self) -> dict[str, Any]:
        return {
            t.name: t.result() for t in self.trackers if t is not None
        }


def _resolve_metric(identifier: Any, y_true: Any, y_pred: Any,
                    loss: Any = None) -> Any:
    from kerax import metrics as metrics_module

    if not isinstance(identifier, str):
        return _as_metric(metrics_module.get(identifier), None)
    lowered = identifier
    if lowered not in _ACCURACY + _CROSSENTROPY:
        metric = _as_metric(metrics_module.get(identifier), identifier)
        # Keras 3 names a metric given as a string exactly as written:
        # "AUC" logs `AUC` and `val_AUC`, "mae" logs `mae`.
        metric.name = identifier
        return metric
    pred_last = y_pred.shape[-1] if len(y_pred.shape) else 1
    true_shape = tuple(y_true.shape) if y_true is not None else ()
    is_binary = pred_last == 1 or _loss_is(loss, "binary")
    is_sparse = (
        len(true_shape) < len(y_pred.shape)
        or (len(true_shape) == len(y_pred.shape) and true_shape
            and true_shape[-1] == 1 and pred_last > 1)
        or _loss_is(loss, "sparse")
    )
    if lowered in _ACCURACY:
        if is_binary:
            return metrics_module.BinaryAccuracy(name=identifier)
        if is_sparse:
            return metrics_module.SparseCategoricalAccuracy(name=identifier)
        return metrics_module.CategoricalAccuracy(name=identifier)
    if is_binary:
        return metrics_module.BinaryCrossentropy(name=identifier)
    if is_sparse:
        return metrics_module.SparseCategoricalCrossentropy(name=identifier)
    return metrics_module.CategoricalCrossentropy(name=identifier)


def _as_metric(obj: Any, name: str | None) -> Any:
    from kerax import metrics as metrics_module

    if isinstance(obj, type):
        obj = obj()
    if isinstance(obj, metrics_module.Metric):
        return obj
    if callable(obj):
        return metrics_module.MeanMetricWrapper(
            obj, name=name or getattr(obj, "__name__", None))
    raise ValueError(f"Could not interpret metric identifier: {obj}")


def _loss_is(loss: Any, kind: str) -> bool:
    name = loss if isinstance(loss, str) else (
        getattr(loss, "name", None) or getattr(loss, "__name__", "")
    )
    name = str(name).lower()
    return name.startswith(
        (kind, {"binary": "binarycross", "sparse": "sparsecat"}[kind]))


class CompileMetrics:
    """The compiled metrics (and weighted metrics) of every output."""

    names: list[str]  # set by `build`

    def __init__(self, metrics: Any, weighted_metrics: Any,
                 output_names: Sequence[str] | None = None,
                 loss: Any = None) -> None:
        self.metrics_spec = metrics
        self.weighted_spec = weighted_metrics
        self.output_names = output_names
        self.loss = loss
        self.built = False
        # [(output_index, metric, weighted)]
        self.metrics: list[tuple[int, Any, bool]] = []

    def build(self, y_true: PyTree, y_pred: PyTree) -> None:
        names, outputs = flatten_outputs(y_pred, self.output_names)
        targets = match_targets(y_true, names, "y")
        losses = (spread_over_outputs(self.loss, names, "loss")
                  if self.loss else [None] * len(names))
        self.names = names
        for spec, weighted in (
            (self.metrics_spec, False), (self.weighted_spec, True)
        ):
            if not spec:
                continue
            if isinstance(spec, dict) or len(names) > 1:
                per_output = spread_over_outputs(spec, names, "metrics")
            else:
                per_output = [spec]
            for index, items in enumerate(per_output):
                if items is None:
                    continue
                if not isinstance(items, (list, tuple)):
                    items = [items]
                for item in items:
                    if item is None:
                        continue
                    metric = _resolve_metric(
                        item, targets[index], outputs[index], losses[index]
                    )
                    _create_lazy_variables(
                        metric, targets[index], outputs[index])
                    if len(names) > 1:
                        metric.name = f"{names[index]}_{metric.name}"
                    if weighted and self.metrics_spec and any(
                        m.name == metric.name for _, m, _ in self.metrics
                    ):
                        metric.name = f"weighted_{metric.name}"
                    self.metrics.append((index, metric, weighted))
        self.built = True

    @property
    def variables(self) -> list[Any]:
        return [v for _, m, _ in self.metrics for v in m.variables]

    def update_state(self, y_true: PyTree, y_pred: PyTree,
                     sample_weight: PyTree = None) -> None:
        names, outputs = flatten_outputs(y_pred, self.names)
        targets = match_targets(y_true, names, "y")
        weights = match_targets(sample_weight, names, "sample_weight")
        masked = row_mask.current() is not None
        for index, metric, weighted in self.metrics:
            if targets[index] is None:
                continue
            weight = weights[index] if weighted else None
            if masked:
                _masked_metric_update(metric, targets[index], outputs[index],
                                      weight)
            else:
                metric.update_state(targets[index], outputs[index],
                                    sample_weight=weight)

    def results(self) -> dict[str, Any]:
        return {metric.name: metric.result() for _, metric, _ in self.metrics}

    def reset_state(self) -> None:
        for _, metric, _ in self.metrics:
            metric.reset_state()


def _create_lazy_variables(metric: Any, y_true: Any, y_pred: Any) -> None:
    """Creates the variables a metric makes on its first update (F1Score,
    R2Score, multi-label AUC): inside a jitted step they would be constants
    and the metric would forget every batch but the last."""
    if getattr(metric, "_built", True) or y_true is None:
        return
    zeros = jnp.zeros(y_pred.shape, y_pred.dtype)
    metric.update_state(jnp.zeros(jnp.shape(y_true), jnp.asarray(
        y_true).dtype), zeros)
    metric.reset_state()


def _masked_loss(fn: Any, target: Any, output: Any,
                 sample_weight: Any) -> jax.Array:
    """A built-in-reduced loss over the real rows of a padded batch."""
    from kerax.losses.loss import Loss

    row_mask.require(
        type(fn).__call__ is Loss.__call__
        and fn.reduction in _MASKABLE_REDUCTIONS,
        f"loss {getattr(fn, 'name', fn)} cannot be masked")
    rank = max(len(getattr(output, "shape", ())) - 1, 1)
    rows = row_mask.current()
    assert rows is not None  # the caller checked: a mask is active
    mask = rows.mask
    mask = mask.reshape(mask.shape + (1,) * (rank - 1))
    return fn(target, output, sample_weight=sample_weight, mask=mask)


_MASKABLE_REDUCTIONS = (
    "sum_over_batch_size", "sum", "mean", "mean_with_sample_weight")


def _masked_metric_update(metric: Any, y_true: Any, y_pred: Any,
                          sample_weight: Any) -> None:
    row_mask.require(_is_builtin_metric(metric),
                     f"metric {metric.name} is not built in")
    weight = row_mask.masked_weight(
        sample_weight, getattr(metric, "dtype", None) or "float32")
    try:
        metric.update_state(y_true, y_pred, sample_weight=weight)
    except (ValueError, TypeError) as error:
        # e.g. IoU flattens (batch, k) targets: per-row weights do not fit.
        raise row_mask.Unmaskable(
            f"metric {metric.name} takes no per-row weights") from error


def _is_builtin_metric(metric: Any) -> bool:
    """Built-in metrics weigh rows by `sample_weight`; a wrapped function
    must be built in too (a custom one may mix rows)."""
    module = type(metric).__module__
    fn = getattr(metric, "_fn", None)
    return module.startswith("kerax.metrics") and (
        fn is None or getattr(fn, "__module__", "").startswith("kerax."))


def tree_batch_size(x: PyTree) -> int | None:
    """Rows of the first array in `x` (a static int inside jit)."""
    leaves = tree_util.tree_leaves(x)
    return leaves[0].shape[0] if leaves else None
