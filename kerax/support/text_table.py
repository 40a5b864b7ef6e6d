"""A terminal table renderer: styled text, rich's word wrapping and
fixed-width table layout, and the console output of the lines.

It draws what `rich` draws for a fixed-width `Table` with the heavy-head
box and a rule between rows (the look of Keras's `model.summary()`):
the same column widths, wrapping, `…` truncation and cropping to the
console width, with ANSI styles on a terminal. `kerax.models.summary`
lays out a model's rows and renders them with it.

>>> rows = [[StyledText("dense"), StyledText("10")]]
>>> lines = render_table([StyledText("Layer"), StyledText("Params")],
...                      ["left", "right"], rows, [10, 8], 22)
>>> print(lines_to_string(lines, None, False), end="")
┏━━━━━━━━━━┳━━━━━━━━━┓
┃ Layer    ┃  Params ┃
┡━━━━━━━━━━╇━━━━━━━━━┩
│ dense    │      10 │
└──────────┴─────────┘
"""

from __future__ import annotations

import dataclasses
import math
import os
import sys

from kerax.support.styled_text import BOLD, Line, StyledText, wrap
from kerax.support.terminal import (
    Style,
    ansi_codes,
    cell_len,
    console_width,
    set_cell_size,
    sgr,
    stdout_is_terminal,
    terminal_color_system,
)


# --------------------------------------------------------------------------
# The table (rich's fixed-width Table, HEAVY_HEAD box, show_lines=True).
# --------------------------------------------------------------------------
def _ratio_reduce(total: int, ratios: list[int], maximums: list[int],
                  values: list[int]) -> list[int]:
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios,
                                                               maximums)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return list(values)
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _ratio_distribute(total: int, ratios: list[int]) -> list[int]:
    total_ratio = sum(ratios)
    remaining = total
    result = []
    for ratio in ratios:
        if total_ratio > 0:
            distributed = max(0, math.ceil(ratio * remaining / total_ratio))
        else:
            distributed = remaining
        result.append(distributed)
        total_ratio -= ratio
        remaining -= distributed
    return result


def _table_widths(column_widths: list[int], table_width: int) -> list[int]:
    """Rendered widths (padding included) of fixed-width columns."""
    count = len(column_widths)
    max_width = table_width - (count + 1)

    def measure(width: int, limit: int) -> int:
        if limit < 1:
            return 0
        return min(width + 2, limit)

    widths = [measure(w, max_width) or 1 for w in column_widths]
    table_width = sum(widths)
    if table_width > max_width:
        widths = _ratio_reduce(table_width - max_width, [1] * count, widths,
                               widths)
        table_width = sum(widths)
        widths = [measure(w, limit) for w, limit in zip(column_widths, widths)]
    if table_width < max_width:
        # A table with a fixed width expands to it.
        widths = [w + extra for w, extra in
                  zip(widths, _ratio_distribute(max_width - table_width,
                                                widths))]
    return widths


def _cell_lines(text: StyledText, width: int, justify: str,
                base: Style) -> list[Line]:
    """A cell's lines (lists of segments) at its full `width`."""
    inner = width - 2
    lines: list[Line] = []
    if inner < 1:  # rich renders nothing; the row's blank filler shows
        return lines
    for line in wrap(text, inner, justify, "ellipsis"):
        lines.append(
            [(" ", base)] + line.segments(base) + [(" ", base)]
        )
    return lines


