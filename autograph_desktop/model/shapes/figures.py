"""Kinds with curved or composite outlines: cylinder, document, cloud, callout and the stick figure."""

from __future__ import annotations

import math

from autograph_desktop.model.shapes.base import Box, ShapeDef
from autograph_desktop.model.shapes.box import BoxShape
from autograph_desktop.model.shapes.paths import KAPPA, Commands, Outline, ellipse, rounded_rect, scaled


class Cylinder(ShapeDef):
    """A database: an elliptic rim on top, a curved bottom; the label sits below the rim."""

    name = "cylinder"
    default_size = (120.0, 140.0)
    drawio = "shape=cylinder3;boundedLbl=1;size=15"
    drawio_names = ("cylinder", "cylinder3", "datastore", "dataStorage")
    drawio_stencils = ("database", "stored_data", "direct_data")

    @staticmethod
    def rim(w: float, h: float) -> float:
        return min(h * 0.15, w * 0.2)

    def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
        ry = self.rim(w, h)
        r, b = x + w, y + h
        k, kx = ry * KAPPA, w / 2 * KAPPA
        cx = x + w / 2
        body: Commands = [
            ("M", x, y + ry),
            ("C", x, y + ry - k, cx - kx, y, cx, y),
            ("C", cx + kx, y, r, y + ry - k, r, y + ry),
            ("L", r, b - ry),
            ("C", r, b - ry + k, cx + kx, b, cx, b),
            ("C", cx - kx, b, x, b - ry + k, x, b - ry),
            ("Z",),
        ]
        rim: Commands = [
            ("M", x, y + ry),
            ("C", x, y + ry + k, cx - kx, y + 2 * ry, cx, y + 2 * ry),
            ("C", cx + kx, y + 2 * ry, r, y + ry + k, r, y + ry),
        ]
        return Outline(body, rim)

    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        ry = self.rim(w, h)
        return (x + 8, y + 2 * ry, max(w - 16, 1.0), max(h - 3 * ry, 1.0))

    def box_for_text(self, text_w: float, text_h: float, margin: float = 6.0) -> tuple[float, float]:
        # ry = 0.15 h (for tall enough shapes): the text band is h - 3 ry = 0.55 h.
        tw, th = text_w + 2 * margin, text_h + 2 * margin
        return tw + 16, max(th / 0.55, th + 30)


class Document(ShapeDef):
    """A page whose bottom edge waves."""

    name = "document"
    drawio = "shape=document;boundedLbl=1"
    drawio_names = ("document", "tape")
    drawio_stencils = ("document", "multi-document", "paper_tape")

    @staticmethod
    def wave(h: float) -> float:
        return min(h * 0.1, 14.0)

    def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
        a = self.wave(h)
        c = a * 4 / 3
        r, b = x + w, y + h
        return Outline([
            ("M", x, y), ("L", r, y), ("L", r, b - a),
            ("C", x + w * 0.75, b - a - c, x + w * 0.75, b - a - c, x + w / 2, b - a),
            ("C", x + w * 0.25, b - a + c, x + w * 0.25, b - a + c, x, b - a),
            ("Z",),
        ], [])

    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        return (x + 8, y + 4, max(w - 16, 1.0), max(h - 8 - self.wave(h), 1.0))

    def box_for_text(self, text_w: float, text_h: float, margin: float = 6.0) -> tuple[float, float]:
        return text_w + 2 * margin + 16, text_h + 2 * margin + 8 + 14


