"""Export options shared by every writer, so that the CLI and the GUI ask for an export the same way."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from autograph_desktop.model.document import Diagram
from autograph_desktop.model.problems import InvalidInput, Problem

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
BACKGROUNDS = ("transparent", "white", "theme")
THEMES = ("light", "dark")


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """How to export; formats take what applies to them (text formats ignore all of it).

    `theme` None means the diagram's own theme (light when it has none). `scale`/`width` size a PNG
    (scale 1 by default). `embed_diagram` None means each format's default: SVG yes, PNG no.
    """

    theme: str | None = None
    background: str = "theme"
    padding: float = 20.0
    scale: float | None = None
    width: int | None = None
    frame: str | None = None
    pdf_tile: str | None = None
    embed_diagram: bool | None = None

    def theme_for(self, diagram: Diagram) -> str:
        if self.theme in THEMES:
            return str(self.theme)
        return diagram.meta.theme if diagram.meta.theme in THEMES else "light"

    def validate(self, names: Mapping[str, str] | None = None) -> None:
        """InvalidInput naming the option when a value is out of range, before any work is done.

        `names` maps fields to what the user typed (the CLI passes its flags: "scale" -> "--scale").
        """

        def name(field: str) -> str:
            return (names or {}).get(field, field)

        bg = self.background
        if bg not in BACKGROUNDS and not _HEX.match(bg or ""):
            raise InvalidInput([Problem(f"{name('background')} must be transparent, white, theme or #RRGGBB, "
                                        f"not {bg!r}")])
        if self.theme is not None and self.theme not in THEMES:
            raise InvalidInput([Problem(f"{name('theme')} must be light or dark, not {self.theme!r}")])
        if self.scale is not None and not 0 < self.scale <= 64:
            raise InvalidInput([Problem(f"{name('scale')} must be above 0 and at most 64, not {self.scale}")])
        if self.width is not None and not 0 < self.width <= 32_000:
            raise InvalidInput([Problem(f"{name('width')} must be between 1 and 32000, not {self.width}")])


__all__ = ["ExportOptions"]
