"""`print_summary`: Keras 3's `model.summary()` table, rendered without rich.

Keras draws the summary with `rich`; kerax reproduces the same bytes with a
small renderer of its own: the column widths rich computes for a fixed-width
table, its word wrapping and `…` truncation, the heavy-head box, the cropping
of lines to the console width, and (on a terminal) the ANSI styles.

>>> import kerax
>>> model = kerax.Sequential([kerax.Input((4,)),
...                           kerax.layers.Dense(2, name="d")], name="m")
>>> lines = []
>>> model.summary(print_fn=lines.append, line_length=40)
>>> print(lines[0], end="")
Model: "m"
┏━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━┓
┃                 ┃ Output     ┃ Param ┃
┃ Layer (type)    ┃ Shape      ┃     # ┃
┡━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━┩
│ d (Dense)       │ (None, 2)  │    10 │
└─────────────────┴────────────┴───────┘
 Total params: 10 (40.00 B)
 Trainable params: 10 (40.00 B)
 Non-trainable params: 0 (0.00 B)
"""

from __future__ import annotations

import itertools
import math
import os
import re
import shutil
import sys
import unicodedata

# --------------------------------------------------------------------------
# Styles. A style is None (plain) or a tuple (bold, color) where color is an
# xterm 256-color number or None. Keras uses four colors.
# --------------------------------------------------------------------------
_NUMBER = (False, 34)
_NONE = (False, 45)
_SYMBOL = (False, 33)
_BOLD = (True, None)
_YES = (True, 34)
_NO = (True, 9)

# Nearest 16-color codes rich picks for Keras's colors on a "standard" tty.
_STANDARD_CODES = {9: "91", 33: "94", 34: "32", 45: "96"}


def _combine(base, style):
    if base is None:
        return style
    if style is None:
        return base
    return (base[0] or style[0], style[1] if style[1] is not None else base[1])


def _ansi_codes(style, color_system, no_color):
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
def _char_width(char):
    if unicodedata.combining(char) or char in "\u200b\u200d":
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 1


def _cell_len(text):
    if text.isascii():
        return len(text)
    return sum(_char_width(c) for c in text)


def _set_cell_size(text, total):
    """Crops or pads `text` to exactly `total` cells."""
    size = _cell_len(text)
    if size == total:
        return text
    if size < total:
        return text + " " * (total - size)
    out, width = [], 0
    for char in text:
        char_width = _char_width(char)
        if width + char_width > total:
            break
        out.append(char)
        width += char_width
    return "".join(out) + " " * (total - width)


def _chop_cells(text, width):
    """Splits `text` into pieces of at most `width` cells."""
    pieces, current, current_width = [], [], 0
    for char in text:
        char_width = _char_width(char)
        if current and current_width + char_width > width:
            pieces.append("".join(current))
            current, current_width = [], 0
        current.append(char)
        current_width += char_width
    pieces.append("".join(current))
    return pieces


# --------------------------------------------------------------------------
# Styled text: a string and one style per character.
# --------------------------------------------------------------------------
class _Text:
    __slots__ = ("plain", "styles")

    def __init__(self, plain="", styles=None):
        self.plain = plain
        self.styles = list(styles) if styles is not None else [None] * len(
            plain
        )

    @classmethod
    def of(cls, *parts):
        """`_Text.of("a", ("b", style), ...)`."""
        text = cls()
        for part in parts:
            if isinstance(part, str):
                text.append(part)
            else:
                text.append(*part)
        return text

    def append(self, string, style=None):
        self.plain += string
        self.styles.extend([style] * len(string))
        return self

    def extend(self, other):
        self.plain += other.plain
        self.styles.extend(other.styles)
        return self

    def copy(self):
        return _Text(self.plain, self.styles)

    def slice(self, start, end):
        return _Text(self.plain[start:end], self.styles[start:end])

    def crop_to(self, length):
        self.plain = self.plain[:length]
        del self.styles[length:]

    def rstrip(self):
        self.crop_to(len(self.plain.rstrip()))

    def rstrip_end(self, size):
        excess = len(self.plain) - size
        if excess > 0:
            match = re.search(r"\s+$", self.plain)
            if match is not None:
                self.crop_to(len(self.plain) - min(len(match.group(0)), excess))

    def pad_left(self, count):
        if count > 0:
            self.plain = " " * count + self.plain
            self.styles[:0] = [None] * count

    def pad_right(self, count):
        if count > 0:
            self.append(" " * count)

    def truncate(self, width, overflow, pad=False):
        length = _cell_len(self.plain)
        if length > width:
            if overflow == "ellipsis":
                new = _set_cell_size(self.plain, width - 1) + "…"
            else:
                new = _set_cell_size(self.plain, width)
            styles = self.styles[: len(new)]
            styles.extend([None] * (len(new) - len(styles)))
            self.plain, self.styles = new, styles
        if pad and length < width:
            self.pad_right(width - length)

    def segments(self, base=None):
        """Runs of equally styled characters as `(text, style)` pairs."""
        runs = []
        start = 0
        for i in range(1, len(self.plain) + 1):
            if i == len(self.plain) or self.styles[i] != self.styles[start]:
                runs.append(
                    (self.plain[start:i], _combine(base, self.styles[start]))
                )
                start = i
        return runs


