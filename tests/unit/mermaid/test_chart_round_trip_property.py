"""Generated diagrams of every chart type survive text -> native document -> Mermaid -> the same structure."""

from __future__ import annotations

import string

from chart_helpers import assert_round_trip
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograph_desktop.mermaid.chartsyntax import num_text, quote

CHECK = settings(max_examples=int(__import__("os").environ.get("CHART_EXAMPLES", "20")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
LABEL = st.text(alphabet=string.ascii_letters + string.digits + " _-.,()&'#%:é", min_size=1, max_size=12).map(
    lambda s: " ".join(s.split())).filter(bool)
WORD = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,6}", fullmatch=True)
VALUE = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda v: round(v, 3))
SIZE = st.floats(min_value=0, max_value=1e5, allow_nan=False).map(lambda v: round(v, 2))
UNIT = st.floats(min_value=0, max_value=1, allow_nan=False).map(lambda v: round(v, 3))


def depths(draw: st.DrawFn, count: int, deepest: int = 4) -> list[int]:
    """Indentation depths a tree can have: each at most one deeper than the line before."""
    out = [0]
    for _ in range(count - 1):
        out.append(draw(st.integers(0, min(out[-1] + 1, deepest))))
    return out


@st.composite
def xycharts(draw: st.DrawFn) -> str:
    cats = draw(st.lists(LABEL, min_size=1, max_size=6))
    lines = ["xychart-beta" + (" horizontal" if draw(st.booleans()) else "")]
    if draw(st.booleans()):
        lines.append(f"  title {quote(draw(LABEL))}")
    lines.append(f"  x-axis {quote(draw(LABEL))} [{', '.join(quote(c) for c in cats)}]")
    if draw(st.booleans()):
        low = draw(VALUE)
        lines.append(f"  y-axis {quote(draw(LABEL))} {num_text(low)} --> {num_text(low + draw(SIZE) + 1)}")
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["bar", "line"]))
        name = f" {quote(draw(LABEL))}" if draw(st.booleans()) else ""
        values = draw(st.lists(VALUE, min_size=len(cats), max_size=len(cats)))
        lines.append(f"  {kind}{name} [{', '.join(num_text(v) for v in values)}]")
    return "\n".join(lines)


@st.composite
def quadrants(draw: st.DrawFn) -> str:
    lines = ["quadrantChart", f"  x-axis {quote(draw(LABEL))} --> {quote(draw(LABEL))}",
             f"  y-axis {quote(draw(LABEL))}"]
    for n in draw(st.lists(st.integers(1, 4), unique=True)):
        lines.append(f"  quadrant-{n} {quote(draw(LABEL))}")
    classes = draw(st.lists(WORD, unique=True, max_size=2))
    for name in draw(st.lists(LABEL, max_size=6)):
        cls = f":::{draw(st.sampled_from(classes))}" if classes and draw(st.booleans()) else ""
        style = f" radius: {draw(st.integers(1, 20))}" if draw(st.booleans()) else ""
        lines.append(f"  {quote(name)}{cls}: [{num_text(draw(UNIT))}, {num_text(draw(UNIT))}]{style}")
    lines.extend(f"  classDef {c} color: #ff0000, radius: {draw(st.integers(1, 9))}" for c in classes)
    return "\n".join(lines)


