import json

import numpy as np
import pytest

import kerax
from kerax.preprocessing.sequence import TimeseriesGenerator


def _windows(data, rows, length, rate):
    return np.stack([data[r - length:r:rate] for r in rows])


def test_batches_strides_and_sampling():
    data = np.arange(50).reshape(25, 2)
    targets = np.arange(25) * 10
    gen = TimeseriesGenerator(data, targets, length=6, sampling_rate=2,
                              stride=3, start_index=1, end_index=20,
                              batch_size=2)
    rows = list(range(7, 21, 3))  # 7, 10, 13, 16, 19
    assert len(gen) == 3
    x, y = gen[1]
    np.testing.assert_array_equal(x, _windows(data, rows[2:4], 6, 2))
    np.testing.assert_array_equal(y, targets[rows[2:4]])
    x, y = gen[2]
    assert x.shape == (1, 3, 2) and y.tolist() == [190]


def test_reverse_and_shuffle():
    data = np.arange(20)
    x, _ = TimeseriesGenerator(data, data, length=4, reverse=True,
                               batch_size=1)[0]
    assert x.tolist() == [[3, 2, 1, 0]]
    np.random.seed(0)
    x, y = TimeseriesGenerator(data, data, length=4, shuffle=True,
                               batch_size=5)[0]
    np.testing.assert_array_equal(x[:, -1] + 1, y)
    assert y.min() >= 4


def test_errors_and_config():
    data = np.arange(10)
    with pytest.raises(ValueError, match="same length"):
        TimeseriesGenerator(data, data[:5], length=2)
    with pytest.raises(ValueError, match="no window"):
        TimeseriesGenerator(data, data, length=10)
    with pytest.raises(ValueError, match="length=0"):
        TimeseriesGenerator(data, data, length=0)
    gen = TimeseriesGenerator(data, data, length=np.int64(3), batch_size=4)
    config = json.loads(gen.to_json())["config"]
    assert config["length"] == 3 and config["start_index"] == 0
    assert len(TimeseriesGenerator(**config)) == len(gen)


def test_fits_a_model():
    data = np.sin(np.arange(60, dtype="float32") / 4)[:, None]
    gen = TimeseriesGenerator(data, data, length=5, batch_size=8)
    model = kerax.Sequential([kerax.Input((5, 1)), kerax.layers.Flatten(),
                              kerax.layers.Dense(1)])
    model.compile("sgd", "mse")
    history = model.fit(gen, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
