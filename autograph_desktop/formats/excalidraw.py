"""Excalidraw import and export: `.excalidraw` scenes, `.excalidrawlib` libraries, and PNG/SVG exports.

A library becomes one page per library item (named after the item, or "Item N"), so that each reusable
piece stays apart and keeps its own coordinates.
"""

from __future__ import annotations

from typing import Any

from autograph_desktop.formats import excalidraw_container
from autograph_desktop.formats.excalidraw_read import SceneReader
from autograph_desktop.formats.excalidraw_schema import Checker
from autograph_desktop.formats.excalidraw_write import write_scene
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.problems import InvalidInput, Problem
from autograph_desktop.model.reading import ReadResult

FORMAT = "excalidraw"

__all__ = ["FORMAT", "read", "sniff", "write"]


def sniff(data: bytes, name: str) -> bool:
    """True for Excalidraw JSON (scene or library) and for PNG/SVG exports that embed a scene."""
    return excalidraw_container.sniff(data)


def _pages(doc: Any, check: Checker) -> list[tuple[str, str, list[Any]]]:
    """(page name, JSON path, elements) for a scene (one page) or a library (one page per item)."""
    if not isinstance(doc, dict):
        check.fail("an Excalidraw file must be a JSON object", "$")
        return []
    kind = doc.get("type")
    if kind is not None and not isinstance(kind, str):
        check.fail("`type` must be a string", "$.type")
    if "libraryItems" in doc or "library" in doc or kind == "excalidrawlib":
        key = "libraryItems" if "libraryItems" in doc else "library"
        pages: list[tuple[str, str, list[Any]]] = []
        for i, item in enumerate(check.list_at(doc, key, "$")):
            path = f"$.{key}[{i}]"
            if isinstance(item, list):  # version 1: each item is a bare list of elements
                pages.append((f"Item {i + 1}", path, item))
            elif isinstance(item, dict):
                name = item.get("name") if isinstance(item.get("name"), str) and item.get("name") else f"Item {i + 1}"
                pages.append((str(name), f"{path}.elements", check.list_at(item, "elements", path)))
            else:
                check.fail("a library item must be an object or a list of elements", path)
        return pages
    if "elements" not in doc:
        check.fail("not an Excalidraw scene: there is no `elements` list", "$")
        return []
    app_state = check.dict_at(doc, "appState", "$")
    title = app_state.get("name") if isinstance(app_state.get("name"), str) and app_state.get("name") else "Scene"
    return [(str(title), "$.elements", check.list_at(doc, "elements", "$"))]


def read(data: bytes, name: str) -> ReadResult:
    """Every scene (or library item) as a Diagram; bad input raises InvalidInput, nothing else."""
    try:
        doc = excalidraw_container.load_scene(data, name)
        check = Checker(source=name)
        pages = _pages(doc, check)
        files = check.dict_at(doc, "files", "$") if isinstance(doc, dict) else {}
        diagrams: list[Diagram] = []
        warnings: list[Problem] = []
        for title, path, elements in pages:
            reader = SceneReader(check, files, path)
            diagrams.append(reader.read(elements, title))
            warnings += [w for w in reader.warnings if w not in warnings]
        check.raise_if_failed()
        if not pages:
            raise InvalidInput([Problem("the Excalidraw file holds no scene", path="$")], source=name)
    except InvalidInput:
        raise
    except RecursionError:
        raise InvalidInput([Problem("the Excalidraw file is nested too deeply to read")], source=name) from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, UnicodeError, OverflowError) as exc:
        # A last line of defence: a reader bug must still reach the user as a clear refusal, not a crash.
        raise InvalidInput([Problem(f"could not read this Excalidraw file ({type(exc).__name__}: {exc})")],
                           source=name) from None
    return ReadResult(format=FORMAT, diagrams=diagrams, warnings=warnings, page_names=[p[0] for p in pages])


def write(diagram: Diagram) -> bytes:
    """A `.excalidraw` scene (version 2) that Excalidraw opens with the same layout and bindings."""
    return write_scene(diagram)
