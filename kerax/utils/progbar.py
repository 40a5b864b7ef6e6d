"""`Progbar` (the progress bar of `fit`, `evaluate`, `predict`): an old
path, re-exporting `kerax.support.progbar` (the low-level support package).
"""

from kerax.support.progbar import (
    Progbar,
)

__all__ = [
    "Progbar",
]
