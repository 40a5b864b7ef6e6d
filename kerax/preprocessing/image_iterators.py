"""Keras 2 image iterators: `Iterator`, `NumpyArrayIterator`,
`DirectoryIterator` (what `ImageDataGenerator.flow*` return).

An iterator is a Keras `Sequence`: `len(it)` batches per epoch, `it[i]` is
batch `i`, `it.on_epoch_end()` reshuffles. `next(it)` runs forever over
successive epochs, as in Keras 2. `for batch in it` runs ONE epoch (then
reshuffles), so the iterator can be handed to a training loop that
iterates once per epoch.

>>> import numpy as np
>>> it = Iterator(n=5, batch_size=2, shuffle=False, seed=None)
>>> it._get_batches_of_transformed_samples = lambda idx: idx
>>> len(it), it[2].tolist(), [b.tolist() for b in it]
(3, [4], [[0, 1], [2, 3], [4]])
"""

import os
import threading

import numpy as np

from kerax import config
from kerax.utils.image_utils import array_to_img, img_to_array, load_img


class Iterator:
    """Base class: batches of `batch_size` indices over `n` samples.

    Subclasses implement `_get_batches_of_transformed_samples(indices)`.
    With a `seed`, batch `k` (counted over the iterator's life) always
    draws its shuffle and augmentations from `RandomState(seed + k)`.
    """

    white_list_formats = ("png", "jpg", "jpeg", "bmp", "ppm", "tif", "tiff")

    def __init__(self, n, batch_size, shuffle, seed):
        if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ValueError(
                "`batch_size` must be a positive integer. "
                f"Received: batch_size={batch_size}"
            )
        self.n = int(n)
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        # Unseeded iterators still follow `np.random.seed` /
        # `kerax.utils.set_random_seed`, as Keras 2's did.
        self.seed = seed
        self._base_seed = (
            int(seed) if seed is not None else np.random.randint(2**31 - 1)
        )
        self.batch_index = 0
        self.total_batches_seen = 0
        self.index_array = None
        self.lock = threading.Lock()
        self.index_generator = self._flow_index()

    def _batch_rng(self):
        return np.random.RandomState(
            (self._base_seed + self.total_batches_seen) % (2**32)
        )

    def _set_index_array(self, rng=None):
        self.index_array = np.arange(self.n)
        if self.shuffle:
            self.index_array = (rng or self._batch_rng()).permutation(self.n)

    def __len__(self):
        return (self.n + self.batch_size - 1) // self.batch_size

    def __getitem__(self, idx):
        if not 0 <= idx < len(self):
            raise ValueError(
                f"Asked to retrieve element {idx}, but the Sequence has "
                f"length {len(self)}"
            )
        rng = self._batch_rng()
        self.total_batches_seen += 1
        if self.index_array is None:
            self._set_index_array(rng)
        indices = self.index_array[
            self.batch_size * idx : self.batch_size * (idx + 1)
        ]
        return self._transformed(indices, rng)

    def on_epoch_end(self):
        self._set_index_array()

    def reset(self):
        self.batch_index = 0

    def _flow_index(self):
        self.reset()
        while True:
            rng = self._batch_rng()
            if self.batch_index == 0:
                self._set_index_array(rng)
            current = (self.batch_index * self.batch_size) % max(self.n, 1)
            if self.n > current + self.batch_size:
                self.batch_index += 1
            else:
                self.batch_index = 0
            self.total_batches_seen += 1
            yield self.index_array[current : current + self.batch_size], rng

    def __iter__(self):
        for idx in range(len(self)):
            yield self[idx]
        self.on_epoch_end()

    def __next__(self):
        return self.next()

    def next(self):
        """The next batch of the endless stream (Keras 2's `next(it)`)."""
        with self.lock:
            indices, rng = next(self.index_generator)
        return self._transformed(indices, rng)

    def _transformed(self, indices, rng):
        self._rng = rng
        return self._get_batches_of_transformed_samples(indices)

    def _get_batches_of_transformed_samples(self, index_array):
        raise TypeError(
            f"{type(self).__name__} must define "
            "`_get_batches_of_transformed_samples(index_array)`."
        )

    def _augment(self, generator, x):
        if generator is None:
            return x
        params = generator.get_random_transform(x.shape, rng=self._rng)
        x = generator.apply_transform(x, params)
        return generator.standardize(x)

    def _load_image_batch(self, index_array, **load_args):
        """The images `self._filepaths[j]` for `j` in `index_array`, each
        loaded with `load_args` (plus the iterator's color mode, size and
        interpolation), augmented, and saved when `save_to_dir` is set."""
        batch_x = np.zeros((len(index_array),) + self.image_shape,
                           dtype=self.dtype)
        for i, j in enumerate(index_array):
            img = load_img(self._filepaths[j], color_mode=self.color_mode,
                           target_size=self.target_size,
                           interpolation=self.interpolation, **load_args)
            x = img_to_array(img, data_format=self.data_format,
                             dtype=self.dtype)
            img.close()
            batch_x[i] = self._augment(self.image_data_generator, x)
        self._save(batch_x, index_array)
        return batch_x

    def _save(self, batch_x, index_array):
        if not self.save_to_dir:
            return
        for i, j in enumerate(index_array):
            img = array_to_img(batch_x[i], self.data_format, scale=True)
            name = (f"{self.save_prefix}_{j}_{self._rng.randint(1e7)}."
                    f"{self.save_format}")
            img.save(os.path.join(self.save_to_dir, name))


