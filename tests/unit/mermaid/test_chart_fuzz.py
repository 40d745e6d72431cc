"""Random mutations of valid chart sources: every failure is a located `InvalidInput`, never a traceback,
and whatever does read also builds, exports and reads back."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograph_desktop.mermaid.chart_snippets import CHART_SNIPPETS
from autograph_desktop.mermaid.export import to_mermaid
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.reader import read
from autograph_desktop.mermaid.snippets import SNIPPETS
from autograph_desktop.model.problems import InvalidInput

SEEDS = [*CHART_SNIPPETS.values(), *(SNIPPETS[k] for k in ("gantt", "pie", "timeline", "journey", "gitgraph", "mindmap")),
         "xychart-beta horizontal\n  x-axis t 0 --> 10\n  y-axis \"v\" -5 --> 5\n  line [1, -2.5, 3]\n",
         'quadrantChart\n  A:::c: [0.1, 0.9] radius: 4\n  classDef c color: #ff0000\n',
         'packet-beta\n  0: "a"\n  +31: "b"\n  32-95: "c"\n',
         "radar-beta\n  axis a, b, c\n  curve x{ a: 1, b: 2, c: 3 }\n  graticule polygon\n  ticks 3\n",
         "venn-beta\n  set A:4\n    text T[\"t\"]\n  set B\n  union A,B:1\n  style A,B color:#333\n",
         "eventmodeling\nrf 01 evt A.B\ntf 02 rmo C ->> 01 [[D]]\ndata D `json`{\n  \"x\": 1\n}\n",
         "wardley-beta\ncomponent A [0.5, 0.5] label [1, 2]\npipeline A {\n  component \"B\" [0.2]\n}\nA -.- (0.1, 0.2)\n",
         "zenuml\n  a = A.b(c) {\n    try {\n      B->C: d\n    } catch {\n      return e\n    } finally {\n    }\n  }\n"]
NOISE = "[]{}():;,\"'-><+.=%#@/\\|:\n\t 0123456789abcxyzAZ-->"
CHECK = settings(max_examples=int(os.environ.get("CHART_EXAMPLES", "120")), deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.integers(0, 4))
        if action == 0:  # insert noise
            text = text[:at] + draw(st.text(alphabet=NOISE, min_size=1, max_size=6)) + text[at:]
        elif action == 1:  # delete a stretch
            text = text[:at] + text[at + draw(st.integers(1, 8)):]
        elif action == 2:  # repeat a line
            lines = text.split("\n")
            pick = draw(st.integers(0, len(lines) - 1))
            lines.insert(pick, lines[pick])
            text = "\n".join(lines)
        elif action == 3:  # swap two lines (the header may move)
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        else:  # replace a character with noise
            text = text[:at] + draw(st.sampled_from(NOISE)) + text[at + 1:]
    return text


@CHECK
@given(mutated())
def test_mutated_sources_fail_cleanly_or_round_trip(text: str) -> None:
    try:
        result = read(text.encode(), "fuzz.mmd")
    except InvalidInput as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return
    exported = to_mermaid(result.diagrams[0])
    parse(exported)  # what we write, we read