def _csv(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"') else text


@st.composite
def sankeys(draw: st.DrawFn) -> str:
    names = draw(st.lists(LABEL, min_size=2, max_size=7, unique=True))
    rows = ["sankey-beta"]
    for _ in range(draw(st.integers(1, 10))):
        a = draw(st.integers(0, len(names) - 2))
        b = draw(st.integers(a + 1, len(names) - 1))  # forward only: no loops
        rows.append(f"{_csv(names[a])},{_csv(names[b])},{num_text(draw(SIZE))}")
    return "\n".join(rows)


@st.composite
def packets(draw: st.DrawFn) -> str:
    lines, bit = ["packet-beta"], 0
    for _ in range(draw(st.integers(1, 10))):
        width, label = draw(st.integers(1, 70)), quote(draw(LABEL))
        if draw(st.booleans()):
            lines.append(f"  +{width}: {label}")
        else:
            lines.append(f"  {bit}: {label}" if width == 1 else f"  {bit}-{bit + width - 1}: {label}")
        bit += width
    return "\n".join(lines)


@st.composite
def radars(draw: st.DrawFn) -> str:
    axes = draw(st.lists(WORD, min_size=1, max_size=6, unique=True))
    lines = ["radar-beta", "  axis " + ", ".join(f"{a}[{quote(draw(LABEL))}]" for a in axes)]
    for curve in draw(st.lists(WORD, max_size=4, unique=True)):
        values = ", ".join(num_text(draw(SIZE)) for _ in axes)
        lines.append(f"  curve {curve}[{quote(draw(LABEL))}]{{{values}}}")
    options = {"max": f"max {num_text(1e5 + 1)}", "ticks": f"ticks {draw(st.integers(1, 9))}",
               "graticule": f"graticule {draw(st.sampled_from(['circle', 'polygon']))}",
               "showLegend": f"showLegend {draw(st.sampled_from(['true', 'false']))}"}
    lines.extend(f"  {options[k]}" for k in draw(st.lists(st.sampled_from(sorted(options)), unique=True)))
    return "\n".join(lines)


@st.composite
def treemaps(draw: st.DrawFn) -> str:
    levels = depths(draw, draw(st.integers(1, 12)))
    lines = ["treemap-beta"]
    for i, depth in enumerate(levels):
        leaf = i + 1 >= len(levels) or levels[i + 1] <= depth
        value = f": {num_text(draw(SIZE))}" if leaf or draw(st.booleans()) else ""
        cls = ":::hot" if draw(st.integers(0, 4)) == 0 else ""
        lines.append("  " * (depth + 1) + quote(draw(LABEL)) + cls + value)
    lines.append("classDef hot fill:#ff0000")
    return "\n".join(lines)


@st.composite
def venns(draw: st.DrawFn) -> str:
    ids = draw(st.lists(WORD, min_size=1, max_size=4, unique=True))
    lines = ["venn-beta"]
    for sid in ids:
        size = f":{num_text(draw(SIZE))}" if draw(st.booleans()) else ""
        lines.append(f"  set {sid}[{quote(draw(LABEL))}]{size}")
        if draw(st.booleans()):
            lines.append(f"    text t{sid}[{quote(draw(LABEL))}]")
    if len(ids) > 1:
        for _ in range(draw(st.integers(0, 3))):
            members = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=len(ids), unique=True))
            lines.append(f"  union {','.join(members)}[{quote(draw(LABEL))}]")
    if draw(st.booleans()):
        lines.append(f"  style {ids[0]} fill:#123456")
    return "\n".join(lines)


@st.composite
def ishikawas(draw: st.DrawFn) -> str:
    lines = ["ishikawa-beta", f"  {quote(draw(LABEL))}"]
    lines.extend("  " * (d + 1) + quote(draw(LABEL)) for d in depths(draw, draw(st.integers(1, 10))))
    return "\n".join(lines)


@st.composite
def treeviews(draw: st.DrawFn) -> str:
    lines = ["treeView-beta"]
    lines.extend("  " * (d + 1) + quote(draw(LABEL)) for d in depths(draw, draw(st.integers(1, 10)), 6))
    return "\n".join(lines)


@st.composite
def event_models(draw: st.DrawFn) -> str:
    lines, numbers = ["eventmodeling"], []
    blocks = draw(st.lists(WORD, max_size=2, unique=True))
    for n in range(draw(st.integers(1, 8))):
        number = f"{n + 1:02d}"
        kind = draw(st.sampled_from(["scn", "pcr", "cmd", "rmo", "evt", "screen", "event"]))
        entity = draw(WORD) + (f".{draw(WORD)}" if draw(st.booleans()) else "")
        parts = [draw(st.sampled_from(["tf", "rf", "timeframe"])), number, kind, entity]
        if numbers:
            parts.extend(f"->> {s}" for s in draw(st.lists(st.sampled_from(numbers), max_size=3, unique=True)))
        extra = draw(st.integers(0, 2))
        if extra == 1:
            parts.append("{ " + draw(st.text(alphabet=string.ascii_letters + ": ,", max_size=12)).strip() + " }")
        elif extra == 2 and blocks:
            parts.append(f"[[{draw(st.sampled_from(blocks))}]]")
        lines.append(" ".join(parts))
        numbers.append(number)
    for block in blocks:
        lines.extend([f"data {block} {{", f"  {draw(WORD)}: {draw(WORD)}", "}"])
    return "\n".join(lines)


