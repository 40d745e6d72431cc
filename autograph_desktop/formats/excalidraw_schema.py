"""Type checks for Excalidraw JSON: lenient defaults for missing fields, located errors for wrong ones."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from autograph_desktop.model.problems import InvalidInput, Problem

#: Coordinates beyond this are not a drawing (and would overflow the canvas maths).
MAX_COORD = 1e9
#: Points per line or freehand stroke; Excalidraw itself stays far below.
MAX_POINTS = 100_000
#: Problems reported before giving up: one broken generator can break every element the same way.
MAX_PROBLEMS = 50


@dataclass
class Checker:
    """Collects problems with JSON paths (`$.elements[3].x`) so one error report names all of them."""

    source: str = ""
    problems: list[Problem] = field(default_factory=list)

    def fail(self, message: str, path: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(message, path=path))

    def raise_if_failed(self) -> None:
        if self.problems:
            raise InvalidInput(list(self.problems), source=self.source)

    def number(self, obj: dict[str, Any], key: str, path: str, default: float) -> float:
        value = obj.get(key)
        if value is None:
            return float(default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(f"`{key}` must be a number, not {type(value).__name__}", f"{path}.{key}")
            return float(default)
        if not math.isfinite(value) or abs(value) > MAX_COORD:
            self.fail(f"`{key}` is out of range ({value})", f"{path}.{key}")
            return float(default)
        return float(value)

    def string(self, obj: dict[str, Any], key: str, path: str, default: str) -> str:
        value = obj.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            self.fail(f"`{key}` must be a string, not {type(value).__name__}", f"{path}.{key}")
            return default
        return value

    def points(self, obj: dict[str, Any], path: str) -> list[tuple[float, float]]:
        value = obj.get("points")
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail("`points` must be a list of [x, y] pairs", f"{path}.points")
            return []
        if len(value) > MAX_POINTS:
            self.fail(f"`points` has {len(value)} points; the limit is {MAX_POINTS}", f"{path}.points")
            return []
        out: list[tuple[float, float]] = []
        for i, point in enumerate(value):
            if (not isinstance(point, list) or len(point) < 2
                    or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in point[:2])
                    or not all(math.isfinite(v) and abs(v) <= MAX_COORD for v in point[:2])):
                self.fail("a point must be [x, y] with finite numbers", f"{path}.points[{i}]")
                return []
            out.append((float(point[0]), float(point[1])))
        return out

    def list_at(self, obj: dict[str, Any], key: str, path: str) -> list[Any]:
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"`{key}` must be a list, not {type(value).__name__}", f"{path}.{key}")
            return []
        return value

    def dict_at(self, obj: dict[str, Any], key: str, path: str) -> dict[str, Any]:
        value = obj.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(f"`{key}` must be an object, not {type(value).__name__}", f"{path}.{key}")
            return {}
        return value
