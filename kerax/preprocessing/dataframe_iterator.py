"""Keras 2's `DataFrameIterator`: batches of images whose file names and
labels are the columns of a pandas DataFrame (what
`ImageDataGenerator.flow_from_dataframe` returns).

>>> import numpy as np, os, tempfile, pandas as pd
>>> from kerax.utils.image_utils import save_img
>>> root = tempfile.mkdtemp()
>>> for name in ("a.png", "b.png"):
...     save_img(os.path.join(root, name), np.zeros((4, 4, 3)))
>>> frame = pd.DataFrame({"filename": ["a.png", "b.png", "gone.png"],
...                       "class": ["cat", "dog", "cat"]})
>>> import warnings
>>> with warnings.catch_warnings(record=True) as skipped:
...     warnings.simplefilter("always")
...     it = DataFrameIterator(frame, root, None, target_size=(2, 2),
...                            shuffle=False)
Found 2 validated image filenames belonging to 2 classes.
>>> print(skipped[0].message)
Skipping 1 row(s) whose `filename` entry is not an existing image file with an allowed extension.
>>> x, y = it[0]
>>> x.shape, y.tolist()
((2, 2, 2, 3), [[1.0, 0.0], [0.0, 1.0]])
"""

import os
import warnings

import numpy as np

from kerax import config
from kerax.preprocessing.image_iterators import Iterator

CLASS_MODES = ("binary", "categorical", "input", "multi_output", "raw",
               "sparse", None)
_CLASS_LABEL_MODES = ("binary", "categorical", "sparse")


def _as_labels(value):
    """A label cell as a list of class names (categorical may be multi)."""
    return list(value) if isinstance(value, (list, tuple)) else [value]


