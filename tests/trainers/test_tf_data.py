"""A `tf.data.Dataset` feeds `fit`/`evaluate`/`predict`.

TensorFlow is never a kerax dependency; these tests skip when it is absent.
Each compares against the same rows given as NumPy arrays with the same
batch size and `shuffle=False`.
"""

import subprocess
import sys

import numpy as np
import pytest
import small_classifier

import kerax
from kerax import layers

tf = pytest.importorskip("tensorflow")

BATCH = 16


def _data(n=48, seed=0):
    return small_classifier.data(n, seed)


def _model():
    return small_classifier.model()


def _dataset(*arrays, batch_size=BATCH):
    element = arrays[0] if len(arrays) == 1 else tuple(arrays)
    return tf.data.Dataset.from_tensor_slices(element).batch(batch_size)


def _fit_both(from_numpy, from_tf, x, y):
    """Two epochs on the arrays and on their dataset: same losses and
    weights."""
    expected = from_numpy.fit(x, y, batch_size=BATCH, epochs=2,
                              shuffle=False, verbose=0)
    got = from_tf.fit(_dataset(x, y), epochs=2, verbose=0)
    np.testing.assert_allclose(got.history["loss"], expected.history["loss"],
                               rtol=1e-5)
    _same_weights(from_numpy, from_tf)


