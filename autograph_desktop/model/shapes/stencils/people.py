"""People: the C4 person (`mxgraph.c4.person2`, `person`), C4's web browser container, and the user and
group figures of the network, AWS and office libraries (one head on shoulders, or two or three)."""

from __future__ import annotations

from autograph_desktop.model.shapes.base import Box
from autograph_desktop.model.shapes.paths import Commands
from autograph_desktop.model.shapes.stencils.sketch import IconStencil, Parts, Pen, StencilShape

_C4 = "mxgraph.c4."


class C4Person(StencilShape):
    """A round head resting on a rounded body; the label sits in the body (C4's person, version 2)."""

    name = "c4.person2"
    stencils = (_C4 + "person2", _C4 + "person")
    drawio = f"shape={_C4}person2"
    default_size = (200.0, 180.0)

    @staticmethod
    def head(p: Pen) -> float:
        """The head's radius as a fraction of the height."""
        return min(0.22, 0.22 * p.w / max(p.h, 1e-9) * 0.9 / 0.8)

    def parts(self, p: Pen) -> Parts:
        r = self.head(p)
        rx = r * p.h / max(p.w, 1e-9)
        top = 2 * r  # the head rests on the body (overlapping, the two would cut each other out)
        body = p.rect(0, top, 1, 1 - top, 0.18)
        head = p.oval(0.5, r, rx, r)
        return (head + body, [], [])

    def hit_outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Commands:
        return self.outline_of(x, y, w, h, radius).body

    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        top = 2 * self.head(Pen(x, y, w, h)) * h
        return (x + 8, y + top + 6, max(w - 16, 1.0), max(h - top - 12, 1.0))


class WebBrowser(StencilShape):
    """A rounded window with an address bar (C4's web browser container)."""

    name = "c4.webBrowserContainer"
    stencils = (_C4 + "webBrowserContainer2", _C4 + "webBrowserContainer")
    drawio = f"shape={_C4}webBrowserContainer2"

    def parts(self, p: Pen) -> Parts:
        bar = min(0.18, 24 / max(p.h, 1e-9))
        dots = p.circle(0.04, bar / 2, 0.03) + p.circle(0.1, bar / 2, 0.03) + p.circle(0.16, bar / 2, 0.03)
        address = p.rect(0.22, bar * 0.2, 0.74, bar * 0.6, 0.02)
        return (p.rect(0, 0, 1, 1, 0.06), address + p.line((0, bar), (1, bar)), dots)

    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        bar = min(0.18 * h, 24)
        return (x + 8, y + bar + 4, max(w - 16, 1.0), max(h - bar - 8, 1.0))


def _figure(p: Pen, cu: float, width: float, top: float = 0.0) -> Commands:
    """One head on shoulders, centred at unit `cu`, `width` wide, from `top` down to the bottom."""
    h = 1 - top
    head = p.oval(cu, top + h * 0.22, width * 0.22, h * 0.22)
    half = width / 2
    shoulders = p.curve((cu - half, 1), ((cu - half, top + h * 0.55), (cu - half * 0.6, top + h * 0.48),
                                         (cu, top + h * 0.48)),
                        ((cu + half * 0.6, top + h * 0.48), (cu + half, top + h * 0.55), (cu + half, 1)), close=True)
    return head + shoulders


class User(IconStencil):
    """One person from the shoulders up."""

    name = "people.user"
    stencils = ("mxgraph.networks.user_male", "mxgraph.networks.user_female", "mxgraph.office.users.user",
                "mxgraph.office.users.administrator", "mxgraph.office.users.um_enabled_user",
                "mxgraph.cisco.people.standing_man", "mxgraph.cisco.people.androgenous_person",
                "mxgraph.cisco.people.man_woman", "mxgraph.signs.people.man_1", "mxgraph.signs.people.woman_1",
                "mxgraph.ios7.icons.user", "mxgraph.gcp2.user", "mxgraph.basic.person")
    drawio = "shape=mxgraph.networks.user_male"

    def parts(self, p: Pen) -> Parts:
        return (_figure(p, 0.5, 0.9), [], [])


class Users(IconStencil):
    """Two or three people (`community`, `users`)."""

    name = "people.users"
    stencils = ("mxgraph.networks.community", "mxgraph.networks.users", "mxgraph.office.users.users",
                "mxgraph.office.users.users_two", "mxgraph.cisco.people.users", "mxgraph.gcp2.users",
                "mxgraph.ios7.icons.users")
    drawio = "shape=mxgraph.networks.community"

    def parts(self, p: Pen) -> Parts:
        return (_figure(p, 0.25, 0.45, 0.12) + _figure(p, 0.75, 0.45, 0.12) + _figure(p, 0.5, 0.55), [], [])


DEFS: tuple[StencilShape, ...] = (C4Person(), WebBrowser(), User(), Users())
