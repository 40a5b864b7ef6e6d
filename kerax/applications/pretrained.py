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


def check_weights_name(weights, weights_name, known):
    """With `weights="imagenet"`, `weights_name` must name one of the
    `known` ImageNet files (the generic builders take any architecture)."""
    if weights == "imagenet" and weights_name not in known:
        raise ValueError(
            "There are no ImageNet weights for this network. `weights_name` "
            f"should be one of {sorted(known)}. Received: "
            f"weights_name={weights_name}")


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
    from kerax.graph.sources import get_source_inputs

    return get_source_inputs(input_tensor)


def predictions(x, classes, classifier_activation, weights):
    """The top's last layer: a `classes`-way `Dense` named "predictions"
    (Keras's check of `classifier_activation` against `weights` first)."""
    from kerax.applications import imagenet_utils
    from kerax.layers import Dense

    imagenet_utils.validate_activation(classifier_activation, weights)
    return Dense(classes, activation=classifier_activation,
                 name="predictions")(x)


def global_pool(x, pooling, named=False):
    """Without the top: `x` globally pooled when `pooling` is "avg" or
    "max" (layers named "avg_pool"/"max_pool" when `named`), else `x`."""
    from kerax.layers import GlobalAveragePooling2D, GlobalMaxPooling2D

    if pooling == "avg":
        return GlobalAveragePooling2D(name="avg_pool" if named else None)(x)
    if pooling == "max":
        return GlobalMaxPooling2D(name="max_pool" if named else None)(x)
    return x


def pooled_classifier(x, include_top, pooling, classes,
                      classifier_activation, weights, named_pools=False):
    """The usual ending: with the top, global average pooling ("avg_pool")
    and `predictions`; without it, `global_pool(x, pooling, named_pools)`."""
    if not include_top:
        return global_pool(x, pooling, named=named_pools)
    from kerax.layers import GlobalAveragePooling2D

    x = GlobalAveragePooling2D(name="avg_pool")(x)
    return predictions(x, classes, classifier_activation, weights)


def load_weights(model, weights, url=None, file_hash=None):
    """Loads `weights` into `model`: `"imagenet"` downloads `url` once into
    the `models` cache (a copy already in Keras's cache is used), a path is
    loaded as it is, None leaves the random initialization."""
    if weights is None:
        return
    if weights == "imagenet":
        from kerax.support.file_utils import get_file

        weights = get_file(url.rsplit("/", 1)[-1], url,
                           cache_subdir="models", file_hash=file_hash)
    model.load_weights(weights)