def _same_weights(a, b):
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_allclose(wa, wb, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("n", [48, 44])  # 44: a partial last batch
def test_dataset_trains_like_numpy_arrays(n):
    x, y = _data(n)
    from_numpy, from_tf = _model(), _model()
    _fit_both(from_numpy, from_tf, x, y)

    loss, acc = from_tf.evaluate(_dataset(x, y), verbose=0)
    ref = from_numpy.evaluate(x, y, batch_size=BATCH, verbose=0)
    np.testing.assert_allclose([loss, acc], ref, rtol=1e-5)

    out = from_tf.predict(_dataset(x), verbose=0)
    assert out.shape == (n, 2)
    np.testing.assert_allclose(out, from_numpy.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)
    # `(x, y)` elements predict on `x`; `(x,)` elements too.
    np.testing.assert_allclose(from_tf.predict(_dataset(x, y), verbose=0),
                               out, rtol=1e-6)
    one = tf.data.Dataset.from_tensor_slices((x,)).batch(BATCH)
    np.testing.assert_allclose(from_tf.predict(one, verbose=0), out,
                               rtol=1e-6)


def test_float64_dataset_is_cast_like_numpy():
    x, y = _data()
    a, b = _model(), _model()
    a.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
    b.fit(_dataset(x.astype("float64"), y), epochs=1, verbose=0)
    _same_weights(a, b)


def _two_input_model(as_dict=True):
    kerax.utils.set_random_seed(5)
    a = kerax.Input((3,), name="a")
    b = kerax.Input((2,), name="b")
    h = layers.Concatenate()([layers.Dense(4)(a), b])
    inputs = {"a": a, "b": b} if as_dict else [a, b]
    model = kerax.Model(inputs, layers.Dense(1)(h))
    model.compile("sgd", "mse")
    return model


def test_dict_inputs():
    rng = np.random.RandomState(1)
    x = {"a": rng.rand(40, 3).astype("float32"),
         "b": rng.rand(40, 2).astype("float32")}
    y = rng.rand(40, 1).astype("float32")
    from_numpy, from_tf = _two_input_model(), _two_input_model()
    _fit_both(from_numpy, from_tf, x, y)
    np.testing.assert_allclose(
        from_tf.evaluate(_dataset(x, y), verbose=0),
        from_numpy.evaluate(x, y, batch_size=BATCH, verbose=0), rtol=1e-5)
    # A dataset of feature dicts alone predicts.
    np.testing.assert_allclose(
        from_tf.predict(_dataset(x), verbose=0),
        from_numpy.predict(x, verbose=0), rtol=1e-5, atol=1e-6)


def test_list_inputs():
    rng = np.random.RandomState(2)
    xa = rng.rand(32, 3).astype("float32")
    xb = rng.rand(32, 2).astype("float32")
    y = rng.rand(32, 1).astype("float32")
    from_numpy, from_tf = _two_input_model(False), _two_input_model(False)
    from_numpy.fit([xa, xb], y, batch_size=BATCH, epochs=1, shuffle=False,
                   verbose=0)
    ds = tf.data.Dataset.from_tensor_slices(((xa, xb), y)).batch(BATCH)
    from_tf.fit(ds, epochs=1, verbose=0)
    _same_weights(from_numpy, from_tf)


def test_sample_weights_and_class_weight():
    x, y = _data()
    sw = np.linspace(0.1, 2.0, len(x)).astype("float32")
    from_numpy, from_tf = _model(), _model()
    expected = from_numpy.fit(x, y, sample_weight=sw, batch_size=BATCH,
                              epochs=2, shuffle=False, verbose=0)
    got = from_tf.fit(_dataset(x, y, sw), epochs=2, verbose=0)
    np.testing.assert_allclose(got.history["loss"], expected.history["loss"],
                               rtol=1e-5)
    _same_weights(from_numpy, from_tf)
    np.testing.assert_allclose(
        from_tf.evaluate(_dataset(x, y, sw), verbose=0),
        from_numpy.evaluate(x, y, sample_weight=sw, batch_size=BATCH,
                            verbose=0), rtol=1e-5)

    weights = {0: 0.3, 1: 2.0}
    from_numpy, from_tf = _model(), _model()
    from_numpy.fit(x, y, class_weight=weights, batch_size=BATCH, epochs=1,
                   shuffle=False, verbose=0)
    from_tf.fit(_dataset(x, y), class_weight=weights, epochs=1, verbose=0)
    _same_weights(from_numpy, from_tf)


def test_validation_data_as_dataset():
    x, y = _data()
    xv, yv = _data(24, seed=1)
    from_numpy, from_tf = _model(), _model()
    expected = from_numpy.fit(x, y, batch_size=BATCH, epochs=2, shuffle=False,
                              validation_data=(xv, yv), verbose=0)
    got = from_tf.fit(_dataset(x, y), epochs=2,
                      validation_data=_dataset(xv, yv), verbose=0)
    assert set(got.history) == {"accuracy", "loss", "val_accuracy",
                                "val_loss"}
    for key in expected.history:
        np.testing.assert_allclose(got.history[key], expected.history[key],
                                   rtol=1e-5, err_msg=key)


def test_repeated_dataset_with_steps_per_epoch():
    x, y = _data()  # 3 batches per pass
    from_numpy, from_tf = _model(), _model()
    from_numpy.fit(x, y, batch_size=BATCH, epochs=2, shuffle=False,
                   verbose=0)
    # 3 epochs of 2 steps on the repeated dataset carry one iterator over:
    # batches 0 1 | 2 0 | 1 2, the same updates as 2 passes of 3.
    history = from_tf.fit(_dataset(x, y).repeat(), steps_per_epoch=2,
                          epochs=3, verbose=0)
    assert len(history.history["loss"]) == 3
    _same_weights(from_numpy, from_tf)

    infinite = _dataset(x, y).repeat()
    np.testing.assert_allclose(
        from_tf.evaluate(infinite, steps=3, verbose=0),
        from_numpy.evaluate(x, y, batch_size=BATCH, verbose=0), rtol=1e-5)
    out = from_tf.predict(_dataset(x).repeat(), steps=2, verbose=0)
    np.testing.assert_allclose(out, from_numpy.predict(x[:32], verbose=0),
                               rtol=1e-5, atol=1e-6)
    # An infinite validation set with `validation_steps`.
    from_tf.fit(_dataset(x, y), validation_data=infinite, validation_steps=2,
                epochs=1, verbose=0)


def _numpy_passes(x, y, passes):
    model = _model()
    model.fit(x, y, batch_size=BATCH, epochs=passes, shuffle=False,
              verbose=0)
    return model


def test_finite_dataset_with_steps_per_epoch():
    x, y = _data()  # 3 batches per pass
    ds = _dataset(x, y)
    # Epochs of exactly one pass restart the dataset, with no warning.
    model = _model()
    model.fit(ds, steps_per_epoch=3, epochs=2, verbose=0)
    _same_weights(_numpy_passes(x, y, 2), model)
    # Epochs that ask for more batches than are left stop early and warn:
    # batches 0 1 | 2, then the dataset is used up.
    model = _model()
    with pytest.warns(UserWarning, match="ran out of data"):
        history = model.fit(ds, steps_per_epoch=2, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    _same_weights(_numpy_passes(x, y, 1), model)
    model = _model()
    with pytest.warns(UserWarning, match="ran out of data"):
        model.fit(ds, steps_per_epoch=4, epochs=1, verbose=0)
    _same_weights(_numpy_passes(x, y, 1), model)


def test_errors():
    x, y = _data()
    model = _model()
    ds = _dataset(x, y)
    with pytest.raises(ValueError, match="`y` should not be passed"):
        model.fit(ds, y, verbose=0)
    with pytest.raises(ValueError, match="`y` should not be passed"):
        model.evaluate(ds, y, verbose=0)
    with pytest.raises(ValueError,
                       match="`sample_weights` should not be passed"):
        model.fit(ds, sample_weight=np.ones(len(x)), verbose=0)
    with pytest.raises(ValueError, match="`batch_size` argument must not"):
        model.fit(ds, batch_size=16, verbose=0)
    with pytest.raises(ValueError, match="`batch_size` argument must not"):
        model.predict(_dataset(x), batch_size=16, verbose=0)
    with pytest.raises(ValueError, match="`validation_split` is only"):
        model.fit(ds, validation_split=0.2, verbose=0)
    with pytest.raises(ValueError, match="infinite dataset"):
        model.fit(ds.repeat(), epochs=1, verbose=0)
    with pytest.raises(ValueError, match="infinite dataset"):
        model.predict(_dataset(x).repeat(), verbose=0)
    with pytest.raises(ValueError, match="infinite dataset"):
        model.fit(ds, validation_data=ds.repeat(), verbose=0)


def test_detection_never_imports_tensorflow():
    from kerax.trainers.data_adapters.tf_dataset_adapter import is_tf_dataset

    assert is_tf_dataset(_dataset(np.zeros((4, 2))))
    assert is_tf_dataset(_dataset(np.zeros((4, 2))).repeat().map(lambda a: a))
    for other in (np.zeros(3), [np.zeros(3)], {"a": 1}, tf.zeros(3),
                  iter([1, 2])):
        assert not is_tf_dataset(other)
    code = ("import sys, numpy as np, kerax\n"
            "m = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])\n"
            "m.compile('sgd', 'mse')\n"
            "m.fit(np.ones((4, 2)), np.ones((4, 1)), verbose=0)\n"
            "assert 'tensorflow' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)
