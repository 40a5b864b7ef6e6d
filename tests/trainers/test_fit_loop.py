"""Bad or unusual data given to `fit`/`evaluate`: Python lists, no rows,
mismatched targets, out-of-range sparse labels."""

import numpy as np
import pytest

import kerax


@pytest.fixture(scope="module")
def regressor():
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
    model.compile("sgd", "mse")
    return model


@pytest.fixture(scope="module")
def classifier():
    model = kerax.Sequential([kerax.Input((3,)),
                              kerax.layers.Dense(10, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy")
    return model


def test_lists_of_numbers_are_arrays(regressor):
    x, y = [[1, 2, 3], [4, 5, 6]], [[1.0, 2.0], [3.0, 4.0]]
    history = regressor.fit(x, y, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    expected = regressor.evaluate(np.array(x, "float32"),
                                  np.array(y, "float32"), verbose=0)
    assert regressor.evaluate(x, y, verbose=0) == expected


@pytest.mark.parametrize("method", ["fit", "evaluate"])
def test_no_rows_is_a_clear_error(regressor, method):
    with pytest.raises(ValueError, match=rf"`{method}` needs at least one "
                       r"sample.*\[\(0, 3\), \(0, 2\)\]"):
        getattr(regressor, method)(np.zeros((0, 3)), np.zeros((0, 2)),
                                   verbose=0)


@pytest.mark.parametrize("method", ["fit", "evaluate"])
def test_shape_errors_show_the_users_batch(method):
    # 16 rows in the default batch of 32: steps run padded to 32 rows.
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
    model.compile("sgd", "mse")
    with pytest.raises(Exception, match=r"\(16, 5\)") as error:
        getattr(model, method)(np.zeros((16, 3)), np.zeros((16, 5)),
                               verbose=0)
    assert "32" not in str(error.value)


@pytest.mark.parametrize("labels, shown", [
    ([10], "from 0 to 10 .label 10 needs an output of 11 units"),
    ([-1], "from -1 to 3"),
    ([2.5], "from 0 to 3"),
])
def test_out_of_range_sparse_labels(classifier, labels, shown):
    y = np.array([0, 1, 3] + labels)
    before = classifier.get_weights()
    for method in ("fit", "evaluate"):
        with pytest.raises(ValueError, match="labels must be integers from "
                           f"0 to 9. Received labels {shown}"):
            getattr(classifier, method)(np.ones((4, 3)), y, verbose=0)
    for got, want in zip(classifier.get_weights(), before):
        np.testing.assert_array_equal(got, want)  # nothing ran


def test_ignore_class_labels_are_allowed():
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(4)])
    model.compile("sgd", kerax.losses.SparseCategoricalCrossentropy(
        from_logits=True, ignore_class=-1))
    model.evaluate(np.ones((4, 3)), np.array([0, -1, 3, -1]), verbose=0)
    with pytest.raises(ValueError, match="from 0 to 4"):
        model.evaluate(np.ones((4, 3)), np.array([0, -1, 4, -1]), verbose=0)


class _Counted:
    """A jitted step that records its calls (its `.trace` is not one)."""

    def __init__(self, fn, calls):
        self.fn, self.calls = fn, calls

    def __call__(self, *args):
        self.calls.append(1)
        return self.fn(*args)

    def __getattr__(self, name):
        return getattr(self.fn, name)


def _counting_steps(model):
    """Counts the jitted calls the model's loop dispatches."""
    loop, calls = model._loop, []
    step_fn = loop.step_fn
    loop.step_fn = lambda *key, **kw: _Counted(step_fn(*key, **kw), calls)
    return calls


def _two_layer_model():
    kerax.utils.set_random_seed(1)
    model = kerax.Sequential([kerax.Input((3,)),
                              kerax.layers.Dense(4, activation="relu"),
                              kerax.layers.Dense(2)])
    model.compile("sgd", "mse", metrics=["mae"])
    return model


def test_a_short_epoch_runs_as_one_call_with_the_same_results():
    # 10 rows in batches of 4: two full batches and a short one, too few
    # steps to time, so the whole epoch (the short batch masked) is one
    # call; a callback listening to batches gets one call per batch.
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(10, 3)), rng.normal(size=(10, 2))
    fused, stepped = _two_layer_model(), _two_layer_model()
    fused_calls, stepped_calls = _counting_steps(fused), _counting_steps(
        stepped)
    ends = []
    listener = kerax.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: ends.append(batch))
    got = fused.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    want = stepped.fit(x, y, batch_size=4, epochs=2, shuffle=False,
                       verbose=0, callbacks=[listener])
    assert len(fused_calls) == 2 and len(stepped_calls) == 6
    assert ends == [0, 1, 2] * 2
    for name in ("loss", "mae"):
        np.testing.assert_allclose(got.history[name], want.history[name],
                                   rtol=1e-6)
    for a, b in zip(fused.get_weights(), stepped.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_fit_copies_the_variables_once_per_epoch(monkeypatch):
    from kerax.trainers import distributed

    copies = []
    place = distributed.place_variable_groups

    def counted(groups, copy=False):
        copies.append(copy)
        return place(groups, copy=copy)

    monkeypatch.setattr(distributed, "place_variable_groups", counted)
    model = _two_layer_model()
    x, y = np.ones((8, 3)), np.ones((8, 2))
    history = model.fit(x, y, batch_size=4, epochs=3, verbose=0,
                        validation_data=(x, y))
    assert copies == [True] * 3
    assert history.history["val_loss"][-1] == pytest.approx(
        model.evaluate(x, y, batch_size=4, verbose=0)[0], rel=1e-6)
