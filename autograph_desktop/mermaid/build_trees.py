"""gitGraph and mindmap diagrams as native elements.

gitGraph: one lane per branch in Mermaid's order, commits left to right by sequence, parent links as
attached connectors coloured by branch. Mindmap: the root in the middle, first-level branches split
left and right, each side a tidy horizontal tree with curved, branch-coloured links.
"""

from __future__ import annotations

from typing import Any

from autograph_desktop.mermaid.chartkit import colour as config_colour
from autograph_desktop.mermaid.chartkit import flag, palette, section, theme_vars
from autograph_desktop.mermaid.graph_build import text_size
from autograph_desktop.mermaid.richlabels import rich_label
from autograph_desktop.mermaid.shapes import MINDMAP_KINDS
from autograph_desktop.mermaid.theme import MermaidTheme, node_style
from autograph_desktop.model.document import Diagram, DiagramMeta
from autograph_desktop.model.elements import Connector, Element, Endpoint, Shape, Text, new_id
from autograph_desktop.model.fractional import keys_after
from autograph_desktop.model.richtext import with_runs
from autograph_desktop.model.shapes import definition
from autograph_desktop.model.style import DEFAULT_STYLE
from autograph_desktop.model.textbox import box_for_text

LABEL = DEFAULT_STYLE.with_(fill="none", stroke="none", font_size=11.0)


def _finish(elements: list[Element], title: str, kind: str) -> Diagram:
    keys = keys_after(None, len(elements))
    return Diagram(DiagramMeta(title=title, kind=kind), [e.evolve(z=k) for e, k in zip(elements, keys, strict=True)])


