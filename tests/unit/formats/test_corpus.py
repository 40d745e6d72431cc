"""Real-world draw.io and Excalidraw files (../shared/corpus) read with the counts an independent counter made."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from autograph_desktop.formats import drawio, excalidraw
from autograph_desktop.model import InvalidInput

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus"
DRAWIO = CORPUS / "drawio"
EXCALIDRAW = CORPUS / "excalidraw"

pytestmark = pytest.mark.skipif(not (DRAWIO / "counts.json").is_file(), reason="shared corpus not present")


def _counts() -> dict[str, dict[str, object]]:
    if not (DRAWIO / "counts.json").is_file():
        return {}
    data: dict[str, dict[str, object]] = json.loads((DRAWIO / "counts.json").read_text())
    return data


COUNTS = _counts()


@pytest.mark.parametrize("name", sorted(n for n, ref in COUNTS.items() if "error" not in ref))
def test_drawio_file_counts(name: str) -> None:
    ref = COUNTS[name]
    result = drawio.read((DRAWIO / name).read_bytes(), name)
    kinds = Counter(el.kind for diagram in result.diagrams for el in diagram)
    others = sum(v for k, v in kinds.items() if k not in ("connector", "group"))
    wanted = int(ref["vertices"]) - int(ref.get("edge_labels", 0)) - int(ref.get("groups", 0))  # type: ignore[call-overload]
    assert kinds["connector"] == ref["edges"]
    assert abs(others - wanted) <= max(2, 0.05 * wanted)
    assert len(result.diagrams) == ref["pages"]
    # Unnamed pages: draw.io shows "Page-1", the counter says "page-1".
    expected = [str(p["name"]).lower() for p in ref["per_page"]]  # type: ignore[attr-defined]
    assert [n.lower() for n in result.page_names] == expected


@pytest.mark.parametrize("name", sorted(n for n, ref in COUNTS.items() if "error" in ref))
def test_non_diagrams_are_refused(name: str) -> None:
    with pytest.raises(InvalidInput) as info:
        drawio.read((DRAWIO / name).read_bytes(), name)
    assert "not a draw.io document" in str(info.value)


def _excalidraw_files() -> list[str]:
    if not EXCALIDRAW.is_dir():
        return []
    return sorted(p.name for p in EXCALIDRAW.iterdir() if p.suffix not in (".tsv", ".md"))


@pytest.mark.parametrize("name", _excalidraw_files())
def test_excalidraw_fixtures_read_with_elements(name: str) -> None:
    data = (EXCALIDRAW / name).read_bytes()
    assert excalidraw.sniff(data, name)
    result = excalidraw.read(data, name)
    assert sum(len(d) for d in result.diagrams) > 0


@pytest.mark.parametrize("name", sorted(n for n, ref in COUNTS.items() if "error" not in ref))
def test_real_files_survive_both_writers(name: str) -> None:
    """Real diagrams through our writers and back: same elements of the same kinds, same connections."""
    pages = drawio.read((DRAWIO / name).read_bytes(), name).diagrams
    again = drawio.read(drawio.write(pages), name).diagrams
    for before, after in zip(pages, again, strict=True):
        assert Counter(e.kind for e in before) == Counter(e.kind for e in after)
        for el in before:
            if el.kind == "connector":
                got = after[el.id]
                assert (got.source.element, got.target.element) == (el.source.element, el.target.element)  # type: ignore[attr-defined]
    for page in pages:
        scene = excalidraw.read(excalidraw.write(page), name).diagrams[0]
        populated = Counter(e.kind for e in page if e.kind != "group" or page.descendants(e.id))
        assert Counter(e.kind for e in scene) == populated
