"""The optimizer's `SlotLayout` and the pure `stateless_step.apply`."""

import jax
import jax.numpy as jnp
import numpy as np
import optax

from kerax.core.variable import Variable
from kerax.optimizers import Adam, Nadam, OptaxOptimizer
from kerax.optimizers.state_layout import DictSlots, TreeSlots
from kerax.optimizers.stateless_step import apply


def _model():
    return [Variable(np.ones((2, 3), "float32"), name="kernel"),
            Variable(np.zeros(3, "float32"), name="bias")]


def _values(optimizer):
    return [v.value for v in optimizer.variables]


def test_layout_names_every_array_and_round_trips():
    opt = Adam(use_ema=True, gradient_accumulation_steps=2, amsgrad=True)
    model = _model()
    opt.build(model)
    values = _values(opt)
    state = opt._layout.unpack(values)
    assert state.iteration is values[0] and state.learning_rate is values[1]
    assert set(state.extras) == {"average", "gradient_accumulator"}
    assert [a.shape for a in state.extras["average"]] == [(2, 3), (3,)]
    assert set(state.slots) == {"momentum", "velocity", "velocity_hat"}
    assert all(len(v) == 2 for v in state.slots.values())
    assert all(a is b for a, b in zip(opt._layout.pack(state), values))
    names = [v.name for v in opt.variables]
    for slot, index, at in opt._layout.slot_entries():
        assert names[at] == f"{model[index].name}_{slot}"


def test_shared_slots_and_optax_pytrees_round_trip():
    nadam = Nadam()
    nadam.build(_model())
    assert isinstance(nadam._slot_codec, DictSlots)
    state = nadam._layout.unpack(_values(nadam))
    assert state.slots["u_product"].shape == ()
    raw = OptaxOptimizer(optax.adam(0.1))
    raw.build(_model())
    assert isinstance(raw._slot_codec, TreeSlots)
    values = _values(raw)
    state = raw._layout.unpack(values)
    assert state.learning_rate is None
    assert all(a is b for a, b in zip(raw._layout.pack(state), values))


def test_apply_is_the_pure_step_of_stateless_apply():
    opt = Adam(learning_rate=0.1, weight_decay=0.01, clipnorm=1.0)
    model = _model()
    opt.build(model)
    grads = [jnp.full((2, 3), 3.0), jnp.ones(3)]
    params = [v.value for v in model]
    step = jax.jit(lambda s, g, p: apply(opt._layout, opt._hyperparams(),
                                         s, g, p))
    new_params, new_state = step(tuple(_values(opt)), tuple(grads),
                                 tuple(params))
    expected = opt.stateless_apply(_values(opt), grads, params)
    assert isinstance(new_params, tuple) and isinstance(new_state, tuple)
    for a, b in zip(new_params + new_state, [*expected[0], *expected[1]]):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    assert int(new_state[0]) == 1


def test_learning_rate_made_callable_rebuilds_the_layout():
    opt = Adam(learning_rate=0.1)
    model = _model()
    opt.build(model)
    assert opt._layout.tracks_learning_rate
    opt.learning_rate = lambda: 0.05
    assert not opt._layout.tracks_learning_rate
    opt.apply([jnp.ones((2, 3)), jnp.ones(3)], model)
    np.testing.assert_allclose(model[1].numpy(), -0.05, rtol=1e-5)
    assert [v.name for v in opt.variables] == ["iteration", "kernel_momentum",
                                              "kernel_velocity", "bias_momentum",
                                              "bias_velocity"]


def test_update_step_optimizers_keep_every_value_as_slots():
    class Momentum(Adam):
        def update_step(self, gradient, variable, learning_rate):
            super().update_step(gradient, variable, learning_rate)

    opt = Momentum(learning_rate=0.1)
    model = _model()
    opt.build(model)
    assert opt._layout.per_variable
    state = opt._layout.unpack(_values(opt))
    assert len(state.slots) == len(opt.variables)
    reference = Adam(learning_rate=0.1)
    other = _model()
    reference.build(other)
    grads = [jnp.ones((2, 3)), jnp.ones(3)]
    opt.apply(grads, model)
    reference.apply(grads, other)
    for a, b in zip(model, other):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)
