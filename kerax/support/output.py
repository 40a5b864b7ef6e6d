"""Where kerax's progress bars and messages go: stdout (interactive, the
default) or the `"kerax"` Python logger at INFO level.

`kerax.config.enable_interactive_logging` and its siblings set the flag
held here; callbacks and `Progbar` print through `write`.

>>> import io, contextlib
>>> buffer = io.StringIO()
>>> with contextlib.redirect_stdout(buffer):
...     write("epoch 1\\n")
>>> buffer.getvalue()
'epoch 1\\n'
"""

from __future__ import annotations

import logging
import sys

# The `━` of progress bars, replaced by Keras 2's `=` where stdout cannot
# encode it.
BAR_CHAR = "━"

_interactive = True


def set_interactive_logging(enabled: bool) -> None:
    """Sends messages to stdout (`True`) or to the `"kerax"` logger."""
    global _interactive
    _interactive = bool(enabled)


def interactive_logging() -> bool:
    """Whether messages go to stdout.

    >>> interactive_logging()
    True
    """
    return _interactive


def write(message: str) -> None:
    """Prints `message` (no newline added) to stdout, or logs its text to
    the `"kerax"` logger when interactive logging is off."""
    if not _interactive:
        # Keras's non-interactive mode: lines go to a logger, not stdout.
        text = message.replace("\b", "").strip("\r\n")
        if text.strip():
            logging.getLogger("kerax").info(text)
        return
    try:
        sys.stdout.write(message)
    except UnicodeEncodeError:
        # A terminal that cannot encode the bar falls back to Keras 2's `=`.
        encoding = sys.stdout.encoding or "utf-8"
        message = message.replace(BAR_CHAR, "=")
        message = message.encode(encoding, errors="ignore").decode(encoding)
        sys.stdout.write(message)
    sys.stdout.flush()
