"""`RNN`: runs a recurrent cell over the time axis of its input.

>>> import numpy as np
>>> from kerax.layers import LSTMCell
>>> layer = RNN(LSTMCell(4), return_sequences=True, return_state=True)
>>> outputs, h, c = layer(np.ones((2, 5, 3), "float32"))
>>> outputs.shape, h.shape, c.shape
((2, 5, 4), (2, 4), (2, 4))
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np
from jax import tree_util

from kerax import ops
from kerax.core.variable import Variable
from kerax.layers.layer import Layer
from kerax.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from kerax.layers.rnn.rnn_loop import run_loop
from kerax.layers.rnn.rnn_utils import (
    StateSlot,
    build_sublayer,
    deserialize_layer,
    serialize_layer,
)


class RNN(Layer):
    """Base class for recurrent layers.

    For each timestep `t`, calls `output_t, states = cell(x_t, states)`
    (a `jax.lax.scan` over time), starting from zeros or `initial_state`.
    `LSTMCell` and `GRUCell` (default activations, no mask) run the whole
    recurrence as one scan with a hand-written backward (`lstm_scan`,
    `gru_scan`); `ConvLSTMCell` projects the inputs of all timesteps
    before the loop.

    Args:
        cell: an RNN cell (an object with `call(inputs, states)` returning
            `(output, new_states)` and a `state_size`; optional
            `output_size` and `get_initial_state(batch_size)`), or a list
            of cells (wrapped in `StackedRNNCells`).
        return_sequences: return the output of every timestep
            `(batch, time, output_size)` instead of the last one
            (default False).
        return_state: also return the final states (default False).
        go_backwards: process the sequence from its end; sequence outputs
            are then in processing (reversed) order (default False).
        stateful: keep the final states of each batch as the initial
            states of the next (default False). Needs a fixed batch size;
            the states are non-trainable variables, so they advance
            through `stateless_call` and jitted steps too. Clear them with
            `reset_states()`.
        unroll: use a Python loop instead of `jax.lax.scan` (faster to
            run for short sequences, slower to compile) (default False).
        zero_output_for_mask: masked timesteps output zeros instead of the
            previous output (default False).

    Call arguments: `sequences` `(batch, time, ...)`, `initial_state`
    (list of state tensors), `mask` (`(batch, time)` booleans: False steps
    keep the previous states), `training`.
    """

    def __init__(
        self,
        cell,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        zero_output_for_mask=False,
        **kwargs,
    ):
        if isinstance(cell, (list, tuple)):
            from kerax.layers.rnn.stacked_rnn_cells import StackedRNNCells

            cell = StackedRNNCells(cell)
        if "call" not in dir(cell):
            raise ValueError(
                "Argument `cell` should have a `call` method. "
                f"Received: cell={cell}"
            )
        if "state_size" not in dir(cell):
            raise ValueError(
                "The RNN cell should have a `state_size` attribute (single "
                "integer or list of integers, one integer per RNN state). "
                f"Received: cell={cell}"
            )
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.zero_output_for_mask = zero_output_for_mask
        self.supports_masking = True
        self.input_spec = None
        self.states = None
        self._state_variables = []
        state_size = getattr(cell, "state_size", None)
        if not isinstance(state_size, (list, tuple, int)):
            raise ValueError(
                "state_size must be an integer, or a list/tuple of integers "
                f"(one for each state tensor). Received: {state_size}"
            )
        self.single_state = isinstance(state_size, int)
        self.state_size = [state_size] if self.single_state else list(
            state_size
        )

    # ------------------------------------------------------------- state
    def _seed_generators(self):
        slots = [StateSlot(v) for v in self._state_variables]
        return super()._seed_generators() + slots

    def get_initial_state(self, batch_size):
        """Zero states for `batch_size` (the cell's own, if it has them)."""
        fn = getattr(self.cell, "get_initial_state", None)
        if fn is None:
            return [
                ops.zeros((batch_size, d), dtype=self.cell.compute_dtype)
                for d in self.state_size
            ]
        states = fn(batch_size=batch_size)
        if not isinstance(states, (list, tuple)):
            states = [states]
        return list(states)

    def reset_states(self, states=None):
        """Keras 2: zeros the states, or sets them to `states` (an array
        or a list of arrays, one per state)."""
        if states is None:
            self.reset_state()
            return
        if not self.stateful:
            raise AttributeError(
                f"Layer '{self.name}' must be stateful to set its states.")
        values = states if isinstance(states, (list, tuple)) else [states]
        variables = self._state_variables
        if len(values) != len(variables):
            raise ValueError(
                f"Layer '{self.name}' expects {len(variables)} states, but "
                f"it received {len(values)} state values. Received: "
                f"states={states}")
        for index, (variable, value) in enumerate(zip(variables, values)):
            value = np.asarray(value)
            if tuple(value.shape) != tuple(variable.shape):
                raise ValueError(
                    f"State {index} of layer '{self.name}' has shape "
                    f"{tuple(variable.shape)}; received a value of shape "
                    f"{tuple(value.shape)}.")
            variable.assign(value)

    def reset_state(self):
        """Sets the states of a stateful RNN back to zeros."""
        for variable in self._state_variables:
            variable.assign(jnp.zeros(variable.shape, variable.dtype))

    # ------------------------------------------------------------- build
    def build(self, sequences_shape, initial_state_shape=None):
        sequences_shape = tuple(sequences_shape)
        step_shape = (sequences_shape[0],) + sequences_shape[2:]
        build_sublayer(self.cell, step_shape)
        if not self.stateful:
            return
        if self.states is not None:
            self.reset_state()
            return
        batch_size = sequences_shape[0]
        if batch_size is None:
            raise ValueError(
                "When using `stateful=True` in a RNN, the batch size must be "
                "static. Found dynamic batch size: "
                f"sequence.shape={sequences_shape}. Pass a fixed batch size "
                "(e.g. `Input(batch_shape=(32, ...))`)."
            )
        initial = self.get_initial_state(batch_size)
        variables = []

        def make(value):
            variable = Variable(
                jnp.asarray(value), trainable=False,
                dtype=self.variable_dtype, name="rnn_state",
            )
            variable._set_path(self._path)
            variables.append(variable)
            return variable

        self.states = tree_util.tree_map(make, initial)
        self._state_variables = variables

    # -------------------------------------------------------------- call
    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch_size, length = sequences_shape[0], sequences_shape[1]
        states_shape = []
        for size in self.state_size:
            if isinstance(size, int):
                states_shape.append((batch_size, size))
            else:
                states_shape.append([(batch_size, s) for s in size])
        output_size = getattr(self.cell, "output_size", None)
        if output_size is None:
            output_size = self.state_size[0]
        if not isinstance(output_size, int):
            raise ValueError("output_size must be an integer.")
        if self.return_sequences:
            output_shape = (batch_size, length, output_size)
        else:
            output_shape = (batch_size, output_size)
        if self.return_state:
            return (output_shape, *states_shape)
        return output_shape

    def compute_mask(self, inputs, mask=None):
        if mask is not None:
            mask = tree_util.tree_leaves(mask)[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None for _ in self.state_size]
        return output_mask

    def call(self, sequences, initial_state=None, mask=None, training=False):
        sequences = ops.convert_to_tensor(sequences)
        batch_size = sequences.shape[0]
        if initial_state is None:
            if self.stateful:
                initial_state = tree_util.tree_map(
                    lambda v: v.value, self.states
                )
            else:
                initial_state = self.get_initial_state(batch_size)
        if not isinstance(initial_state, (list, tuple)):
            initial_state = [initial_state]
        dtype = self.cell.compute_dtype if isinstance(
            self.cell, Layer) else self.compute_dtype
        initial_state = tree_util.tree_map(
            lambda x: ops.cast(ops.convert_to_tensor(x), dtype),
            list(initial_state),
        )
        if mask is not None:
            mask = ops.convert_to_tensor(tree_util.tree_leaves(mask)[0])
        if self.stateful and self.states is not None:
            expected = self._state_variables[0].shape[0]
            if batch_size != expected:
                raise ValueError(
                    "If an RNN is stateful, the batch size of the input "
                    "sequences must be the same as the batch size of the "
                    f"initial state.\n- Expected batch size: {expected}\n"
                    f"- Received batch size: {batch_size}"
                )
        if training:
            _configure_dropout(self.cell, sequences[:, 0], initial_state)
        try:
            last_output, outputs, states = self.inner_loop(
                sequences, initial_state, mask, training=training
            )
        finally:
            _reset_dropout(self.cell)
        if self.stateful:
            for variable, value in zip(
                self._state_variables, tree_util.tree_leaves(states)
            ):
                variable.assign(value)
        output = outputs if self.return_sequences else last_output
        output = ops.cast(output, self.compute_dtype)
        if self.return_state:
            states = tree_util.tree_map(
                lambda x: ops.cast(x, self.compute_dtype), list(states)
            )
            return (output, *states)
        return output

    def inner_loop(self, sequences, initial_state, mask, training=False):
        """`(last_output, outputs, final_states)` of the loop over time."""
        cell = self.cell
        fused = self._fused_loop(sequences, initial_state, mask, training)
        if fused is not None:
            return fused
        make_step = getattr(cell, "_make_loop_step", None)
        loop_step = make_step(training) if make_step is not None else None
        if loop_step is not None:
            inputs = jnp.swapaxes(sequences, 0, 1)
            step = loop_step
        elif getattr(cell, "_project_whole_sequence", False):
            # Convolutional cells project every timestep's inputs at once:
            # a convolution inside the loop is far slower on XLA CPU.
            # Dense cells project inside the loop: with an Embedding
            # below, the precomputed projection's backward pass measured
            # ~1.4x slower on CPU (bench/bench_lstm.py).
            inputs = cell._project_inputs(
                jnp.swapaxes(sequences, 0, 1), training
            )

            def step(x_t, states):
                return cell._recurrent_step(x_t, states, training)
        else:
            inputs = jnp.swapaxes(sequences, 0, 1)
            kwargs = {}
            if isinstance(cell, Layer) and cell._call_has_training_arg:
                kwargs["training"] = training
            call_fn = cell if isinstance(cell, Layer) else cell.call

            def step(x_t, states):
                output, new_states = call_fn(x_t, states, **kwargs)
                if not isinstance(new_states, (list, tuple)):
                    new_states = [new_states]
                return output, new_states
        return run_loop(
            step,
            inputs,
            initial_state,
            mask=mask,
            go_backwards=self.go_backwards,
            unroll=self.unroll,
            zero_output_for_mask=self.zero_output_for_mask,
            return_all_outputs=self.return_sequences,
            time_major=True,
            output_is_first_state=getattr(
                cell, "_output_is_first_state", False),
        )

    def _fused_loop(self, sequences, initial_state, mask, training):
        """The cell's whole-sequence recurrence (`LSTMCell._fused_loop`),
        as `inner_loop`'s triple; None without a mask-free, rolled loop
        the cell can run that way."""
        fused = getattr(self.cell, "_fused_loop", None)
        if fused is None or mask is not None or self.unroll:
            return None
        result = fused(jnp.swapaxes(sequences, 0, 1), initial_state,
                       training=training, reverse=self.go_backwards,
                       return_sequences=self.return_sequences)
        if result is None:
            return None
        outputs, states = result
        if outputs is not None:
            if self.go_backwards:
                outputs = jnp.flip(outputs, axis=0)
            outputs = jnp.swapaxes(outputs, 0, 1)
        return states[0], outputs, states

    # ------------------------------------------------------------ config
    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "return_sequences": self.return_sequences,
                "return_state": self.return_state,
                "go_backwards": self.go_backwards,
                "stateful": self.stateful,
                "unroll": self.unroll,
                "zero_output_for_mask": self.zero_output_for_mask,
                "cell": serialize_layer(self.cell),
            }
        )
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cell = deserialize_layer(config.pop("cell"), custom_objects)
        return cls(cell, **config)


def _output_dim(cell):
    size = getattr(cell, "output_size", None)
    if size is not None:
        return size
    state_size = cell.state_size
    return state_size[0] if isinstance(state_size, (list, tuple)) else (
        state_size
    )


def _configure_dropout(cell, step_input, states):
    """Draws each cell's dropout masks before the loop (stacked cells get
    inputs shaped like the previous cell's outputs)."""
    if isinstance(cell, DropoutRNNCell):
        first = states[0] if isinstance(states, (list, tuple)) else states
        cell.configure_dropout_masks(step_input, first)
    cells = getattr(cell, "cells", None)
    if cells is not None and not isinstance(cell, DropoutRNNCell):
        for inner, inner_states in zip(cells, states):
            if not isinstance(inner_states, (list, tuple)):
                inner_states = [inner_states]
            _configure_dropout(inner, step_input, inner_states)
            step_input = jnp.zeros(
                (step_input.shape[0], _output_dim(inner)), step_input.dtype
            )


def _reset_dropout(cell):
    if isinstance(cell, DropoutRNNCell):
        cell.reset_dropout_mask()
        cell.reset_recurrent_dropout_mask()
    for inner in getattr(cell, "cells", None) or []:
        _reset_dropout(inner)
