"""Layer rules import-linter cannot express: render and the format registry use QtGui only, never widgets."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[3] / "autograph_desktop"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_render_and_the_core_never_import_qt_widgets() -> None:
    offenders = []
    for folder in ("render", "model", "layout", "mermaid", "formats", "icons", "io"):
        for path in (PACKAGE / folder).rglob("*.py"):
            if any(name.startswith("PySide6.QtWidgets") for name in _imports(path)):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_headless_cli_modules_do_not_import_widgets_at_module_level() -> None:
    paths = [PACKAGE / name for name in ("cli.py", "cli_export.py", "cli_library.py", "cli_ai.py")]
    for path in [*paths, *sorted((PACKAGE / "io").glob("*.py"))]:
        name = path.name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        for node in top_level:
            module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            assert not (module or "").startswith(("PySide6.QtWidgets", "autograph_desktop.gui")), (name, module)
