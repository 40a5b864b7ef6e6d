"""Stateful RNNs with Keras 2 semantics: states carry over from batch to
batch (and epoch to epoch) through `fit`, `evaluate` and `predict`, and go
back to zeros on `reset_states()` (also from a callback).

Keras 3 on JAX does not carry the states through its jitted steps, so the
oracle is Keras's own layers run by hand in Keras 2's order: each batch
starts from the previous batch's final states (`initial_state=`), its
loss and gradient come from `stateless_call` + `jax.value_and_grad`, and
plain SGD updates the weights."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import kerax
from kerax.testing import assert_concrete_state
from tests.patterns.parity import assert_close

BATCH, STEPS, UNITS, LR = 2, 3, 4, 0.05
_rng = np.random.default_rng(0)
X = _rng.normal(size=(6, STEPS, 1)).astype("float32")
Y = _rng.normal(size=(6, 1)).astype("float32")
N_STATES = {"LSTM": 2, "GRU": 1, "SimpleRNN": 1}


def stateful_model(cell="LSTM", keras2_declaration=False):
    rnn = getattr(kerax.layers, cell)
    if keras2_declaration:
        first = [rnn(UNITS, stateful=True, name="rnn",
                     batch_input_shape=(BATCH, STEPS, 1))]
    else:
        first = [kerax.Input(batch_shape=(BATCH, STEPS, 1)),
                 rnn(UNITS, stateful=True, name="rnn")]
    model = kerax.Sequential(first + [kerax.layers.Dense(1, name="out")])
    model.compile(kerax.optimizers.SGD(LR), "mse")
    return model


def states_of(model):
    return [np.asarray(v) for v in model.get_layer("rnn")._state_variables]


class KerasReference:
    """Keras's layers with the states passed in and out explicitly."""

    def __init__(self, keras, cell, weights):
        x = keras.Input(batch_shape=(BATCH, STEPS, 1))
        init = [keras.Input(batch_shape=(BATCH, UNITS))
                for _ in range(N_STATES[cell])]
        out = getattr(keras.layers, cell)(UNITS, return_state=True)(
            x, initial_state=init)
        y = keras.layers.Dense(1)(out[0])
        self.model = keras.Model([x, *init], [y, *out[1:]])
        self.seeds = [v.value for v in self.model.non_trainable_variables]
        self._grad_fn = jax.jit(jax.value_and_grad(self._loss, has_aux=True))
        self.load(weights)

    def load(self, weights):
        """Starts over from `weights` with zero states."""
        self.model.set_weights(weights)
        self.weights = [v.value for v in self.model.trainable_variables]
        self.reset_states()

    def reset_states(self):
        self.states = [jnp.zeros((BATCH, UNITS))
                       for _ in self.model.inputs[1:]]

    def _loss(self, weights, states, x, y):
        (pred, *new_states), _ = self.model.stateless_call(
            weights, self.seeds, [x, *states])
        return jnp.mean((pred - y) ** 2), (pred, new_states)

    def epoch(self, train=True, x=X, y=Y):
        losses, preds = [], []
        for start in range(0, len(x), BATCH):
            xb, yb = x[start:start + BATCH], y[start:start + BATCH]
            (loss, (pred, self.states)), grads = self._grad_fn(
                self.weights, self.states, xb, yb)
            if train:
                self.weights = [w - LR * g
                                for w, g in zip(self.weights, grads)]
            losses.append(float(loss))
            preds.append(np.asarray(pred))
        return float(np.mean(losses)), np.concatenate(preds)


@pytest.fixture(scope="module")
def reference(keras):
    """`reference(cell, weights)`: one KerasReference per cell for the
    module, reloaded with `weights` (its jitted step compiles once)."""
    built = {}

    def make(cell, weights):
        if cell in built:
            built[cell].load(weights)
        else:
            built[cell] = KerasReference(keras, cell, weights)
        return built[cell]

    return make


