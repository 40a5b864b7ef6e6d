"""Keras 2's `keras.utils.layer_utils`: parameter counts, summaries and
weight-layout conversions.

>>> import numpy as np
>>> count_params([np.zeros((3, 4)), np.zeros(4)])
16
"""

import numpy as np

from kerax.core.lazy_exports import lazy_exports
from kerax.utils.conv_utils import convert_kernel

_EXPORTS = {"kerax.utils.graph_utils": "get_source_inputs"}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)

_CONV_KINDS = ("Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose",
               "Conv3DTranspose", "Conv1DTranspose")


def count_params(weights):
    """The number of scalars in a list of weights (Variables or arrays)."""
    return int(sum(np.prod(tuple(w.shape)) for w in weights))


def print_summary(model, line_length=None, positions=None, print_fn=None):
    """Prints `model.summary(...)`."""
    model.summary(line_length=line_length, positions=positions,
                  print_fn=print_fn)


def convert_all_kernels_in_model(model):
    """Flips the spatial axes of every convolution kernel of `model`
    (`convert_kernel`): turns Theano-trained kernels into
    cross-correlation ones, and back."""
    for layer in model._flatten_layers(include_self=False):
        if type(layer).__name__ in _CONV_KINDS:
            kernel = layer.kernel
            kernel.assign(convert_kernel(np.asarray(kernel.numpy())))


def convert_dense_weights_data_format(dense, previous_feature_map_shape,
                                      target_data_format="channels_first"):
    """Reorders the rows of a `Dense` kernel that follows a `Flatten` of a
    feature map of `previous_feature_map_shape` (given in the target
    format), for a model whose convolutions switch to
    `target_data_format`."""
    if target_data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            "`target_data_format` must be 'channels_first' or "
            f"'channels_last'. Received: {target_data_format}")
    kernel, *rest = dense.get_weights()
    shape = tuple(previous_feature_map_shape)
    if target_data_format == "channels_first":
        channels, rows, cols = shape
        source, axes = (rows, cols, channels), (2, 0, 1)
    else:
        rows, cols, channels = shape
        source, axes = (channels, rows, cols), (1, 2, 0)
    units = kernel.shape[1]
    blocks = kernel.reshape(source + (units,))
    kernel = np.transpose(blocks, axes + (3,)).reshape(-1, units)
    dense.set_weights([kernel] + rest)
