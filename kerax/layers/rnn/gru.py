"""`GRU`: Gated Recurrent Unit layer (Cho et al., 2014).

>>> import numpy as np
>>> layer = GRU(4, return_sequences=True)
>>> layer(np.ones((2, 5, 3), "float32")).shape
(2, 5, 4)
"""

from __future__ import annotations

from kerax import regularizers
from kerax.layers.input_spec import InputSpec
from kerax.layers.rnn.cell_args import cell_config, delegate_to_cell
from kerax.layers.rnn.gru_cell import CELL_KEYS, GRUCell
from kerax.layers.rnn.rnn import RNN


class GRU(RNN):
    """`RNN(GRUCell(...))`: update gate `z`, reset gate `r`, candidate
    `hh`, and `h_t = z * h_{t-1} + (1 - z) * hh` (see `GRUCell`).

    Args:
        units, activation (`"tanh"`), recurrent_activation (`"sigmoid"`),
            use_bias (True), kernel_initializer (`"glorot_uniform"`),
            recurrent_initializer (`"orthogonal"`), bias_initializer
            (`"zeros"`), the regularizers and constraints, dropout (0),
            recurrent_dropout (0), seed: as `GRUCell`.
        activity_regularizer: optional regularizer of the output.
        return_sequences, return_state, go_backwards, stateful, unroll:
            as `RNN` (all default False).
        reset_after: apply the reset gate after the recurrent matmul
            (True, Keras 3 default, bias `(2, 3 units)`) or before it
            (False, Keras 2's default, bias `(3 units,)`).
        use_cudnn: `"auto"`, True or False; accepted for Keras
            compatibility.
        implementation: Keras 2 argument (1 or 2), accepted.

    Input: `(batch, time, features)`. Output: `(batch, units)` or
    `(batch, time, units)`; plus the final state with `return_state`.
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
        reset_after=True,
        use_cudnn="auto",
        **kwargs,
    ):
        cell = self._make_cell(
            units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
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
            reset_after=reset_after,
            dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
            name="gru_cell",
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
        return GRUCell(units, **kwargs)

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


delegate_to_cell(GRU, [k for k in CELL_KEYS if k != "seed"])
