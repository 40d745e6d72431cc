"""The canvas camera: zoom and scroll position, and the mapping between scene and widget coordinates.

Session state only (never saved or synced). Kept free of widgets so it is trivial to test and so the
benchmark and `grab_scene_image` can reuse the same mapping the view paints with.
"""

from __future__ import annotations

from autograph_desktop.model import Rect

MIN_ZOOM = 0.02
MAX_ZOOM = 32.0
#: The steps Ctrl+= / Ctrl+- walk through, like draw.io's zoom menu.
ZOOM_STEPS: tuple[float, ...] = (
    0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0,
    12.0, 16.0, 24.0, 32.0,
)


def clamp_zoom(z: float) -> float:
    if z != z:  # NaN from a hostile gesture delta
        return 1.0
    return min(max(z, MIN_ZOOM), MAX_ZOOM)


class Camera:
    """`ox, oy` is the scene point at the widget's top-left corner; `zoom` widget pixels per scene unit."""

    def __init__(self, zoom: float = 1.0, ox: float = 0.0, oy: float = 0.0) -> None:
        self.zoom = clamp_zoom(zoom)
        self.ox = ox
        self.oy = oy

    def to_view(self, x: float, y: float) -> tuple[float, float]:
        z = self.zoom
        return ((x - self.ox) * z, (y - self.oy) * z)

    def to_scene(self, vx: float, vy: float) -> tuple[float, float]:
        z = self.zoom
        return (vx / z + self.ox, vy / z + self.oy)

    def rect_to_view(self, r: Rect) -> tuple[float, float, float, float]:
        x, y = self.to_view(r.x, r.y)
        return (x, y, r.w * self.zoom, r.h * self.zoom)

    def visible(self, width: float, height: float) -> Rect:
        """The scene rectangle a widget of this size shows."""
        return Rect(self.ox, self.oy, width / self.zoom, height / self.zoom)

    def pan(self, dvx: float, dvy: float) -> None:
        """Scroll by widget pixels (content follows the pointer, so the origin moves the other way)."""
        self.ox -= dvx / self.zoom
        self.oy -= dvy / self.zoom

    def zoom_at(self, zoom: float, vx: float, vy: float) -> None:
        """Change zoom keeping the scene point under widget point (vx, vy) fixed: zoom around the cursor."""
        sx, sy = self.to_scene(vx, vy)
        self.zoom = clamp_zoom(zoom)
        self.ox = sx - vx / self.zoom
        self.oy = sy - vy / self.zoom

    def center_on(self, x: float, y: float, width: float, height: float) -> None:
        self.ox = x - width / 2 / self.zoom
        self.oy = y - height / 2 / self.zoom

    def fit(self, rect: Rect, width: float, height: float, margin: float = 40.0, max_zoom: float = 1.0) -> None:
        """Show `rect` whole and centred, never magnified past `max_zoom` (a lone small shape stays 100%)."""
        avail_w = max(width - 2 * margin, 10.0)
        avail_h = max(height - 2 * margin, 10.0)
        zx = avail_w / rect.w if rect.w > 0 else max_zoom
        zy = avail_h / rect.h if rect.h > 0 else max_zoom
        self.zoom = clamp_zoom(min(zx, zy, max_zoom))
        cx, cy = rect.center
        self.center_on(cx, cy, width, height)


def step_zoom(current: float, direction: int) -> float:
    """The next zoom step above (direction > 0) or below the current zoom."""
    if direction > 0:
        for z in ZOOM_STEPS:
            if z > current * 1.001:
                return z
        return MAX_ZOOM
    for z in reversed(ZOOM_STEPS):
        if z < current * 0.999:
            return z
    return MIN_ZOOM
