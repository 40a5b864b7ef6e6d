"""ImageNet input preprocessing, label decoding and input-shape checks
shared by the application models.

>>> import numpy as np
>>> from kerax.applications import imagenet_utils
>>> imagenet_utils.preprocess_input(np.full((1, 1, 1, 3), 255), mode="tf")
array([[[[1., 1., 1.]]]], dtype=float32)
"""

from __future__ import annotations

import json
import warnings

import numpy as np

from kerax import config

# Per-channel ImageNet means (in RGB order) for "caffe", and the mean and
# standard deviation (of 0-1 pixels) for "torch".
_CAFFE_MEAN_RGB = (123.68, 116.779, 103.939)
_TORCH_MEAN = (0.485, 0.456, 0.406)
_TORCH_STD = (0.229, 0.224, 0.225)

CLASS_INDEX_PATH = ("https://storage.googleapis.com/download.tensorflow.org/"
                    "data/imagenet_class_index.json")
_CLASS_INDEX_HASH = "c2c37ea517e94d9795004a39431a14cb"
_class_index = None

def preprocess_input(x, data_format=None, mode="caffe"):
    """Scales a batch of RGB images (0-255) the way an ImageNet model was
    trained to see them.

    Args:
        x: 3D or 4D NumPy array or JAX array with 3 color channels; integer
            input is converted to `floatx()` first.
        data_format: `"channels_last"` or `"channels_first"`; None means
            `kerax.config.image_data_format()`.
        mode: `"caffe"` (RGB to BGR, minus the ImageNet channel means, no
            scaling), `"tf"` (to [-1, 1]) or `"torch"` (to [0, 1], then
            each channel standardized with ImageNet's mean and std).

    Returns:
        A new array of the input's float dtype (NumPy input is never
        modified in place, unlike Keras's NumPy path).
    """
    if mode not in {"caffe", "tf", "torch"}:
        raise ValueError(
            "Expected mode to be one of `caffe`, `tf` or `torch`. "
            f"Received: mode={mode}")
    data_format = _data_format(data_format)
    if isinstance(x, np.ndarray):
        if not np.issubdtype(x.dtype, np.floating):
            x = x.astype(config.floatx())
        return _preprocess(np, np.asarray(x), data_format, mode)
    import jax.numpy as jnp

    x = jnp.asarray(x)
    if not jnp.issubdtype(x.dtype, jnp.floating):
        x = x.astype(config.floatx())
    return _preprocess(jnp, x, data_format, mode)


def _data_format(data_format):
    if data_format is None:
        data_format = config.image_data_format()
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError(
            "Expected data_format to be one of `channels_first` or "
            f"`channels_last`. Received: data_format={data_format}")
    return data_format


def _preprocess(xp, x, data_format, mode):
    dtype = x.dtype
    if mode == "tf":
        return (x / 127.5 - 1.0).astype(dtype)
    channel_axis = -1 if data_format == "channels_last" else (
        0 if x.ndim == 3 else 1)
    if mode == "torch":
        x = x / 255.0
        mean, std = _TORCH_MEAN, _TORCH_STD
    else:
        x = xp.flip(x, axis=channel_axis)  # RGB -> BGR
        mean, std = _CAFFE_MEAN_RGB[::-1], None
    shape = [1] * x.ndim
    shape[channel_axis] = 3
    x = x - xp.asarray(mean, dtype=dtype).reshape(shape)
    if std is not None:
        x = x / xp.asarray(std, dtype=dtype).reshape(shape)
    return x.astype(dtype)


def decode_predictions(preds, top=5):
    """Decodes ImageNet predictions into `(class_name, description, score)`
    tuples, `top` per sample, best first.

    Args:
        preds: Array of shape `(samples, 1000)`.
        top: How many guesses to return per sample.

    Returns:
        A list (one per sample) of lists of `(class_name,
        class_description, score)` tuples.
    """
    preds = np.asarray(preds)
    if preds.ndim != 2 or preds.shape[1] != 1000:
        raise ValueError(
            "`decode_predictions` expects a batch of predictions (i.e. a 2D "
            "array of shape (samples, 1000)). Received array with shape: "
            f"{preds.shape}")
    index = _imagenet_class_index()
    results = []
    for row in preds:
        best = np.argsort(row)[-top:][::-1]
        results.append([tuple(index[str(i)]) + (row[i],) for i in best])
    return results


