"""`image_dataset_from_directory`: a folder of images -> a `BatchDataset`.

Files are listed, shuffled and split exactly as Keras does; images are
decoded with Pillow when their batch is requested and resized (bilinear by
default, with the same half-pixel sampling as Keras's TensorFlow resize).

>>> import numpy as np, os, tempfile
>>> from kerax.utils.image_utils import save_img
>>> root = tempfile.mkdtemp()
>>> for name in ("cat", "dog"):
...     os.makedirs(os.path.join(root, name))
...     save_img(os.path.join(root, name, "a.png"), np.zeros((8, 8, 3)))
>>> ds = image_dataset_from_directory(root, image_size=(4, 4), seed=1)
Found 2 files belonging to 2 classes.
>>> x, y = next(iter(ds))
>>> ds.class_names, x.shape, x.dtype, sorted(y.tolist())
(['cat', 'dog'], (2, 4, 4, 3), dtype('float32'), [0, 1])
"""

import numpy as np

from kerax import config
from kerax.utils import dataset_utils
from kerax.utils.batch_dataset import BatchDataset

ALLOWLIST_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "area", "lanczos3",
                   "lanczos5", "gaussian", "mitchellcubic")
_PIL_FILTERS = {"nearest": "NEAREST", "bicubic": "BICUBIC", "area": "BOX",
                "lanczos3": "LANCZOS", "lanczos5": "LANCZOS",
                "gaussian": "BILINEAR", "mitchellcubic": "BICUBIC"}


def _linear_axis(n_in, n_out):
    src = (np.arange(n_out) + 0.5) * (n_in / n_out) - 0.5
    low = np.floor(src)
    frac = (src - low).astype("float32")
    lo = np.clip(low, 0, n_in - 1).astype(np.int64)
    hi = np.clip(low + 1, 0, n_in - 1).astype(np.int64)
    return lo, hi, frac


def resize_bilinear(x, size):
    """Bilinear resize of an `(h, w, c)` float array (half-pixel centers,
    no antialiasing: the sampling of `tf.image.resize`)."""
    (y0, y1, fy), (x0, x1, fx) = (_linear_axis(x.shape[0], size[0]),
                                  _linear_axis(x.shape[1], size[1]))
    fx = fx[None, :, None]
    top = x[y0][:, x0] + (x[y0][:, x1] - x[y0][:, x0]) * fx
    bottom = x[y1][:, x0] + (x[y1][:, x1] - x[y1][:, x0]) * fx
    return top + (bottom - top) * fy[:, None, None]


def _crop_or_pad(x, size, crop, pad):
    height, width = x.shape[:2]
    th, tw = size
    if crop:
        ch = max(min(height, int(width * th / tw)), 1)
        cw = max(min(width, int(height * tw / th)), 1)
        top, left = int((height - ch) / 2), int((width - cw) / 2)
        return x[top : top + ch, left : left + cw]
    if pad:
        ph = max(height, int(width * th / tw))
        pw = max(width, int(height * tw / th))
        top, left = int((ph - height) / 2), int((pw - width) / 2)
        out = np.zeros((ph, pw, x.shape[2]), dtype=x.dtype)
        out[top : top + height, left : left + width] = x
        return out
    return x


def load_image(path, num_channels, size, interpolation, crop, pad):
    """One image file -> float32 `(height, width, channels)` array."""
    from PIL import Image

    mode = {1: "L", 3: "RGB", 4: "RGBA"}[num_channels]
    with Image.open(path) as img:
        img = img.convert(mode)
        x = np.asarray(img, dtype="float32")
    if x.ndim == 2:
        x = x[..., None]
    x = _crop_or_pad(x, size, crop, pad)
    if x.shape[:2] == tuple(size):
        return x
    if interpolation == "bilinear":
        return resize_bilinear(x, size).astype("float32")
    pil = Image.fromarray(np.clip(np.rint(x), 0, 255).astype("uint8").squeeze(
        -1) if num_channels == 1 else np.clip(np.rint(x), 0, 255).astype(
        "uint8"))
    filt = getattr(Image.Resampling, _PIL_FILTERS[interpolation])
    out = np.asarray(pil.resize((size[1], size[0]), filt), dtype="float32")
    return out[..., None] if out.ndim == 2 else out


