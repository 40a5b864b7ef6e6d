"""SwapEMAWeights and fit's EMA finalization against real Keras."""

import numpy as np
import pytest

import kerax

_rng = np.random.default_rng(7)
X = _rng.normal(size=(16, 3)).astype("float32")
Y = _rng.normal(size=(16, 1)).astype("float32")


def _model(lib):
    inputs = lib.Input(shape=(3,))
    return lib.Model(inputs, lib.layers.Dense(1)(inputs))


@pytest.mark.parametrize("swap_on_epoch", [False, True])
def test_validation_with_ema_weights_matches_keras(keras, swap_on_epoch):
    theirs, ours = _model(keras), _model(kerax)
    ours.set_weights(theirs.get_weights())
    histories = []
    for model, lib in ((theirs, keras), (ours, kerax)):
        model.compile(lib.optimizers.SGD(0.1, use_ema=True,
                                         ema_momentum=0.5), "mse")
        callback = lib.callbacks.SwapEMAWeights(swap_on_epoch=swap_on_epoch)
        histories.append(model.fit(
            X, Y, batch_size=4, epochs=3, shuffle=False, verbose=0,
            validation_data=(X, Y), callbacks=[callback]).history)
    for key in ("loss", "val_loss"):
        np.testing.assert_allclose(histories[1][key], histories[0][key],
                                   rtol=1e-5)
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_evaluate_swaps_back_and_requires_ema():
    model = _model(kerax)
    model.compile(kerax.optimizers.SGD(0.1, use_ema=True), "mse")
    model.fit(X, Y, batch_size=4, epochs=1, verbose=0)
    before = [w.copy() for w in model.get_weights()]
    model.evaluate(X, Y, verbose=0, callbacks=[kerax.callbacks.SwapEMAWeights()])
    for a, b in zip(model.get_weights(), before):
        np.testing.assert_array_equal(a, b)
    plain = _model(kerax)
    plain.compile("sgd", "mse")
    plain.fit(X, Y, epochs=1, verbose=0)
    with pytest.raises(ValueError, match="use_ema=True"):
        plain.evaluate(X, Y, verbose=0,
                       callbacks=[kerax.callbacks.SwapEMAWeights()])
