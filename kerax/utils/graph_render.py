"""A small layered-graph renderer for `plot_model` without Graphviz.

A `Graph` holds boxes of text lines, the edges between them, and the
cluster (nested model) each box belongs to. `layout` ranks the boxes by
their longest path from a source (a model graph is acyclic), orders each
rank by the mean position of its parents, and places ranks top to bottom
(`rankdir` `"TB"`; `"BT"`, `"LR"`, `"RL"` turn the picture). `to_svg`
and `to_image` (Pillow) draw the result; `to_dot` writes the same graph
as Graphviz DOT text.

>>> g = Graph("net")
>>> g.add_node("a", ["a (InputLayer)"]); g.add_node("b", ["b (Dense)"])
>>> g.add_edge("a", "b")
>>> "<svg" in to_svg(g) and '"a" -> "b"' in to_dot(g)
True
"""

from __future__ import annotations

from xml.sax.saxutils import escape

_FONT_SIZE = 13
_CHAR_WIDTH = 7.8  # monospace advance at _FONT_SIZE, used for SVG boxes
_LINE_HEIGHT = 17
_PAD = 8
_GAP_MAJOR = 44  # between ranks
_GAP_MINOR = 24  # between boxes of a rank
_MARGIN = 20
_CLUSTER_PAD = 12


class Graph:
    """Boxes (`add_node(id, lines, cluster=())`) and edges (`add_edge`),
    in insertion order; `cluster` is the path of nested model names."""

    def __init__(self, name):
        self.name = name
        self.nodes = {}
        self.clusters = {}
        self.edges = []

    def add_node(self, node_id, lines, cluster=()):
        self.nodes[node_id] = list(lines)
        self.clusters[node_id] = tuple(cluster)

    def add_edge(self, source, target):
        if (source, target) not in self.edges:
            self.edges.append((source, target))


def _ranks(graph):
    parents = {n: [] for n in graph.nodes}
    for source, target in graph.edges:
        parents[target].append(source)
    rank = {}

    def visit(node, trail=()):
        if node not in rank:
            if node in trail:
                raise ValueError(f"The graph has a cycle through {node!r}.")
            rank[node] = 1 + max(
                (visit(p, trail + (node,)) for p in parents[node]),
                default=-1)
        return rank[node]

    for node in graph.nodes:
        visit(node)
    return rank, parents


def layout(graph, rankdir="TB", measure=None):
    """`(boxes, size)`: `boxes[id] = (x, y, width, height)` in pixels and
    the canvas `(width, height)`. `measure(text)` gives a line's width."""
    measure = measure or (lambda text: len(text) * _CHAR_WIDTH)
    horizontal = rankdir in ("LR", "RL")
    sizes = {
        n: (max((measure(t) for t in lines), default=0) + 2 * _PAD,
            len(lines) * _LINE_HEIGHT + 2 * _PAD)
        for n, lines in graph.nodes.items()
    }
    rank, parents = _ranks(graph)
    rows = {}
    for node in graph.nodes:
        rows.setdefault(rank[node], []).append(node)
    slot = {}
    for r in sorted(rows):
        members = rows[r]
        order = {n: i for i, n in enumerate(members)}

        def key(node, order=order):
            placed = [slot[p] for p in parents[node] if p in slot]
            return (sum(placed) / len(placed) if placed else order[node],
                    order[node])

        rows[r] = sorted(members, key=key)
        slot.update({node: i for i, node in enumerate(rows[r])})
    # Along a rank: boxes side by side; across ranks: stacked.
    def along(node):
        return sizes[node][1] if horizontal else sizes[node][0]

    def across(node):
        return sizes[node][0] if horizontal else sizes[node][1]

    widths = {r: sum(along(n) for n in ns) + _GAP_MINOR * (len(ns) - 1)
              for r, ns in rows.items()}
    span = max(widths.values(), default=0)
    boxes, offset = {}, _MARGIN
    for r in sorted(rows):
        depth = max(across(n) for n in rows[r])
        position = _MARGIN + (span - widths[r]) / 2
        for node in rows[r]:
            w, h = sizes[node]
            if horizontal:
                boxes[node] = (offset + (depth - w) / 2, position, w, h)
            else:
                boxes[node] = (position, offset + (depth - h) / 2, w, h)
            position += along(node) + _GAP_MINOR
        offset += depth + _GAP_MAJOR
    total = offset - _GAP_MAJOR + _MARGIN
    size = ((total, span + 2 * _MARGIN) if horizontal
            else (span + 2 * _MARGIN, total))
    if rankdir in ("BT", "RL"):
        boxes = {n: _mirror(b, size, horizontal) for n, b in boxes.items()}
    return boxes, (int(size[0]) + 1, int(size[1]) + 1)


def _mirror(box, size, horizontal):
    x, y, w, h = box
    if horizontal:
        return (size[0] - x - w, y, w, h)
    return (x, size[1] - y - h, w, h)


def _anchor(box, toward, rankdir):
    """The middle of the box side that faces `toward` (a box)."""
    x, y, w, h = box
    tx, ty = toward[:2]
    if rankdir in ("LR", "RL"):
        side = x + w if tx > x else x
        return side, y + h / 2
    side = y + h if ty > y else y
    return x + w / 2, side