def _unit_cloud() -> Commands:
    """Eight bumps around an ellipse in a unit square; each bump bulges outwards between its neighbours."""
    n = 8
    angles = [math.pi * 2 * i / n + math.pi / n for i in range(n)]
    pts = [(0.5 + 0.40 * math.cos(a), 0.5 + 0.36 * math.sin(a)) for a in angles]
    out: Commands = [("M", *pts[0])]
    for i in range(n):
        a0, a1 = angles[i], angles[(i + 1) % n] + (2 * math.pi if i == n - 1 else 0)
        p0, p1 = pts[i], pts[(i + 1) % n]
        c0 = (p0[0] + 0.31 * math.cos(a0 + 0.35), p0[1] + 0.31 * math.sin(a0 + 0.35))
        c1 = (p1[0] + 0.31 * math.cos(a1 - 0.35), p1[1] + 0.31 * math.sin(a1 - 0.35))
        out.append(("C", *c0, *c1, *p1))
    out.append(("Z",))
    # Scale so the curve itself (not just its end points) fills the unit square exactly.
    xs: list[float] = []
    ys: list[float] = []
    cur = pts[0]
    for cmd in out[1:-1]:
        for k in range(1, 33):
            t = k / 32
            mt = 1 - t
            xs.append(mt ** 3 * cur[0] + 3 * mt * mt * t * cmd[1] + 3 * mt * t * t * cmd[3] + t ** 3 * cmd[5])
            ys.append(mt ** 3 * cur[1] + 3 * mt * mt * t * cmd[2] + 3 * mt * t * t * cmd[4] + t ** 3 * cmd[6])
        cur = (cmd[5], cmd[6])
    x0, y0 = min(xs), min(ys)
    sx, sy = 1 / (max(xs) - x0), 1 / (max(ys) - y0)
    return [(c[0], *[(v - (x0 if i % 2 == 0 else y0)) * (sx if i % 2 == 0 else sy) for i, v in enumerate(c[1:])])
            for c in out]


_CLOUD = _unit_cloud()


class Cloud(ShapeDef):
    name = "cloud"
    text_inset = (0.15, 0.15)
    text_inset_relative = True
    drawio = "ellipse;shape=cloud"
    drawio_names = ("cloud",)
    drawio_stencils = ("cloud",)

    def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
        return Outline(scaled(_CLOUD, x, y, w, h), [])


class Callout(ShapeDef):
    """A speech bubble: a rounded box over the top 78 %, a tail down to the bottom edge on the left."""

    name = "callout"
    drawio = "shape=callout"
    drawio_names = ("callout", "offPageConnector")
    drawio_stencils = ("off-page_reference",)

    def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
        body_h = h * 0.78
        rad = min(10.0, min(w, h) * 0.2)
        box = rounded_rect(x, y, w, body_h, rad)[:-1]
        # Cut a tail into the bottom edge, a fifth of the way in from the left.
        tail_l, tail_r = x + w * 0.18, x + w * 0.34
        out: Commands = box[:5]
        out.append(("L", tail_r, y + body_h))
        out.append(("L", x + w * 0.14, y + h))
        out.append(("L", tail_l, y + body_h))
        out.extend(box[5:])
        out.append(("Z",))
        return Outline(out, [])

    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        return (x + 8, y + 4, max(w - 16, 1.0), max(h * 0.78 - 8, 1.0))

    def box_for_text(self, text_w: float, text_h: float, margin: float = 6.0) -> tuple[float, float]:
        return text_w + 2 * margin + 16, (text_h + 2 * margin + 8) / 0.78


class Actor(BoxShape):
    """A stick person: the head is the filled body, limbs are detail strokes, the label goes underneath.

    Clicks and connectors use the box the figure stands in (as draw.io's and Mermaid's actors do): the
    figure itself is mostly air, and a connector ending on a hand or a foot reads badly.
    """

    name = "actor"
    default_size = (60.0, 100.0)
    label_below = True
    hit_by_box = True
    uses_radius = False
    drawio = "shape=umlActor;verticalLabelPosition=bottom"
    drawio_names = ("actor", "umlActor")

    def corner(self, w: float, h: float, radius: float) -> float:
        return 0.0

    def outline(self, x: float, y: float, w: float, h: float, radius: float = 0.0) -> Outline:
        head = min(w * 0.5, h * 0.24)
        cx = x + w / 2
        neck = y + head
        hip = y + h * 0.64
        arms = y + head + (hip - neck) * 0.3
        body = ellipse(cx, y + head / 2, head / 2, head / 2)
        detail: Commands = [
            ("M", cx, neck), ("L", cx, hip),
            ("M", x + w * 0.08, arms), ("L", x + w * 0.92, arms),
            ("M", cx, hip), ("L", x + w * 0.12, y + h),
            ("M", cx, hip), ("L", x + w * 0.88, y + h),
        ]
        return Outline(body, detail)
