"""Nothing is lost to `kill -9`: four kinds of tab with unsaved work, the app killed a second after the last
edit, and the next start brings every tab back with its changes.

The app runs in a real child process (offscreen), started the way `autograph` starts it, with its own
`AUTOGRAPH_HOME`; it is killed with SIGKILL, so nothing of it runs after the kill.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRELUDE = """
import json, os, signal, sys, time
from PySide6.QtWidgets import QApplication
from autograph_desktop.gui.app import start
window = start([])
app = QApplication.instance()

def pump(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)

deadline = time.monotonic() + 60
while window.library is None and time.monotonic() < deadline:
    pump(0.05)
assert window.library is not None, "the library did not open"
pump(0.3)
"""

EDIT = PRELUDE + """
from autograph_desktop.model import Shape, edits
folder = sys.argv[1]
# 1. a library diagram
lib_tab = window.new_document()
lib_tab.history.execute(edits.add(lib_tab.doc, Shape(x=0, y=0, w=120, h=60, text="library edit")))
# 2. a draw.io file edited in place (not saved)
window.open_paths([os.path.join(folder, "plan.drawio")])
file_tab = window.current_tab()
file_tab.history.execute(edits.add(file_tab.doc, Shape(x=500, y=0, w=120, h=60, text="file edit")))
# 3. Mermaid code from a file, edited (not saved)
window.open_paths([os.path.join(folder, "flow.mmd")])
code_tab = window.current_tab()
code_tab.panel.editor.setPlainText("flowchart LR\\n  A --> B\\n  B --> C[code edit]\\n")
# 4. an untitled copy (a page of a multi-page file) with an edit
window.open_paths([os.path.join(folder, "pages.drawio")])
page_tab = window.current_tab()
page_tab.history.execute(edits.add(page_tab.doc, Shape(x=900, y=0, w=120, h=60, text="untitled edit")))
last_edit = time.monotonic()
pump(1.0)  # a second after the last edit
print("READY", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""

REPORT = PRELUDE + """
pump(1.0)
tabs = []
for tab in window.document_tabs():
    tabs.append({"home": tab.home.kind, "code": tab.is_code, "path": tab.path, "dirty": tab.dirty,
                 "texts": sorted(e.text for e in tab.doc if e.text), "source": tab.code})
print(json.dumps({"tabs": tabs, "message": window.info_bar.message}), flush=True)
os._exit(0)  # closing would ask what to do with the recovered unsaved files
"""


def _run(code: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", AUTOGRAPH_HOME=str(home), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                          timeout=180, check=False)


@pytest.mark.slow
def test_kill_9_with_unsaved_work_in_four_kinds_of_tab_loses_nothing(tmp_path: Path) -> None:
    from autograph_desktop.formats import drawio
    from autograph_desktop.model import Diagram, DiagramMeta, Shape

    work = tmp_path / "work"
    work.mkdir()
    (work / "plan.drawio").write_bytes(drawio.write([Diagram(DiagramMeta(title="Plan"),
                                                             [Shape(x=0, y=0, w=100, h=50, text="on disk")])]))
    (work / "flow.mmd").write_text("flowchart LR\n  A --> B\n")
    pages = [Diagram(DiagramMeta(title="One"), [Shape(x=0, y=0, w=100, h=50, text="page one")]),
             Diagram(DiagramMeta(title="Two"), [Shape(x=0, y=0, w=100, h=50, text="page two")])]
    (work / "pages.drawio").write_bytes(drawio.write(pages))
    home = tmp_path / "home"

    killed = _run(EDIT, home, str(work))
    assert "READY" in killed.stdout, killed.stderr[-3000:]
    assert killed.returncode == -signal.SIGKILL
    # The files on disk are untouched: the work is in the library and the journal, not saved over them.
    assert b"file edit" not in (work / "plan.drawio").read_bytes()
    assert (work / "flow.mmd").read_text() == "flowchart LR\n  A --> B\n"

    report = _run(REPORT, home)
    assert report.returncode == 0, report.stderr[-3000:]
    state = json.loads(report.stdout.strip().splitlines()[-1])
    tabs = state["tabs"]
    library = [t for t in tabs if t["home"] == "library"]
    assert any("library edit" in t["texts"] for t in library)
    plan = next(t for t in tabs if t["path"] == str(work / "plan.drawio"))
    assert "file edit" in plan["texts"] and plan["dirty"]
    code = next(t for t in tabs if t["path"] == str(work / "flow.mmd"))
    assert code["code"] and "C[code edit]" in code["source"] and code["dirty"]
    untitled = [t for t in tabs if t["home"] == "scratch"]
    assert any("untitled edit" in t["texts"] for t in untitled)
    assert "did not close normally" in state["message"]
