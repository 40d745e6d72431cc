"""Make importing Python modules after PySide6 as cheap as before it.

PySide6 hooks every import to learn whether the new module uses PySide6 (for its optional `__feature__`
switches): it reads the module's whole source through `inspect.getsource`, tokenising it line by line.
That cost ~0.3 s over the app's ~450 imports at start-up. The answer only depends on the text
"PySide6" appearing in the source file, so the same answer comes from one raw read of the file. Modules
without a readable source file keep PySide6's own check.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType


def _fast_check(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    uses_pyside.autograph_fast = True  # type: ignore[attr-defined]
    return uses_pyside


def speed_up_pyside_imports() -> bool:
    """Install the cheaper check; False when this PySide6 has no such hook (then nothing is changed)."""
    import PySide6.QtCore  # noqa: F401  (loads the feature machinery this replaces a part of)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or not callable(original):
        return False
    if not getattr(original, "autograph_fast", False):
        feature._mod_uses_pyside = _fast_check(original)  # type: ignore[attr-defined]
    return True