def _imagenet_class_index():
    global _class_index
    if _class_index is None:
        from kerax.support.file_utils import get_file

        path = get_file("imagenet_class_index.json", CLASS_INDEX_PATH,
                        cache_subdir="models", file_hash=_CLASS_INDEX_HASH)
        with open(path) as f:
            _class_index = json.load(f)
    return _class_index


def obtain_input_shape(input_shape, default_size, min_size, data_format,
                       require_flatten, weights=None):
    """The input shape an application model is built for, checked as Keras
    checks it (`require_flatten` is `include_top`)."""
    channels_first = data_format == "channels_first"
    if weights != "imagenet" and input_shape and len(input_shape) == 3:
        channels = input_shape[0] if channels_first else input_shape[-1]
        if channels not in {1, 3}:
            warnings.warn(
                "This model usually expects 1 or 3 input channels. However, "
                f"it was passed an input_shape with {channels} input "
                "channels.", stacklevel=3)
        spatial = (default_size, default_size)
        default_shape = ((channels,) + spatial if channels_first
                         else spatial + (channels,))
    else:
        default_shape = ((3, default_size, default_size) if channels_first
                         else (default_size, default_size, 3))
    if weights == "imagenet" and require_flatten:
        if input_shape is not None and tuple(input_shape) != default_shape:
            raise ValueError(
                "When setting `include_top=True` and loading `imagenet` "
                f"weights, `input_shape` should be {default_shape}.  "
                f"Received: input_shape={input_shape}")
        return default_shape
    if input_shape:
        input_shape = tuple(input_shape)
        if len(input_shape) != 3:
            raise ValueError(
                "`input_shape` must be a tuple of three integers. "
                f"Received: input_shape={input_shape}")
        channels = input_shape[0] if channels_first else input_shape[-1]
        spatial = input_shape[1:] if channels_first else input_shape[:2]
        if channels != 3 and weights == "imagenet":
            raise ValueError(
                "The input must have 3 channels; Received "
                f"`input_shape={input_shape}`")
        if any(d is not None and d < min_size for d in spatial):
            raise ValueError(
                f"Input size must be at least {min_size}x{min_size}; "
                f"Received: input_shape={input_shape}")
    elif require_flatten:
        input_shape = default_shape
    else:
        input_shape = (3, None, None) if channels_first else (None, None, 3)
    if require_flatten and None in input_shape:
        raise ValueError(
            "If `include_top` is True, you should specify a static "
            f"`input_shape`. Received: input_shape={input_shape}")
    return input_shape


def correct_pad(inputs, kernel_size):
    """`((top, bottom), (left, right))` zero padding that makes a strided
    2D convolution on `inputs` (a 4D KerasTensor) behave like "same"."""
    first = 2 if config.image_data_format() == "channels_first" else 1
    size = inputs.shape[first:first + 2]
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    if size[0] is None:
        adjust = (1, 1)
    else:
        adjust = (1 - size[0] % 2, 1 - size[1] % 2)
    half = (kernel_size[0] // 2, kernel_size[1] // 2)
    return ((half[0] - adjust[0], half[0]), (half[1] - adjust[1], half[1]))


def validate_activation(classifier_activation, weights):
    """Pretrained weights allow only `None` or `"softmax"` on the top."""
    if weights is None:
        return
    from kerax import activations

    chosen = activations.get(classifier_activation)
    if chosen not in {activations.get("softmax"), activations.get(None)}:
        raise ValueError(
            "Only `None` and `softmax` activations are allowed for the "
            "`classifier_activation` argument when using pretrained "
            "weights, with `include_top=True`; Received: "
            f"classifier_activation={classifier_activation}")
