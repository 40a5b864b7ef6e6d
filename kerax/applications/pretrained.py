"""The argument checks and weight loading every application builder shares.

A builder calls `check_weights_argument` first, builds its layers on
`image_input(...)`, makes the model on `model_inputs(...)`, and ends with
`load_weights(model, weights, url, file_hash)`.
"""

from __future__ import annotations

import os

from kerax.core.keras_tensor import is_keras_tensor


def check_weights_argument(weights, include_top, classes):
    """Keras's errors for `weights` and `classes`."""
    if not (weights in {"imagenet", None} or (
            isinstance(weights, (str, os.PathLike))
            and os.path.exists(weights))):
        raise ValueError(
            "The `weights` argument should be either `None` (random "
            "initialization), 'imagenet' (pre-training on ImageNet), or the "
            "path to the weights file to be loaded.  Received: "
            f"weights={weights}")
    if weights == "imagenet" and include_top and classes != 1000:
        raise ValueError(
            "If using `weights='imagenet'` with `include_top=True`, "
            f"`classes` should be 1000.  Received: classes={classes}")


def image_input(input_tensor, input_shape):
    """The model's image input: a new `Input`, `input_tensor` itself when
    it is symbolic, or an `Input` wrapping it."""
    from kerax.layers import Input

    if input_tensor is None:
        return Input(shape=input_shape)
    if is_keras_tensor(input_tensor):
        return input_tensor
    return Input(tensor=input_tensor, shape=input_shape)


def model_inputs(input_tensor, img_input):
    """What the Model is built on: the sources of `input_tensor` when one
    was given (so a model on a larger graph takes that graph's inputs)."""
    if input_tensor is None:
        return img_input
    from kerax.utils.graph_utils import get_source_inputs

    return get_source_inputs(input_tensor)


def load_weights(model, weights, url=None, file_hash=None):
    """Loads `weights` into `model`: `"imagenet"` downloads `url` once into
    the `models` cache (a copy already in Keras's cache is used), a path is
    loaded as it is, None leaves the random initialization."""
    if weights is None:
        return
    if weights == "imagenet":
        from kerax.utils.file_utils import get_file

        weights = get_file(url.rsplit("/", 1)[-1], url,
                           cache_subdir="models", file_hash=file_hash)
    model.load_weights(weights)
