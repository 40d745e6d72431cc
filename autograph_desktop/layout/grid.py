"""Grid layout: boxes in rows and columns, each column as wide as its widest box."""

from __future__ import annotations

import math

from .graph import LayoutGraph, LayoutOptions, LayoutResult, Rect
from .simple_routes import route_edges


def grid_layout(
    graph: LayoutGraph, options: LayoutOptions | None = None, columns: int | None = None
) -> LayoutResult:
    """Pack nodes in input order into a grid (about square unless ``columns`` is given).

    Column widths and row heights follow the largest box in them, so cells never overlap and the
    spacing between neighbouring boxes is at least ``node_spacing``.
    """
    opts = options or LayoutOptions()
    graph.validate()
    n = len(graph.nodes)
    res = LayoutResult()
    if n == 0:
        return res
    cols = columns if columns and columns > 0 else max(1, math.ceil(math.sqrt(n)))
    rows = math.ceil(n / cols)
    col_w = [0.0] * cols
    row_h = [0.0] * rows
    for i, nd in enumerate(graph.nodes):
        r, c = divmod(i, cols)
        col_w[c] = max(col_w[c], nd.width)
        row_h[r] = max(row_h[r], nd.height)
    col_x = [0.0] * cols
    for c in range(1, cols):
        col_x[c] = col_x[c - 1] + col_w[c - 1] + opts.node_spacing
    row_y = [0.0] * rows
    for r in range(1, rows):
        row_y[r] = row_y[r - 1] + row_h[r - 1] + opts.node_spacing
    for i, nd in enumerate(graph.nodes):
        r, c = divmod(i, cols)
        x = col_x[c] + (col_w[c] - nd.width) / 2
        y = row_y[r] + (row_h[r] - nd.height) / 2
        res.nodes[nd.id] = Rect(x, y, nd.width, nd.height)
    res.edges = route_edges(graph.edges, res.nodes, opts.edge_routing)
    res.normalize()
    return res
