"""Compares a kerax application model with the same Keras one.

The Keras model (random weights) is written as a Keras 2 weights `.h5` by
Keras itself, the format of Keras's published ImageNet files, and loaded
into the kerax model through the builder's `weights=` path argument, so
every test also checks that Keras's weight files fit the kerax model.
"""

import contextlib

import h5py
import numpy as np
import pytest


def build_pair(keras, tmp_path, family, name, **kwargs):
    """`(kerax_model, keras_model)` for builder `name` of module `family`
    (e.g. "mobilenet_v2", "MobileNetV2"), the kerax one loaded from the
    Keras one's weights file."""
    import importlib

    keras.utils.clear_session()  # auto-named layers start from scratch
    keras_builder = getattr(
        importlib.import_module(f"keras.applications.{family}"), name, None)
    if keras_builder is None:  # e.g. MobileNetV3Small lives one level up
        keras_builder = getattr(keras.applications, name)
    with numpy_keras_init():
        keras_model = keras_builder(weights=None, **kwargs)
    path = tmp_path / f"{name}.h5"
    write_keras2_weights(keras_model, path)

    import kerax

    kerax_builder = getattr(
        importlib.import_module(f"kerax.applications.{family}"), name)
    kerax.utils.clear_session()
    with placeholder_kerax_init():  # every weight comes from the file
        kerax_model = kerax_builder(weights=str(path), **kwargs)
    return kerax_model, keras_model


def _placeholder(shape, first, second, dtype, seed):
    from kerax.core.dtypes import host_array

    return host_array(np.zeros(shape, "float32"), dtype)


@contextlib.contextmanager
def placeholder_kerax_init():
    """kerax's random initializers (normal, truncated normal, uniform)
    give zeros meanwhile: for models whose initial weights are never read
    (structure checks, or a weights file replaces them). Drawing them is
    about half of building a large model (EfficientNetV2S: ~3 s of
    ~6.5 s)."""
    from kerax.initializers import random_initializers

    with pytest.MonkeyPatch.context() as patch:
        for name in ("_normal", "_truncated_normal", "_uniform"):
            patch.setattr(random_initializers, name, _placeholder)
        yield


@contextlib.contextmanager
def numpy_keras_init(seed=0):
    """Keras's random initializers draw from NumPy meanwhile: building a
    large Keras model otherwise compiles one `jax.random` program per
    weight shape (ResNet50: ~40 s instead of ~3 s). The weights only need
    to be random; kerax then loads them from Keras's file.

    The values reach JAX through `jax.device_put`, and Keras's `Zeros`,
    `Ones` and `Constant` initializers build theirs in NumPy too:
    `jnp.asarray` of a NumPy array and `jnp.zeros`/`jnp.ones` compile one
    small program per weight shape (about 3 s of an EfficientNetB0
    build)."""
    import jax
    from keras.src.backend.common.variables import standardize_dtype
    from keras.src.backend.jax import random as keras_random
    from keras.src.initializers import constant_initializers

    rng = np.random.default_rng(seed)

    def cast(values, dtype):  # values: float32, drawn as such
        return jax.device_put(values.astype(dtype or "float32", copy=False))

    def filled(fill=None):  # None: the Constant initializer's own value
        def call(self, shape, dtype=None):
            value = self.value if fill is None else fill
            return jax.device_put(
                np.full(shape, value, dtype=standardize_dtype(dtype)))
        return call

    def standard_normal(shape):
        return rng.standard_normal(shape, dtype=np.float32)

    def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
        values = rng.random(shape, dtype=np.float32)
        return cast(values * np.float32(maxval - minval) + minval, dtype)

    def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
        return cast(standard_normal(shape) * stddev + mean, dtype)

    def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None,
                         seed=None):
        values = np.clip(standard_normal(shape), -2.0, 2.0)
        return cast(values * stddev + mean, dtype)

    constants = (constant_initializers.Zeros, constant_initializers.Ones,
                 constant_initializers.Constant)
    saved = (keras_random.uniform, keras_random.normal,
             keras_random.truncated_normal,
             *(cls.__call__ for cls in constants))
    keras_random.uniform, keras_random.normal = uniform, normal
    keras_random.truncated_normal = truncated_normal
    for cls, fill in zip(constants, (0, 1, None)):
        cls.__call__ = filled(fill)
    try:
        yield
    finally:
        (keras_random.uniform, keras_random.normal,
         keras_random.truncated_normal) = saved[:3]
        for cls, call in zip(constants, saved[3:]):
            cls.__call__ = call


def write_keras2_weights(keras_model, path):
    """Keras's own legacy writer: the layout of Keras's ImageNet files."""
    from keras.src.legacy.saving import legacy_h5_format

    with h5py.File(path, "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, keras_model)


def assert_same_structure(kerax_model, keras_model, compare_names=True):
    """Same model name, layers (names, classes) and weight shapes."""
    assert kerax_model.name == keras_model.name
    mine = [(type(x).__name__, x.name) for x in kerax_model.layers]
    theirs = [(type(x).__name__, x.name) for x in keras_model.layers]
    if compare_names:
        assert mine == theirs
    else:
        assert [c for c, _ in mine] == [c for c, _ in theirs]
    assert [tuple(w.shape) for w in kerax_model.weights] == [
        tuple(w.shape) for w in keras_model.weights]
    assert kerax_model.count_params() == keras_model.count_params()
    assert kerax_model.output_shape == keras_model.output_shape


def assert_same_predictions(kerax_model, keras_model, x, rtol=1e-4,
                            atol=1e-4):
    """Same outputs on `x` (the weights already equal). `atol` is relative
    to the largest output: float32 rounding in a deep network with random
    statistics grows with the activations (outputs reach ~1e3), and two
    correct summation orders differ by about 1e-4 of that."""
    expected = keras_model.predict(x, verbose=0)
    got = kerax_model.predict(x, verbose=0)
    scale = max(1.0, float(np.abs(expected).max()))
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol * scale)


def random_images(shape, batch=2, seed=0):
    """Images with 0-255 values, float32."""
    rng = np.random.RandomState(seed)
    return (rng.rand(batch, *shape) * 255).astype("float32")
