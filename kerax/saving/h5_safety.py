"""Opening HDF5 files without reading outside them: an old path, re-exporting
`kerax.support.h5_safety` (the low-level support package).
"""

from kerax.support.h5_safety import (
    check_contained,
    open_h5,
)

__all__ = [
    "check_contained",
    "open_h5",
]
