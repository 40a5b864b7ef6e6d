"""Test helpers for kerax layers (Keras's `keras.src.testing`).

`run_layer_test` checks the contract every layer must meet: see
`kerax.testing.layer_contract`. `assert_concrete_state` checks that no
Variable kept a value from a trace (`kerax.testing.concrete_state`).
"""

from kerax.testing.concrete_state import assert_concrete_state
from kerax.testing.layer_contract import run_layer_test, trainer_available

__all__ = ["assert_concrete_state", "run_layer_test", "trainer_available"]
