"""`predict` on no data: empty arrays give empty outputs (Keras fails with
an `UnboundLocalError`); an iterator yielding nothing gets kerax's error."""

import numpy as np
import pytest

import kerax


@pytest.fixture(scope="module")
def model():
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2),
                              kerax.layers.Dropout(0.5)])
    model.compile("sgd", "mse")
    return model


def test_lists_of_numbers_are_predicted(model):
    out = model.predict([[1, 2, 3], [4, 5, 6]], verbose=0)
    expected = model.predict(np.array([[1, 2, 3], [4, 5, 6]], "float32"),
                             verbose=0)
    np.testing.assert_array_equal(out, expected)


def test_empty_array_gives_empty_outputs(model):
    out = model.predict(np.zeros((0, 3), "float32"), verbose=0)
    assert out.shape == (0, 2) and out.dtype == np.float32


def test_no_batch_error_is_kerax_own(model):
    def nothing():
        yield from ()

    with pytest.raises(ValueError, match=r"no batch to run: the data "
                       r"\(generator\) yielded nothing") as error:
        model.predict(nothing(), verbose=0)
    assert "tf.config" not in str(error.value)
