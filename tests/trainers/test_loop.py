"""`TrainingLoop`: the host state of one model's loops
(kerax/trainers/loop.py)."""

import inspect

import numpy as np
import pytest

import kerax
from kerax import layers
from kerax.trainers import fit_loop, predict_loop
from kerax.trainers.loop import TrainingLoop
from kerax.trainers.plan import Mode, StepKind


@pytest.fixture
def model():
    kerax.utils.set_random_seed(0)
    model = kerax.Sequential([kerax.Input((3,)), layers.Dense(2)])
    model.compile("sgd", "mse")
    return model


def test_the_model_holds_one_loop_that_compile_resets(model):
    loop = model._loop
    assert isinstance(loop, TrainingLoop) and loop.model is model
    model.fit(np.ones((8, 3)), np.ones((8, 2)), batch_size=4, verbose=0)
    assert loop.jit_cache and loop.plans
    model.compile("sgd", "mse")
    assert model._loop is loop
    assert not loop.jit_cache and not loop.plans and loop.fused_steps is None


def test_step_functions_are_cached_per_typed_key(model):
    loop = model._loop
    fn = loop.step_fn("test", "gather", 4)
    assert loop.step_fn(Mode.TEST, StepKind.GATHER, 4) is fn
    (key,) = loop.jit_cache
    assert key[:3] == (Mode.TEST, StepKind.GATHER, 4)
    with pytest.raises(ValueError, match="Unknown step kind"):
        loop.step_fn(Mode.TEST, "gather_all", 4)


def test_sync_writes_the_pending_state_once(model):
    loop = model._loop
    variables = loop.variable_lists()
    state = loop.reload(variables, None)
    new = state._replace(trainable=tuple(v + 1 for v in state.trainable))
    loop.set_pending(variables, new)
    before = [v.numpy() for v in model.trainable_variables]
    assert loop.reload(variables, new) is new  # nothing synced yet
    model.sync_state()
    assert loop.pending is None
    for variable, old in zip(model.trainable_variables, before):
        np.testing.assert_allclose(variable.numpy(), old + 1)
    fresh = loop.reload(variables, new)
    assert fresh is not new
    np.testing.assert_allclose(fresh.trainable[0], before[0] + 1)


def test_fused_steps_are_bounded(model):
    loop = model._loop
    assert loop.choose_fused_steps(0.01, full=100, call_seconds=0.05) == 5
    assert loop.choose_fused_steps(1.0, full=100, call_seconds=0.05) == 1
    assert loop.choose_fused_steps(0.0, full=30, call_seconds=0.05) == 30
    assert loop.fused_steps == 30


def test_the_loops_use_no_private_model_attribute():
    for module in (fit_loop, predict_loop):
        assert "model._" not in inspect.getsource(module)


def test_build_traces_the_forward_pass_once_per_batch_layout(model):
    loop, traced = model._loop, []
    build = model._build_for_batch
    model._build_for_batch = lambda *a, **k: (traced.append(1), build(*a, **k))
    x, y = np.ones((8, 3)), np.ones((8, 2))
    model.fit(x, y, batch_size=4, verbose=0)
    model.fit(x, y, batch_size=4, epochs=2, validation_data=(x, y),
              verbose=0)
    model.evaluate(x, y, batch_size=4, verbose=0)
    assert len(traced) == 1
    model.evaluate(x, y, batch_size=8, verbose=0)  # another layout
    assert len(traced) == 2
    with pytest.raises(ValueError, match="expected shape=.None, 3."):
        model.fit(np.ones((8, 4)), y, batch_size=4, verbose=0)
    model.compile("sgd", "mse")  # forgets what it traced
    assert not loop.built_for
    model.fit(x, y, batch_size=4, verbose=0)
    assert len(traced) == 4


class _Head(kerax.Model):
    def __init__(self):
        super().__init__()
        self.head = layers.Dense(2)

    def call(self, x):
        return self.head(x)


def test_build_traces_again_for_new_variables():
    # Same batch layout, a new layer: the forward pass is traced again, so
    # the shape error shows the user's 16 rows, not the padded batch of 32.
    model = _Head()
    model.compile("sgd", "mse")
    x, y = np.ones((16, 3)), np.ones((16, 2))
    model.fit(x, y, verbose=0)
    model.head = layers.Dense(5)
    with pytest.raises(Exception, match=r"\(16, 5\)") as error:
        model.fit(x, y, verbose=0)
    assert "32" not in str(error.value)




def _count_traces(monkeypatch, method):
    """A list that gets one entry each time the default step `method`
    (`"train_step"`, `"predict_step"`) is traced."""
    from kerax.trainers.step_methods import StepMethods

    traces = []
    default_step = getattr(StepMethods, method)

    def counting_step(self, state, data):
        traces.append(1)
        return default_step(self, state, data)

    monkeypatch.setattr(StepMethods, method, counting_step)
    return traces

@pytest.mark.parametrize("streaming", [False, True])
def test_a_first_fit_traces_the_train_step_once(streaming, monkeypatch):
    """The plan's probe traces the program the first call runs (on
    host-gathered windows too), and the fused loop replays one trace of
    the step in its body (`step.trace_once`)."""
    from kerax.trainers.data_adapters import array_adapter

    if streaming:
        monkeypatch.setattr(array_adapter, "_PAD_LIMIT_BYTES", 0)
    traces = _count_traces(monkeypatch, "train_step")
    model = kerax.Sequential([kerax.Input((3,)), layers.Dense(2)])
    model.compile("sgd", "mse")
    # 5 full batches of 4 and a short one of 2: one masked fused loop.
    model.fit(np.ones((22, 3)), np.ones((22, 2)), batch_size=4, verbose=0)
    assert (Mode.TRAIN, 4, True) in model._loop.plans
    assert len(traces) == 1


def test_predict_traces_the_step_once_for_all_its_programs(monkeypatch):
    """The probe's one-batch program, the batched program and a later
    one-batch call share one trace of `predict_step` (`_predict_step`)."""
    traces = _count_traces(monkeypatch, "predict_step")
    model = kerax.Sequential([kerax.Input((3,)), layers.Dense(2)])
    x = np.arange(60.0).reshape(20, 3)
    several = model.predict(x, batch_size=4, verbose=0)
    one = model.predict(x[:4], batch_size=4, verbose=0)
    assert len(traces) == 1
    assert {key[1] for key in model._loop.jit_cache} >= {
        StepKind.GATHER, StepKind.BATCHED}
    np.testing.assert_allclose(several[:4], one, rtol=1e-6)
    np.testing.assert_allclose(several, model(x), rtol=1e-6)
