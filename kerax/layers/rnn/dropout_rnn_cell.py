"""`DropoutRNNCell`: the dropout masks of recurrent cells (a mixin).

A cell with `dropout`, `recurrent_dropout` and `seed_generator` draws one
mask per sequence (the same for every timestep), as Keras does. `RNN`
draws the masks before its loop (`configure_dropout_masks`) and clears
them after, so nothing random happens inside `jax.lax.scan`; a cell
called on its own draws fresh masks on each call.

`dropout_mask_count` (4 for LSTM, 3 for GRU with `implementation=1`)
asks for one independent mask per gate.
"""

from __future__ import annotations

from kerax import activations, ops, random


class DropoutRNNCell:
    """Mixin: dropout masks for a cell (see the module docstring)."""

    def _create_dropout_mask(self, like, rate):
        ones = ops.ones_like(like)
        count = getattr(self, "dropout_mask_count", None)
        if count is None:
            return random.dropout(ones, rate, seed=self.seed_generator)
        return [
            random.dropout(ones, rate, seed=self.seed_generator)
            for _ in range(count)
        ]

    def get_dropout_mask(self, step_input):
        """The input dropout mask(s): the cached ones inside an RNN loop,
        else fresh ones (None when `dropout` is 0)."""
        cached = self.__dict__.get("_dropout_mask")
        if cached is not None:
            return cached
        if self.dropout > 0:
            return self._create_dropout_mask(step_input, self.dropout)
        return None

    def get_recurrent_dropout_mask(self, state):
        """The recurrent dropout mask(s), like `get_dropout_mask`."""
        cached = self.__dict__.get("_recurrent_dropout_mask")
        if cached is not None:
            return cached
        if self.recurrent_dropout > 0:
            return self._create_dropout_mask(state, self.recurrent_dropout)
        return None

    def cached_dropout_masks(self, training):
        """`(input_mask, recurrent_mask)` that `RNN` drew for the current
        sequence; None for a rate that is off or when not `training`."""
        def cached(name, rate):
            if training and 0.0 < rate < 1.0:
                return self.__dict__.get(name)
            return None

        return (cached("_dropout_mask", self.dropout),
                cached("_recurrent_dropout_mask", self.recurrent_dropout))

    def fused_loop_inputs(self, inputs, training):
        """`inputs` with the sequence's input dropout applied, for a fused
        recurrence (`lstm_scan`, `gru_scan`); None where one cannot run:
        activations other than tanh/sigmoid, recurrent dropout, or
        per-gate input masks."""
        if (self.activation is not activations.tanh
                or self.recurrent_activation is not activations.sigmoid):
            return None
        in_mask, rec_mask = self.cached_dropout_masks(training)
        if isinstance(in_mask, list) or rec_mask is not None:
            return None
        return inputs if in_mask is None else inputs * in_mask

    def configure_dropout_masks(self, step_input, state):
        """Draws and caches the masks for one sequence (called by RNN)."""
        self._dropout_mask = None
        self._recurrent_dropout_mask = None
        self._dropout_mask = self.get_dropout_mask(step_input)
        self._recurrent_dropout_mask = self.get_recurrent_dropout_mask(state)

    def reset_dropout_mask(self):
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self):
        self._recurrent_dropout_mask = None


def validate_rate(value, name):
    """Keras clips dropout rates into [0, 1]; non-numbers are errors."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(
            f"Argument `{name}` must be a float between 0 and 1. "
            f"Received: {name}={value}"
        )
    return min(1.0, max(0.0, float(value)))


def validate_units(value, name="units"):
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(
            f"Received an invalid value for argument `{name}`, expected a "
            f"positive integer, got {value}."
        )
    return value
