"""Styled text and rich's word wrapping: an old path, re-exporting
`kerax.support.styled_text` (the low-level support package).
"""

from kerax.support.styled_text import (
    BOLD,
    Line,
    Segment,
    StyledText,
    wrap,
)

__all__ = [
    "BOLD",
    "Line",
    "Segment",
    "StyledText",
    "wrap",
]
