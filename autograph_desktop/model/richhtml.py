"""Rich text as HTML: labels (draw.io's `html=1`, Mermaid's HTML labels) to plain text plus runs, and back.

html.parser never fetches or runs anything; we keep only what changes how letters look (b, i, u, s,
font colour and size, links, inline `style`), break lines where the browser would (br, div, p, li,
headings), mark list items with bullets or numbers, and drop script and style contents. Nesting and
size are bounded, so a hostile label costs no more than a long one.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from autograph_desktop.model.richtext import ALIGNS, MAX_RUNS, Run

#: Tags after (or before) which draw.io's HTML labels break the line.
BLOCK_TAGS = frozenset({"div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table",
                        "blockquote", "pre"})
_SKIPPED = frozenset({"script", "style", "head", "title", "template"})
_HEADING_SCALE = {"h1": 2.0, "h2": 1.5, "h3": 1.17, "h4": 1.0, "h5": 0.83, "h6": 0.67}
#: HTML's `<font size=N>` in pixels.
_FONT_SIZES = {1: 10.0, 2: 13.0, 3: 16.0, 4: 18.0, 5: 24.0, 6: 32.0, 7: 48.0}
_NAMED = {"black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
          "yellow": "#ffff00", "orange": "#ffa500", "purple": "#800080", "gray": "#808080", "grey": "#808080",
          "navy": "#000080", "teal": "#008080", "maroon": "#800000", "silver": "#c0c0c0"}
_RGB = re.compile(r"rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})")
_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_SIZE = re.compile(r"^([0-9]*\.?[0-9]+)\s*(px|pt|em|%)?$")
MAX_DEPTH = 64
MAX_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class _Look:
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    color: str = ""
    size: float = 0.0
    link: str = ""
    align: str = ""

    def run(self, text: str) -> Run:
        return Run(text, self.bold, self.italic, self.underline, self.strike, self.color, self.size, self.link,
                   self.align)


def css_color(value: str) -> str:
    """`#rgb`, `#rrggbb`, `rgb(...)` or a common colour name as `#rrggbb`; "" for anything else."""
    value = value.strip().lower()
    if value in _NAMED:
        return _NAMED[value]
    if _HEX.match(value):
        digits = value[1:]
        return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)
    match = _RGB.match(value)
    if match:
        return "#" + "".join(f"{min(int(v), 255):02x}" for v in match.groups())
    return ""


def _css_size(value: str, current: float) -> float:
    match = _SIZE.match(value.strip().lower())
    if not match:
        return 0.0
    number, unit = float(match.group(1)), match.group(2) or "px"
    size = {"px": number, "pt": number * 4 / 3, "em": number * current, "%": number * current / 100}[unit]
    return min(max(size, 1.0), 2000.0)


class _RunCollector(HTMLParser):
    def __init__(self, base_size: float) -> None:
        super().__init__(convert_charrefs=True)
        self.base_size = base_size
        self.stack: list[tuple[str, _Look]] = []
        self.lists: list[list[int]] = []  # per open list: [is_ordered, next number]
        self.pieces: list[tuple[str, _Look]] = []
        self.skipping = 0
        self.chars = 0

    @property
    def look(self) -> _Look:
        return self.stack[-1][1] if self.stack else _Look()

    def _add(self, text: str, look: _Look | None = None) -> None:
        if self.chars >= MAX_CHARS:
            return
        text = text[:MAX_CHARS - self.chars]
        self.chars += len(text)
        if len(self.pieces) >= MAX_RUNS * 4:  # past this many pieces the letters stay, their looks do not
            last, last_look = self.pieces[-1]
            self.pieces[-1] = (last + text, last_look)
            return
        self.pieces.append((text, look or self.look))

    def _newline(self) -> None:
        if self.pieces and not self.pieces[-1][0].endswith("\n"):
            self._add("\n")

    def _styled(self, tag: str, attrs: dict[str, str]) -> _Look:
        look = self.look
        size = look.size or self.base_size
        if tag in ("b", "strong", "th"):
            look = replace(look, bold=True)
        elif tag in ("i", "em", "cite", "var"):
            look = replace(look, italic=True)
        elif tag in ("u", "ins"):
            look = replace(look, underline=True)
        elif tag in ("s", "strike", "del"):
            look = replace(look, strike=True)
        elif tag == "a" and attrs.get("href"):
            look = replace(look, link=attrs["href"][:10_000], underline=True)
        elif tag in _HEADING_SCALE:
            look = replace(look, bold=True, size=round(self.base_size * _HEADING_SCALE[tag], 2))
        if (align := attrs.get("align", "").strip().lower()) in ALIGNS:
            look = replace(look, align=align)
        if tag == "font":
            if color := css_color(attrs.get("color", "")):
                look = replace(look, color=color)
            raw = attrs.get("size", "").strip()
            if raw.isdigit() and int(raw) in _FONT_SIZES:
                look = replace(look, size=_FONT_SIZES[int(raw)])
        for decl in attrs.get("style", "").split(";")[:50]:
            name, _, value = decl.partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "font-weight":
                look = replace(look, bold=value == "bold" or value == "bolder" or (value.isdigit() and int(value) >= 600))
            elif name == "font-style":
                look = replace(look, italic=value in ("italic", "oblique"))
            elif name == "text-decoration" or name == "text-decoration-line":
                look = replace(look, underline="underline" in value, strike="line-through" in value)
            elif name == "color" and (color := css_color(value)):
                look = replace(look, color=color)
            elif name == "font-size" and (px := _css_size(value, size)):
                look = replace(look, size=round(px, 2))
            elif name == "text-align" and value in ALIGNS:
                look = replace(look, align=value)
        return look

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
            return
        if tag == "br":
            self._add("\n")
            return
        if tag in BLOCK_TAGS:
            self._newline()
        if tag in ("ul", "ol") and len(self.lists) < MAX_DEPTH:
            self.lists.append([1 if tag == "ol" else 0, 1])
        if tag == "li":
            depth = max(len(self.lists), 1)
            ordered, number = self.lists[-1] if self.lists else (0, 1)
            marker = f"{number}. " if ordered else "• "
            if self.lists:
                self.lists[-1][1] += 1
            self._add("    " * (depth - 1) + marker, replace(self.look, underline=False, strike=False, link=""))
        if tag in ("img", "hr", "input", "meta", "link", "wbr"):
            return  # void elements never close: they must not push a look
        if len(self.stack) < MAX_DEPTH:
            self.stack.append((tag, self._styled(tag, {k: v or "" for k, v in attrs})))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._add("\n")
        elif tag in BLOCK_TAGS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if tag in BLOCK_TAGS:
            self._newline()
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        for i in range(len(self.stack) - 1, max(len(self.stack) - MAX_DEPTH, -1) - 1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._add(data)


def _finish(pieces: list[tuple[str, _Look]]) -> tuple[str, list[Run]]:
    """Plain text as draw.io shows it (non-breaking spaces as spaces, lines right-trimmed, blank lines at
    either end dropped) and the runs that spell exactly that text."""
    chars: list[str] = []
    looks: list[_Look] = []
    for text, look in pieces:
        text = text.replace("\xa0", " ")
        chars.extend(text)
        looks.extend([look] * len(text))
    lines: list[list[int]] = [[]]
    for i, ch in enumerate(chars):
        if ch == "\n":
            lines.append([])
        else:
            lines[-1].append(i)
    kept = []
    for line in lines:
        while line and chars[line[-1]] in " \t\r\f\v":
            line.pop()
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    while kept and not kept[0]:
        kept.pop(0)
    out_chars: list[str] = []
    out_looks: list[_Look] = []
    for n, line in enumerate(kept):
        if n:
            out_chars.append("\n")
            out_looks.append(out_looks[-1] if out_looks else _Look())
        out_chars.extend(chars[i] for i in line)
        out_looks.extend(looks[i] for i in line)
    runs: list[Run] = []
    start = 0
    for i in range(1, len(out_chars) + 1):
        if i == len(out_chars) or out_looks[i] != out_looks[start]:
            runs.append(out_looks[start].run("".join(out_chars[start:i])))
            start = i
    if len(runs) > MAX_RUNS:  # keep the letters, lose the formatting of the rest
        runs[MAX_RUNS - 1:] = [Run("".join(run.text for run in runs[MAX_RUNS - 1:]))]
    return "".join(out_chars), runs


def parse_html_label(value: str, base_size: float = 12.0) -> tuple[str, tuple[Run, ...] | None]:
    """(plain text, runs) of an HTML label; runs None when nothing in it is formatted."""
    if "<" not in value and "&" not in value:
        return value, None
    collector = _RunCollector(base_size)
    collector.feed(value[: MAX_CHARS * 4])
    collector.close()
    text, runs = _finish(collector.pieces)
    # A size equal to the label's own is no formatting (draw.io often wraps whole labels in one).
    runs = [replace(run, size=0.0) if abs(run.size - base_size) < 0.01 else run for run in runs]
    if not runs or all(run.plain for run in runs):
        return text, None
    return text, tuple(runs)


def runs_to_html(runs: tuple[Run, ...] | list[Run]) -> str:
    """Runs as the HTML draw.io keeps in an `html=1` label (escaped text, `<br>` for line breaks)."""
    out: list[str] = []
    groups: list[tuple[str, list[str]]] = []  # runs of one paragraph alignment go in one <div>
    for run in runs:
        body = "<br>".join(html.escape(part, quote=False) for part in run.text.split("\n"))
        css = []
        if run.color:
            css.append(f"color: {run.color}")
        if run.size:
            css.append(f"font-size: {run.size:g}px")
        if css:
            body = f'<span style="{"; ".join(css)}">{body}</span>'
        for flag, tag in ((run.strike, "s"), (run.underline and not run.link, "u"), (run.italic, "i"),
                          (run.bold, "b")):
            if flag:
                body = f"<{tag}>{body}</{tag}>"
        if run.link:
            body = f'<a href="{html.escape(run.link, quote=True)}">{body}</a>'
        if groups and groups[-1][0] == run.align:
            groups[-1][1].append(body)
        else:
            groups.append((run.align, [body]))
    for align, bodies in groups:
        joined = "".join(bodies)
        out.append(f'<div style="text-align: {align}">{joined}</div>' if align else joined)
    return "".join(out)
