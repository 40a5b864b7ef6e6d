"""smart_resize (kerax.preprocessing.image) against Keras's."""

import os

import jax.numpy as jnp
import numpy as np
import pytest

from kerax.preprocessing.image import smart_resize

os.environ["KERAS_BACKEND"] = "jax"
keras = pytest.importorskip("keras")

X = np.random.default_rng(0).uniform(0, 1, (2, 10, 17, 3)).astype("float32")


@pytest.mark.parametrize("size", [(4, 4), (6, 3), (12, 20)])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_matches_keras(size, data_format):
    x = X if data_format == "channels_last" else X.transpose(0, 3, 1, 2)
    ours = smart_resize(x, size, data_format=data_format)
    theirs = keras.preprocessing.image.smart_resize(x, size,
                                                    data_format=data_format)
    assert isinstance(ours, np.ndarray)
    np.testing.assert_allclose(ours, theirs, atol=1e-5)


def test_single_image_jax_input_and_errors():
    out = smart_resize(jnp.asarray(X[0]), (5, 5), interpolation="nearest")
    assert out.shape == (5, 5, 3) and not isinstance(out, np.ndarray)
    with pytest.raises(ValueError, match="size"):
        smart_resize(X, (5,))
    with pytest.raises(ValueError, match="rank"):
        smart_resize(X[0, 0], (5, 5))
