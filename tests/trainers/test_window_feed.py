"""Large datasets are read through host-gathered windows (`WindowFeed`)
instead of a second full copy on device; results must not change.

The size threshold is lowered so that small test data streams.
"""

import numpy as np
import pytest

import kerax
from kerax import layers
from kerax.trainers.data_adapters import array_adapter

N, BATCH = 70, 16  # 4 full batches and a short one of 6 rows


def _data():
    rng = np.random.RandomState(0)
    x = rng.rand(N, 8, 8, 1).astype("float32")
    y = (x.reshape(N, -1).sum(axis=1) > 32).astype("int32")
    return x, y


def _model(kind):
    kerax.backend.clear_session()
    kerax.utils.set_random_seed(3)
    stack = [kerax.Input((8, 8, 1))]
    if kind == "conv":  # one step per call (no loop)
        stack += [layers.Conv2D(2, 3, activation="relu")]
    stack += [layers.Flatten(), layers.Dense(8, activation="relu")]
    if kind == "batch_norm":  # short batch compiled separately
        stack += [layers.BatchNormalization()]
    stack += [layers.Dense(2, activation="softmax")]
    model = kerax.Sequential(stack)
    model.compile("adam", "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def _run(kind, streaming, monkeypatch):
    monkeypatch.setattr(array_adapter, "_PAD_LIMIT_BYTES",
                        0 if streaming else 2**30)
    x, y = _data()
    model = _model(kind)
    # Validation on the training rows: the resident run's evaluate below
    # reuses the validation program (a new row count is a new program).
    history = model.fit(x, y, batch_size=BATCH, epochs=2, shuffle=False,
                        validation_data=(x, y), verbose=0)
    return (history.history, model.get_weights(),
            model.evaluate(x, y, batch_size=BATCH, verbose=0),
            model.predict(x, batch_size=BATCH, verbose=0))


@pytest.mark.parametrize("kind", ["dense", "conv", "batch_norm"])
def test_streaming_windows_match_resident_data(kind, monkeypatch):
    streamed = _run(kind, True, monkeypatch)
    resident = _run(kind, False, monkeypatch)
    for key in resident[0]:
        np.testing.assert_allclose(streamed[0][key], resident[0][key],
                                   rtol=1e-5, err_msg=key)
    for a, b in zip(streamed[1], resident[1]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(streamed[2], resident[2], rtol=1e-5)
    np.testing.assert_allclose(streamed[3], resident[3], rtol=1e-5,
                               atol=1e-6)
    assert streamed[3].shape == (N, 2)


def test_streaming_keeps_no_device_copy(monkeypatch):
    monkeypatch.setattr(array_adapter, "_PAD_LIMIT_BYTES", 0)
    x, y = _data()
    adapter = array_adapter.ArrayDataAdapter(x, y, batch_size=BATCH)
    assert adapter.streams()
    feed = adapter.feed(adapter.epoch_order(), 4 * BATCH)
    data, _, start = feed.args(BATCH, 2 * BATCH)
    assert data[0].shape == (4 * BATCH, 8, 8, 1) and start == 0
    np.testing.assert_array_equal(np.asarray(data[0][:2 * BATCH]),
                                  x[BATCH:3 * BATCH])
    assert adapter._device_data is None