def _check_args(labels, label_mode, class_names, color_mode, image_size,
                interpolation):
    if labels not in ("inferred", None) and not isinstance(
        labels, (list, tuple, np.ndarray)
    ):
        raise ValueError(
            '`labels` must be "inferred", None, or a list/tuple of integer '
            f"labels (one per file, in alphanumeric file order). "
            f"Received: labels={labels!r}"
        )
    if class_names is not None and labels != "inferred":
        raise ValueError(
            '`class_names` can only be passed with labels="inferred". '
            f"Received: labels={labels}, class_names={class_names}"
        )
    if label_mode not in ("int", "categorical", "binary", None):
        raise ValueError(
            '`label_mode` must be one of "int", "categorical", "binary", or '
            f"None. Received: label_mode={label_mode}"
        )
    channels = {"rgb": 3, "rgba": 4, "grayscale": 1}.get(color_mode)
    if channels is None:
        raise ValueError(
            '`color_mode` must be one of "rgb", "rgba", "grayscale". '
            f"Received: color_mode={color_mode}"
        )
    if isinstance(image_size, int):
        image_size = (image_size, image_size)
    if not isinstance(image_size, (list, tuple)) or len(image_size) != 2:
        raise ValueError(
            "`image_size` must be a tuple of 2 integers. "
            f"Received: image_size={image_size}"
        )
    if str(interpolation).lower() not in _INTERPOLATIONS:
        raise ValueError(
            f"`interpolation` must be one of {_INTERPOLATIONS}. "
            f"Received: interpolation={interpolation}"
        )
    return channels, tuple(int(s) for s in image_size)


def image_dataset_from_directory(
    directory,
    labels="inferred",
    label_mode="int",
    class_names=None,
    color_mode="rgb",
    batch_size=32,
    image_size=(256, 256),
    shuffle=True,
    seed=None,
    validation_split=None,
    subset=None,
    interpolation="bilinear",
    follow_links=False,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    data_format=None,
    format="tf",
    verbose=True,
):
    """Makes a `BatchDataset` of images from a folder of class subfolders.

    `directory/class_a/*.png`, `directory/class_b/*.jpg`, ...: with
    `labels="inferred"` the label of an image is the (alphanumeric) index of
    its subfolder. Supported files: bmp, gif (first frame), jpeg, png.

    Args:
        directory: The root folder.
        labels: `"inferred"`, None (no labels), or a list of int labels in
            the alphanumeric order of the files.
        label_mode: `"int"` (int32), `"categorical"` (one-hot float32),
            `"binary"` (float32 `(batch, 1)`, 2 classes) or None.
        class_names: With `labels="inferred"`: the subfolders to use, in
            label order.
        color_mode: `"rgb"`, `"rgba"` or `"grayscale"`.
        batch_size: Images per batch (None: single images).
        image_size: `(height, width)` every image is resized to.
        shuffle: Shuffle the files (once, with `seed`) and each epoch.
        seed: Seed for shuffling (required with `validation_split`).
        validation_split: Fraction of files kept for validation.
        subset: `"training"`, `"validation"` or `"both"` (returns a list of
            two datasets).
        interpolation: `"bilinear"`, `"nearest"`, `"bicubic"`, `"area"`,
            `"lanczos3"`, `"lanczos5"`, `"gaussian"`, `"mitchellcubic"`.
        follow_links: Follow symbolic links to subfolders.
        crop_to_aspect_ratio: Center-crop to the target aspect ratio first.
        pad_to_aspect_ratio: Zero-pad to the target aspect ratio first.
        data_format: `"channels_last"` or `"channels_first"`.
        format: `"tf"` or `"grain"` (Keras 3.15); both give a kerax
            `BatchDataset`.
        verbose: Print how many files were found.

    Returns:
        A `BatchDataset` of float32 images (and labels), with `class_names`
        and `file_paths`; a list of two with `subset="both"`.
    """
    dataset_utils.check_format_arg(format)
    channels, size = _check_args(labels, label_mode, class_names, color_mode,
                                 image_size, interpolation)
    interpolation = str(interpolation).lower()
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            "Only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` "
            "can be True."
        )
    data_format = config.standardize_data_format(data_format)
    paths, labels, label_mode, class_names, num_classes, seed = (
        dataset_utils.index_labeled_directory(
            directory, labels, label_mode, class_names, ALLOWLIST_FORMATS,
            validation_split, subset, shuffle, seed, follow_links, verbose,
        ))

    def build(subset_name, shuffled):
        files, labs = dataset_utils.training_or_validation_split(
            paths, labels, validation_split, subset_name, verbose
        )
        if not files:
            raise ValueError(
                f"No images found in directory {directory}. "
                f"Allowed formats: {ALLOWLIST_FORMATS}"
            )
        encoded = (None if labs is None else
                   dataset_utils.encode_labels(labs, label_mode, num_classes))

        def load(indices):
            x = np.stack([
                load_image(files[i], channels, size, interpolation,
                           crop_to_aspect_ratio, pad_to_aspect_ratio)
                for i in indices
            ])
            if data_format == "channels_first":
                x = x.transpose(0, 3, 1, 2)
            return x if encoded is None else (x, encoded[indices])

        return BatchDataset(len(files), load, batch_size=batch_size,
                            shuffle=shuffled, seed=seed,
                            class_names=class_names, file_paths=list(files))

    if subset == "both":
        return [build("training", shuffle), build("validation", False)]
    return build(subset, shuffle)
