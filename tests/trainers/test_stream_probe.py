"""The train probe on host-gathered windows (`WindowFeed`): it gathers
only when the plan is not known yet, and never a window larger than the
epoch (a small dataset of large rows used to gather 1,024 repeated rows
per epoch, for a probe whose plan was already cached)."""

import numpy as np

import kerax
from kerax import layers
from kerax.trainers.data_adapters import array_adapter, feed

N, BATCH = 70, 16  # 4 full batches and a short one of 6 rows


def test_probe_gathers_once_and_within_the_epoch(monkeypatch):
    monkeypatch.setattr(array_adapter, "_PAD_LIMIT_BYTES", 0)  # streams
    windows = []  # (epoch, rows) of every host gather
    epoch = [0]
    take = feed._take_rows

    def recorded(array, rows):
        if array.ndim == 4:  # the images (labels are gathered alongside)
            windows.append((epoch[0], len(rows)))
        return take(array, rows)

    monkeypatch.setattr(feed, "_take_rows", recorded)

    class Epochs(kerax.callbacks.Callback):
        def on_epoch_begin(self, index, logs=None):
            epoch[0] = index

    rng = np.random.RandomState(0)
    x = rng.rand(N, 8, 8, 1).astype("float32")
    y = rng.randint(0, 2, N).astype("int32")
    model = kerax.Sequential([
        kerax.Input((8, 8, 1)), layers.Conv2D(2, 3), layers.Flatten(),
        layers.Dense(2, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=BATCH, epochs=2, verbose=0,
              callbacks=[Epochs()])
    first = [rows for e, rows in windows if e == 0]
    second = [rows for e, rows in windows if e == 1]
    # The probe's gather, at most the epoch's 5 batches of rows.
    assert max(rows for _, rows in windows) <= 5 * BATCH
    # Epoch 1 gathers for the probe and its calls; epoch 2 for its calls.
    assert len(first) == len(second) + 1


def test_windows_stay_within_the_byte_bound(monkeypatch):
    from kerax.trainers import fit_loop

    monkeypatch.setattr(array_adapter, "_PAD_LIMIT_BYTES", 0)  # streams
    # Rows of 8x8x1 float32 images and int32 labels: 260 bytes; a bound
    # of 2 batches' bytes gives windows of 2 batches (the loop runs).
    monkeypatch.setattr(fit_loop, "_STREAM_WINDOW_BYTES", 2 * BATCH * 260)
    windows = []
    take = feed._take_rows

    def recorded(array, rows):
        windows.append(len(rows))
        return take(array, rows)

    monkeypatch.setattr(feed, "_take_rows", recorded)
    rng = np.random.RandomState(0)
    x = rng.rand(N, 8, 8, 1).astype("float32")
    y = rng.randint(0, 2, N).astype("int32")
    model = kerax.Sequential([
        kerax.Input((8, 8, 1)), layers.Flatten(),
        layers.Dense(2, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)
    assert windows and max(windows) == 2 * BATCH