class NumpyArrayIterator(Iterator):
    """Batches of augmented images from in-memory arrays.

    Yields `x`, `(x, y)` or `(x, y, sample_weight)`. `x` may be a tuple
    `(images, [extra arrays])`, whose extra arrays are batched along.
    """

    def __init__(self, x, y, image_data_generator, batch_size=32,
                 shuffle=False, sample_weight=None, seed=None,
                 data_format=None, save_to_dir=None, save_prefix="",
                 save_format="png", subset=None, ignore_class_split=False,
                 dtype=None):
        self.dtype = dtype or config.floatx()
        self.data_format = config.standardize_data_format(data_format)
        misc = []
        if isinstance(x, (tuple, list)):
            x, misc = x[0], list(x[1]) if len(x) > 1 else []
            misc = [np.asarray(m) for m in misc]
            for m in misc:
                if len(m) != len(x):
                    raise ValueError(
                        "All arrays in `x` must have the same length as the "
                        f"images. Found: {len(x)} images and {len(m)}."
                    )
        if y is not None and len(x) != len(y):
            raise ValueError(
                "`x` (images) and `y` (labels) must have the same length. "
                f"Found: len(x)={len(x)}, len(y)={len(y)}"
            )
        if sample_weight is not None and len(x) != len(sample_weight):
            raise ValueError(
                "`x` and `sample_weight` must have the same length. Found: "
                f"len(x)={len(x)}, len(sample_weight)={len(sample_weight)}"
            )
        if subset is not None:
            if subset not in ("training", "validation"):
                raise ValueError(
                    '`subset` must be "training" or "validation". '
                    f"Received: subset={subset}"
                )
            cut = int(len(x) * image_data_generator._validation_split)
            if y is not None and not ignore_class_split and not (
                np.array_equal(np.unique(y[:cut]), np.unique(y[cut:]))
            ):
                raise ValueError(
                    "Training and validation subsets have different classes "
                    "after the split. If your arrays are sorted by label, "
                    "shuffle them first (or pass ignore_class_split=True)."
                )
            part = slice(None, cut) if subset == "validation" else slice(
                cut, None
            )
            x, misc = x[part], [m[part] for m in misc]
            y = None if y is None else y[part]
            if sample_weight is not None:
                sample_weight = sample_weight[part]
        self.x = np.asarray(x, dtype=self.dtype)
        if self.x.ndim != 4:
            raise ValueError(
                "Input data in `NumpyArrayIterator` must have rank 4 (a batch "
                f"of images). Received: x.shape={self.x.shape}"
            )
        self.x_misc = misc
        self.y = None if y is None else np.asarray(y)
        self.sample_weight = (None if sample_weight is None
                              else np.asarray(sample_weight))
        self.image_data_generator = image_data_generator
        self.save_to_dir = save_to_dir
        self.save_prefix = save_prefix
        self.save_format = save_format
        super().__init__(len(self.x), batch_size, shuffle, seed)

    def _get_batches_of_transformed_samples(self, index_array):
        batch_x = np.zeros((len(index_array),) + self.x.shape[1:],
                           dtype=self.dtype)
        for i, j in enumerate(index_array):
            batch_x[i] = self._augment(self.image_data_generator,
                                       self.x[j].astype(self.dtype))
        self._save(batch_x, index_array)
        misc = [m[index_array] for m in self.x_misc]
        first = [batch_x] + misc if misc else batch_x
        if self.y is None:
            return first
        output = (first, self.y[index_array])
        if self.sample_weight is not None:
            output += (self.sample_weight[index_array],)
        return output
