"""Count the draw.io vertices we draw as placeholders, over a folder of draw.io files, and render each page.

A vertex counts when the painter draws it as the grey placeholder box (an icon or image it cannot show)
or when its draw.io shape is unknown to us and stands in as a plain box. Run from the project root:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/drawio_placeholders.py ../shared/corpus/drawio \
        ../shared/corpus/visual [--png OUTDIR] [--names]
"""

from __future__ import annotations

import argparse
import collections
import os
import sys

from autograph_desktop.formats import drawio, drawio_container
from autograph_desktop.formats.drawio_cells import collect_cells
from autograph_desktop.formats.drawio_styles import classify
from autograph_desktop.io.pictures import ensure_gui_app, icon_provider
from autograph_desktop.model.problems import InvalidInput
from autograph_desktop.render import qtstyle, raster


def _substitutes(data: bytes, name: str) -> collections.Counter[str]:
    """Vertices whose draw.io shape we do not know and draw as a plain box, by shape name."""
    out: collections.Counter[str] = collections.Counter()
    for page in drawio_container.load_pages(data, name):
        if page.model is None:
            continue
        cells, _ = collect_cells(page.model)
        for cell in cells:
            guess = classify(cell.base, cell.values) if cell.vertex else None
            if guess is not None and guess.unknown and guess.kind == "shape":
                out[guess.unknown] += 1
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--png", help="write each page rendered by our painter here")
    parser.add_argument("--names", action="store_true", help="list what is drawn as a placeholder")
    args = parser.parse_args()
    ensure_gui_app()
    counted: list[str] = []
    original = qtstyle.draw_placeholder

    def counting(painter, rect, kind, theme):  # type: ignore[no-untyped-def]
        counted.append(kind)
        original(painter, rect, kind, theme)

    qtstyle.draw_placeholder = counting
    total_vertices = total_placeholders = total_pictures = 0
    names: collections.Counter[str] = collections.Counter()
    for folder in args.folders:
        for file in sorted(os.listdir(folder)):
            path = os.path.join(folder, file)
            if file.endswith((".tsv", ".json", ".md")) or "excalidraw" in file or not os.path.isfile(path):
                continue
            with open(path, "rb") as handle:
                data = handle.read()
            if not drawio.sniff(data, file):
                continue
            try:
                result = drawio.read(data, file)
            except InvalidInput:
                continue
            substitutes = _substitutes(data, file)
            names.update(substitutes)
            placeholders = sum(substitutes.values())
            vertices = 0
            for index, diagram in enumerate(result.diagrams):
                vertices += sum(1 for el in diagram if el.kind not in ("connector", "group"))
                counted.clear()
                image = raster.render_image(diagram, scale=1.0, icon_provider=icon_provider(diagram))
                placeholders += len(counted)
                total_pictures += len(counted)
                if args.png:
                    os.makedirs(args.png, exist_ok=True)
                    image.save(os.path.join(args.png, f"{file}.{index}.png"))
            total_vertices += vertices
            total_placeholders += placeholders
            print(f"{file}: {placeholders} of {vertices} vertices drawn as placeholders")
    print(f"placeholders: {total_placeholders} of {total_vertices} vertices "
          f"({total_placeholders - total_pictures} unknown shapes as plain boxes, {total_pictures} pictures not shown)")
    if args.names:
        for name, count in names.most_common():
            if count:
                print(f"  {count:4d} {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
