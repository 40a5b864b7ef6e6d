"""Styled text (a string with one style per character) and rich's word
wrapping of it, for kerax's terminal tables.

>>> text = StyledText.of("Model: ", ("m", BOLD))
>>> [line.plain for line in wrap(text, 4, "default", "fold")]
['Mode', 'l: m']
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from kerax.support.terminal import (
    Style,
    cell_len,
    chop_cells,
    combine_styles,
    set_cell_size,
)

BOLD: Style = (True, None)

# A rendered line: runs of `(text, style)`.
Segment = tuple[str, Style]
Line = list[Segment]


# --------------------------------------------------------------------------
# Styled text: a string and one style per character.
# --------------------------------------------------------------------------
class StyledText:
    """A string with one style per character.

    >>> text = StyledText.of("a", ("b", BOLD))
    >>> text.segments()
    [('a', None), ('b', (True, None))]
    """

    __slots__ = ("plain", "styles")

    def __init__(self, plain: str = "",
                 styles: Iterable[Style] | None = None) -> None:
        self.plain = plain
        self.styles: list[Style] = list(
            styles) if styles is not None else [None] * len(plain)

    @classmethod
    def of(cls, *parts: str | tuple[str, Style]) -> StyledText:
        """`StyledText.of("a", ("b", style), ...)`."""
        text = cls()
        for part in parts:
            if isinstance(part, str):
                text.append(part)
            else:
                text.append(*part)
        return text

    def append(self, string: str, style: Style = None) -> StyledText:
        self.plain += string
        self.styles.extend([style] * len(string))
        return self

    def extend(self, other: StyledText) -> StyledText:
        self.plain += other.plain
        self.styles.extend(other.styles)
        return self

    def copy(self) -> StyledText:
        return StyledText(self.plain, self.styles)

    def slice(self, start: int | None, end: int | None) -> StyledText:
        return StyledText(self.plain[start:end], self.styles[start:end])

    def crop_to(self, length: int) -> None:
        self.plain = self.plain[:length]
        del self.styles[length:]

    def rstrip(self) -> None:
        self.crop_to(len(self.plain.rstrip()))

    def rstrip_end(self, size: int) -> None:
        excess = len(self.plain) - size
        if excess > 0:
            match = re.search(r"\s+$", self.plain)
            if match is not None:
                self.crop_to(len(self.plain) - min(len(match.group(0)), excess))

    def pad_left(self, count: int) -> None:
        if count > 0:
            self.plain = " " * count + self.plain
            self.styles[:0] = [None] * count

    def pad_right(self, count: int) -> None:
        if count > 0:
            self.append(" " * count)

    def truncate(self, width: int, overflow: str, pad: bool = False) -> None:
        length = cell_len(self.plain)
        if length > width:
            if overflow == "ellipsis":
                new = set_cell_size(self.plain, width - 1) + "…"
            else:
                new = set_cell_size(self.plain, width)
            styles = self.styles[: len(new)]
            styles.extend([None] * (len(new) - len(styles)))
            self.plain, self.styles = new, styles
        if pad and length < width:
            self.pad_right(width - length)

    def segments(self, base: Style = None) -> Line:
        """Runs of equally styled characters as `(text, style)` pairs."""
        runs: Line = []
        start = 0
        for i in range(1, len(self.plain) + 1):
            if i == len(self.plain) or self.styles[i] != self.styles[start]:
                style = combine_styles(base, self.styles[start])
                runs.append((self.plain[start:i], style))
                start = i
        return runs


_WORD = re.compile(r"\s*\S+\s*")


def _divide_line(text: str, width: int, fold: bool) -> list[int]:
    """Offsets at which rich's word wrap breaks `text` for `width` cells."""
    breaks: list[int] = []
    offset = 0
    position = 0
    match = _WORD.match(text, position)
    while match is not None:
        start, end = match.span()
        word = match.group(0)
        word_length = cell_len(word.rstrip())
        if width - offset >= word_length:
            offset += cell_len(word)
        elif word_length > width:
            if fold:
                pieces = chop_cells(word, width)
                for index, piece in enumerate(pieces):
                    if start:
                        breaks.append(start)
                    if index == len(pieces) - 1:
                        offset = cell_len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = cell_len(word)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
        match = _WORD.match(text, end)
    return breaks


def wrap(text: StyledText, width: int, justify: str,
         overflow: str) -> list[StyledText]:
    """Word-wraps a `StyledText` to `width` cells as rich does (`justify`:
    "default", "left", "center" or "right"; `overflow`: "fold" or
    "ellipsis"); returns one `StyledText` per line.

    >>> [line.plain for line in wrap(StyledText("ab cd"), 3, "left", "fold")]
    ['ab ', 'cd ']
    """
    lines: list[StyledText] = []
    source_lines: list[StyledText] = []
    start = 0
    for index, char in enumerate(text.plain):
        if char == "\n":
            source_lines.append(text.slice(start, index))
            start = index + 1
    source_lines.append(text.slice(start, len(text.plain)))
    for line in source_lines:
        offsets = _divide_line(line.plain, width, overflow == "fold")
        bounds = [0] + offsets + [len(line.plain)]
        pieces = [line.slice(a, b) for a, b in itertools.pairwise(bounds)]
        for piece in pieces:
            piece.rstrip_end(width)
        for piece in pieces:
            if justify == "left":
                piece.truncate(width, overflow, pad=True)
            elif justify == "center":
                piece.rstrip()
                piece.truncate(width, overflow)
                piece.pad_left((width - cell_len(piece.plain)) // 2)
                piece.pad_right(width - cell_len(piece.plain))
            elif justify == "right":
                piece.rstrip()
                piece.truncate(width, overflow)
                piece.pad_left(width - cell_len(piece.plain))
            piece.truncate(width, overflow)
        lines.extend(pieces)
    return lines
