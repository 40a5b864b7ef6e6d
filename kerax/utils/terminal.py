"""Terminal facts (ANSI styles, cell widths, stdout's kind): an old path, re-exporting
`kerax.support.terminal` (the low-level support package).
"""

from kerax.support.terminal import (
    Style,
    ansi_codes,
    cell_len,
    char_width,
    chop_cells,
    combine_styles,
    console_width,
    in_jupyter,
    set_cell_size,
    sgr,
    stdout_is_terminal,
    terminal_color_system,
    visible_length,
)

__all__ = [
    "Style",
    "ansi_codes",
    "cell_len",
    "char_width",
    "chop_cells",
    "combine_styles",
    "console_width",
    "in_jupyter",
    "set_cell_size",
    "sgr",
    "stdout_is_terminal",
    "terminal_color_system",
    "visible_length",
]
