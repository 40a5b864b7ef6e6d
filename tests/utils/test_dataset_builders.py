"""image/text_dataset_from_directory, timeseries_dataset_from_array,
split_dataset, BatchDataset, plot_history."""

import os

import numpy as np
import pytest

from kerax.utils import (
    BatchDataset,
    image_dataset_from_directory,
    plot_history,
    save_img,
    split_dataset,
    text_dataset_from_directory,
    timeseries_dataset_from_array,
)
from kerax.utils.image_dataset_utils import resize_bilinear


@pytest.fixture
def image_dir(tmp_path):
    root = tmp_path / "images"
    for c, name in enumerate(["cats", "dogs", "owls"]):
        os.makedirs(root / name / "sub")
        for i in range(3 + c):
            where = root / name / ("sub" if i == 0 else "")
            save_img(where / f"{i}.png", np.full((6, 10, 3), 40 * c + i),
                     scale=False)
    (root / "dogs" / "notes.txt").write_text("not an image")
    return root


def test_image_dataset_basics(image_dir, capsys):
    ds = image_dataset_from_directory(image_dir, image_size=(4, 5),
                                      batch_size=4, seed=3)
    assert "Found 12 files belonging to 3 classes." in capsys.readouterr().out
    assert ds.class_names == ["cats", "dogs", "owls"] and len(ds) == 3
    batches = list(ds)
    x = np.concatenate([b[0] for b in batches])
    y = np.concatenate([b[1] for b in batches])
    assert x.shape == (12, 4, 5, 3) and x.dtype == np.float32
    assert y.dtype == np.int32 and np.bincount(y).tolist() == [3, 4, 5]
    # Labels agree with the pixel value written for each class.
    assert ((x[:, 0, 0, 0] // 40).astype(int) == y).all()
    assert sorted(ds.file_paths) == sorted(
        str(p) for p in image_dir.rglob("*.png")
    )
    second = np.concatenate([b[1] for b in ds])
    assert sorted(second.tolist()) == sorted(y.tolist())  # re-iterable


def test_image_dataset_file_order_matches_keras(image_dir, keras):
    from keras.src.utils import dataset_utils as keras_dataset_utils

    from kerax.utils import dataset_utils

    ours = dataset_utils.index_directory(
        str(image_dir), "inferred", (".png",), seed=11, verbose=False)
    theirs = keras_dataset_utils.index_directory(
        str(image_dir), "inferred", (".png",), seed=11, verbose=False)
    assert ours[0] == theirs[0] and ours[2] == theirs[2]
    np.testing.assert_array_equal(ours[1], theirs[1])


def test_image_dataset_modes_and_split(image_dir):
    train, val = image_dataset_from_directory(
        image_dir, label_mode="categorical", color_mode="grayscale",
        image_size=(3, 3), validation_split=0.25, subset="both", seed=1,
        batch_size=None, verbose=False)
    assert len(train) == 9 and len(val) == 3
    assert not set(train.file_paths) & set(val.file_paths)
    x, y = next(iter(val))
    assert x.shape == (3, 3, 1) and y.shape == (3,) and y.sum() == 1
    ds = image_dataset_from_directory(
        image_dir, labels=None, image_size=(2, 2), shuffle=False,
        class_names=None, data_format="channels_first", verbose=False)
    assert next(iter(ds)).shape == (12, 3, 2, 2)
    binary = image_dataset_from_directory(
        image_dir, label_mode="binary", class_names=["owls", "cats"],
        image_size=(2, 2), shuffle=False, verbose=False,
        crop_to_aspect_ratio=True)
    x, y = next(iter(binary))
    assert y.shape == (8, 1) and y.dtype == np.float32
    assert y[:, 0].tolist() == [0] * 5 + [1] * 3


def test_image_dataset_errors(image_dir):
    with pytest.raises(ValueError, match="label_mode=sparse"):
        image_dataset_from_directory(image_dir, label_mode="sparse")
    with pytest.raises(ValueError, match="color_mode=cmyk"):
        image_dataset_from_directory(image_dir, color_mode="cmyk")
    with pytest.raises(ValueError, match="seed"):
        image_dataset_from_directory(image_dir, validation_split=0.2,
                                     subset="training")
    with pytest.raises(ValueError, match="exactly 2"):
        image_dataset_from_directory(image_dir, label_mode="binary",
                                     verbose=False)
    with pytest.raises(ValueError, match="image_size"):
        image_dataset_from_directory(image_dir, image_size=(1, 2, 3))


def test_bilinear_resize_half_pixel():
    x = np.arange(4, dtype="float32").reshape(1, 4, 1)
    np.testing.assert_allclose(resize_bilinear(x, (1, 2))[0, :, 0], [0.5, 2.5])
    np.testing.assert_allclose(
        resize_bilinear(x, (1, 8))[0, :, 0],
        [0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3])


def test_text_dataset(tmp_path):
    for label, texts in (("neg", ["bad", "awful"]), ("pos", ["good"])):
        os.makedirs(tmp_path / label)
        for i, t in enumerate(texts):
            (tmp_path / label / f"{i}.txt").write_text(t + " movie")
    ds = text_dataset_from_directory(tmp_path, batch_size=2, shuffle=False,
                                     max_length=4, verbose=False)
    (x1, y1), (x2, y2) = list(ds)
    assert x1.tolist() == ["bad ", "awfu"] and y1.tolist() == [0, 0]
    assert x2.tolist() == ["good"] and y2.tolist() == [1]
    ds = text_dataset_from_directory(tmp_path, label_mode="binary", seed=1,
                                     verbose=False)
    _x, y = next(iter(ds))
    assert sorted(y[:, 0].tolist()) == [0.0, 0.0, 1.0]


def test_timeseries_windows_and_targets():
    data = np.arange(20)
    ds = timeseries_dataset_from_array(data, data * 10, sequence_length=3,
                                       sequence_stride=2, sampling_rate=2,
                                       batch_size=3, start_index=2,
                                       end_index=15)
    x = np.concatenate([b[0] for b in ds])
    y = np.concatenate([b[1] for b in ds])
    # windows start at 2, 4, ..., up to 15 - 1 - (3 - 1) * 2 = 10
    assert x.tolist() == [[s, s + 2, s + 4] for s in (2, 4, 6, 8, 10)]
    assert y.tolist() == [20, 40, 60, 80, 100] and len(ds) == 2
    shuffled = timeseries_dataset_from_array(data, None, 4, shuffle=True,
                                             seed=0, batch_size=100)
    windows = next(iter(shuffled))
    assert sorted(w[0] for w in windows.tolist()) == list(range(17))
    with pytest.raises(ValueError, match="sampling_rate=0"):
        timeseries_dataset_from_array(data, None, 3, sampling_rate=0)
    with pytest.raises(ValueError, match="end_index=20"):
        timeseries_dataset_from_array(data, None, 3, end_index=20)


def test_split_dataset_arrays_match_keras_shuffle():
    import random

    x, y = np.arange(10), np.arange(10) * 2
    (xl, yl), (xr, _yr) = split_dataset((x, y), left_size=0.6, shuffle=True,
                                       seed=4)
    order = list(range(10))
    random.seed(4)
    random.shuffle(order)
    assert xl.tolist() == order[:6] and xr.tolist() == order[6:]
    assert (yl == xl * 2).all()
    left, right = split_dataset({"a": x}, left_size=3, right_size=2)
    assert left["a"].tolist() == [0, 1, 2] and right["a"].tolist() == [8, 9]
    with pytest.raises(ValueError, match="left_size=None"):
        split_dataset(x)
    with pytest.raises(ValueError, match="left_size=1.5"):
        split_dataset(x, left_size=1.5)
    with pytest.raises(TypeError, match="right_size='a'"):
        split_dataset(x, right_size="a")


def test_split_batch_dataset_and_helpers(image_dir):
    ds = image_dataset_from_directory(image_dir, image_size=(2, 2), seed=0,
                                      batch_size=5, verbose=False)
    left, right = split_dataset(ds, left_size=0.5)
    assert isinstance(left, BatchDataset) and len(left) == 2
    assert sum(len(b[1]) for b in right) == 6
    assert set(left.file_paths) | set(right.file_paths) == set(ds.file_paths)
    assert len(list(ds.take(1))) == 1 and len(ds.take(9)) == 3
    doubled = [y for _, y in ds.map(lambda x, y: (x, y * 2))]
    assert all((v % 2 == 0).all() for v in doubled)


def test_plot_history():
    history = {"loss": [1.0, 0.5], "val_loss": [1.2, 0.8], "acc": [0.1, 0.6]}
    with pytest.raises(ValueError, match="history"):
        plot_history({})
    try:
        import matplotlib

        matplotlib.use("Agg")
    except ImportError:
        with pytest.raises(ImportError, match="pip install matplotlib"):
            plot_history(history)
        return
    fig = plot_history(history)
    assert len(fig.axes) == 2


def test_plot_history_draws_metric_and_val_curves(monkeypatch):
    """The drawing logic, against a stand-in for matplotlib.pyplot."""
    import sys
    import types

    class Axes:
        def __init__(self):
            self.lines, self.title = [], None

        def plot(self, x, y, label):
            self.lines.append((list(x), list(y), label))

        def set_xlabel(self, text):
            self.xlabel = text

        def set_title(self, text):
            self.title = text

        def legend(self):
            pass

    class Figure:
        def tight_layout(self):
            pass

    drawn = {}

    def subplots(rows, cols, figsize, squeeze):
        drawn["axes"] = [Axes() for _ in range(cols)]
        drawn["figsize"] = figsize
        return Figure(), np.array([drawn["axes"]], dtype=object)

    pyplot = types.ModuleType("matplotlib.pyplot")
    pyplot.subplots = subplots
    pyplot.show = lambda: drawn.setdefault("shown", True)
    package = types.ModuleType("matplotlib")
    package.pyplot = pyplot
    monkeypatch.setitem(sys.modules, "matplotlib", package)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", pyplot)

    class History:  # what fit returns
        def __init__(self):
            self.history = {"loss": [1.0, 0.5], "val_loss": [1.2, 0.8],
                            "accuracy": [0.1, 0.6]}

    plot_history(History(), show=True)
    loss, acc = drawn["axes"]
    assert loss.title == "loss" and acc.title == "accuracy"
    assert loss.lines == [([1, 2], [1.0, 0.5], "loss"),
                          ([1, 2], [1.2, 0.8], "val_loss")]
    assert acc.lines == [([1, 2], [0.1, 0.6], "accuracy")]
    assert drawn["figsize"] == (8, 3) and drawn["shown"]
    plot_history(History().history, metrics=["accuracy"])
    assert len(drawn["axes"]) == 1
    with pytest.raises(ValueError, match="Unknown metrics"):
        plot_history(History(), metrics=["auc"])


@pytest.mark.parametrize("name", [
    "split_dataset", "image_dataset_from_directory",
    "text_dataset_from_directory", "timeseries_dataset_from_array",
    "load_img", "save_img", "array_to_img", "img_to_array", "pad_sequences",
    "to_categorical", "normalize", "get_file", "plot_model", "model_to_dot",
    "Progbar",
])
def test_keras3_signatures(keras, name):
    """Every Keras 3 argument exists here with the same default."""
    import inspect

    import kerax

    theirs = inspect.signature(getattr(keras.utils, name)).parameters
    ours = inspect.signature(getattr(kerax.utils, name)).parameters
    for param, spec in theirs.items():
        if spec.kind is inspect.Parameter.VAR_KEYWORD:
            continue
        assert param in ours, f"{name} lacks {param}"
        assert ours[param].default == spec.default, (name, param)


def test_format_and_preferred_backend_args(image_dir):
    ds = image_dataset_from_directory(image_dir, image_size=(2, 2),
                                      format="grain", verbose=False)
    assert isinstance(ds, BatchDataset)
    with pytest.raises(ValueError, match="format=torch"):
        image_dataset_from_directory(image_dir, format="torch")
    with pytest.raises(ValueError, match="format=numpy"):
        timeseries_dataset_from_array(np.arange(5), None, 2, format="numpy")
    left, _ = split_dataset(np.arange(4), 0.5, preferred_backend="torch")
    assert left.tolist() == [0, 1]
