"""What the window's first paint waits for: a fresh process shows the window before the slow modules load.

The start-up budget (benchmarks/bench_startup.py) is spent by imports; the slowest ones (SQLAlchemy and
Alembic for the library, keyring for sync's tokens, the Mermaid parsers; the New Mermaid menu's snippets are
plain text and may load) must come after the first paint, on
the library thread. A module that drags one of them into the window's constructor fails here, whatever the
machine's speed (a merge once made the window take 1.05 s to show this way).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
from PySide6.QtCore import QEvent, QObject
from autograph_desktop.gui.app import start
class PaintSeen(QObject):
    seen = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            PaintSeen.seen = True
        return False
window = start([])
from PySide6.QtWidgets import QApplication
app = QApplication.instance()
spy = PaintSeen()
app.installEventFilter(spy)
window.show()
while not PaintSeen.seen:
    app.processEvents()
at_paint = sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "alembic", "keyring", "httpx")
                  or (m.startswith("autograph_desktop.mermaid.") and not m.endswith("snippets"))
                  or m.startswith("autograph_desktop.sync."))
print(json.dumps(at_paint))
window.close()
"""


def test_the_first_paint_comes_before_the_library_sync_and_mermaid_modules(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", AUTOGRAPH_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120,
                          check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == [], f"imported before the window was first painted: {loaded[:12]}"
