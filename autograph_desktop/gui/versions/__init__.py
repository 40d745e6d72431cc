"""Version history in the GUI: the timeline panel and the visual diff."""

from autograph_desktop.gui.versions.timeline import DiffDialog, VersionTimeline
from autograph_desktop.gui.versions.visual_diff import VisualDiffView, compare

__all__ = ["DiffDialog", "VersionTimeline", "VisualDiffView", "compare"]
