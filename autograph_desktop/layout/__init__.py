"""Automatic graph layout and connector routing (pure Python, independent of the document model)."""

from .graph import (
    Direction,
    EdgeRoute,
    EdgeRouting,
    LayoutCluster,
    LayoutEdge,
    LayoutGraph,
    LayoutNode,
    LayoutOptions,
    LayoutResult,
    Point,
    Rect,
    normalize_direction,
)
from .layered import layered_layout
from .routing import elbow_route, nearest_side, route_orthogonal, simplify_orthogonal, smooth_spline

__all__ = [
    "Direction",
    "EdgeRoute",
    "EdgeRouting",
    "LayoutCluster",
    "LayoutEdge",
    "LayoutGraph",
    "LayoutNode",
    "LayoutOptions",
    "LayoutResult",
    "Point",
    "Rect",
    "elbow_route",
    "layered_layout",
    "nearest_side",
    "normalize_direction",
    "route_orthogonal",
    "simplify_orthogonal",
    "smooth_spline",
]