def test_fit_evaluate_predict_carry_states_like_keras2(reference):
    ours = stateful_model("LSTM")
    ref = reference("LSTM", ours.get_weights())
    history = ours.fit(X, Y, batch_size=BATCH, epochs=2, shuffle=False,
                       verbose=0)
    assert_concrete_state(ours)
    expected = [ref.epoch()[0], ref.epoch()[0]]
    assert_close(history.history["loss"], expected)
    assert_close(ours.get_weights(), [np.asarray(w) for w in ref.weights])
    assert_close(states_of(ours), ref.states)
    # evaluate and predict go on from the states fit left...
    loss = ours.evaluate(X, Y, batch_size=BATCH, verbose=0)
    assert_concrete_state(ours)
    assert_close(loss, ref.epoch(train=False)[0])
    outputs = ours.predict(X, batch_size=BATCH, verbose=0)
    assert_concrete_state(ours)
    assert_close(outputs, ref.epoch(train=False)[1])
    # ... until reset_states() sets them back to zeros.
    ours.reset_states()
    ref.reset_states()
    assert_concrete_state(ours)
    assert not any(np.abs(s).sum() for s in states_of(ours))
    assert_close(ours.predict(X, batch_size=BATCH, verbose=0),
                 ref.epoch(train=False)[1])


def test_reset_from_a_callback_every_epoch(reference):
    ours = stateful_model("SimpleRNN", keras2_declaration=True)
    ref = reference("SimpleRNN", ours.get_weights())

    class ResetStates(kerax.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.model.reset_states()

    history = ours.fit(X, Y, batch_size=BATCH, epochs=2, shuffle=False,
                       verbose=0, callbacks=[ResetStates()])
    assert_concrete_state(ours)
    expected = []
    for _ in range(2):
        ref.reset_states()
        expected.append(ref.epoch()[0])
    assert_close(history.history["loss"], expected)


def test_on_batch_calls_carry_states(reference):
    ours = stateful_model("SimpleRNN")
    ref = reference("SimpleRNN", ours.get_weights())
    for start in (0, 2):
        xb, yb = X[start:start + BATCH], Y[start:start + BATCH]
        assert_close(ours.predict_on_batch(xb),
                     ref.epoch(False, xb, yb)[1])
        assert_close(ours.test_on_batch(xb, yb),
                     ref.epoch(False, xb, yb)[0])
        assert_close(ours.train_on_batch(xb, yb), ref.epoch(True, xb, yb)[0])
        assert_concrete_state(ours)


def test_wrong_batch_size_names_the_expected_one():
    model = stateful_model("SimpleRNN")
    with pytest.raises(ValueError, match="Expected batch size: 2"):
        model.predict_on_batch(X[:3])


def test_reset_states_to_given_values():
    model = stateful_model("LSTM")
    layer = model.get_layer("rnn")
    h = np.full((BATCH, UNITS), 0.5, "float32")
    layer.reset_states([h, -h])
    assert_close(states_of(model), [h, -h])
    with pytest.raises(ValueError, match="expects 2 states"):
        layer.reset_states([h])
    with pytest.raises(ValueError, match=r"shape \(2, 4\)"):
        layer.reset_states([h, h[:1]])
    layer.reset_states()
    assert not any(np.abs(s).sum() for s in states_of(model))


def test_validation_carries_states_into_the_next_epoch(reference):
    # Keras 2 ran its state updates in the test function too: validation
    # goes on from training's states, and the next epoch from validation's.
    ours = stateful_model("SimpleRNN")
    ref = reference("SimpleRNN", ours.get_weights())
    history = ours.fit(X, Y, batch_size=BATCH, epochs=2, shuffle=False,
                       verbose=0, validation_data=(X[:4], Y[:4]))
    expected = {"loss": [], "val_loss": []}
    for _ in range(2):
        expected["loss"].append(ref.epoch()[0])
        expected["val_loss"].append(ref.epoch(False, X[:4], Y[:4])[0])
    for key, values in expected.items():
        assert_close(history.history[key], values)
    assert_close(states_of(ours), ref.states)
    assert_concrete_state(ours)