_WORD = re.compile(r"\s*\S+\s*")


def _divide_line(text, width, fold):
    """Offsets at which rich's word wrap breaks `text` for `width` cells."""
    breaks = []
    offset = 0
    position = 0
    match = _WORD.match(text, position)
    while match is not None:
        start, end = match.span()
        word = match.group(0)
        word_length = _cell_len(word.rstrip())
        if width - offset >= word_length:
            offset += _cell_len(word)
        elif word_length > width:
            if fold:
                pieces = _chop_cells(word, width)
                for index, piece in enumerate(pieces):
                    if start:
                        breaks.append(start)
                    if index == len(pieces) - 1:
                        offset = _cell_len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = _cell_len(word)
        elif offset and start:
            breaks.append(start)
            offset = _cell_len(word)
        match = _WORD.match(text, end)
    return breaks


def _wrap(text, width, justify, overflow):
    """Word-wraps a `_Text` as rich does; returns a list of `_Text` lines."""
    lines = []
    source_lines, start = [], 0
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
                piece.pad_left((width - _cell_len(piece.plain)) // 2)
                piece.pad_right(width - _cell_len(piece.plain))
            elif justify == "right":
                piece.rstrip()
                piece.truncate(width, overflow)
                piece.pad_left(width - _cell_len(piece.plain))
            piece.truncate(width, overflow)
        lines.extend(pieces)
    return lines


# --------------------------------------------------------------------------
# The table (rich's fixed-width Table, HEAVY_HEAD box, show_lines=True).
# --------------------------------------------------------------------------
def _ratio_reduce(total, ratios, maximums, values):
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


def _ratio_distribute(total, ratios):
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


def _table_widths(column_widths, table_width):
    """Rendered widths (padding included) of fixed-width columns."""
    count = len(column_widths)
    max_width = table_width - (count + 1)

    def measure(width, limit):
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


def _cell_lines(text, width, justify, base):
    """A cell's lines (lists of segments) at its full `width`."""
    inner = width - 2
    lines = []
    if inner < 1:  # rich renders nothing; the row's blank filler shows
        return lines
    for line in _wrap(text, inner, justify, "ellipsis"):
        lines.append(
            [(" ", base)] + line.segments(base) + [(" ", base)]
        )
    return lines


def _render_table(headers, justifies, rows, column_widths, table_width):
    widths = _table_widths(column_widths, table_width)
    out = []

    def rule(left, fill, middle, right):
        out.append([(left + middle.join(fill * w for w in widths) + right,
                     None)])

    def row_lines(cells, edge, header):
        rendered = [
            _cell_lines(cell, width, justify, _BOLD if header else None)
            for cell, width, justify in zip(cells, widths, justifies)
        ]
        height = max(len(cell) for cell in rendered)
        for cell, width in zip(rendered, widths):
            blank = [(" " * width, _BOLD if header else None)]
            missing = height - len(cell)
            if header:
                cell[:0] = [list(blank) for _ in range(missing)]
            else:
                cell.extend(list(blank) for _ in range(missing))
        for index in range(height):
            line = [(edge, None)]
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


# --------------------------------------------------------------------------
# The console (what rich's Console would do with stdout or a capture).
# --------------------------------------------------------------------------
def _in_jupyter():
    ipython = sys.modules.get("IPython")
    get_ipython = getattr(ipython, "get_ipython", None)
    shell = get_ipython() if get_ipython is not None else None
    if shell is None:
        return False
    name = shell.__class__.__name__
    return name == "ZMQInteractiveShell" or (
        name == "Shell" and "google.colab" in str(shell.__class__)
    )


def _console_width(is_terminal):
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


def _stdout_is_terminal(stream):
    if _in_jupyter():
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


def _color_system(is_terminal):
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


def _crop(line, width):
    out, length = [], 0
    for text, style in line:
        size = _cell_len(text)
        if length + size < width:
            out.append((text, style))
            length += size
        else:
            out.append((_set_cell_size(text, width - length), style))
            break
    return out


def _to_string(lines, color_system, no_color):
    chunks = []
    for line in lines:
        for text, style in line:
            if style is None or color_system is None or not text:
                chunks.append(text)
                continue
            codes = _ansi_codes(style, color_system, no_color)
            chunks.append(f"\x1b[{codes}m{text}\x1b[0m" if codes else text)
        chunks.append("\n")
    return "".join(chunks)


# --------------------------------------------------------------------------
# Model facts.
# --------------------------------------------------------------------------
_DTYPE_BITS = {
    **{f"float{i}": i for i in (16, 32, 64)},
    **{f"int{i}": i for i in (8, 16, 32, 64)},
    **{f"uint{i}": i for i in (8, 16, 32, 64)},
    "bfloat16": 16,
    "bool": 1,
}


def _dtype_bits(dtype):
    from kerax.core.dtypes import standardize_dtype

    name = standardize_dtype(dtype)
    if name not in _DTYPE_BITS:
        raise ValueError(f"Invalid dtype: {name}")
    return _DTYPE_BITS[name]


def _count(weights):
    return int(sum(math.prod(tuple(w.shape)) for w in weights))


def _memory_bits(weights):
    unique = {id(w): w for w in weights}.values()
    total = sum(math.prod(tuple(w.shape)) * _dtype_bits(w.dtype)
                for w in unique)
    return total / 8


def _readable_size(size):
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def _graph_nodes(model):
    """Keras's `_nodes_by_depth` of a functional model (lists by depth)."""
    finished, ordered = set(), []

    def node_of(tensor):
        operation, node_index, _ = tensor._keras_history
        return operation._inbound_nodes[node_index]

    def visit(node):
        if id(node) in finished:
            return
        finished.add(id(node))
        for tensor in node.input_tensors:
            if tensor._keras_history is not None:
                visit(node_of(tensor))
        ordered.append(node)

    for tensor in model._graph_outputs:
        visit(node_of(tensor))
    for tensor in model._graph_inputs:
        visit(node_of(tensor))

    node_depth, operation_depth = {}, {}
    for node in reversed(ordered):
        depth = node_depth.setdefault(id(node), 0)
        depth = max(depth, operation_depth.get(id(node.operation), 0))
        operation_depth[id(node.operation)] = depth
        node_depth[id(node)] = depth
        for parent in node.parent_nodes:
            node_depth[id(parent)] = max(depth + 1,
                                         node_depth.get(id(parent), 0))
    by_depth = {}
    for node in ordered:
        by_depth.setdefault(node_depth[id(node)], []).append(node)
    return [by_depth[d] for d in sorted(by_depth, reverse=True)]


def _is_functional(model):
    return hasattr(model, "_functional_nodes") and hasattr(
        model, "_operations"
    )


def _format_shape(shape):
    text = _Text("(")
    for index, dim in enumerate(shape):
        if index:
            text.append(", ")
        text.append(str(dim), _NONE if dim is None else _NUMBER)
    return text.append(")")


def _layer_shape(layer):
    nodes = layer._inbound_nodes
    build_shapes = getattr(layer, "_build_shapes_dict", None)
    if not nodes and not build_shapes:
        return _Text("?")
    if nodes:
        shapes = [_format_shape(t.shape) for t in nodes[-1].output_tensors]
    else:
        try:
            try:
                output_shape = layer.output_shape
            except AttributeError:
                output_shape = None
                outputs = layer.compute_output_shape(**build_shapes)
            else:
                outputs = output_shape
        except NotImplementedError:
            return _Text("?")
        shapes = _shape_leaves(outputs)
        if output_shape is not None or _is_shape(outputs):
            shapes = [_format_shape(outputs)]
        else:
            shapes = [_format_shape(s) for s in shapes]
    if len(shapes) == 1:
        return shapes[0]
    text = _Text("[")
    for index, shape in enumerate(shapes):
        if index:
            text.append(", ")
        text.extend(shape)
    return text.append("]")


def _is_shape(value):
    return isinstance(value, (tuple, list)) and all(
        d is None or isinstance(d, int) for d in value
    )


def _shape_leaves(value):
    if _is_shape(value):
        return [tuple(value)]
    if isinstance(value, dict):
        value = list(value.values())
    leaves = []
    for item in value:
        leaves.extend(_shape_leaves(item))
    return leaves


def _class_name(layer):
    """The class Keras would show: ops recorded as OpLayers show the op's
    class (`ops.add` -> `Add`, `x[...]` -> `GetItem`)."""
    from kerax.layers.core.op_layer import OpLayer

    if not isinstance(layer, OpLayer):
        return layer.__class__.__name__
    base = getattr(layer.fn, "__name__", "")
    if not base.isidentifier():
        base = re.sub(r"_\d+$", "", layer.name)
    return "".join(part[:1].upper() + part[1:] for part in base.split("_"))


def _params(layer):
    if not hasattr(layer, "built"):
        return _Text.of(("0", _NUMBER))
    if not layer.built:
        return _Text.of(("0", _NUMBER), " (unbuilt)")
    return _Text.of((f"{layer.count_params():,}", _NUMBER))


def _connections(layer, relevant):
    text = _Text()
    for node in layer._inbound_nodes:
        if relevant and id(node) not in relevant:
            continue
        for tensor in node.input_tensors:
            operation, node_index, tensor_index = tensor._keras_history
            if text.plain:
                text.append(", ")
            text.append(f"{operation.name}[")
            text.append(str(node_index), _NUMBER)
            text.append("][")
            text.append(str(tensor_index), _NUMBER)
            text.append("]")
    return text if text.plain else _Text("-")


def _layer_range(layers, layer_range):
    if layer_range is None:
        return 0, len(layers)
    if len(layer_range) != 2:
        raise ValueError(
            "layer_range must be a list or tuple of length 2. Received: "
            f"layer_range = {layer_range} of length {len(layer_range)}"
        )
    if not isinstance(layer_range[0], str) or not isinstance(
        layer_range[1], str
    ):
        raise ValueError(
            f"layer_range should contain string type only. Received: "
            f"{layer_range}"
        )
    lower = [i for i, layer in enumerate(layers)
             if re.match(layer_range[0], layer.name)]
    upper = [i for i, layer in enumerate(layers)
             if re.match(layer_range[1], layer.name)]
    if not lower or not upper:
        raise ValueError(
            "Passed layer_names do not match the layer names in the model. "
            f"Received: {layer_range}"
        )
    if min(lower) > max(upper):
        return min(upper), max(lower) + 1
    return min(lower), max(upper) + 1


def print_summary(
    model,
    line_length=None,
    positions=None,
    print_fn=None,
    expand_nested=False,
    show_trainable=False,
    layer_range=None,
):
    """Prints Keras 3's summary table of `model`.

    Args:
        model: a kerax model.
        line_length: total width of the table (default 88, or 108 for a
            non-sequential graph, +12 with `show_trainable`, at most the
            terminal width minus 4).
        positions: relative right edges of the columns (fractions of
            `line_length`).
        print_fn: called once with the whole summary as one string (no
            styles); default: write to stdout (with ANSI styles when stdout
            is a terminal).
        expand_nested: also list the layers of nested models, indented.
        show_trainable: add a "Trainable" column.
        layer_range: `[first, last]` layer names (regexes), inclusive.
    """
    relevant = set()
    if _is_functional(model):
        layers = list(model._operations)
        depth_nodes = _graph_nodes(model)
        sequential_like = True
        seen = []
        for group in depth_nodes:
            if len(group) > 1 or (
                len(group) == 1 and len(group[0].input_tensors) > 1
            ):
                sequential_like = False
                break
            seen += group
        if sequential_like:
            seen_ids = {id(node) for node in seen}
            for layer in model.layers:
                found = sum(1 for node in layer._inbound_nodes
                            if id(node) in seen_ids)
                if found > 1:
                    sequential_like = False
                    break
        if not sequential_like:
            relevant = {id(node) for group in depth_nodes for node in group}
    else:
        layers = list(model.layers)
        sequential_like = True

    if sequential_like:
        default_line_length = 88
        positions = positions or [0.45, 0.80, 1.0]
        headers = ["Layer (type)", "Output Shape", "Param #"]
        justifies = ["left", "left", "right"]
    else:
        default_line_length = 108
        positions = positions or [0.3, 0.56, 0.74, 1.0]
        headers = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        justifies = ["left", "left", "right", "left"]
    if show_trainable:
        default_line_length += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        headers.append("Trainable")
        justifies.append("center")

    default_line_length = min(
        default_line_length, shutil.get_terminal_size().columns - 4
    )
    line_length = line_length or default_line_length
    column_widths, current = [], 0
    for position in positions:
        width = int(position * line_length) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        column_widths.append(width)
        current += width

    def layer_fields(layer, prefix):
        name = _Text(f"{prefix}{layer.name}").append(" (")
        name.append(_class_name(layer), _SYMBOL).append(")")
        fields = [name, _layer_shape(layer), _params(layer)]
        if not sequential_like:
            fields.append(_connections(layer, relevant))
        if show_trainable:
            if hasattr(layer, "weights") and len(layer.weights) > 0:
                fields.append(
                    _Text("Y", [_YES]) if layer.trainable
                    else _Text("N", [_NO])
                )
            else:
                fields.append(_Text("-", [_BOLD]))
        return fields

    def layer_rows(layer, level=0):
        prefix = "   " * level + "└ " if level else ""
        rows = [layer_fields(layer, prefix)]
        nested = getattr(layer, "layers", None) if expand_nested else None
        if nested:
            for sublayer in nested:
                rows.extend(layer_rows(sublayer, level + 1))
        return rows

    start, end = _layer_range(layers, layer_range)
    rows = []
    for layer in layers[start:end]:
        rows.extend(layer_rows(layer))

    trainable = model.trainable_weights
    non_trainable = model.non_trainable_weights
    trainable_count, trainable_size = _count(trainable), _memory_bits(
        trainable)
    non_trainable_count = _count(non_trainable)
    non_trainable_size = _memory_bits(non_trainable)
    optimizer = getattr(model, "optimizer", None)
    optimizer_built = bool(
        getattr(model, "compiled", False) and optimizer
        and getattr(optimizer, "built", False)
    )
    if optimizer_built:
        optimizer_count = _count(optimizer.variables)
        optimizer_size = _memory_bits(optimizer.variables)
    else:
        optimizer_count, optimizer_size = 0, 0
    total_count = trainable_count + non_trainable_count + optimizer_count
    total_size = trainable_size + non_trainable_size + optimizer_size

    def totals(label, count, size):
        return _Text.of(
            (f" {label}: ", _BOLD), (f"{count:,}", _NUMBER),
            f" ({_readable_size(size)})",
        )

    texts_after = [
        totals("Total params", total_count, total_size),
        totals("Trainable params", trainable_count, trainable_size),
        totals("Non-trainable params", non_trainable_count,
               non_trainable_size),
    ]
    if optimizer_built:
        texts_after.append(
            totals("Optimizer params", optimizer_count, optimizer_size)
        )

    if print_fn is not None:
        stream = None
        is_terminal = False
        color_system = None
        no_color = False
    else:
        stream = sys.stdout
        is_terminal = _stdout_is_terminal(stream)
        color_system = _color_system(is_terminal)
        no_color = os.environ.get("NO_COLOR", "") != ""
    console_width = _console_width(is_terminal)

    def text_lines(text):
        return [line.segments() for line in
                _wrap(text, console_width, "default", "fold")]

    title = f'Model: "{model.name}"'
    lines = text_lines(_Text(title, [_BOLD] * len(title)))
    lines += _render_table(
        [_Text(h) for h in headers], justifies, rows,
        [column_widths[i] for i in range(len(headers))], line_length,
    )
    for text in texts_after:
        lines += text_lines(text)
    lines = [_crop(line, console_width) for line in lines]
    output = _to_string(lines, color_system, no_color)
    if print_fn is not None:
        print_fn(output)
    else:
        stream.write(output)
        stream.flush()
