"""The new diagram types through the public routes: `autograph inspect` counts, PNG rendering with icons,
and front matter / `%%{init}%%` configuration (theme, title, C4 row sizes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from autograph_desktop.cli import inspect_path
from autograph_desktop.icons.render import render as render_icon
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.reader import read
from autograph_desktop.mermaid.snippets import SNIPPETS
from autograph_desktop.mermaid.theme import THEMES
from autograph_desktop.mermaid.to_model import spec_to_diagram
from autograph_desktop.model.elements import Frame, Icon, Shape, Text
from autograph_desktop.render.raster import to_png

#: type -> (diagram_type, nodes, edges, frames) of its snippet
EXPECTED = {"architecture": (3, 2, 1), "c4": (3, 2, 0), "block": (4, 1, 0), "requirement": (2, 1, 0),
            "kanban": (3, 0, 3)}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_inspect_reports_type_and_counts(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.mmd"
    path.write_text(SNIPPETS[kind], encoding="utf-8")
    code, info = inspect_path(str(path))
    nodes, edges, frames = EXPECTED[kind]
    assert code == 0 and info["diagram_type"] == kind and not info["errors"]
    assert (info["nodes"], info["edges"], info["elements"].get("frame", 0)) == (nodes, edges, frames)


def test_inspect_reports_located_errors(tmp_path: Path) -> None:
    path = tmp_path / "broken.mmd"
    path.write_text("architecture-beta\n  service a(server)[A]\n  a:R -- L:nowhere\n", encoding="utf-8")
    code, info = inspect_path(str(path))
    assert code != 0 and info["errors"][0]["line"] == 3 and info["errors"][0]["column"] == 12


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_png_export_draws_the_diagram(qapp: object, kind: str) -> None:
    doc = spec_to_diagram(parse(SNIPPETS[kind]))
    image = QImage.fromData(to_png(doc, scale=1.0, icon_provider=lambda ref: render_icon(ref, 64)))
    assert image.width() > 150 and image.height() > 60
    ink = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
              if image.pixelColor(x, y).lightness() < 200)
    assert ink > 40, "shapes, lines and text leave ink on the page"
    if kind == "architecture":  # the icons themselves are drawn, not placeholders
        box = doc.bbox()
        assert box is not None
        for icon in (el for el in doc if isinstance(el, Icon)):
            x0, y0 = int(icon.x - box.x + 20), int(icon.y - box.y + 20)
            dark = sum(1 for x in range(x0, x0 + int(icon.w)) for y in range(y0, y0 + int(icon.h))
                       if image.pixelColor(x, y).lightness() < 120)
            assert dark > icon.w * icon.h * 0.05, icon.icon


def test_init_directive_theme_and_front_matter_title_apply() -> None:
    result = read(b'%%{init: {"theme": "forest"}}%%\narchitecture-beta\n  group g(cloud)[G]\n'
                  b"  service a(server)[A] in g\n", "a.mmd")
    frame = next(el for el in result.diagrams[0] if isinstance(el, Frame))
    assert frame.style.stroke == THEMES["forest"].cluster_stroke
    result = read(b"---\ntitle: Sprint 12\n---\nkanban\n  todo[To do]\n    a[Write]\n", "k.mmd")
    title = next(el for el in result.diagrams[0] if isinstance(el, Text) and el.get("role") == "title")
    assert title.text == "Sprint 12" and result.diagrams[0].meta.title == "Sprint 12"


def test_c4_row_sizes_from_config() -> None:
    text = "---\nconfig:\n  c4:\n    c4ShapeInRow: 2\n---\nC4Context\n" + "\n".join(
        f'System(s{i}, "S{i}")' for i in range(4))
    doc = spec_to_diagram(parse(text))
    ys = sorted({round(el.y) for el in doc if isinstance(el, Shape) and el.get("c4_macro")})
    assert len(ys) == 2, "two systems per row"
