"""`ConvLSTMCell`: one step of a convolutional LSTM (rank 1, 2 or 3).

>>> import numpy as np
>>> cell = ConvLSTMCell(rank=2, filters=4, kernel_size=3, padding="same")
>>> cell.build((None, 5, 5, 2))
>>> h0 = c0 = np.zeros((1, 5, 5, 4), "float32")
>>> output, _ = cell(np.ones((1, 5, 5, 2), "float32"), [h0, c0])
>>> output.shape
(1, 5, 5, 4)
"""

from __future__ import annotations

from kerax import ops
from kerax.layers import argument_validation as args_check
from kerax.layers.convolutional import conv_utils
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer
from kerax.layers.rnn.cell_args import (
    cell_config,
    forget_bias_initializer,
    set_cell_args,
)
from kerax.layers.rnn.dropout_rnn_cell import DropoutRNNCell

CELL_KEYS = (
    "filters", "kernel_size", "strides", "padding", "data_format",
    "dilation_rate", "activation", "recurrent_activation", "use_bias",
    "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer",
    "bias_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint", "dropout", "recurrent_dropout", "seed",
)


class ConvLSTMCell(Layer, DropoutRNNCell):
    """Cell of the `ConvLSTM*D` layers: an LSTM whose input and recurrent
    products are convolutions. Gates `i, f, c, o` along the last kernel
    axis; `recurrent_kernel` is applied with stride 1 and `"same"`
    padding.

    Args:
        rank: 1, 2 or 3 (spatial dimensions).
        filters: int, output channels.
        kernel_size, strides (1), padding (`"valid"`), data_format
            (global default), dilation_rate (1): as `Conv*D`.
        activation (`"tanh"`), recurrent_activation (`"sigmoid"`),
            use_bias (True), kernel_initializer (`"glorot_uniform"`),
            recurrent_initializer (`"orthogonal"`), bias_initializer
            (`"zeros"`), unit_forget_bias (True), regularizers,
            constraints, dropout (0), recurrent_dropout (0), seed: as
            `LSTMCell`.

    Weights: `kernel (*kernel_size, channels, 4 filters)`,
    `recurrent_kernel (*kernel_size, filters, 4 filters)`,
    `bias (4 filters,)`.
    """

    # The output is `states[0]` (lets RNN skip carrying it).
    _output_is_first_state = True
    # RNN projects the whole sequence with one convolution before its loop.
    _project_whole_sequence = True

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if rank not in (1, 2, 3):
            raise ValueError(
                f"Rank {rank} convolutions are not currently implemented. "
                f"Received: rank={rank}"
            )
        self.rank = rank
        strides = args_check.standardize_tuple(
            strides, rank, "strides", allow_zero=True, layer=self)
        dilation_rate = args_check.standardize_tuple(
            dilation_rate, rank, "dilation_rate", layer=self)
        if max(strides) > 1 and max(dilation_rate) > 1:
            raise ValueError(
                "Specifying `strides > 1` is not compatible with "
                "`dilation_rate > 1`. Please provide `strides=1` or "
                f"`dilation_rate=1`. Received: strides={strides} and "
                f"dilation_rate={dilation_rate}"
            )
        set_cell_args(
            self, filters, units_name="filters", activation=activation,
            recurrent_activation=recurrent_activation, use_bias=use_bias,
            kernel_size=args_check.standardize_tuple(
                kernel_size, rank, "kernel_size", layer=self),
            strides=strides, dilation_rate=dilation_rate,
            padding=args_check.standardize_padding(padding, layer=self),
            data_format=args_check.standardize_data_format(
                data_format, layer=self),
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed,
        )
        self.dropout_mask_count = 4
        self.input_spec = InputSpec(ndim=rank + 2)
        self.state_size = -1

    def build(self, inputs_shape, states_shape=None):
        inputs_shape = tuple(inputs_shape)
        first = self.data_format == "channels_first"
        self.spatial_dims = inputs_shape[2:] if first else inputs_shape[1:-1]
        if None in self.spatial_dims:
            raise ValueError(
                "ConvLSTM layers only support static input shapes for the "
                "spatial dimension. Received invalid input shape: "
                f"input_shape={inputs_shape}"
            )
        input_dim = inputs_shape[1 if first else -1]
        if input_dim is None:
            raise ValueError(
                "The channel dimension of the inputs should be defined. "
                f"Found None. Full input shape received: "
                f"input_shape={inputs_shape}"
            )
        self.input_dim = input_dim
        self.input_spec = InputSpec(
            ndim=self.rank + 2, shape=(None,) + inputs_shape[1:])
        filters = self.filters
        self.kernel = self.add_weight(
            shape=self.kernel_size + (input_dim, filters * 4), name="kernel",
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=self.kernel_size + (filters, filters * 4),
            name="recurrent_kernel",
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        self.bias = None
        if self.use_bias:
            initializer = self.bias_initializer
            if self.unit_forget_bias:
                initializer = forget_bias_initializer(initializer, filters)
            self.bias = self.add_weight(
                shape=(filters * 4,), name="bias", initializer=initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.built = True

    def _conv(self, x, kernel, strides, padding, dilation):
        """Convolution of `x` with any number of leading batch axes."""
        lead = x.shape[: x.ndim - self.rank - 1]
        flat = ops.reshape(x, (-1,) + x.shape[len(lead):])
        out = ops.conv(flat, kernel, strides=strides, padding=padding,
                       data_format=self.data_format, dilation_rate=dilation)
        unknown = [i for i, d in enumerate(lead) if not isinstance(d, int)]
        if len(unknown) == 1:
            # -1 for the batch: export traces it as a symbol, which an
            # ONNX reshape cannot take from the flattened axis.
            lead = tuple(-1 if i == unknown[0] else d
                         for i, d in enumerate(lead))
        return ops.reshape(out, tuple(lead) + tuple(out.shape[1:]))

    def _gate_conv(self, x, kernel, masks, strides, padding, dilation):
        if masks is None:
            return self._conv(x, kernel, strides, padding, dilation)
        parts = ops.split(kernel, 4, axis=-1)
        outs = [self._conv(x * m, k, strides, padding, dilation)
                for m, k in zip(masks, parts)]
        return ops.concatenate(outs, axis=self._channel_axis())

    def _channel_axis(self):
        return -1 if self.data_format == "channels_last" else -self.rank - 1

    def _project_inputs(self, inputs, training=False):
        masks = None
        if training and 0.0 < self.dropout < 1.0:
            masks = self.get_dropout_mask(inputs)
        out = self._gate_conv(inputs, self.kernel, masks, self.strides,
                              self.padding, self.dilation_rate)
        if self.bias is not None:
            shape = (self.filters * 4,) + (1,) * self.rank
            if self.data_format == "channels_last":
                shape = (self.filters * 4,)
            out = out + ops.reshape(self.bias, shape)
        return out

    def _recurrent_step(self, projected, states, training=False):
        h_prev, c_prev = states[0], states[1]
        masks = None
        if training and 0.0 < self.recurrent_dropout < 1.0:
            masks = self.get_recurrent_dropout_mask(h_prev)
        z = projected + self._gate_conv(
            h_prev, self.recurrent_kernel, masks, 1, "same", 1)
        i, f, c, o = ops.split(z, 4, axis=self._channel_axis())
        act, rec_act = self.activation, self.recurrent_activation
        c = rec_act(f) * c_prev + rec_act(i) * act(c)
        h = rec_act(o) * act(c)
        return h, [h, c]

    def call(self, inputs, states, training=False):
        projected = self._project_inputs(inputs, training)
        return self._recurrent_step(projected, states, training)

    def compute_output_shape(self, inputs_shape, states_shape=None):
        out = conv_utils.conv_output_shape(
            inputs_shape, self.filters, self.kernel_size, self.strides,
            self.padding, self.data_format, self.dilation_rate, layer=self)
        return out, [out, out]

    def get_initial_state(self, batch_size=None):
        if self.data_format == "channels_last":
            shape = (batch_size,) + self.spatial_dims + (self.input_dim,)
        else:
            shape = (batch_size, self.input_dim) + self.spatial_dims
        state_shape = self.compute_output_shape(shape)[0]
        zeros = ops.zeros(state_shape, dtype=self.compute_dtype)
        return [zeros, zeros]

    def get_config(self):
        config = super().get_config()
        config["rank"] = self.rank
        config.update(cell_config(self, CELL_KEYS))
        return config
