"""`StackedRNNCells`: several RNN cells run as one, each feeding the next.

>>> import numpy as np
>>> from kerax.layers import LSTMCell, RNN
>>> cells = StackedRNNCells([LSTMCell(4), LSTMCell(2)])
>>> RNN(cells)(np.ones((2, 5, 3), "float32")).shape
(2, 2)
"""

from __future__ import annotations

from kerax import ops
from kerax.layers.layer import Layer
from kerax.layers.rnn.rnn_utils import (
    build_sublayer,
    deserialize_layer,
    serialize_layer,
)


class StackedRNNCells(Layer):
    """Wraps a list of cells: at each timestep cell `k` reads the output of
    cell `k - 1` (the first reads the input); the output is the last
    cell's. The states are the list of each cell's states.

    Args:
        cells: list of RNN cells (objects with `call` and `state_size`).
    """

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        for cell in cells:
            if "call" not in dir(cell):
                raise ValueError(
                    "All cells must have a `call` method. Received cell "
                    f"without a `call` method: {cell}"
                )
            if "state_size" not in dir(cell):
                raise ValueError(
                    "All cells must have a `state_size` attribute. Received "
                    f"cell without a `state_size`: {cell}"
                )
        self.cells = list(cells)

    @property
    def state_size(self):
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self):
        return _output_dim(self.cells[-1])

    def get_initial_state(self, batch_size=None):
        states = []
        for cell in self.cells:
            fn = getattr(cell, "get_initial_state", None)
            if fn is not None:
                states.append(fn(batch_size=batch_size))
            elif isinstance(cell.state_size, int):
                states.append(ops.zeros((batch_size, cell.state_size),
                                        dtype=self.compute_dtype))
            else:
                states.append([
                    ops.zeros((batch_size, d), dtype=self.compute_dtype)
                    for d in cell.state_size
                ])
        return states

    def build(self, input_shape):
        for cell in self.cells:
            if isinstance(cell, Layer):
                build_sublayer(cell, input_shape)
            input_shape = (input_shape[0], _output_dim(cell))
        self.built = True

    def call(self, inputs, states, training=False, **kwargs):
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            is_list = isinstance(cell_states, (list, tuple))
            cell_states = list(cell_states) if is_list else [cell_states]
            if isinstance(cell, Layer) and cell._call_has_training_arg:
                kwargs["training"] = training
            else:
                kwargs.pop("training", None)
            call_fn = cell if callable(cell) else cell.call
            inputs, cell_states = call_fn(inputs, cell_states, **kwargs)
            if not isinstance(cell_states, (list, tuple)):
                cell_states = [cell_states]
            if len(cell_states) == 1 and not is_list:
                cell_states = cell_states[0]
            new_states.append(cell_states)
        if len(new_states) == 1:
            new_states = new_states[0]
        return inputs, new_states

    def get_config(self):
        config = super().get_config()
        config["cells"] = [serialize_layer(cell) for cell in self.cells]
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cells = [
            deserialize_layer(c, custom_objects) for c in config.pop("cells")
        ]
        return cls(cells, **config)


def _output_dim(cell):
    size = getattr(cell, "output_size", None)
    if size is not None:
        return size
    if isinstance(cell.state_size, (list, tuple)):
        return cell.state_size[0]
    return cell.state_size
