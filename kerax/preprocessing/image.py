"""Keras 2's `keras.preprocessing.image`: `ImageDataGenerator` (real-time
augmentation and standardization), its iterators, and the image file
helpers.

>>> import numpy as np
>>> gen = ImageDataGenerator(rescale=1 / 255.0, horizontal_flip=True)
>>> x, y = next(gen.flow(np.full((4, 8, 8, 3), 255.0), np.arange(4),
...                      batch_size=2, seed=0))
>>> x.shape, float(x.max())
((2, 8, 8, 3), 1.0)
"""

import warnings

import numpy as np

from kerax import config
from kerax.preprocessing.dataframe_iterator import DataFrameIterator
from kerax.preprocessing.directory_iterator import DirectoryIterator
from kerax.preprocessing.image_iterators import (
    Iterator,  # noqa: F401
    NumpyArrayIterator,
)
from kerax.preprocessing.image_transforms import (
    FILL_MODES,
    apply_affine_transform,
    apply_brightness_shift,
    apply_channel_shift,
    flip_axis,  # noqa: F401
    random_brightness,  # noqa: F401
    random_channel_shift,  # noqa: F401
    random_rotation,  # noqa: F401
    random_shear,  # noqa: F401
    random_shift,  # noqa: F401
    random_zoom,  # noqa: F401
)
from kerax.utils import image_utils
from kerax.utils.image_dataset_utils import image_dataset_from_directory  # noqa: F401
from kerax.utils.image_utils import (
    array_to_img,  # noqa: F401
    img_to_array,  # noqa: F401
    save_img,  # noqa: F401
)
from kerax.utils.smart_resize import smart_resize  # noqa: F401


def load_img(path, grayscale=False, color_mode="rgb", target_size=None,
             interpolation="nearest", keep_aspect_ratio=False):
    """Keras 2's `load_img`: `kerax.utils.load_img` plus the deprecated
    `grayscale=True` spelling of `color_mode="grayscale"`."""
    if grayscale:
        warnings.warn(
            '`grayscale` is deprecated. Please use color_mode="grayscale".',
            stacklevel=2,
        )
        color_mode = "grayscale"
    return image_utils.load_img(
        path, color_mode=color_mode, target_size=target_size,
        interpolation=interpolation, keep_aspect_ratio=keep_aspect_ratio,
    )


def _shift(rng, value, size):
    """Keras 2's shift draw: a list/tuple picks one value, an int picks a
    whole pixel count in `[0, value)` with a random sign, a float draws
    uniformly in `[-value, value]`; values below 1 are image fractions."""
    if not value:
        return 0
    if isinstance(value, (list, tuple, np.ndarray, int, np.integer)):
        shift = float(rng.choice(value)) * rng.choice([-1, 1])
    else:
        shift = rng.uniform(-value, value)
    if np.max(value) < 1:
        shift *= size
    return shift


