"""The terminal table renderer: an old path, re-exporting
`kerax.support.text_table` (the low-level support package).
"""

from kerax.support.text_table import (
    Console,
    crop_line,
    lines_to_string,
    render_table,
)

__all__ = [
    "Console",
    "crop_line",
    "lines_to_string",
    "render_table",
]
