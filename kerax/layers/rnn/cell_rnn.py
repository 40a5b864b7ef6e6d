"""`CellRNN`: base of the RNN layers that build their own cell (private).

`SimpleRNN`, `GRU`, `LSTM` and `ConvLSTM` take their cell's arguments
flat, build the cell from them, and serialize them back flat (Keras's
config keys) instead of a nested `cell` entry.
"""

from __future__ import annotations

from kerax import regularizers
from kerax.layers.input_spec import InputSpec
from kerax.layers.rnn.cell_args import cell_config
from kerax.layers.rnn.rnn import RNN


def cell_arguments(scope, keys):
    """The entries of `scope` (a constructor's `locals()`) named in
    `keys`: the arguments a layer hands on to its cell."""
    return {key: scope[key] for key in keys if key in scope}


def check_use_cudnn(use_cudnn):
    """Validates the Keras `use_cudnn` flag (accepted, and ignored: XLA
    compiles the same loop either way)."""
    if use_cudnn not in ("auto", True, False):
        raise ValueError(
            "Invalid valid received for argument `use_cudnn`. Expected "
            "one of {'auto', True, False}. "
            f"Received: use_cudnn={use_cudnn}"
        )
    return use_cudnn


def cudnn_config(config, cell, keys):
    """A Keras 2 `CuDNNLSTM`/`CuDNNGRU` config from its `LSTM`/`GRU`
    config: the cell arguments in `keys` and the few layer arguments those
    layers take."""
    keep = set(keys) | {
        "name", "trainable", "dtype", "return_sequences", "return_state",
        "go_backwards", "stateful", "activity_regularizer",
    }
    config = {k: v for k, v in config.items() if k in keep}
    config.update(cell_config(cell, keys))
    return config


class CellRNN(RNN):
    """An `RNN` over a cell it built itself from `cell_keys` arguments.

    Args:
        cell: the cell.
        input_ndim: rank of the layer's input (time axis included).
        **kwargs: as `RNN` (`return_sequences`, ..., `activity_regularizer`
            and the base layer's arguments).
    """

    # The cell arguments kept in (and restored from) the layer's config.
    cell_keys = ()

    def __init__(self, cell, input_ndim, **kwargs):
        super().__init__(cell, **kwargs)
        self.input_spec = InputSpec(ndim=input_ndim)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        return super().call(sequences, initial_state=initial_state,
                            mask=mask, training=training)

    def get_config(self):
        config = super().get_config()
        del config["cell"]
        config.update(cell_config(self.cell, self.cell_keys))
        config["activity_regularizer"] = (
            None if self._activity_regularizer is None
            else regularizers.serialize(self._activity_regularizer)
        )
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)
