"""The one interface between data sources and the host loops.

Every source `fit`, `evaluate` and `predict` accept (arrays, generators,
`PyDataset`, torch `DataLoader`, `tf.data.Dataset`, and any future one) is
wrapped in a `DataAdapter`. The loops read only this interface:

- `num_batches`, `steps_limit`: batches per epoch (None when unknown) and
  the `steps` cap the user gave;
- `batches()`: one epoch of batches `x`, `(x, y)` or `(x, y,
  sample_weight)`, put on device;
- `rows()`: a capability, not a type test. A source whose rows sit in
  memory returns a `RowSource` and gets the fast path: the arrays go to
  the device once per call, each epoch sends only a row order, and the
  jitted steps gather their batches (`feed.py`). Others return None and
  run one `batches()` batch per step;
- `restarts_each_epoch()`: whether each epoch reads a fresh pass (False
  for a one-shot generator, which carries on where it stopped);
- `description()`: how errors name the data.

A new source subclasses `DataAdapter`, implements `batches()` (and
`rows()` if it can serve rows by index), and is returned by
`data_adapters.get_data_adapter`.

>>> import numpy as np
>>> from kerax.trainers.data_adapters import get_data_adapter
>>> arrays = get_data_adapter(np.zeros((5, 2)), np.zeros(5), batch_size=2)
>>> arrays.rows() is not None, arrays.num_batches
(True, 3)
>>> stream = get_data_adapter(iter([(np.zeros((2, 2)), np.zeros(2))]))
>>> stream.rows() is None, stream.restarts_each_epoch()
(True, False)
>>> [tuple(x.shape) for x, y in stream.batches()]
[(2, 2)]
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from typing import Any, Protocol


class RowSource(Protocol):
    """In-memory rows readable by index (see `ArrayDataAdapter`)."""

    data: Any
    num_samples: int
    batch_size: int
    steps_limit: int | None

    def first_batch(self) -> Any:
        """Up to `batch_size` leading rows (to build the model)."""

    def batch_plan(self) -> list[tuple[int, int]]:
        """`[(start_row, rows)]` for each batch of an epoch."""

    def epoch_order(self) -> Any:
        """One epoch's row order (host ints; shuffled if asked)."""

    def feed(self, order: Any, window: int,
             windows: bool | None = None) -> Any:
        """Where the jitted steps read rows `order[...]` from."""

    def streams(self) -> bool:
        """Whether steps read host-gathered windows (large data)."""

    def can_stream(self) -> bool:
        """Whether host-gathered windows are possible."""

    def row_bytes(self) -> int:
        """Bytes of one row over every array."""


class DataAdapter(abc.ABC):
    """Base of every data adapter (see the module docstring)."""

    num_batches: int | None = None
    steps_limit: int | None = None

    @abc.abstractmethod
    def batches(self) -> Iterator[Any]:
        """Yields one epoch of device batches."""

    def rows(self) -> RowSource | None:
        """The in-memory rows of the data, or None for a stream."""
        return None

    def restarts_each_epoch(self) -> bool:
        """Whether every epoch starts a fresh pass over the data."""
        return True

    def description(self) -> str:
        """The data as error messages name it."""
        return f"the data ({type(self).__name__})"
