"""`LSTM`: Long Short-Term Memory layer (Hochreiter & Schmidhuber, 1997).

>>> import numpy as np
>>> layer = LSTM(4, return_state=True)
>>> output, h, c = layer(np.ones((2, 5, 3), "float32"))
>>> output.shape, c.shape
((2, 4), (2, 4))
"""

from __future__ import annotations

from kerax import regularizers
from kerax.layers.input_spec import InputSpec
from kerax.layers.rnn.cell_args import cell_config, delegate_to_cell
from kerax.layers.rnn.lstm_cell import CELL_KEYS, LSTMCell
from kerax.layers.rnn.rnn import RNN


class LSTM(RNN):
    """`RNN(LSTMCell(...))`: gates `i, f, c, o` from
    `x_t @ kernel + h_{t-1} @ recurrent_kernel + bias`, then
    `c_t = sig(f) c_{t-1} + sig(i) tanh(c)` and `h_t = sig(o) tanh(c_t)`.

    The input projection of all timesteps is one matmul before a
    `jax.lax.scan` whose step is one `(batch, units) @ (units, 4 units)`
    product and the gate arithmetic.

    Args:
        units, activation (`"tanh"`), recurrent_activation (`"sigmoid"`),
            use_bias (True), kernel_initializer (`"glorot_uniform"`),
            recurrent_initializer (`"orthogonal"`), bias_initializer
            (`"zeros"`), unit_forget_bias (True), the regularizers and
            constraints, dropout (0), recurrent_dropout (0), seed: as
            `LSTMCell`.
        activity_regularizer: optional regularizer of the output.
        return_sequences, return_state, go_backwards, stateful, unroll:
            as `RNN` (all default False).
        use_cudnn: `"auto"`, True or False; accepted for Keras
            compatibility (XLA compiles the same loop either way).
        implementation: Keras 2 argument (1 or 2), accepted.

    Input: `(batch, time, features)`. Output: `(batch, units)` or
    `(batch, time, units)`; plus `h` and `c` with `return_state`.
    """

    def __init__(
        self,
        units,
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
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        use_cudnn="auto",
        **kwargs,
    ):
        cell = self._make_cell(
            units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            unit_forget_bias=unit_forget_bias,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
            name="lstm_cell",
            seed=seed,
            implementation=kwargs.pop("implementation", 2),
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.input_spec = InputSpec(ndim=3)
        if use_cudnn not in ("auto", True, False):
            raise ValueError(
                "Invalid valid received for argument `use_cudnn`. Expected "
                "one of {'auto', True, False}. "
                f"Received: use_cudnn={use_cudnn}"
            )
        self.use_cudnn = use_cudnn

    def _make_cell(self, units, **kwargs):
        return LSTMCell(units, **kwargs)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        return super().call(sequences, initial_state=initial_state,
                            mask=mask, training=training)

    def get_config(self):
        config = super().get_config()
        del config["cell"]
        config.update(cell_config(self.cell, CELL_KEYS))
        config["activity_regularizer"] = (
            None if self._activity_regularizer is None
            else regularizers.serialize(self._activity_regularizer)
        )
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)


delegate_to_cell(LSTM, [k for k in CELL_KEYS if k != "seed"])
