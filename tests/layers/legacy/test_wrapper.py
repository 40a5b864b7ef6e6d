"""`Wrapper` as Keras 3 uses it: a registered subclass saved by Keras
loads in kerax and back (same `layers/<wrapper>/layer/vars` layout), and a
non-layer argument is a ValueError (as in Keras 3) and a TypeError."""

import numpy as np
import pytest

import kerax

_NAME = "WrapperTest>Twice"


def _twice_class(lib):
    found = lib.saving.get_registered_object(_NAME)
    if found is not None:
        return found

    class Twice(lib.layers.Wrapper):
        def call(self, inputs):
            return 2 * self.layer(inputs)

    return lib.saving.register_keras_serializable("WrapperTest")(Twice)


def test_wrapper_files_both_ways(keras, tmp_path):
    x = np.ones((2, 3), "float32")
    for lib in (keras, kerax):
        cls = _twice_class(lib)
        model = lib.Sequential([lib.Input((3,)), cls(lib.layers.Dense(2))])
        path = tmp_path / f"{lib.__name__}.keras"
        model.save(path)
        expected = model.predict(x, verbose=0)
        _twice_class(keras), _twice_class(kerax)
        for loader in (kerax.saving.load_model, keras.saving.load_model):
            np.testing.assert_allclose(
                loader(path).predict(x, verbose=0), expected, atol=1e-6)


def test_not_a_layer():
    with pytest.raises(ValueError, match="must be a `Layer`"):
        kerax.layers.Wrapper("dense")
