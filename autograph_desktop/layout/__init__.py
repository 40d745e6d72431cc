"""Automatic graph layout and connector routing (pure Python, independent of the document model)."""

from .force import force_layout
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
from .grid import grid_layout
from .layered import layered_layout
from .overlap import remove_overlaps
from .quality import (
    edge_crossings,
    label_overlaps,
    layout_problems,
    min_node_spacing,
    node_overlaps,
    routes_through_clusters,
    routes_through_nodes,
    total_edge_length,
)
from .radial import radial_layout
from .routing import elbow_route, nearest_side, route_orthogonal, simplify_orthogonal, smooth_spline
from .simple_routes import border_point
from .tree import tree_layout

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
    "border_point",
    "edge_crossings",
    "elbow_route",
    "force_layout",
    "grid_layout",
    "label_overlaps",
    "layered_layout",
    "layout_problems",
    "min_node_spacing",
    "nearest_side",
    "node_overlaps",
    "normalize_direction",
    "radial_layout",
    "remove_overlaps",
    "route_orthogonal",
    "routes_through_clusters",
    "routes_through_nodes",
    "simplify_orthogonal",
    "smooth_spline",
    "total_edge_length",
    "tree_layout",
]