class ImageDataGenerator:
    """Generates batches of images with real-time augmentation (Keras 2).

    Per image, in order: random transform (rotation, shifts, shear, zoom,
    channel shift, flips, brightness), then `standardize`
    (`preprocessing_function`, `rescale`, samplewise then featurewise
    centering/normalization, ZCA whitening).

    Args:
        featurewise_center / featurewise_std_normalization: Subtract the
            dataset mean / divide by its std (per channel; call `fit`).
        samplewise_center / samplewise_std_normalization: Same per image.
        zca_whitening, zca_epsilon: ZCA whitening (call `fit`).
        rotation_range: Degrees; random rotation in `[-r, r]`.
        width_shift_range, height_shift_range: Fraction (< 1) or pixels
            (>= 1) as float, int (whole pixels) or list of choices.
        brightness_range: `(low, high)` brightness factors.
        shear_range: Degrees (counterclockwise shear angle).
        zoom_range: Float `z` for `[1 - z, 1 + z]`, or `[low, high]`.
        channel_shift_range: Random shift added to all channels.
        fill_mode: `"constant"`, `"nearest"`, `"reflect"` or `"wrap"`.
        cval: Fill value with `fill_mode="constant"`.
        horizontal_flip, vertical_flip: Random flips.
        rescale: Factor multiplied in (e.g. `1/255`), after augmentation.
        preprocessing_function: Function applied first in `standardize`.
        data_format: `"channels_last"` or `"channels_first"`.
        validation_split: Fraction reserved for `subset="validation"`.
        interpolation_order: Spline order of the affine warps.
        dtype: Output dtype (default `floatx`).
    """

    def __init__(self, featurewise_center=False, samplewise_center=False,
                 featurewise_std_normalization=False,
                 samplewise_std_normalization=False, zca_whitening=False,
                 zca_epsilon=1e-6, rotation_range=0, width_shift_range=0.0,
                 height_shift_range=0.0, brightness_range=None,
                 shear_range=0.0, zoom_range=0.0, channel_shift_range=0.0,
                 fill_mode="nearest", cval=0.0, horizontal_flip=False,
                 vertical_flip=False, rescale=None,
                 preprocessing_function=None, data_format=None,
                 validation_split=0.0, interpolation_order=1, dtype=None):
        self.dtype = dtype or config.floatx()
        self.data_format = config.standardize_data_format(data_format)
        for name, flag, forced in (
            ("zca_whitening", zca_whitening, "featurewise_center"),
            ("featurewise_std_normalization", featurewise_std_normalization,
             "featurewise_center"),
            ("samplewise_std_normalization", samplewise_std_normalization,
             "samplewise_center"),
        ):
            already = featurewise_center if forced.startswith("feat") else (
                samplewise_center
            )
            if flag and not already:
                warnings.warn(
                    f"This ImageDataGenerator specifies `{name}`, which "
                    f"overrides setting of `{forced}`.",
                    stacklevel=2,
                )
                if forced == "featurewise_center":
                    featurewise_center = True
                else:
                    samplewise_center = True
        self.featurewise_center = featurewise_center
        self.samplewise_center = samplewise_center
        self.featurewise_std_normalization = featurewise_std_normalization
        self.samplewise_std_normalization = samplewise_std_normalization
        self.zca_whitening = zca_whitening
        self.zca_epsilon = zca_epsilon
        self.rotation_range = rotation_range
        self.width_shift_range = width_shift_range
        self.height_shift_range = height_shift_range
        self.shear_range = shear_range
        self.channel_shift_range = channel_shift_range
        if fill_mode not in FILL_MODES:
            raise ValueError(
                f"`fill_mode` must be one of {FILL_MODES}. "
                f"Received: fill_mode={fill_mode}"
            )
        self.fill_mode = fill_mode
        self.cval = cval
        self.horizontal_flip = horizontal_flip
        self.vertical_flip = vertical_flip
        self.rescale = rescale
        self.preprocessing_function = preprocessing_function
        self.interpolation_order = interpolation_order
        if not 0 <= validation_split < 1:
            raise ValueError(
                "`validation_split` must be in [0, 1). "
                f"Received: validation_split={validation_split}"
            )
        self._validation_split = validation_split
        if self.data_format == "channels_first":
            self.channel_axis, self.row_axis, self.col_axis = 1, 2, 3
        else:
            self.channel_axis, self.row_axis, self.col_axis = 3, 1, 2
        if np.isscalar(zoom_range):
            self.zoom_range = [1 - zoom_range, 1 + zoom_range]
        elif len(zoom_range) == 2:
            self.zoom_range = [zoom_range[0], zoom_range[1]]
        else:
            raise ValueError(
                "`zoom_range` must be a float or a tuple or list of two "
                f"floats. Received: zoom_range={zoom_range}"
            )
        if brightness_range is not None and (
            np.isscalar(brightness_range) or len(brightness_range) != 2
        ):
            raise ValueError(
                "`brightness_range` must be a tuple or list of two floats. "
                f"Received: brightness_range={brightness_range}"
            )
        self.brightness_range = brightness_range
        self.mean = None
        self.std = None
        self.zca_whitening_matrix = None

    def flow(self, x, y=None, batch_size=32, shuffle=True, sample_weight=None,
             seed=None, save_to_dir=None, save_prefix="", save_format="png",
             ignore_class_split=False, subset=None):
        """A `NumpyArrayIterator` over arrays `x` (rank 4) and labels `y`."""
        return NumpyArrayIterator(
            x, y, self, batch_size=batch_size, shuffle=shuffle,
            sample_weight=sample_weight, seed=seed,
            data_format=self.data_format, save_to_dir=save_to_dir,
            save_prefix=save_prefix, save_format=save_format,
            ignore_class_split=ignore_class_split, subset=subset,
            dtype=self.dtype,
        )

    def flow_from_directory(self, directory, target_size=(256, 256),
                            color_mode="rgb", classes=None,
                            class_mode="categorical", batch_size=32,
                            shuffle=True, seed=None, save_to_dir=None,
                            save_prefix="", save_format="png",
                            follow_links=False, subset=None,
                            interpolation="nearest", keep_aspect_ratio=False):
        """A `DirectoryIterator` over `directory/<class>/<image>` files."""
        return DirectoryIterator(
            directory, self, target_size=target_size, color_mode=color_mode,
            keep_aspect_ratio=keep_aspect_ratio, classes=classes,
            class_mode=class_mode, data_format=self.data_format,
            batch_size=batch_size, shuffle=shuffle, seed=seed,
            save_to_dir=save_to_dir, save_prefix=save_prefix,
            save_format=save_format, follow_links=follow_links,
            subset=subset, interpolation=interpolation, dtype=self.dtype,
        )

    def flow_from_dataframe(self, dataframe, directory=None, x_col="filename",
                            y_col="class", weight_col=None,
                            target_size=(256, 256), color_mode="rgb",
                            classes=None, class_mode="categorical",
                            batch_size=32, shuffle=True, seed=None,
                            save_to_dir=None, save_prefix="",
                            save_format="png", subset=None,
                            interpolation="nearest",
                            validate_filenames=True, **kwargs):
        """A `DataFrameIterator` over the images named in a pandas
        DataFrame's `x_col`, labelled by `y_col`."""
        return DataFrameIterator(
            dataframe, directory, self, x_col=x_col, y_col=y_col,
            weight_col=weight_col, target_size=target_size,
            color_mode=color_mode, classes=classes, class_mode=class_mode,
            batch_size=batch_size, shuffle=shuffle, seed=seed,
            data_format=self.data_format, save_to_dir=save_to_dir,
            save_prefix=save_prefix, save_format=save_format, subset=subset,
            interpolation=interpolation,
            validate_filenames=validate_filenames, dtype=self.dtype,
            **kwargs)

    def standardize(self, x):
        """Applies the normalization configuration in place to one image
        (or a batch) and returns it."""
        if self.preprocessing_function:
            x = self.preprocessing_function(x)
        if self.rescale:
            x *= self.rescale
        if self.samplewise_center:
            x -= np.mean(x, keepdims=True)
        if self.samplewise_std_normalization:
            x /= np.std(x, keepdims=True) + 1e-6
        for flag, stat, name in (
            (self.featurewise_center, self.mean, "featurewise_center"),
            (self.featurewise_std_normalization, self.std,
             "featurewise_std_normalization"),
            (self.zca_whitening, self.zca_whitening_matrix, "zca_whitening"),
        ):
            if flag and stat is None:
                warnings.warn(
                    f"This ImageDataGenerator specifies `{name}`, but it "
                    "hasn't been fit on any training data. Fit it first by "
                    "calling `.fit(numpy_data)`.",
                    stacklevel=2,
                )
        if self.featurewise_center and self.mean is not None:
            x -= self.mean
        if self.featurewise_std_normalization and self.std is not None:
            x /= self.std + 1e-6
        if self.zca_whitening and self.zca_whitening_matrix is not None:
            flat = np.reshape(x, (-1, int(np.prod(x.shape[-3:]))))
            x = np.reshape(flat @ self.zca_whitening_matrix, x.shape)
        return x

    def get_random_transform(self, img_shape, seed=None, rng=None):
        """Draws the random parameters of one transform (a dict)."""
        if rng is None:
            rng = np.random.RandomState(seed) if seed is not None else (
                np.random
            )
        rows, cols = img_shape[self.row_axis - 1], img_shape[self.col_axis - 1]
        theta = (rng.uniform(-self.rotation_range, self.rotation_range)
                 if self.rotation_range else 0)
        # Keras 2's draw order (height first), but the height shift moves
        # rows and the width shift columns, as documented (Keras 2 applies
        # its height draw to the columns).
        ty = _shift(rng, self.height_shift_range, rows)
        tx = _shift(rng, self.width_shift_range, cols)
        shear = (rng.uniform(-self.shear_range, self.shear_range)
                 if self.shear_range else 0)
        if self.zoom_range[0] == 1 and self.zoom_range[1] == 1:
            zx, zy = 1, 1
        else:
            zx, zy = rng.uniform(self.zoom_range[0], self.zoom_range[1], 2)
        flip_h = bool(rng.random_sample() < 0.5) and self.horizontal_flip
        flip_v = bool(rng.random_sample() < 0.5) and self.vertical_flip
        shift = None
        if self.channel_shift_range != 0:
            shift = rng.uniform(-self.channel_shift_range,
                                self.channel_shift_range)
        brightness = None
        if self.brightness_range is not None:
            brightness = rng.uniform(*self.brightness_range)
        return {"theta": theta, "tx": tx, "ty": ty, "shear": shear, "zx": zx,
                "zy": zy, "flip_horizontal": flip_h, "flip_vertical": flip_v,
                "channel_shift_intensity": shift, "brightness": brightness}

    def apply_transform(self, x, transform_parameters):
        """Applies a transform drawn by `get_random_transform` to one
        3-D image."""
        p = transform_parameters
        row, col, chan = (self.row_axis - 1, self.col_axis - 1,
                          self.channel_axis - 1)
        x = apply_affine_transform(
            x, p.get("theta", 0), p.get("tx", 0), p.get("ty", 0),
            p.get("shear", 0), p.get("zx", 1), p.get("zy", 1), row_axis=row,
            col_axis=col, channel_axis=chan, fill_mode=self.fill_mode,
            cval=self.cval, order=self.interpolation_order,
        )
        if p.get("channel_shift_intensity") is not None:
            x = apply_channel_shift(x, p["channel_shift_intensity"], chan)
        if p.get("flip_horizontal", False):
            x = np.flip(x, col)
        if p.get("flip_vertical", False):
            x = np.flip(x, row)
        if p.get("brightness") is not None:
            x = apply_brightness_shift(x, p["brightness"], False, chan)
        return np.ascontiguousarray(x)

    def random_transform(self, x, seed=None):
        """One randomly transformed copy of the 3-D image `x`."""
        return self.apply_transform(
            x, self.get_random_transform(x.shape, seed)
        )

    def fit(self, x, augment=False, rounds=1, seed=None):
        """Computes the featurewise mean/std and ZCA matrix from `x`.

        Args:
            x: Sample images, rank 4.
            augment: Fit on randomly augmented copies.
            rounds: With `augment`, number of augmented passes.
            seed: Seed of the augmentation.
        """
        x = np.array(x, dtype=self.dtype)
        if x.ndim != 4:
            raise ValueError(
                "Input to `.fit()` must have rank 4. "
                f"Received: x.shape={x.shape}"
            )
        if self.rescale:
            x *= self.rescale
        if augment:
            rng = np.random.RandomState(seed)
            x = np.stack([
                self.apply_transform(img, self.get_random_transform(
                    img.shape, rng=rng))
                for _ in range(rounds) for img in x
            ]).astype(self.dtype)
        axes = (0, self.row_axis, self.col_axis)
        shape = [1, 1, 1]
        shape[self.channel_axis - 1] = x.shape[self.channel_axis]
        if self.featurewise_center:
            self.mean = np.mean(x, axis=axes).reshape(shape)
            x = x - self.mean
        if self.featurewise_std_normalization:
            self.std = np.std(x, axis=axes).reshape(shape)
            x = x / (self.std + 1e-6)
        if self.zca_whitening:
            flat = np.reshape(x, (x.shape[0], -1)).astype("float64")
            sigma = flat.T @ flat / flat.shape[0]
            u, s, _ = np.linalg.svd(sigma)
            inv = 1.0 / np.sqrt(s[np.newaxis] + self.zca_epsilon)
            self.zca_whitening_matrix = ((u * inv) @ u.T).astype(self.dtype)
