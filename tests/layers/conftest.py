"""Fixtures for layer tests: parity with real Keras 3 (the test oracle)."""

import numpy as np
import pytest


class Parity:
    """Builds a kerax layer and a Keras layer alike and compares them."""

    def __init__(self, keras):
        self.keras = keras

    def copy_weights(self, kx_layer, k_layer, x, build_kwargs=None):
        """Builds both (inference call on `x`), copies Keras's weights into
        the kerax layer and checks the weight names and order agree."""
        build_kwargs = dict(build_kwargs or {})
        kx_layer(x, **build_kwargs)
        k_layer(x, **build_kwargs)
        kx_names = [w.name for w in kx_layer.weights]
        k_names = [w.name for w in k_layer.weights]
        assert kx_names == k_names, (
            f"weight names/order differ: kerax {kx_names}, keras {k_names}"
        )
        kx_layer.set_weights(k_layer.get_weights())

    def randomize(self, kx_layer, k_layer, seed=0):
        """Sets the same random NumPy weights on both (cheap: no JAX
        random compilation per weight shape)."""
        rng = np.random.default_rng(seed)
        weights = [
            rng.normal(size=w.shape).astype(w.dtype)
            for w in k_layer.get_weights()
        ]
        k_layer.set_weights(weights)
        kx_layer.set_weights(weights)

    def check(self, kx_layer, k_layer, x, call_kwargs=None, atol=1e-5,
              build_kwargs=None, copy=True):
        """Same input, same weights -> same outputs and same weights after
        the call (moving statistics included). Returns both outputs."""
        call_kwargs = dict(call_kwargs or {})
        if copy:
            self.copy_weights(kx_layer, k_layer, x, build_kwargs)
        kx_out = kx_layer(x, **call_kwargs)
        k_out = k_layer(x, **call_kwargs)
        np.testing.assert_allclose(
            np.asarray(kx_out), np.asarray(k_out), atol=atol, rtol=1e-5,
            err_msg="kerax and Keras outputs differ",
        )
        for kx_w, k_w in zip(kx_layer.get_weights(), k_layer.get_weights()):
            np.testing.assert_allclose(
                kx_w, k_w, atol=atol, rtol=1e-5,
                err_msg="kerax and Keras weights differ after the call",
            )
        return kx_out, k_out


@pytest.fixture(scope="session")
def parity(keras):
    """A `Parity` helper bound to real Keras."""
    return Parity(keras)


@pytest.fixture
def rng():
    return np.random.default_rng(0)