class DataFrameIterator(Iterator):
    """Iterates over the images named in `dataframe[x_col]`.

    Args:
        dataframe: a pandas DataFrame.
        directory: folder the file names are relative to (None: the names
            are paths).
        image_data_generator: the `ImageDataGenerator` (or None).
        x_col: the column of file names (default `"filename"`).
        y_col: the label column(s) (default `"class"`).
        weight_col: optional column of sample weights, returned third.
        class_mode: `"categorical"` (one-hot; a cell may list several
            classes), `"binary"` (two classes, 0/1), `"sparse"` (class
            index), `"raw"` (the column's values), `"multi_output"` (one
            array per column of `y_col`), `"input"` (the images) or None.
        classes: class names in label order (default: sorted labels).
        target_size, color_mode, batch_size, shuffle, seed, subset,
            interpolation, save_*: as `flow_from_directory`.
        validate_filenames: drop rows whose file is missing or not an
            image (default True).
    """

    def __init__(self, dataframe, directory=None, image_data_generator=None,
                 x_col="filename", y_col="class", weight_col=None,
                 target_size=(256, 256), color_mode="rgb", classes=None,
                 class_mode="categorical", batch_size=32, shuffle=True,
                 seed=None, data_format=None, save_to_dir=None,
                 save_prefix="", save_format="png", subset=None,
                 interpolation="nearest", validate_filenames=True,
                 dtype=None, **kwargs):
        for legacy in ("has_ext", "sort", "drop_duplicates"):
            kwargs.pop(legacy, None)  # Keras 2 deprecated these; no effect
        if kwargs:
            raise TypeError(
                "Unknown arguments of flow_from_dataframe: "
                f"{sorted(kwargs)}")
        if class_mode not in CLASS_MODES:
            raise ValueError(
                f"`class_mode` must be one of {CLASS_MODES}. "
                f"Received: class_mode={class_mode}")
        channels = {"rgb": 3, "rgba": 4, "grayscale": 1}.get(color_mode)
        if channels is None:
            raise ValueError(
                '`color_mode` must be "rgb", "rgba" or "grayscale". '
                f"Received: color_mode={color_mode}")
        frame = dataframe.copy()
        self.directory = directory or ""
        self.image_data_generator = image_data_generator
        self.x_col, self.y_col, self.weight_col = x_col, y_col, weight_col
        self.class_mode, self.color_mode = class_mode, color_mode
        self.target_size = tuple(target_size)
        self.dtype = dtype or config.floatx()
        self.data_format = config.standardize_data_format(data_format)
        self.image_shape = (self.target_size + (channels,)
                            if self.data_format == "channels_last"
                            else (channels,) + self.target_size)
        self.save_to_dir, self.save_prefix = save_to_dir, save_prefix
        self.save_format, self.interpolation = save_format, interpolation
        self._check_columns(frame)
        frame = self._subset(frame, subset)
        if validate_filenames:
            frame = self._validated(frame)
        if class_mode in _CLASS_LABEL_MODES:
            frame = self._with_classes(frame, classes)
        self._frame = frame.reset_index(drop=True)
        self.filenames = list(self._frame[x_col])
        self._filepaths = [os.path.join(self.directory, f)
                           for f in self.filenames]
        self.samples = len(self._frame)
        if class_mode in _CLASS_LABEL_MODES:
            print(f"Found {self.samples} validated image filenames "
                  f"belonging to {self.num_classes} classes.")
        else:
            print(f"Found {self.samples} validated image filenames.")
        super().__init__(self.samples, batch_size, shuffle, seed)

    # ------------------------------------------------------------ setup
    def _check_columns(self, frame):
        needed = [self.x_col]
        if self.class_mode not in ("input", None):
            needed += _as_labels(self.y_col)
        if self.weight_col is not None:
            needed.append(self.weight_col)
        missing = [c for c in needed if c not in frame.columns]
        if missing:
            raise KeyError(
                f"flow_from_dataframe: the dataframe has no column(s) "
                f"{missing}. Columns: {list(frame.columns)}")
        if self.class_mode in ("binary", "sparse") and not all(
                isinstance(v, str) for v in frame[self.y_col]):
            raise TypeError(
                f'With class_mode="{self.class_mode}", the values of '
                f'column "{self.y_col}" must be strings.')
        if self.class_mode == "multi_output" and not isinstance(
                self.y_col, (list, tuple)):
            raise TypeError(
                'With class_mode="multi_output", `y_col` must be a list of '
                f"columns. Received: y_col={self.y_col!r}")

    def _subset(self, frame, subset):
        if subset is None:
            return frame
        if subset not in ("training", "validation"):
            raise ValueError(
                '`subset` must be "training" or "validation". '
                f"Received: subset={subset}")
        fraction = getattr(self.image_data_generator, "_validation_split",
                           0.0)
        split = int(len(frame) * fraction)
        return frame.iloc[:split] if subset == "validation" else (
            frame.iloc[split:])

    def _validated(self, frame):
        def valid(name):
            path = os.path.join(self.directory, str(name))
            extension = os.path.splitext(str(name))[1][1:].lower()
            return (extension in self.white_list_formats
                    and os.path.isfile(path))

        mask = frame[self.x_col].map(valid)
        dropped = int((~mask).sum())
        if dropped:
            warnings.warn(
                f"Skipping {dropped} row(s) whose `{self.x_col}` entry is "
                "not an existing image file with an allowed extension.",
                stacklevel=3)
        return frame[mask.astype(bool)]

    def _with_classes(self, frame, classes):
        labels = frame[self.y_col].map(_as_labels)
        if classes:
            known = set(classes)
            frame = frame[labels.map(lambda ls: all(c in known for c in ls))]
            labels = frame[self.y_col].map(_as_labels)
        else:
            classes = sorted({c for ls in labels for c in ls})
        if self.class_mode == "binary" and len(classes) != 2:
            raise ValueError(
                'class_mode="binary" needs exactly 2 classes. Received: '
                f"{len(classes)} classes {list(classes)}")
        self.class_indices = {c: i for i, c in enumerate(classes)}
        self.num_classes = len(classes)
        self._label_indices = [[self.class_indices[c] for c in ls]
                               for ls in labels]
        self.classes = [ids[0] if len(ids) == 1 else ids
                        for ids in self._label_indices]
        return frame

    @property
    def filepaths(self):
        return self._filepaths

    @property
    def labels(self):
        if self.class_mode in _CLASS_LABEL_MODES:
            return self.classes
        return None

    # ------------------------------------------------------------ batches
    def _targets(self, index_array):
        if self.class_mode in ("binary", "sparse"):
            return np.array([self.classes[i] for i in index_array],
                            dtype=self.dtype)
        if self.class_mode == "categorical":
            batch_y = np.zeros((len(index_array), self.num_classes),
                               dtype=self.dtype)
            for row, i in enumerate(index_array):
                batch_y[row, self._label_indices[i]] = 1.0
            return batch_y
        if self.class_mode == "multi_output":
            return [np.asarray(self._frame[c].values[index_array])
                    for c in self.y_col]
        return np.asarray(self._frame[self.y_col].values[index_array])

    def _get_batches_of_transformed_samples(self, index_array):
        batch_x = self._load_image_batch(index_array)
        if self.class_mode is None:
            return batch_x
        batch_y = batch_x.copy() if self.class_mode == "input" else (
            self._targets(index_array))
        if self.weight_col is not None:
            weights = np.asarray(
                self._frame[self.weight_col].values[index_array],
                dtype=self.dtype)
            return batch_x, batch_y, weights
        return batch_x, batch_y
