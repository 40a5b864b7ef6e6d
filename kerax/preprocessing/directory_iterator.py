"""Keras 2's `DirectoryIterator`: batches of images read from class
subfolders (what `ImageDataGenerator.flow_from_directory` returns).

>>> import numpy as np, os, tempfile
>>> from kerax.utils.image_utils import save_img
>>> root = tempfile.mkdtemp()
>>> for name in ("a", "b"):
...     os.makedirs(os.path.join(root, name))
...     save_img(os.path.join(root, name, "0.png"), np.zeros((4, 4, 3)))
>>> it = DirectoryIterator(root, None, target_size=(2, 2), shuffle=False)
Found 2 images belonging to 2 classes.
>>> x, y = it[0]
>>> x.shape, y.tolist(), it.class_indices
((2, 2, 2, 3), [[1.0, 0.0], [0.0, 1.0]], {'a': 0, 'b': 1})
"""

import os
import warnings

import numpy as np

from kerax import config
from kerax.preprocessing.image_iterators import Iterator

CLASS_MODES = ("categorical", "binary", "sparse", "input", None)


def _valid_files(directory, formats, follow_links):
    walk = os.walk(directory, followlinks=follow_links)
    for root, _, files in sorted(walk, key=lambda entry: entry[0]):
        for fname in sorted(files):
            if fname.lower().endswith(".tiff"):
                warnings.warn(
                    'Using ".tiff" files with multiple bands will cause '
                    "distortion. Please verify your output.",
                    stacklevel=2,
                )
            if fname.split(".")[-1].lower() in formats:
                yield root, fname


def list_class_files(directory, formats, split, class_index, follow_links):
    """Relative paths (`class/file`) of one class folder, restricted to the
    `split` fraction range (Keras 2's per-class validation split)."""
    files = list(_valid_files(directory, formats, follow_links))
    if split:
        files = files[int(split[0] * len(files)) : int(split[1] * len(files))]
    dirname = os.path.basename(directory)
    names = [
        os.path.join(dirname, os.path.relpath(os.path.join(root, f),
                                              directory))
        for root, f in files
    ]
    return names, [class_index] * len(names)


class DirectoryIterator(Iterator):
    """Iterates over `directory/<class>/<image>` files.

    Args:
        directory: Root folder with one subfolder per class.
        image_data_generator: The `ImageDataGenerator` applying augmentation
            and standardization (or None).
        target_size: `(height, width)` every image is resized to.
        color_mode: `"rgb"`, `"rgba"` or `"grayscale"`.
        classes: Subfolder names in label order (default: all, sorted).
        class_mode: `"categorical"` (one-hot), `"binary"` / `"sparse"`
            (class index, as float), `"input"` (the images) or None.
        batch_size, shuffle, seed: Batching and shuffling.
        subset: `"training"` or `"validation"` (needs the generator's
            `validation_split`; the first part of each class is validation).
        interpolation: Resampling filter (see `load_img`).
        keep_aspect_ratio: Center-crop before resizing.
    """

    def __init__(self, directory, image_data_generator, target_size=(256, 256),
                 color_mode="rgb", classes=None, class_mode="categorical",
                 batch_size=32, shuffle=True, seed=None, data_format=None,
                 save_to_dir=None, save_prefix="", save_format="png",
                 follow_links=False, subset=None, interpolation="nearest",
                 keep_aspect_ratio=False, dtype=None):
        self.directory = os.fspath(directory)
        self.image_data_generator = image_data_generator
        self.target_size = tuple(target_size)
        self.keep_aspect_ratio = keep_aspect_ratio
        self.dtype = dtype or config.floatx()
        self.data_format = config.standardize_data_format(data_format)
        channels = {"rgb": 3, "rgba": 4, "grayscale": 1}.get(color_mode)
        if channels is None:
            raise ValueError(
                '`color_mode` must be "rgb", "rgba" or "grayscale". '
                f"Received: color_mode={color_mode}"
            )
        if class_mode not in CLASS_MODES:
            raise ValueError(
                f"`class_mode` must be one of {CLASS_MODES}. "
                f"Received: class_mode={class_mode}"
            )
        if not os.path.isdir(self.directory):
            raise ValueError(
                "`directory` must be an existing folder. "
                f"Received: directory={self.directory}"
            )
        self.color_mode = color_mode
        self.class_mode = class_mode
        if self.data_format == "channels_last":
            self.image_shape = self.target_size + (channels,)
        else:
            self.image_shape = (channels,) + self.target_size
        self.save_to_dir = save_to_dir
        self.save_prefix = save_prefix
        self.save_format = save_format
        self.interpolation = interpolation
        split = None
        if subset is not None:
            fraction = getattr(image_data_generator, "_validation_split", 0.0)
            if subset == "validation":
                split = (0, fraction)
            elif subset == "training":
                split = (fraction, 1)
            else:
                raise ValueError(
                    '`subset` must be "training" or "validation". '
                    f"Received: subset={subset}"
                )
        self.subset = subset
        if not classes:
            classes = [
                d for d in sorted(os.listdir(self.directory))
                if os.path.isdir(os.path.join(self.directory, d))
            ]
        self.num_classes = len(classes)
        self.class_indices = dict(zip(classes, range(len(classes))))
        self.filenames, labels = [], []
        for name in classes:
            names, labs = list_class_files(
                os.path.join(self.directory, name), self.white_list_formats,
                split, self.class_indices[name], follow_links,
            )
            self.filenames += names
            labels += labs
        self.classes = np.asarray(labels, dtype="int32")
        self.samples = len(self.filenames)
        print(f"Found {self.samples} images belonging to "
              f"{self.num_classes} classes.")
        self._filepaths = [os.path.join(self.directory, f)
                           for f in self.filenames]
        super().__init__(self.samples, batch_size, shuffle, seed)

    @property
    def filepaths(self):
        """Absolute paths of the images, in sample order."""
        return self._filepaths

    @property
    def labels(self):
        """Class index of each image, in sample order."""
        return self.classes

    def _get_batches_of_transformed_samples(self, index_array):
        batch_x = self._load_image_batch(
            index_array, keep_aspect_ratio=self.keep_aspect_ratio)
        if self.class_mode is None:
            return batch_x
        if self.class_mode == "input":
            return batch_x, batch_x.copy()
        if self.class_mode in ("binary", "sparse"):
            return batch_x, self.classes[index_array].astype(self.dtype)
        batch_y = np.zeros((len(batch_x), self.num_classes), dtype=self.dtype)
        batch_y[np.arange(len(batch_x)), self.classes[index_array]] = 1.0
        return batch_x, batch_y
