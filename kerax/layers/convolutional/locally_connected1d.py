"""`LocallyConnected1D`: Keras 2's 1D convolution with unshared weights.

>>> import numpy as np
>>> LocallyConnected1D(4, 3)(np.ones((2, 10, 3))).shape
(2, 8, 4)
"""

from kerax.layers.convolutional.base_locally_connected import (
    BaseLocallyConnected,
)


class LocallyConnected1D(BaseLocallyConnected):
    """Locally-connected layer for 1D inputs (Keras 2; Keras 3 dropped it).

    Works like `Conv1D`, except that a different set of filters is applied
    at every output step: output step `t` is
    `activation(dot(window_t(inputs), kernel[t]) + bias[t])`.

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 1 int, the window length.
        strides: int or tuple of 1 int (default 1).
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

    Input shape: `(batch, steps, channels)` (channels last) or
    `(batch, channels, steps)`; `steps` must be known.
    Output: `(batch, new_steps, filters)` or `(batch, filters, new_steps)`.
    Kernel: `(new_steps, kernel_size * channels, filters)` for
    implementation 1, `(steps, channels, new_steps, filters)` (channels
    first: `(channels, steps, filters, new_steps)`) for 2, a vector of
    the connected weights for 3. Bias: `(new_steps, filters)`.
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
            rank=1,
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
