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
