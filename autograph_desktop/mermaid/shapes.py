"""Mermaid's node shapes and the kinds that draw them: the one table both reading and writing Mermaid use.

Each row is one of Mermaid's shapes: the name our parser gives it, the shape kind (`model.shapes`) that
draws it, the names `@{ shape: ... }` accepts for it (the first is the one we write), and its bracket
syntax where it has one. Mindmap and sequence diagrams name their few shapes differently; their rows are
below, in the same place.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograph_desktop.model.shapes import SHAPE_DEFS


@dataclass(frozen=True, slots=True)
class MermaidShape:
    name: str
    kind: str
    aliases: tuple[str, ...]
    brackets: tuple[str, str] | None = None


MERMAID_SHAPES: tuple[MermaidShape, ...] = (
    MermaidShape("rectangle", "rectangle", ("rect", "proc", "process", "rectangle", "squareRect", "square"),
                 ("[", "]")),
    MermaidShape("rounded", "rounded", ("rounded", "event", "roundedRect"), ("(", ")")),
    MermaidShape("stadium", "stadium", ("stadium", "terminal", "pill"), ("([", "])")),
    MermaidShape("subroutine", "subroutine", ("fr-rect", "subproc", "subprocess", "framed-rectangle", "subroutine"),
                 ("[[", "]]")),
    MermaidShape("cylinder", "cylinder", ("cyl", "db", "database", "cylinder"), ("[(", ")]")),
    MermaidShape("circle", "circle", ("circle", "circ"), ("((", "))")),
    MermaidShape("double_circle", "double_circle", ("dbl-circ", "double-circle", "doublecircle"), ("(((", ")))")),
    MermaidShape("diamond", "diamond", ("diam", "decision", "diamond", "question"), ("{", "}")),
    MermaidShape("hexagon", "hexagon", ("hex", "hexagon", "prepare"), ("{{", "}}")),
    MermaidShape("parallelogram", "parallelogram", ("lean-r", "lean-right", "in-out", "lean_right"), ("[/", "/]")),
    MermaidShape("parallelogram_alt", "parallelogram_alt", ("lean-l", "lean-left", "out-in", "lean_left"),
                 ("[\\", "\\]")),
    MermaidShape("trapezoid", "trapezoid", ("trap-b", "priority", "trapezoid-bottom", "trapezoid"), ("[/", "\\]")),
    MermaidShape("trapezoid_alt", "trapezoid_alt", ("trap-t", "manual", "trapezoid-top", "inv-trapezoid",
                                                     "inv_trapezoid"), ("[\\", "/]")),
    MermaidShape("asymmetric", "asymmetric", ("odd", "rect_left_inv_arrow"), (">", "]")),
    MermaidShape("document", "document", ("doc", "document")),
    MermaidShape("multi_document", "document", ("docs", "documents", "st-doc", "stacked-document")),
    MermaidShape("lined_document", "document", ("lin-doc", "lined-document")),
    MermaidShape("tagged_document", "document", ("tag-doc", "tagged-document")),
    MermaidShape("delay", "stadium", ("delay", "half-rounded-rectangle")),
    MermaidShape("horizontal_cylinder", "cylinder", ("h-cyl", "das", "horizontal-cylinder")),
    MermaidShape("lined_cylinder", "cylinder", ("lin-cyl", "disk", "lined-cylinder")),
    MermaidShape("curved_trapezoid", "rounded", ("curv-trap", "curved-trapezoid", "display")),
    MermaidShape("divided_rectangle", "rectangle", ("div-rect", "div-proc", "divided-process", "divided-rectangle")),
    MermaidShape("triangle", "triangle", ("tri", "extract", "triangle")),
    MermaidShape("flipped_triangle", "triangle", ("flip-tri", "flipped-triangle", "manual-file")),
    MermaidShape("fork", "rectangle", ("fork", "join", "filled-rectangle", "forkJoin")),
    MermaidShape("window_pane", "rectangle", ("win-pane", "internal-storage", "window-pane")),
    MermaidShape("filled_circle", "circle", ("f-circ", "filled-circle", "junction")),
    MermaidShape("small_circle", "circle", ("sm-circ", "small-circle", "start", "stateStart")),
    MermaidShape("framed_circle", "double_circle", ("fr-circ", "framed-circle", "stop", "stateEnd")),
    MermaidShape("crossed_circle", "circle", ("cross-circ", "crossed-circle", "summary")),
    MermaidShape("lined_rectangle", "rectangle", ("lin-rect", "lin-proc", "lined-process", "lined-rectangle",
                                                  "shaded-process")),
    MermaidShape("notched_rectangle", "card", ("notch-rect", "card", "notched-rectangle")),
    MermaidShape("notched_pentagon", "hexagon", ("notch-pent", "loop-limit", "notched-pentagon",
                                                 "trapezoidal-pentagon")),
    MermaidShape("sloped_rectangle", "trapezoid_alt", ("sl-rect", "manual-input", "sloped-rectangle")),
    MermaidShape("multi_process", "rectangle", ("st-rect", "processes", "procs", "stacked-rectangle")),
    MermaidShape("tagged_rectangle", "rectangle", ("tag-rect", "tag-proc", "tagged-process", "tagged-rectangle")),
    MermaidShape("flag", "document", ("flag", "paper-tape")),
    MermaidShape("bow_tie_rectangle", "stadium", ("bow-rect", "stored-data", "bow-tie-rectangle")),
    MermaidShape("hourglass", "triangle", ("hourglass", "collate")),
    MermaidShape("lightning_bolt", "parallelogram", ("bolt", "com-link", "lightning-bolt")),
    MermaidShape("brace_left", "rectangle", ("brace", "brace-l", "comment", "curly-brace")),
    MermaidShape("brace_right", "rectangle", ("brace-r",)),
    MermaidShape("braces", "rectangle", ("braces", "curly-braces")),
    MermaidShape("text", "rectangle", ("text",)),
    MermaidShape("ellipse", "ellipse", ("ellipse",), ("(-", "-)")),
    # Mermaid's internal names, accepted by its renderer though not in the documented table.
    MermaidShape("icon", "rectangle", ("icon", "iconSquare", "iconCircle", "iconRounded")),
    MermaidShape("image", "rectangle", ("image", "imageSquare")),
    MermaidShape("choice", "diamond", ("choice",)),
    MermaidShape("anchor", "circle", ("anchor",)),
    MermaidShape("cloud", "cloud", ("cloud",)),
    MermaidShape("bang", "star", ("bang",)),
)
#: The size of a node without a label, as Mermaid draws it (anything else: 60 x 40).
EMPTY_SIZES: dict[str, tuple[float, float]] = {"circle": (30.0, 30.0), "double_circle": (30.0, 30.0),
                                              "ellipse": (30.0, 30.0), "diamond": (36.0, 36.0)}
#: Mindmap node shapes (`id((text))`, `id)text(`...) by the parser's names.
MINDMAP_KINDS: dict[str, str] = {"default": "rounded", "square": "rectangle", "rounded": "rounded",
                                 "circle": "circle", "bang": "star", "cloud": "cloud", "hexagon": "hexagon"}
#: Sequence diagram participant types.
PARTICIPANT_KINDS: dict[str, str] = {"actor": "actor", "database": "cylinder", "collections": "document",
                                     "queue": "cylinder", "boundary": "rounded", "control": "circle",
                                     "entity": "ellipse"}
#: Our kinds written as another of Mermaid's shapes than their own: Mermaid documents neither an ellipse
#: nor a note, and calls our card a notched rectangle; a text element is Mermaid's text shape.
WRITTEN_AS: dict[str, str] = {"ellipse": "circle", "note": "document", "card": "notched_rectangle",
                              "text": "text"}

BY_NAME: dict[str, MermaidShape] = {row.name: row for row in MERMAID_SHAPES}
#: Every accepted `@{ shape: ... }` name, lower-cased, -> the parser's name for that shape.
ALIASES: dict[str, str] = {alias.lower(): row.name for row in MERMAID_SHAPES for alias in row.aliases}


def kind_of(name: str) -> str:
    """The shape kind that draws a Mermaid shape (by the parser's name); our own kind names pass through,
    anything else is a rectangle."""
    row = BY_NAME.get(name)
    if row is not None:
        return row.kind
    return name if name in SHAPE_DEFS else "rectangle"


def _writing() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Per kind, the brackets it is written with, else the `@{ shape: ... }` name: its own row's, or the
    row `WRITTEN_AS` names."""
    brackets: dict[str, tuple[str, str]] = {}
    names: dict[str, str] = {}
    for row in MERMAID_SHAPES:
        if row.name != row.kind:
            continue
        if row.brackets is not None:
            brackets[row.kind] = row.brackets
        else:
            names[row.kind] = row.aliases[0]
    for kind, name in WRITTEN_AS.items():
        brackets.pop(kind, None)
        names[kind] = BY_NAME[name].aliases[0]
    return brackets, names


#: Our kind -> (opener, closer) for kinds with bracket syntax; our kind -> `@{ shape: ... }` name for the
#: others (kinds in neither are written as plain rectangles).
SHAPE_SYNTAX, NAMED_SHAPES = _writing()
#: Our kind -> its own bracket syntax, for diagram types that have no `@{ shape: ... }` (block diagrams).
BRACKETS: dict[str, tuple[str, str]] = {row.kind: row.brackets for row in MERMAID_SHAPES
                                        if row.name == row.kind and row.brackets is not None}
