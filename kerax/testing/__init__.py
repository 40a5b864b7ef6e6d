"""Test helpers for kerax layers (Keras's `keras.src.testing`).

`run_layer_test` checks the contract every layer must meet: see
`kerax.testing.layer_contract`.
"""

from kerax.testing.layer_contract import run_layer_test, trainer_available

__all__ = ["run_layer_test", "trainer_available"]
