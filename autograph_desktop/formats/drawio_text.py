"""draw.io's text rules on our styles: when a label wraps, which font measures it, and writing that back.

draw.io wraps a label only when its style says `whiteSpace=wrap`, and then only between words: a word
wider than the box stands out of it. Its default font is Helvetica, whose metric twin we bundle, so a
label breaks where draw.io broke it. Kept apart from the style-key mapping (`drawio_styles`) so that each
stays one job.
"""

from __future__ import annotations

from autograph_desktop import textmetrics
from autograph_desktop.model import Element, Style
from autograph_desktop.model.richhtml import parse_html_label, runs_to_html
from autograph_desktop.model.richtext import RUNS_KEY, Run, element_runs

#: draw.io's default label font when a style names none.
DEFAULT_FAMILY = "Helvetica"


def text_style(style: Style, values: dict[str, str]) -> Style:
    """`style` (read from draw.io keys `values`) with draw.io's wrapping rule and font family."""
    family = (values.get("fontFamily") or DEFAULT_FAMILY).strip()[:200] or DEFAULT_FAMILY
    wrap = "overflow" if values.get("whiteSpace") == "wrap" else "none"
    if textmetrics.family_face(family) == textmetrics.MONO:
        return style.with_(text_wrap=wrap)
    return style.with_(text_wrap=wrap, font_family=family)


def write_text_keys(el: Element, values: dict[str, str]) -> None:
    """The draw.io keys that say how `el`'s text wraps (the writer sets `whiteSpace=wrap` by default)."""
    if el.style.text_wrap == "none":
        values.pop("whiteSpace", None)
    else:
        values["whiteSpace"] = "wrap"


def label_runs(value: str, values: dict[str, str]) -> tuple[str, tuple[Run, ...] | None]:
    """(plain text, rich text runs or None) of an `html=1` label, sizes relative to the cell's font size."""
    try:
        base = float(values.get("fontSize", "12"))
    except ValueError:
        base = 12.0
    return parse_html_label(value, base if 1.0 <= base <= 2000.0 else 12.0)


def rich_label(el: Element) -> str | None:
    """The HTML draw.io should show for `el`'s text when it has rich text runs (None: write it plain)."""
    runs = element_runs(el.text, el.get(RUNS_KEY))
    return runs_to_html(runs) if runs is not None else None
