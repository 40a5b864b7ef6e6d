"""The typed plan values of the host loop (kerax/trainers/plan.py) and
the builder of each step kind (`step.build`)."""

import pytest

from kerax.trainers import plan as plan_module
from kerax.trainers import step
from kerax.trainers.plan import Mode, PredictPlan, StepKind, TrainPlan


def _step(state, data):
    return data, state


@pytest.mark.parametrize("kind", list(StepKind))
def test_every_kind_has_a_builder(kind):
    fn = step.build(kind, _step, 4, 2, jit=False, donate=False,
                                place=lambda batch: batch)
    assert callable(fn)


def test_unknown_kinds_and_modes_are_clear_errors():
    with pytest.raises(ValueError, match="Unknown step kind 'scan'.*gather"):
        step.build("scan", _step, 4, None, jit=False, donate=False,
                   place=lambda batch: batch)
    with pytest.raises(ValueError, match="Unknown step mode 'fit'.*train"):
        plan_module.check_mode("fit")


def test_members_equal_and_hash_as_their_values():
    # Cache keys built from members match keys written with the strings.
    cache = {("masked", 16): False}
    assert cache[(StepKind.MASKED, 16)] is False
    assert Mode("train") is Mode.TRAIN and StepKind.GATHER == "gather"


def test_plans_are_immutable_named_values():
    plan = TrainPlan(use_loop=True, masked=False)
    use_loop, masked = plan
    assert (use_loop, masked) == (True, False)
    with pytest.raises(AttributeError):
        plan.masked = True
    assert PredictPlan(StepKind.COLLECT, 64) == ("collect", 64)
