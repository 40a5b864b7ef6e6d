"""`LocallyConnected2D`: Keras 2's 2D convolution with unshared weights.

>>> import numpy as np
>>> LocallyConnected2D(4, 3)(np.ones((2, 5, 6, 3))).shape
(2, 3, 4, 4)
"""

from kerax.layers.convolutional.base_locally_connected import (
    BaseLocallyConnected,
)


class LocallyConnected2D(BaseLocallyConnected):
    """Locally-connected layer for 2D inputs (Keras 2; Keras 3 dropped it).

    Works like `Conv2D`, except that a different set of filters is applied
    at every output pixel: output `(i, j)` is
    `activation(dot(window_ij(inputs), kernel[i * cols + j]) + bias[i, j])`.

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 2 ints, the window size.
        strides: int or tuple of 2 ints (default 1).
        padding: `"valid"` (default); `"same"` needs `implementation` 2
            or 3.
        data_format: `"channels_last"` (default, from
            `kerax.config.image_data_format()`) or `"channels_first"`.
        activation: activation name or function (default linear).
        use_bias: whether to add a bias (default True).
        kernel_initializer: default `"glorot_uniform"`.
        bias_initializer: default `"zeros"`.
        kernel_regularizer, bias_regularizer, activity_regularizer:
            optional regularizers.
        kernel_constraint, bias_constraint: optional constraints.
        implementation: 1 (default), 2 or 3, Keras 2's kernel layouts (same
            results, different weight shapes).

    Input shape: `(batch, rows, cols, channels)` (channels last) or
    `(batch, channels, rows, cols)`; `rows` and `cols` must be known.
    Output: `(batch, new_rows, new_cols, filters)` or the channels-first
    equivalent. Kernel: `(new_rows * new_cols, kernel_rows * kernel_cols *
    channels, filters)` for implementation 1, `(rows, cols, channels,
    new_rows, new_cols, filters)` (channels first: `(channels, rows, cols,
    filters, new_rows, new_cols)`) for 2, a vector of the connected weights
    for 3. Bias: `(new_rows, new_cols, filters)`.
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        implementation=1,
        **kwargs,
    ):
        super().__init__(
            rank=2,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            implementation=implementation,
            **kwargs,
        )
