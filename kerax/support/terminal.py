"""Terminal facts for kerax's text output: ANSI styles, the width of text
in terminal cells, and what stdout is (width, terminal or not, colors).

The console rules are the ones `rich` applies (Keras draws its summary
with rich), so that kerax's summary shows the same bytes; `Progbar` uses
the ANSI helpers for its bold counter and colored bar.

A style is `None` (plain) or a `(bold, color)` tuple, `color` being an
xterm 256-color number or `None`.

>>> sgr("3/3", "1")
'\\x1b[1m3/3\\x1b[0m'
>>> visible_length(sgr("3/3", "1") + " done")
8
>>> cell_len("日本"), set_cell_size("abc", 2)
(4, 'ab')
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from typing import IO

Style = tuple[bool, int | None] | None

# Nearest 16-color codes rich picks for Keras's colors on a "standard" tty.
_STANDARD_CODES = {9: "91", 33: "94", 34: "32", 45: "96"}

_SGR = re.compile(r"\x1b\[[0-9;]*m")


# --------------------------------------------------------------------------
# ANSI styles.
# --------------------------------------------------------------------------
def sgr(text: str, codes: str) -> str:
    """`text` between the escape sequence `codes` (e.g. `"1"` bold, `"32"`
    green) and a reset; the sequences are written even for empty text.

    >>> sgr("", "32")
    '\\x1b[32m\\x1b[0m'
    """
    return f"\x1b[{codes}m{text}\x1b[0m"


def visible_length(text: str) -> int:
    """Length of `text` once its ANSI style sequences are removed.

    >>> visible_length(sgr("ab", "1;32"))
    2
    """
    return len(_SGR.sub("", text))


def combine_styles(base: Style, style: Style) -> Style:
    """`style` drawn over `base`: bold if either is, `style`'s color unless
    it has none.

    >>> combine_styles((True, None), (False, 34))
    (True, 34)
    """
    if base is None:
        return style
    if style is None:
        return base
    return (base[0] or style[0], style[1] if style[1] is not None else base[1])


def ansi_codes(style: tuple[bool, int | None], color_system: str | None,
               no_color: bool) -> str:
    """The SGR parameters of `style` for a terminal with `color_system`
    (`"standard"` maps colors to the 16 basic ones; `no_color` keeps bold
    only).

    >>> ansi_codes((True, 34), "256", False)
    '1;38;5;34'
    >>> ansi_codes((False, 34), "standard", False)
    '32'
    """
    bold, color = style
    codes = []
    if bold:
        codes.append("1")
    if color is not None and not no_color:
        if color < 16:
            codes.append(str(30 + color) if color < 8 else str(82 + color))
        elif color_system == "standard":
            codes.append(_STANDARD_CODES[color])
        else:
            codes.append(f"38;5;{color}")
    return ";".join(codes)


# --------------------------------------------------------------------------
# Cell widths (a character's width on a terminal).
# --------------------------------------------------------------------------
def char_width(char: str) -> int:
    """Cells taken by `char`: 0 (combining), 1, or 2 (wide East Asian).

    >>> char_width("a"), char_width("日")
    (1, 2)
    """
    if unicodedata.combining(char) or char in "\u200b\u200d":
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 1


def cell_len(text: str) -> int:
    """Cells taken by `text`.

    >>> cell_len("a日")
    3
    """
    if text.isascii():
        return len(text)
    return sum(char_width(c) for c in text)


def set_cell_size(text: str, total: int) -> str:
    """Crops or pads `text` to exactly `total` cells.

    >>> set_cell_size("ab", 4)
    'ab  '
    """
    size = cell_len(text)
    if size == total:
        return text
    if size < total:
        return text + " " * (total - size)
    out, width = [], 0
    for char in text:
        size = char_width(char)
        if width + size > total:
            break
        out.append(char)
        width += size
    return "".join(out) + " " * (total - width)


def chop_cells(text: str, width: int) -> list[str]:
    """Splits `text` into pieces of at most `width` cells.

    >>> chop_cells("abcde", 2)
    ['ab', 'cd', 'e']
    """
    pieces: list[str] = []
    current: list[str] = []
    current_width = 0
    for char in text:
        size = char_width(char)
        if current and current_width + size > width:
            pieces.append("".join(current))
            current, current_width = [], 0
        current.append(char)
        current_width += size
    pieces.append("".join(current))
    return pieces


# --------------------------------------------------------------------------
# The console (what rich's Console decides about stdout or a capture).
# --------------------------------------------------------------------------
def in_jupyter() -> bool:
    """Whether a Jupyter (or Colab) kernel runs this process.

    >>> in_jupyter()
    False
    """
    ipython = sys.modules.get("IPython")
    get_ipython = getattr(ipython, "get_ipython", None)
    shell = get_ipython() if get_ipython is not None else None
    if shell is None:
        return False
    name = shell.__class__.__name__
    return name == "ZMQInteractiveShell" or (
        name == "Shell" and "google.colab" in str(shell.__class__)
    )


def console_width(is_terminal: bool) -> int:
    """The console's width in cells: `COLUMNS` if set, else the terminal's,
    else 80 (always 80 on a dumb terminal).

    >>> console_width(False) > 0
    True
    """
    environ = os.environ
    term = environ.get("TERM", "")
    if is_terminal and term.lower() in ("dumb", "unknown"):
        return 80
    width = None
    for descriptor in (0, 1, 2):
        try:
            width = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def stdout_is_terminal(stream: IO[str]) -> bool:
    """Whether `stream` gets terminal output (styles): never in Jupyter;
    `TTY_COMPATIBLE=0/1` and a set `FORCE_COLOR` decide before `isatty`.

    >>> import io
    >>> stdout_is_terminal(io.StringIO()) in (True, False)
    True
    """
    if in_jupyter():
        return False
    environ = os.environ
    tty_compatible = environ.get("TTY_COMPATIBLE", "")
    if tty_compatible == "0":
        return False
    if tty_compatible == "1":
        return True
    force_color = environ.get("FORCE_COLOR")
    if force_color is not None:
        return force_color != ""
    isatty = getattr(stream, "isatty", None)
    try:
        return False if isatty is None else bool(isatty())
    except ValueError:
        return False


def terminal_color_system(is_terminal: bool) -> str | None:
    """`None` (no styles), `"standard"`, `"256"` or `"truecolor"`, from
    `TERM` and `COLORTERM`.

    >>> terminal_color_system(False) is None
    True
    """
    environ = os.environ
    if not is_terminal:
        return None
    if environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return None
    if environ.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return "truecolor"
    colors = environ.get("TERM", "").strip().lower().rpartition("-")[2]
    if colors in ("kitty", "256color"):
        return "256"
    return "standard"
