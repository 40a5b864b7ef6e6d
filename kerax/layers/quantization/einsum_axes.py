"""Axis bookkeeping for quantizing an EinsumDense: which input and kernel
axes a scale reduces, and how a reduced scale is laid out so that it
broadcasts against the einsum's output (the layout Keras saves).

>>> info = quantization_axes("ab,bc->ac", 2)
>>> info.input_reduced, info.kernel_reduced, info.kernel_transpose
([1], [0], [0, 1])
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass


@dataclass
class QuantizationAxes:
    input_reduced: list
    kernel_reduced: list
    input_transpose: list
    kernel_transpose: list
    input_expand: list
    kernel_expand: list
    input_squeeze: list
    kernel_squeeze: list
    gradient_equation: str


def _full_specs(equation: str, input_rank: int):
    """Input, kernel and output letters with any `...` spelled out."""
    dotted = re.sub(r"\.\.\.", "0", equation)
    left = re.fullmatch(r"0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", dotted)
    right = re.fullmatch(r"([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0",
                         dotted)
    plain = re.match(r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", dotted)
    match = plain or left or right
    if match is None:
        raise ValueError(
            f"Invalid einsum equation '{equation}': expected [X],[Y]->[Z], "
            "...[X],[Y]->...[Z] or [X]...,[Y]->[Z]....")
    x, w, y = match.groups()
    if match is plain:
        return x, w, y
    free = sorted(set(string.ascii_letters) - set(x) - set(w) - set(y))
    extra = "".join(free[:input_rank - len(x)])
    if match is left:  # Keras prepends the letters one at a time.
        return extra[::-1] + x, w, extra[::-1] + y
    return x + extra, w, y + extra


def quantization_axes(equation: str, input_rank: int) -> QuantizationAxes:
    """The per-axis quantization layout of `equation` (Keras's, including
    how a reduced axis without a free output slot is placed)."""
    x, w, y = _full_specs(equation, input_rank)
    input_reduced = [i for i, c in enumerate(x) if c not in y]
    kernel_reduced = [i for i, c in enumerate(w) if c not in y]
    input_expand = [i for i, c in enumerate(y) if c not in x]
    kernel_expand = [i for i, c in enumerate(y) if c not in w]
    input_transpose = [x.index(c) for c in y if c in x]
    kernel_transpose = [w.index(c) for c in y if c in w]
    # A reduced axis takes the next output slot no operand fills; when none
    # is left it is squeezed and reuses the previous slot. The first
    # fallback slot is the position in the output of the kernel's last
    # letter (-1 when absent), as in Keras.
    slot = y.find(w[-1])
    input_squeeze, kernel_squeeze = [], []
    for reduced, expand, transpose, squeeze in (
        (input_reduced, input_expand, input_transpose, input_squeeze),
        (kernel_reduced, kernel_expand, kernel_transpose, kernel_squeeze),
    ):
        for axis in reduced:
            if expand:
                slot = expand.pop(0)
            else:
                squeeze.append(axis)
            transpose.insert(slot, axis)
    return QuantizationAxes(
        input_reduced, kernel_reduced, input_transpose, kernel_transpose,
        input_expand, kernel_expand, input_squeeze, kernel_squeeze,
        f"{y},{w}->{x}")
