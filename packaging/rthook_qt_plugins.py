"""Runtime hook of the bundle: tell Qt where its plugins are, and nothing else.

It replaces PyInstaller's own PySide6 hook, which imports QtCore at every launch (about 60 ms and 12 MiB):
the headless verbs (`autograph export`, `autograph library`) never touch Qt, so they should not pay for it.
PySide6 writes its own embedded qt.conf when it is first imported, so the plugin path is all Qt needs.
"""

import os
import sys


def _qt_plugin_path() -> str:
    root = sys._MEIPASS  # type: ignore[attr-defined]  # set by the bootloader
    if sys.platform.startswith("win"):
        return os.path.join(root, "PySide6", "plugins")
    return os.path.join(root, "PySide6", "Qt", "plugins")


os.environ["QT_PLUGIN_PATH"] = _qt_plugin_path()
