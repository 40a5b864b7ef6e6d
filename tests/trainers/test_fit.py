import numpy as np
import pytest
from compile_cache import (  # noqa: F401
    count_compiles,
    module_compile_cache,
    no_compile_cache,
)

import kerax
from kerax import callbacks, layers
from kerax.testing import assert_concrete_state

# Each test builds the same small model and, where the shape does not
# matter, fits/evaluates/predicts 48 rows in batches of 16 (a new data size
# or batch size is a new program): its programs compile once.
pytestmark = pytest.mark.usefixtures("module_compile_cache")


def _data(n=48, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.rand(n, 6).astype("float32")
    y = (x.sum(axis=1) > 3).astype("int32")
    return x, y


def _model(seed=1):
    kerax.utils.set_random_seed(seed)
    model = kerax.Sequential([
        kerax.Input((6,)),
        layers.Dense(8, activation="relu"),
        layers.Dropout(0.1, seed=2),
        layers.Dense(2, activation="softmax"),
    ])
    model.compile("adam", "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def _weights_equal(a, b, tol=0.0):
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_allclose(wa, wb, atol=tol, rtol=tol)


def test_history_keys_and_validation_split():
    x, y = _data(n=64)  # trains on 48 rows, like the other tests
    model = _model()
    history = model.fit(x, y, epochs=2, batch_size=16, validation_split=0.25,
                        verbose=0)
    assert list(history.history) == ["accuracy", "loss", "val_accuracy",
                                     "val_loss"]
    assert_concrete_state(model)
    assert len(history.history["loss"]) == 2
    assert history.epoch == [0, 1]
    # validation is the last 25% before shuffling
    val = model.evaluate(x[48:], y[48:], batch_size=16, verbose=0,
                         return_dict=True)
    np.testing.assert_allclose(val["loss"], history.history["val_loss"][-1],
                               rtol=1e-5)


def test_seeded_fit_is_reproducible():
    x, y = _data()
    a, b = _model(), _model()
    kerax.utils.set_random_seed(5)
    a.fit(x, y, epochs=2, batch_size=16, verbose=0)
    kerax.utils.set_random_seed(5)
    b.fit(x, y, epochs=2, batch_size=16, verbose=0)
    _weights_equal(a, b)


def test_fused_steps_match_per_step_dispatch(monkeypatch):
    from kerax.trainers import fit_loop

    # Fusing is sized from measured step time; make it independent of load.
    monkeypatch.setattr(fit_loop, "_FUSED_CALL_SECONDS", 100.0)
    x, y = _data(n=64)  # 8 batches: enough for the timed fusing
    a, b = _model(), _model()
    kerax.utils.set_random_seed(7)
    a.fit(x, y, epochs=2, batch_size=8, verbose=0)
    kerax.utils.set_random_seed(7)
    listener = callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: None)
    b.fit(x, y, epochs=2, batch_size=8, verbose=0, callbacks=[listener])
    _weights_equal(a, b, tol=1e-5)
    assert a._fused_steps > 1  # several steps per call
    assert b._fused_steps is None  # a batch listener: one step per call


def test_steps_per_execution_and_run_eagerly_match():
    x, y = _data(n=64)
    models = []
    for kwargs in ({}, {"steps_per_execution": 4}, {"run_eagerly": True}):
        model = _model()
        model.compile("sgd", "sparse_categorical_crossentropy", **kwargs)
        model.fit(x, y, epochs=1, batch_size=16, shuffle=False, verbose=0)
        models.append(model)
    _weights_equal(models[0], models[1], tol=1e-6)
    _weights_equal(models[0], models[2], tol=1e-6)


@pytest.mark.usefixtures("no_compile_cache")  # it counts XLA compiles
def test_partial_batch_compiles_nothing_more_in_fit_or_predict():
    x, y = _data(n=40)
    model = _model()
    model.fit(x, y, epochs=2, batch_size=16, verbose=0,
              callbacks=[callbacks.LambdaCallback()])
    train_keys = [k for k in model._jit_cache if k[0] == "train"]
    assert [(k[1], k[2]) for k in train_keys] == [("gather_loop_masked", 16)]
    # One XLA compile for predict (the plan's probe only traces), counted
    # from JAX's own compile reports rather than a jit object's cache.
    with count_compiles() as compiles:
        out = model.predict(x, batch_size=16, verbose=0)
    assert out.shape == (40, 2)
    assert len(compiles) == 1


def test_evaluate_forms_and_predict_matches_call():
    x, y = _data()
    model = _model()
    loss, acc = model.evaluate(x, y, batch_size=16, verbose=0)
    logs = model.evaluate(x, y, batch_size=16, verbose=0, return_dict=True)
    assert logs == {"accuracy": acc, "loss": loss}
    np.testing.assert_allclose(model.predict(x, batch_size=16, verbose=0),
                               model(x),
                               rtol=1e-5, atol=1e-6)


def test_sample_and_class_weights_change_the_loss():
    x, y = _data()
    model = _model()
    plain = model.evaluate(x, y, batch_size=16, verbose=0)[0]
    weighted = model.evaluate(x, y, sample_weight=np.where(y == 1, 2.0, 0.0),
                              batch_size=16, verbose=0)[0]
    assert not np.isclose(plain, weighted)
    model.fit(x, y, class_weight={0: 1.0, 1: 3.0}, batch_size=16, epochs=1,
              verbose=0)


def test_generator_and_py_dataset_inputs():
    x, y = _data(n=64)

    class Batches(kerax.utils.PyDataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            return x[i * 16:(i + 1) * 16], y[i * 16:(i + 1) * 16]

    model = _model()
    history = model.fit(Batches(), epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2

    def gen():
        while True:
            for i in range(4):
                yield x[i * 16:(i + 1) * 16], y[i * 16:(i + 1) * 16]

    model.fit(gen(), steps_per_epoch=4, epochs=1, verbose=0)
    assert_concrete_state(model)
    assert model.predict(Batches(), verbose=0).shape == (64, 2)
    assert len(model.evaluate(Batches(), verbose=0)) == 2
    assert_concrete_state(model)


def test_multi_output_losses_metrics_and_weights():
    x, y = _data(n=32)
    inputs = kerax.Input((6,))
    hidden = layers.Dense(4)(inputs)
    out_a = layers.Dense(2, activation="softmax", name="out_a")(hidden)
    out_b = layers.Dense(1, name="out_b")(hidden)
    model = kerax.Model(inputs, [out_a, out_b])
    model.compile("sgd", ["sparse_categorical_crossentropy", "mse"],
                  metrics=[["accuracy"], ["mae"]], loss_weights=[1.0, 0.5])
    history = model.fit(x, [y, x[:, :1]], epochs=1, verbose=0)
    assert list(history.history) == ["loss", "out_a_accuracy", "out_a_loss",
                                      "out_b_loss", "out_b_mae"]
    values = model.evaluate(x, {"out_a": y, "out_b": x[:, :1]}, verbose=0)
    assert len(values) == 5
    loss, loss_a, loss_b = values[:3]
    np.testing.assert_allclose(loss, loss_a + 0.5 * loss_b, rtol=1e-5)


def test_train_test_predict_on_batch():
    x, y = _data(n=16)
    model = _model()
    loss, _ = model.train_on_batch(x, y)
    assert np.isfinite(loss)
    logs = model.test_on_batch(x, y, return_dict=True)
    assert set(logs) == {"loss", "accuracy"}
    assert model.predict_on_batch(x).shape == (16, 2)
    assert_concrete_state(model)


def test_bad_inputs_raise_before_compiling():
    x, y = _data(n=10)
    model = _model()
    with pytest.raises(ValueError, match="cardinality"):
        model.fit(x, y[:7], verbose=0)
    with pytest.raises(ValueError, match="batch_size"):
        model.fit(x, y, batch_size=0, verbose=0)
    with pytest.raises(ValueError, match="compile"):
        kerax.Sequential([layers.Dense(1)]).fit(x, y)
    with pytest.raises(ValueError, match="Invalid keyword"):
        model.fit(x, y, nonsense=1)
    assert not model._jit_cache


def test_early_stopping_and_callbacks_see_current_weights():
    x, y = _data()
    model = _model()
    seen = []

    class Probe(callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append(self.model.get_weights()[0].copy())

    model.fit(x, y, epochs=1, batch_size=16, verbose=0, callbacks=[Probe()])
    assert not np.allclose(seen[0], seen[1])
    np.testing.assert_allclose(seen[-1], model.get_weights()[0])
    stopper = callbacks.EarlyStopping(monitor="loss", patience=0,
                                      min_delta=10.0)
    history = model.fit(x, y, epochs=5, batch_size=16, verbose=0,
                        callbacks=[stopper])
    assert len(history.history["loss"]) == 2  # best epoch, then one wait


def test_learning_rate_assignable_during_fit():
    x, y = _data()
    model = _model()
    schedule = callbacks.LearningRateScheduler(lambda epoch: 0.0)
    before = model.get_weights()
    model.fit(x, y, epochs=2, batch_size=16, verbose=0, callbacks=[schedule])
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_allclose(a, b)


def test_keras2_training_spellings():
    x, y = _data()
    model = _model()

    def gen():
        while True:
            yield x[:16], y[:16]

    history = model.fit_generator(gen(), steps_per_epoch=2, epochs=1,
                                  verbose=0, workers=1)
    assert len(history.history["loss"]) == 1
    model.fit(x, y, nb_epoch=1, batch_size=16, verbose=0)
    assert model.evaluate_generator(gen(), steps=2, verbose=0)[0] > 0
    assert model.predict_generator(gen(), steps=1, verbose=0).shape == (16, 2)
    classes = model.predict_classes(x, batch_size=16)
    np.testing.assert_array_equal(
        classes, model.predict(x, batch_size=16, verbose=0).argmax(-1))
    assert model.predict_proba(x, batch_size=16).shape == (48, 2)
