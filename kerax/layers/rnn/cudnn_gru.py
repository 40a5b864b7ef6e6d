"""`CuDNNGRU`: Keras 2's cuDNN GRU, as a `GRU` with cuDNN's settings.

An ordinary (XLA) GRU with `reset_after=True`, `activation="tanh"`,
`recurrent_activation="sigmoid"` and cuDNN's weight layout:
`bias (6 * units,)` = input bias then recurrent bias.

>>> import numpy as np
>>> layer = CuDNNGRU(4)
>>> layer(np.ones((2, 5, 3), "float32")).shape
(2, 4)
>>> [tuple(w.shape) for w in layer.weights]
[(3, 12), (4, 12), (24,)]
"""

from __future__ import annotations

from kerax.layers.rnn.cell_rnn import cudnn_config
from kerax.layers.rnn.gru import GRU
from kerax.layers.rnn.gru_cell import GRUCell

_KEYS = (
    "units", "kernel_initializer", "recurrent_initializer",
    "bias_initializer", "kernel_regularizer", "recurrent_regularizer",
    "bias_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint",
)


class _CuDNNGRUCell(GRUCell):
    """GRUCell (reset_after) with a flat `(6u,)` bias."""

    def _bias_shape(self):
        return (self.units * 6,)

    def _biases(self):
        if self.bias is None:
            return None, None
        units = self.units * 3
        return self.bias[:units], self.bias[units:]


class CuDNNGRU(GRU):
    """Keras 2's `CuDNNGRU(units, ...)`: a GRU with `reset_after=True`,
    `tanh`/`sigmoid` activations, no dropout, and weights
    `kernel (input_dim, 3u)`, `recurrent_kernel (u, 3u)`, `bias (6u,)`
    (gates z, r, h).

    Args:
        units, kernel_initializer, recurrent_initializer,
            bias_initializer, the regularizers, activity_regularizer, the
            constraints, return_sequences, return_state, go_backwards,
            stateful: as `GRU`.
    """

    def __init__(
        self,
        units,
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
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        **kwargs,
    ):
        super().__init__(
            units,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            reset_after=True,
            **kwargs,
        )

    def _make_cell(self, units, **kwargs):
        kwargs["name"] = "cudnn_gru_cell"
        return _CuDNNGRUCell(units, **kwargs)

    def get_config(self):
        return cudnn_config(super().get_config(), self.cell, _KEYS)
