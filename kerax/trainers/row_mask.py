"""Final partial batches of `evaluate` through the full-size compiled step:
the implementation is `kerax.core.row_mask` (layers read it too, and they
sit below trainers); this module keeps the trainers' path.

>>> from kerax.trainers import row_mask
>>> row_mask.current() is None
True
"""

from kerax.core.row_mask import (  # noqa: F401 (re-exported)
    Rows,
    Unmaskable,
    active_rows,
    current,
    masked_weight,
    require,
    row_weights,
)