def cluster_boxes(graph, boxes):
    """`{cluster path: (x, y, w, h)}` around each nested model's boxes."""
    found = {}
    for node, path in graph.clusters.items():
        for depth in range(1, len(path) + 1):
            x, y, w, h = boxes[node]
            key = path[:depth]
            pad = _CLUSTER_PAD * (len(path) - depth + 1)
            x0, y0, x1, y1 = found.get(key, (x - pad, y - pad, x + w + pad,
                                             y + h + pad))
            found[key] = (min(x0, x - pad), min(y0, y - pad),
                          max(x1, x + w + pad), max(y1, y + h + pad))
    return {k: (x0, y0, x1 - x0, y1 - y0)
            for k, (x0, y0, x1, y1) in found.items()}


def _edges(graph, boxes, rankdir):
    for source, target in graph.edges:
        yield (_anchor(boxes[source], boxes[target], rankdir),
               _anchor(boxes[target], boxes[source], rankdir))


def _arrow_head(start, end, length=8.0, width=4.0):
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    norm = max((dx * dx + dy * dy) ** 0.5, 1e-9)
    ux, uy = dx / norm, dy / norm
    bx, by = x1 - ux * length, y1 - uy * length
    return [(x1, y1), (bx - uy * width, by + ux * width),
            (bx + uy * width, by - ux * width)]


def to_svg(graph, rankdir="TB"):
    """The graph drawn as an SVG document (text)."""
    boxes, (width, height) = layout(graph, rankdir)
    out = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
         f'height="{height}" viewBox="0 0 {width} {height}">'),
        f"<title>{escape(graph.name)}</title>",
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    for path, (x, y, w, h) in cluster_boxes(graph, boxes).items():
        out.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
            f'height="{h:.1f}" fill="none" stroke="gray" '
            f'stroke-dasharray="4,3"/>')
        out.append(
            f'<text x="{x + 4:.1f}" y="{y + 11:.1f}" font-size="10" '
            f'font-family="monospace" fill="gray">{escape(path[-1])}</text>')
    for start, end in _edges(graph, boxes, rankdir):
        head = " ".join(f"{px:.1f},{py:.1f}" for px, py in
                        _arrow_head(start, end))
        out.append(
            f'<line x1="{start[0]:.1f}" y1="{start[1]:.1f}" '
            f'x2="{end[0]:.1f}" y2="{end[1]:.1f}" stroke="black"/>')
        out.append(f'<polygon points="{head}" fill="black"/>')
    for node, lines in graph.nodes.items():
        x, y, w, h = boxes[node]
        out.append(
            f'<g id="{escape(node)}"><rect x="{x:.1f}" y="{y:.1f}" '
            f'width="{w:.1f}" height="{h:.1f}" fill="white" '
            f'stroke="black"/>')
        for i, line in enumerate(lines):
            ty = y + _PAD + (i + 0.8) * _LINE_HEIGHT
            out.append(
                f'<text x="{x + w / 2:.1f}" y="{ty:.1f}" '
                f'text-anchor="middle" font-family="monospace" '
                f'font-size="{_FONT_SIZE}">{escape(line)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def to_image(graph, rankdir="TB"):
    """The graph drawn as a Pillow RGB image."""
    from PIL import Image, ImageDraw, ImageFont

    try:
        font = ImageFont.load_default(size=_FONT_SIZE)
    except TypeError:  # Pillow < 10.1: bitmap font only
        font = ImageFont.load_default()

    def measure(text):
        return font.getbbox(text)[2]

    boxes, size = layout(graph, rankdir, measure)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for path, (x, y, w, h) in cluster_boxes(graph, boxes).items():
        draw.rectangle([x, y, x + w, y + h], outline=(150, 150, 150))
        draw.text((x + 4, y + 1), path[-1], fill=(120, 120, 120), font=font)
    for start, end in _edges(graph, boxes, rankdir):
        draw.line([start, end], fill="black", width=1)
        draw.polygon(_arrow_head(start, end), fill="black")
    for node, lines in graph.nodes.items():
        x, y, w, h = boxes[node]
        draw.rectangle([x, y, x + w, y + h], fill="white", outline="black")
        for i, line in enumerate(lines):
            draw.text((x + (w - measure(line)) / 2,
                       y + _PAD + i * _LINE_HEIGHT), line, fill="black",
                      font=font)
    return image


def _quote(text):
    return text.replace("\\", "\\\\").replace('"', '\\"')


def to_dot(graph, rankdir="TB", dpi=96, splines="ortho"):
    """The graph as Graphviz DOT text (nested models as clusters)."""
    lines = [
        f'digraph "{_quote(graph.name)}" {{',
        (f'  graph [rankdir="{rankdir}", dpi={int(dpi)}, '
         f'splines="{splines}"];'),
        '  node [shape="record"];',
    ]
    open_path = ()
    for node, text in graph.nodes.items():
        path = graph.clusters[node]
        common = 0
        while (common < min(len(path), len(open_path))
               and path[common] == open_path[common]):
            common += 1
        for _ in range(len(open_path) - common):
            lines.append("  }")
        for depth in range(common, len(path)):
            name = _quote("/".join(path[:depth + 1]))
            lines.append(f'  subgraph "cluster_{name}" {{')
            lines.append(f'  label="{_quote(path[depth])}";')
        open_path = path
        label = "\\n".join(_quote(t) for t in text)
        lines.append(f'  "{_quote(node)}" [label="{label}"];')
    lines.extend("  }" for _ in open_path)
    for source, target in graph.edges:
        lines.append(f'  "{_quote(source)}" -> "{_quote(target)}";')
    lines.append("}")
    return "\n".join(lines)
