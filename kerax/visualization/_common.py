"""Shared checks and conversions of the visualization helpers."""

from __future__ import annotations

import numpy as np

from kerax import config


def data_format_of(data_format):
    return config.standardize_data_format(data_format)


def batch_of_images(images, name="images"):
    """`images` as a NumPy array, checked to be a rank-4 batch."""
    array = np.asarray(images)
    if array.ndim != 4:
        raise ValueError(
            f"`{name}` must be a batch of images of rank 4 (batch, height, "
            f"width, channels). Received: {name}.shape={array.shape}"
        )
    return array


def channels_last(images, data_format):
    if data_format == "channels_first":
        return np.transpose(images, (0, 2, 3, 1))
    return images


def to_uint8_range(images, value_range):
    """Images rescaled from `value_range` to [0, 255] (float32)."""
    low, high = (float(v) for v in value_range)
    images = np.asarray(images, "float32")
    if (low, high) == (0.0, 255.0):
        return images
    return (images - low) / (high - low) * 255.0


def pyplot():
    """matplotlib's pyplot, or an ImportError naming the package."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise ImportError(
            "kerax.visualization's plot functions need matplotlib: "
            "`pip install matplotlib`."
        ) from error
    return plt