@st.composite
def wardleys(draw: st.DrawFn) -> str:
    names = draw(st.lists(LABEL, min_size=1, max_size=6, unique=True))
    lines = ["wardley-beta"]
    for name in names:
        keyword = draw(st.sampled_from(["component", "anchor"]))
        decorators = "".join(f" ({d})" for d in draw(st.lists(st.sampled_from(["build", "buy", "inertia"]), unique=True)))
        lines.append(f"{keyword} {quote(name)} [{num_text(draw(UNIT))}, {num_text(draw(UNIT))}]{decorators}")
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["->", "+>", "+<", "+<>", "+'flow'>"]))
        lines.append(f"{quote(draw(st.sampled_from(names)))} {op} {quote(draw(st.sampled_from(names)))}")
    if draw(st.booleans()):
        lines.append(f"evolve {quote(names[0])} {num_text(draw(UNIT))}")
    if draw(st.booleans()):
        lines.append(f"note {quote(draw(LABEL))} [{num_text(draw(UNIT))}, {num_text(draw(UNIT))}]")
    return "\n".join(lines)


@st.composite
def zenumls(draw: st.DrawFn) -> str:
    people = draw(st.lists(WORD, min_size=2, max_size=5, unique=True))
    text = st.text(alphabet=string.ascii_letters + string.digits + " ", max_size=12).map(lambda s: " ".join(s.split()))
    lines = ["zenuml"]
    open_blocks: list[str] = []
    for _ in range(draw(st.integers(1, 14))):
        pad = "  " * (len(open_blocks) + 1)
        choice = draw(st.integers(0, 6))
        if choice == 0:
            lines.append(f"{pad}{draw(st.sampled_from(people))}->{draw(st.sampled_from(people))}: {draw(text)}")
        elif choice == 1:
            assign = f"{draw(WORD)} = " if draw(st.booleans()) else ""
            lines.append(f"{pad}{assign}{draw(st.sampled_from(people))}.{draw(WORD)}({draw(WORD)})")
        elif choice == 2 and len(open_blocks) < 3:
            kind = draw(st.sampled_from(["if(x)", "while(y)", "opt", "par", "try", "A.call()"]))
            lines.append(f"{pad}{kind} {{")
            open_blocks.append(kind)
        elif choice == 3 and open_blocks:
            kind = open_blocks.pop()
            closer = {"if(x)": "} else {", "try": "} catch(E) {"}.get(kind)
            if closer and draw(st.booleans()):
                lines.append("  " * (len(open_blocks) + 1) + closer)
                open_blocks.append("else")
            else:
                lines.append("  " * (len(open_blocks) + 1) + "}")
        elif choice == 4:
            lines.append(f"{pad}return {draw(text)}".rstrip())
        elif choice == 5:
            lines.append(f"{pad}new {draw(st.sampled_from(people))}")
        else:
            lines.append(f"{pad}// {draw(text)}".rstrip())
            lines.append(f"{pad}{draw(st.sampled_from(people))}.{draw(WORD)}")
    while open_blocks:
        open_blocks.pop()
        lines.append("  " * (len(open_blocks) + 1) + "}")
    return "\n".join(lines)


@CHECK
@given(st.one_of(xycharts(), quadrants(), sankeys(), packets(), radars(), treemaps()))
def test_charts_round_trip(text: str) -> None:
    assert_round_trip(text)


@CHECK
@given(st.one_of(venns(), ishikawas(), treeviews(), event_models(), wardleys(), zenumls()))
def test_other_new_types_round_trip(text: str) -> None:
    assert_round_trip(text)
