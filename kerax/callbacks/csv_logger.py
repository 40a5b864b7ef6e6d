"""`CSVLogger`: one CSV row of metrics per epoch."""

import csv
import os

import numpy as np

from kerax.callbacks.callback import Callback, to_python
from kerax.distribution import process


def _cell(value):
    value = to_python(value)
    if isinstance(value, str):
        return value
    if isinstance(value, (np.ndarray, list, tuple)):
        return f'"[{", ".join(map(str, np.ravel(value).tolist()))}]"'
    return value


class CSVLogger(Callback):
    """Streams each epoch's logs to a CSV file.

    Columns are `epoch` (0-based) then the log names sorted; when the
    first epoch has no `val_` entries, `val_` columns are added anyway
    (filled with `NA`), as Keras 3 does, so later validation fits the
    header. Values are written as Python floats.

    Args:
        filename: path of the CSV file.
        separator: the column separator. Defaults to `","`.
        append: append to an existing file (writing the header only when
            the file is empty) instead of overwriting it. Defaults to
            `False`.

    >>> csv_logger = CSVLogger("training.log")
    >>> model.fit(x, y, callbacks=[csv_logger])  # doctest: +SKIP
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        if not isinstance(separator, str) or len(separator) != 1:
            raise ValueError(
                "Expected `separator` to be a one-character string. "
                f"Received: separator={separator!r}"
            )
        self.sep = separator
        self.filename = os.fspath(filename)
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None

    def on_train_begin(self, logs=None):
        mode = "w"
        self.append_header = True
        if self.append:
            mode = "a"
            if os.path.exists(self.filename):
                with open(self.filename) as f:
                    self.append_header = not f.readline()
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        # The file stays open across epochs; on_train_end closes it.
        self.csv_file = open(  # noqa: SIM115
            self.filename if process.is_writer() else os.devnull, mode,
            newline="")
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
            if self.keys and not any(k.startswith("val_") for k in self.keys):
                self.keys += [f"val_{k}" for k in self.keys]
        if self.writer is None:
            self.writer = csv.DictWriter(
                self.csv_file,
                fieldnames=["epoch"] + self.keys,
                delimiter=self.sep,
            )
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        for key in self.keys:
            row[key] = _cell(logs[key]) if key in logs else "NA"
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        if self.csv_file is not None and not self.csv_file.closed:
            self.csv_file.close()
        self.writer = None
