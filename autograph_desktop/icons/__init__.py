"""Icon catalogue and fuzzy search (no Qt here; `autograph_desktop.icons.render` draws icons with QtGui)."""

from autograph_desktop.icons.catalogue import (
    SETS,
    IconCatalogue,
    IconEntry,
    IconSet,
    reset_shared_catalogue,
    shared_catalogue,
)
from autograph_desktop.icons.search import FuzzyIndex

__all__ = ["SETS", "FuzzyIndex", "IconCatalogue", "IconEntry", "IconSet", "reset_shared_catalogue", "shared_catalogue"]
