"""Rich text: an element's text as runs of one look each (bold, italic, underline, colour, size, link).

The plain text stays in `Element.text` (what search, the AI, Mermaid and every plain format see); the
runs ride along in the element's `data` under `RUNS_KEY`, as compact JSON. Runs count only while their
characters still spell the element's text: an edit of the plain text drops the formatting rather than
showing formatting for words that are no longer there.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

RUNS_KEY = "text.runs"
#: Bounds for what a file may ask for: a label of a few thousand runs is already absurd.
MAX_RUNS = 5000
MAX_SIZE = 2000.0
ALIGNS = ("left", "center", "right")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one look; `color` "" and `size` 0 mean the element's own."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    color: str = ""
    size: float = 0.0
    link: str = ""
    #: The alignment of the lines this run starts ("" for the element's own): HTML paragraphs have their own.
    align: str = ""

    @property
    def plain(self) -> bool:
        """True when the run looks like the element's own text (nothing to draw differently)."""
        return not (self.bold or self.italic or self.underline or self.strike or self.color or self.size
                    or self.link or self.align)


def plain_text(runs: tuple[Run, ...] | list[Run]) -> str:
    return "".join(run.text for run in runs)


def runs_to_json(runs: tuple[Run, ...] | list[Run]) -> str:
    """Compact JSON: one object per run with only the fields that are set."""
    out: list[dict[str, Any]] = []
    for run in runs:
        item: dict[str, Any] = {"t": run.text}
        for key, value in (("b", run.bold), ("i", run.italic), ("u", run.underline), ("s", run.strike)):
            if value:
                item[key] = 1
        if run.color:
            item["c"] = run.color
        if run.size:
            item["z"] = run.size
        if run.link:
            item["a"] = run.link
        if run.align:
            item["al"] = run.align
        out.append(item)
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def _run(item: Any) -> Run | None:
    if not isinstance(item, dict) or not isinstance(item.get("t"), str):
        return None
    color = item.get("c", "")
    size = item.get("z", 0)
    link = item.get("a", "")
    align = item.get("al", "")
    size_ok = isinstance(size, (int, float)) and not isinstance(size, bool) and math.isfinite(size)
    return Run(item["t"], bool(item.get("b")), bool(item.get("i")), bool(item.get("u")), bool(item.get("s")),
               color if isinstance(color, str) and _HEX.match(color) else "",
               float(min(max(size, 0.0), MAX_SIZE)) if size_ok else 0.0,
               link[:10_000] if isinstance(link, str) else "", align if align in ALIGNS else "")


def runs_from_json(value: str) -> tuple[Run, ...] | None:
    """The runs stored in `value`, or None when it is not a list of runs (junk never raises)."""
    try:
        items = json.loads(value)
    except (ValueError, RecursionError):
        return None
    if not isinstance(items, list) or len(items) > MAX_RUNS:
        return None
    runs = [_run(item) for item in items]
    if any(run is None for run in runs):
        return None
    return tuple(run for run in runs if run is not None)


def element_runs(text: str, stored: str) -> tuple[Run, ...] | None:
    """The runs of an element whose text is `text` and whose `data` holds `stored` under RUNS_KEY; None
    when there are none, they are junk, or the text was edited since (their letters no longer match)."""
    if not stored or not text:
        return None
    runs = runs_from_json(stored)
    if runs is None or plain_text(runs) != text or all(run.plain for run in runs):
        return None
    return runs


def with_runs(data: tuple[tuple[str, str], ...], runs: tuple[Run, ...] | list[Run] | None) -> tuple[tuple[str, str], ...]:
    """`data` with the runs stored (or removed when `runs` is None or carries no formatting)."""
    kept = tuple((k, v) for k, v in data if k != RUNS_KEY)
    if not runs or all(run.plain for run in runs):
        return kept
    return tuple(sorted((*kept, (RUNS_KEY, runs_to_json(runs)))))
