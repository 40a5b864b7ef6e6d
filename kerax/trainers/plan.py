"""Typed execution plans of the host loop: which jitted step runs, how.

`Mode` names the step method (`train_step`, `test_step`, `predict_step`);
`StepKind` names the shape of the jitted call built around it (see
`trainers/step.py`); `step.build` maps every kind to its builder, so an
unknown kind is an error, never a silent fallback. The members are `str`
enums: they compare and hash equal to their values (`"train"`,
`"gather_loop"`), which keeps cache keys readable.

`TrainPlan` and `PredictPlan` are what a probe of the traced step decides
once per model and batch size (cached by `trainers.loop.TrainingLoop`).

>>> StepKind("gather_loop") is StepKind.GATHER_LOOP
True
>>> PredictPlan(StepKind.BATCHED, 64).batches
64
"""

from __future__ import annotations

import enum
from typing import Any, NamedTuple


class Mode(str, enum.Enum):
    """Which step method a jitted function runs."""

    TRAIN = "train"
    TEST = "test"
    PREDICT = "predict"


class StepKind(str, enum.Enum):
    """The shape of a jitted call (arguments in `trainers/step.py`)."""

    SINGLE = "single"  # fn(state, batch)
    GATHER = "gather"  # fn(state, data, order, start)
    MASKED = "masked"  # fn(state, data, order, start, valid)
    GATHER_LOOP = "gather_loop"  # fn(state, data, order, start, n)
    GATHER_LOOP_MASKED = "gather_loop_masked"  # ... n, valid_last)
    BATCHED = "batched"  # predict: k batches as one vmap
    COLLECT = "collect"  # predict: n <= k batches in a fori_loop


class TrainPlan(NamedTuple):
    """How `fit` runs an epoch in batches of one size.

    `use_loop`: full batches may run fused in the multi-step loop.
    `masked`: a short final batch runs padded through the same program.
    """

    use_loop: bool
    masked: bool


class PredictPlan(NamedTuple):
    """How `predict` groups array batches: `kind` is `GATHER` (one batch
    per call), `BATCHED` or `COLLECT`, `batches` the batches per call."""

    kind: StepKind
    batches: int


def check_kind(kind: Any) -> StepKind:
    """`kind` as a `StepKind`; a clear error for anything else."""
    try:
        return StepKind(kind)
    except ValueError:
        raise ValueError(
            f"Unknown step kind {kind!r}: expected one of "
            f"{[k.value for k in StepKind]}."
        ) from None


def check_mode(mode: Any) -> Mode:
    """`mode` as a `Mode`; a clear error for anything else."""
    try:
        return Mode(mode)
    except ValueError:
        raise ValueError(
            f"Unknown step mode {mode!r}: expected one of "
            f"{[m.value for m in Mode]}."
        ) from None
