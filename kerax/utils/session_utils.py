"""`clear_session` (Keras's `keras.utils.clear_session`, also
`kerax.backend.clear_session`): forgets the state a session accumulates.

It resets the default layer names (`dense`, `dense_1`, ...) and the uids;
packages that keep more session state register its reset with
`on_clear_session` when imported (the Keras 2 `kerax.backend`: the
learning phase and the session).

>>> import kerax
>>> first = kerax.layers.Dense(1)
>>> kerax.layers.Dense(1).name != "dense"
True
>>> clear_session(free_memory=False)
>>> kerax.layers.Dense(1).name
'dense'
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from kerax.core import naming

_RESETS: list[Callable[[], None]] = []


def on_clear_session(reset: Callable[[], None]) -> None:
    """Runs `reset()` on every `clear_session()` (registered once)."""
    if reset not in _RESETS:
        _RESETS.append(reset)


def clear_session(free_memory=True):
    """Resets default layer names (`dense`, `dense_1`, ...) and uids, the
    learning phase fixed by `set_learning_phase`, and the session; with
    `free_memory` (default) also runs Python's garbage collector, so that
    models dropped before the call release their device buffers."""
    naming.reset_uids()
    for reset in _RESETS:
        reset()
    if free_memory:
        gc.collect()
