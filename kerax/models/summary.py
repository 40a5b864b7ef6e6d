"""`print_summary`: Keras 3's `model.summary()` table, rendered without rich.

Keras draws the summary with `rich`; kerax reproduces the same bytes. This
module walks the model into rows (layer and class, output shape, parameter
count, connections, trainable flag) and the totals below them;
`kerax.support.text_table` renders them as rich would (column widths, word
wrapping, `…` truncation, the heavy-head box, cropping to the console width
and, on a terminal, the ANSI styles).

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

import math
import re
import shutil
import sys

from kerax.graph.topology import node_depths
from kerax.support.styled_text import BOLD, StyledText
from kerax.support.text_table import Console, render_table

# Keras's styles: (bold, xterm 256-color number or None).
_NUMBER = (False, 34)
_NONE = (False, 45)
_SYMBOL = (False, 33)
_YES = (True, 34)
_NO = (True, 9)

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

    node_depth = node_depths(ordered)[0]
    by_depth = {}
    for node in ordered:
        by_depth.setdefault(node_depth[id(node)], []).append(node)
    return [by_depth[d] for d in sorted(by_depth, reverse=True)]


def _is_functional(model):
    return hasattr(model, "_functional_nodes") and hasattr(
        model, "_operations"
    )


def _format_shape(shape):
    text = StyledText("(")
    for index, dim in enumerate(shape):
        if index:
            text.append(", ")
        text.append(str(dim), _NONE if dim is None else _NUMBER)
    return text.append(")")


def _layer_shape(layer):
    nodes = layer._inbound_nodes
    build_shapes = getattr(layer, "_build_shapes_dict", None)
    if not nodes and not build_shapes:
        return StyledText("?")
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
            return StyledText("?")
        shapes = _shape_leaves(outputs)
        if output_shape is not None or _is_shape(outputs):
            shapes = [_format_shape(outputs)]
        else:
            shapes = [_format_shape(s) for s in shapes]
    if len(shapes) == 1:
        return shapes[0]
    text = StyledText("[")
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
        return StyledText.of(("0", _NUMBER))
    if not layer.built:
        return StyledText.of(("0", _NUMBER), " (unbuilt)")
    return StyledText.of((f"{layer.count_params():,}", _NUMBER))


def _connections(layer, relevant):
    text = StyledText()
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
    return text if text.plain else StyledText("-")


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
        name = StyledText(f"{prefix}{layer.name}").append(" (")
        name.append(_class_name(layer), _SYMBOL).append(")")
        fields = [name, _layer_shape(layer), _params(layer)]
        if not sequential_like:
            fields.append(_connections(layer, relevant))
        if show_trainable:
            if hasattr(layer, "weights") and len(layer.weights) > 0:
                fields.append(
                    StyledText("Y", [_YES]) if layer.trainable
                    else StyledText("N", [_NO])
                )
            else:
                fields.append(StyledText("-", [BOLD]))
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
        return StyledText.of(
            (f" {label}: ", BOLD), (f"{count:,}", _NUMBER),
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

    stream = sys.stdout if print_fn is None else None
    console = Console.detect(to_stdout=print_fn is None)
    title = f'Model: "{model.name}"'
    lines = console.paragraph(StyledText(title, [BOLD] * len(title)))
    lines += render_table(
        [StyledText(h) for h in headers], justifies, rows,
        [column_widths[i] for i in range(len(headers))], line_length,
    )
    for text in texts_after:
        lines += console.paragraph(text)
    output = console.render(lines)
    if print_fn is not None:
        print_fn(output)
    else:
        stream.write(output)
        stream.flush()
