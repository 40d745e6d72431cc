"""Signs and small pictograms (`mxgraph.signs.*`, the iOS and Office icon sets): a cup, a magnifier, an
information sign, a warning sign, a reload arrow and a down arrow, chosen by the words in the name."""

from __future__ import annotations

from autograph_desktop.model.shapes.paths import Commands
from autograph_desktop.model.shapes.stencils.sketch import (
    IconStencil,
    Keywords,
    Parts,
    Pen,
    StencilShape,
    kind_by_words,
)

SIGN_LIBRARIES = ("mxgraph.signs.", "mxgraph.ios7.icons.", "mxgraph.ios7.misc.", "mxgraph.office.concepts.",
                  "mxgraph.office.users.", "mxgraph.office.services.", "mxgraph.webicons.")


class Cup(IconStencil):
    """A cup on a saucer (coffee, tea, a break)."""

    name = "sign.cup"
    stencils = ("mxgraph.signs.food.coffee",)
    drawio = "shape=mxgraph.signs.food.coffee"

    def parts(self, p: Pen) -> Parts:
        cup = p.curve((0.1, 0.25), ((0.1, 0.25), (0.75, 0.25), (0.75, 0.25)), ((0.75, 0.7), (0.6, 0.85), (0.42, 0.85)),
                      ((0.25, 0.85), (0.1, 0.7), (0.1, 0.25)), close=True)
        handle = p.curve((0.74, 0.35), ((0.98, 0.33), (0.98, 0.62), (0.7, 0.6)))
        steam = p.curve((0.3, 0.2), ((0.25, 0.12), (0.35, 0.08), (0.3, 0.0))) + p.curve(
            (0.5, 0.2), ((0.45, 0.12), (0.55, 0.08), (0.5, 0.0)))
        return (cup, handle + steam, p.rect(0.0, 0.9, 0.85, 0.1, 0.05))


class Magnifier(IconStencil):
    """A magnifying glass (search)."""

    name = "sign.search"
    stencils = ("mxgraph.ios7.icons.looking_glass",)
    drawio = "shape=mxgraph.ios7.icons.looking_glass"

    def parts(self, p: Pen) -> Parts:
        return (p.oval(0.4, 0.4, 0.34, 0.34), [], p.poly((0.62, 0.68), (0.68, 0.62), (1, 0.94), (0.94, 1)))


class Info(IconStencil):
    """A round sign with an i (information, help)."""

    name = "sign.info"
    stencils = ("mxgraph.office.concepts.help", "mxgraph.signs.safety.information")
    drawio = "shape=mxgraph.office.concepts.help"

    def parts(self, p: Pen) -> Parts:
        return (p.oval(0.5, 0.5, 0.5, 0.5), [], p.circle(0.5, 0.27, 0.07) + p.rect(0.44, 0.4, 0.12, 0.38))


class Warning(IconStencil):
    """A triangle with an exclamation mark (warning, caution, danger)."""

    name = "sign.warning"
    stencils = ("mxgraph.signs.safety.warning",)
    drawio = "shape=mxgraph.signs.safety.warning"

    def parts(self, p: Pen) -> Parts:
        return (p.poly((0.5, 0), (1, 0.9), (0, 0.9)), [], p.poly((0.46, 0.3), (0.54, 0.3), (0.52, 0.62), (0.48, 0.62))
                + p.circle(0.5, 0.74, 0.045))


class Reload(IconStencil):
    """A circular arrow (reload, refresh, sync)."""

    name = "sign.reload"
    stencils = ("mxgraph.ios7.icons.reload",)
    drawio = "shape=mxgraph.ios7.icons.reload"

    def parts(self, p: Pen) -> Parts:
        arc: Commands = p.curve((0.85, 0.5), ((0.85, 0.95), (0.15, 0.95), (0.15, 0.5)), ((0.15, 0.15), (0.55, 0.05), (0.75, 0.25)))
        return ([], arc, p.poly((0.62, 0.3), (0.9, 0.3), (0.85, 0.05)))


class Down(IconStencil):
    """An arrow pointing down (download, next)."""

    name = "sign.down"
    stencils = ("mxgraph.ios7.icons.down",)
    drawio = "shape=mxgraph.ios7.icons.down"

    def parts(self, p: Pen) -> Parts:
        return ([], p.line((0.5, 0.05), (0.5, 0.9)) + p.line((0.2, 0.6), (0.5, 0.9), (0.8, 0.6)), [])


DEFS: tuple[StencilShape, ...] = (Cup(), Magnifier(), Info(), Warning(), Reload(), Down())
KEYWORDS: Keywords = (
    (("coffee", "tea", "cup", "cafe", "drink"), "sign.cup"),
    (("search", "looking_glass", "magnifier", "find", "zoom"), "sign.search"),
    (("help", "info", "information", "question"), "sign.info"),
    (("warning", "caution", "danger", "alert", "hazard"), "sign.warning"),
    (("reload", "refresh", "sync", "repeat", "update", "upgrade"), "sign.reload"),
    (("down", "download"), "sign.down"),
    (("lock", "privacy", "secure", "security", "key"), "device.lock"),
    (("user", "person", "man", "woman", "people", "approver", "admin"), "people.user"),
)


def sign_kind(stencil: str) -> str | None:
    """The pictogram for a sign or icon stencil, by the words in its name."""
    return kind_by_words(stencil, SIGN_LIBRARIES, KEYWORDS)