# ----------------------------------------------------------------------------- gitGraph
def build_gitgraph(spec: Any, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    """Honours `gitGraph.showBranches/showCommitLabel` and the `git0..git7` branch colours. Commits and
    branch labels record what an export needs (sequence, kind, parents, tags; start, order)."""
    options = section(config, "gitGraph")
    variables = theme_vars(config)
    lanes = {b.name: n for n, b in enumerate(spec.ordered_branches())}
    colours = {name: config_colour(variables.get(f"git{n % 8}"), theme.accent[n % len(theme.accent)])
               for name, n in lanes.items()}
    show_branches = flag(options, "showBranches", True)
    show_labels = flag(options, "showCommitLabel", True)
    vertical = spec.direction in ("TB", "BT")
    step, lane_gap, size, label_w = 60.0, 70.0, 22.0, 110.0
    flip = -1.0 if spec.direction == "BT" else 1.0

    def centre(seq: int, lane: int) -> tuple[float, float]:
        along = label_w + seq * step
        across = 30.0 + lane * lane_gap
        return (across, flip * along) if vertical else (along, across)

    elements: list[Element] = []
    connectors: list[Element] = []
    last = max((c.seq for c in spec.commits), default=0)
    for name, lane in lanes.items():
        colour = colours[name]
        start = centre(0, lane)
        end = centre(last + 1, lane)
        guide = DEFAULT_STYLE.with_(stroke=colour, stroke_width=1.0, dash="dashed", opacity=0.5, fill="none")
        connectors.append(Connector(id=new_id(), source=Endpoint(x=start[0], y=start[1]),
                                    target=Endpoint(x=end[0], y=end[1]), end_arrow="none", style=guide,
                                    data=(("role", "lane"), ("branch", name))))
        tw, th = text_size(name, LABEL.with_(font_size=12.0, font_weight=700), None)
        w, h = box_for_text("rounded", tw, th, margin=2.0)
        x, y = (start[0] - w / 2, start[1] - 40) if vertical else (4.0, start[1] - h / 2)
        branch = next(b for b in spec.branches if b.name == name)
        order = "" if branch.order is None or name == spec.main_branch else repr(branch.order)
        elements.append(Shape(id=new_id(), x=x, y=y, w=w, h=h, shape="rounded", text=name,
                              style=DEFAULT_STYLE.with_(fill=colour, stroke=colour, text_color="#ffffff",
                                                        font_size=12.0, font_weight=700, corner_radius=6.0),
                              hidden=not show_branches,
                              data=(("branch", name), ("direction", spec.direction), ("index", str(branch.index)),
                                    ("main", "1" if name == spec.main_branch else ""), ("order", order),
                                    ("role", "branch"), ("start", branch.start or ""))))
    ids: dict[str, str] = {}
    for commit in spec.commits:
        lane = lanes.get(commit.branch, 0)
        cx, cy = centre(commit.seq, lane)
        colour = colours.get(commit.branch, theme.edge)
        shape = "circle"
        fill = colour
        if commit.kind == "merge":
            shape = "double_circle"
        if commit.type == "HIGHLIGHT":
            shape = "rectangle"
        if commit.type == "REVERSE":
            shape, fill = "cross", colour
        ids[commit.id] = new_id()
        data = {"mermaid_id": commit.id, "branch": commit.branch, "role": "commit", "seq": str(commit.seq),
                "kind": commit.kind, "type": commit.type, "tags": "\t".join(commit.tags), "label": commit.label,
                "custom": "1" if commit.custom_id else "", "message": commit.message if commit.kind == "commit" else "",
                "merged": commit.merged_branch, "pick": commit.cherry_pick_source or "",
                "pick_parent": commit.cherry_pick_parent or ""}
        elements.append(Shape(id=ids[commit.id], x=cx - size / 2, y=cy - size / 2, w=size, h=size, shape=shape,
                              style=DEFAULT_STYLE.with_(fill=fill, stroke=colour, stroke_width=2.0),
                              data=tuple(sorted(data.items()))))
        if commit.custom_id and show_labels:
            shown = getattr(commit, "label", "") or commit.id  # two commits may share a written id
            w, _ = text_size(shown, LABEL, None)
            lx, ly = (cx + size, cy - 8) if vertical else (cx - w / 2 - 2, cy + size / 2 + 4)
            elements.append(Text(id=new_id(), x=lx, y=ly, w=w + 4, h=16, text=shown,
                                 style=LABEL.with_(text_color=theme.text), auto_size=False))
        for n, tag in enumerate(commit.tags):
            tw, th = text_size(tag, LABEL, None)
            w, h = box_for_text("card", tw, th, margin=1.0)
            tx, ty = (cx - size - w - 4, cy - h / 2 + n * (h + 2)) if vertical else (cx - w / 2, cy - size - h - n * (h + 2))
            elements.append(Shape(id=new_id(), x=tx, y=ty, w=w, h=h, shape="card", text=tag,
                                  style=DEFAULT_STYLE.with_(fill=theme.note_fill, stroke=theme.note_stroke,
                                                            font_size=11.0, text_color="#333333"),
                                  data=(("role", "tag"),)))
    for commit in spec.commits:
        for n, parent in enumerate(commit.parents):
            if parent not in ids:
                continue
            branch = commit.branch if n == 0 else next((c.branch for c in spec.commits if c.id == parent), commit.branch)
            colour = colours.get(branch, theme.edge)
            side_out, side_in = ("bottom", "top") if vertical else ("right", "left")
            connectors.append(Connector(id=new_id(), source=Endpoint(ids[parent], side_out if vertical else None),
                                        target=Endpoint(ids[commit.id], side_in if vertical else None),
                                        routing="orthogonal", end_arrow="none",
                                        style=DEFAULT_STYLE.with_(stroke=colour, stroke_width=3.0, fill="none"),
                                        data=(("role", "parent"),)))
    return _finish([*connectors, *elements], spec.title or "Git graph", "gitgraph")


# ----------------------------------------------------------------------------- mindmap
MINDMAP_SHAPES = MINDMAP_KINDS


def build_mindmap(spec: Any, theme: MermaidTheme, config: dict[str, Any] | None = None) -> Diagram:
    """Honours the `cScale0..11` branch colours; each node records its shape, parent and decorations."""
    accent = palette(theme, config)
    nodes = spec.nodes
    if not nodes:
        return _finish([], spec.title or "Mindmap", "mindmap")
    sizes: dict[int, tuple[float, float]] = {}
    for node in nodes:
        style = node_style(theme).with_(font_size=16.0 if node.depth == 0 else 14.0)
        tw, th = text_size(node.text, style.with_(font_weight=700 if node.depth == 0 else 400), 200.0)
        kind = MINDMAP_SHAPES.get(node.shape, "rounded")
        w, h = box_for_text(kind, tw, th, margin=8.0)
        if definition(kind).square:
            w = h = max(w, h)
        sizes[node.index] = (w, h)
    root = nodes[0]
    by_index = {n.index: n for n in nodes}
    h_gap, v_gap = 50.0, 14.0

    def subtree_height(index: int) -> float:
        # Iterative post-order: deep mindmaps must not hit the recursion limit.
        heights: dict[int, float] = {}
        stack = [(index, False)]
        while stack:
            current, done = stack.pop()
            children = by_index[current].children
            if done or not children:
                child_sum = sum(heights[c] for c in children) + v_gap * (len(children) - 1) if children else 0.0
                heights[current] = max(sizes[current][1], child_sum)
            else:
                stack.append((current, True))
                stack.extend((c, False) for c in children)
        return heights[index]

    positions: dict[int, tuple[float, float]] = {}
    rw, rh = sizes[root.index]
    positions[root.index] = (-rw / 2, -rh / 2)
    first = root.children
    right = first[: (len(first) + 1) // 2]
    left = first[(len(first) + 1) // 2 :]
    for side, branch in ((1.0, right), (-1.0, left)):
        total = sum(subtree_height(c) for c in branch) + v_gap * max(len(branch) - 1, 0)
        queue: list[tuple[int, float, float]] = []
        y = -total / 2
        for child in branch:
            height = subtree_height(child)
            queue.append((child, side * (rw / 2 + h_gap * 1.5), y + height / 2))
            y += height + v_gap
        while queue:
            index, edge_x, centre_y = queue.pop()
            w, h = sizes[index]
            x = edge_x if side > 0 else edge_x - w
            positions[index] = (x, centre_y - h / 2)
            children = by_index[index].children
            if not children:
                continue
            total = sum(subtree_height(c) for c in children) + v_gap * (len(children) - 1)
            cy = centre_y - total / 2
            next_x = (x + w + h_gap) if side > 0 else (x - h_gap)
            for child in children:
                height = subtree_height(child)
                queue.append((child, next_x, cy + height / 2))
                cy += height + v_gap
    branch_of: dict[int, int] = {}
    for n, child in enumerate(first):
        stack = [child]
        while stack:
            current = stack.pop()
            branch_of[current] = n
            stack.extend(by_index[current].children)
    ids = {node.index: new_id() for node in nodes}
    shapes: list[Element] = []
    links: list[Element] = []
    for node in nodes:
        x, y = positions[node.index]
        w, h = sizes[node.index]
        colour = accent[branch_of.get(node.index, 0) % len(accent)] if node.depth else theme.node_stroke
        if node.depth == 0:
            style = node_style(theme).with_(fill=theme.node_stroke, stroke=theme.node_stroke, text_color="#ffffff",
                                            font_size=16.0, font_weight=700)
        elif node.depth == 1:
            style = node_style(theme).with_(fill=colour, stroke=colour, text_color="#ffffff", font_size=14.0)
        else:
            style = node_style(theme).with_(fill="none" if node.shape == "default" else theme.node_fill,
                                            stroke=colour, font_size=14.0)
        data = [("mermaid_id", node.id), ("index", str(node.index)), ("role", "node"), ("shape", node.shape),
                ("parent", "" if node.parent is None else str(node.parent)), ("classes", " ".join(node.classes)),
                ("markdown", "1" if node.markdown else "")] + ([("icon", node.icon)] if node.icon else [])
        text, runs = rich_label(node.text, node.markdown, style.font_size)
        shapes.append(Shape(id=ids[node.index], x=x, y=y, w=w, h=h, shape=MINDMAP_SHAPES.get(node.shape, "rounded"),
                            text=text, style=style.with_(corner_radius=10.0), data=with_runs(tuple(data), runs)))
        if node.parent is not None:
            links.append(Connector(id=new_id(), source=Endpoint(ids[node.parent]), target=Endpoint(ids[node.index]),
                                   routing="curved", end_arrow="none",
                                   style=DEFAULT_STYLE.with_(stroke=colour, stroke_width=max(1.5, 4.0 - node.depth),
                                                             fill="none")))
    return _finish([*links, *shapes], spec.title or "Mindmap", "mindmap")


def build(spec: Any, theme: MermaidTheme, hints: dict[str, tuple[float, float]] | None = None) -> Diagram:
    if spec.diagram_type == "gitgraph":
        return build_gitgraph(spec, theme)
    return build_mindmap(spec, theme)
