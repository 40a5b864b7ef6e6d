"""Keras 2's `keras.utils.conv_utils`: the length arithmetic of
convolutions and argument normalization.

>>> conv_output_length(10, 3, "valid", 2)
4
>>> deconv_length(4, 2, 3, "valid", None)
9
"""

import numpy as np

from kerax.layers.argument_validation import standardize_tuple


def normalize_tuple(value, n, name):
    """An int or `n` ints -> a tuple of `n` Python ints (ValueError
    naming `name` otherwise; zero is allowed, as in Keras 2)."""
    return standardize_tuple(value, n, name, allow_zero=True)


def normalize_padding(value):
    """`"valid"`, `"same"` or `"causal"`, lower-cased; ValueError
    otherwise."""
    padding = value.lower() if isinstance(value, str) else value
    if padding not in ("valid", "same", "causal"):
        raise ValueError(
            "The `padding` argument must be one of 'valid', 'same' or "
            f"'causal'. Received: padding={value}")
    return padding


def _dilated(filter_size, dilation):
    return (filter_size - 1) * dilation + 1


def conv_output_length(input_length, filter_size, padding, stride,
                       dilation=1):
    """Output length of a convolution over `input_length` (None stays
    None); padding is `"same"`, `"valid"`, `"full"` or `"causal"`."""
    if input_length is None:
        return None
    size = _dilated(filter_size, dilation)
    lengths = {"same": input_length, "causal": input_length,
               "valid": input_length - size + 1,
               "full": input_length + size - 1}
    if padding not in lengths:
        raise ValueError(
            "`padding` must be one of 'same', 'valid', 'full', 'causal'. "
            f"Received: padding={padding}")
    return (lengths[padding] + stride - 1) // stride


def _pad(padding, filter_size):
    pads = {"same": filter_size // 2, "valid": 0, "full": filter_size - 1}
    if padding not in pads:
        raise ValueError(
            "`padding` must be one of 'same', 'valid', 'full'. "
            f"Received: padding={padding}")
    return pads[padding]


def conv_input_length(output_length, filter_size, padding, stride):
    """The input length a convolution maps to `output_length`."""
    if output_length is None:
        return None
    pad = _pad(padding, filter_size)
    return (output_length - 1) * stride - 2 * pad + filter_size


def deconv_length(dim_size, stride_size, kernel_size, padding,
                  output_padding, dilation=1):
    """Output length of a transposed convolution (None stays None)."""
    if dim_size is None:
        return None
    kernel = _dilated(kernel_size, dilation)
    if output_padding is None:
        if padding == "valid":
            return dim_size * stride_size + max(kernel - stride_size, 0)
        if padding == "full":
            return dim_size * stride_size - (stride_size + kernel - 2)
        if padding == "same":
            return dim_size * stride_size
        _pad(padding, kernel)
    pad = _pad(padding, kernel)
    return (dim_size - 1) * stride_size + kernel - 2 * pad + output_padding


def convert_kernel(kernel):
    """The kernel with its spatial axes (all but the last two) reversed:
    converts a convolution kernel to a correlation one and back (Theano
    weights)."""
    kernel = np.asarray(kernel)
    flip = (slice(None, None, -1),) * (kernel.ndim - 2)
    return np.copy(kernel[flip + (slice(None), slice(None))])