def render_table(
    headers: list[StyledText],
    justifies: list[str],
    rows: list[list[StyledText]],
    column_widths: list[int],
    table_width: int,
) -> list[Line]:
    """The lines of a table `table_width` cells wide: a bold header row,
    then `rows` with a rule between each two. `column_widths` are the
    columns' content widths before rich fits them to the table; each
    column's cells are justified as `justifies` says.

    >>> lines = render_table([StyledText("n")], ["right"],
    ...                      [[StyledText("7")]], [3], 7)
    >>> [line[0][0] for line in lines[:2]]
    ['┏━━━━━┓', '┃']
    """
    widths = _table_widths(column_widths, table_width)
    out: list[Line] = []

    def rule(left: str, fill: str, middle: str, right: str) -> None:
        out.append([(left + middle.join(fill * w for w in widths) + right,
                     None)])

    def row_lines(cells: list[StyledText], edge: str, header: bool) -> None:
        rendered = [
            _cell_lines(cell, width, justify, BOLD if header else None)
            for cell, width, justify in zip(cells, widths, justifies)
        ]
        height = max(len(cell) for cell in rendered)
        for cell, width in zip(rendered, widths):
            blank = [(" " * width, BOLD if header else None)]
            missing = height - len(cell)
            if header:
                cell[:0] = [list(blank) for _ in range(missing)]
            else:
                cell.extend(list(blank) for _ in range(missing))
        for index in range(height):
            line: Line = [(edge, None)]
            for number, cell in enumerate(rendered):
                if number:
                    line.append((edge, None))
                line.extend(cell[index])
            line.append((edge, None))
            out.append(line)

    rule("┏", "━", "┳", "┓")
    row_lines(headers, "┃", True)
    rule("┡", "━", "╇", "┩")
    for index, row in enumerate(rows):
        if index:
            rule("├", "─", "┼", "┤")
        row_lines(row, "│", False)
    rule("└", "─", "┴", "┘")
    return out


def crop_line(line: Line, width: int) -> Line:
    """`line` cut (or its last kept run padded) to `width` cells.

    >>> crop_line([("abc", None), ("de", None)], 4)
    [('abc', None), ('d', None)]
    """
    out, length = [], 0
    for text, style in line:
        size = cell_len(text)
        if length + size < width:
            out.append((text, style))
            length += size
        else:
            out.append((set_cell_size(text, width - length), style))
            break
    return out


def lines_to_string(lines: list[Line], color_system: str | None,
                    no_color: bool) -> str:
    """`lines` joined with newlines; styled runs get ANSI sequences when
    `color_system` is not `None`.

    >>> lines_to_string([[("a", BOLD), ("b", None)]], "256", False)
    '\\x1b[1ma\\x1b[0mb\\n'
    """
    chunks = []
    for line in lines:
        for text, style in line:
            if style is None or color_system is None or not text:
                chunks.append(text)
                continue
            codes = ansi_codes(style, color_system, no_color)
            chunks.append(sgr(text, codes) if codes else text)
        chunks.append("\n")
    return "".join(chunks)


# --------------------------------------------------------------------------
# Where the lines go.
# --------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Console:
    """The width and colors of the output: stdout (styled when it is a
    terminal) or a capture (plain, e.g. a `print_fn`).

    >>> console = Console.detect(to_stdout=False)
    >>> lines = console.paragraph(StyledText("Total: 3", [BOLD] * 8))
    >>> console.render(lines)
    'Total: 3\\n'
    """

    width: int
    color_system: str | None = None
    no_color: bool = False

    @classmethod
    def detect(cls, to_stdout: bool) -> Console:
        """The console rich would use for stdout, or for a capture."""
        if not to_stdout:
            return cls(console_width(False))
        is_terminal = stdout_is_terminal(sys.stdout)
        return cls(
            console_width(is_terminal),
            terminal_color_system(is_terminal),
            os.environ.get("NO_COLOR", "") != "",
        )

    def paragraph(self, text: StyledText) -> list[Line]:
        """`text` word-wrapped (long words folded) to the console width."""
        return [line.segments() for line in
                wrap(text, self.width, "default", "fold")]

    def render(self, lines: list[Line]) -> str:
        """`lines` cropped to the console width, as one string."""
        lines = [crop_line(line, self.width) for line in lines]
        return lines_to_string(lines, self.color_system, self.no_color)
