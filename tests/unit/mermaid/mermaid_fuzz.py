"""Shared by the Mermaid type tests: random mutations of valid sources, and the check that reading them
either works or fails with a located InvalidInput (never another exception)."""

from __future__ import annotations

from hypothesis import strategies as st

from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.to_model import spec_to_diagram
from autograph_desktop.model.problems import InvalidInput

#: Characters and tokens that break Mermaid statements in interesting ways.
NOISE = ("(", ")", "[", "]", "{", "}", '"', ":", "-", "--", "-->", "<", ">", ",", "\n", " ", "in", "end", "$",
         "=", "@{", "%%", "\t", "x", "L", "R", "T", "B", ":::", "#", ";", "\\", "é", "\u202e")


@st.composite
def mutated(draw: st.DrawFn, source: str) -> str:
    """`source` with a few random deletions, insertions, swaps and duplicated lines."""
    text = source
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(("delete", "insert", "replace", "duplicate", "cut")))
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        if action == "delete":
            span = draw(st.integers(1, 6))
            text = text[:at] + text[at + span:]
        elif action == "insert":
            text = text[:at] + draw(st.sampled_from(NOISE)) + text[at:]
        elif action == "replace":
            text = text[:at] + draw(st.sampled_from(NOISE)) + text[at + 1:]
        elif action == "duplicate":
            lines = text.split("\n")
            n = draw(st.integers(0, len(lines) - 1))
            lines.insert(n, lines[n])
            text = "\n".join(lines)
        else:
            text = text[:at]
    return text


def read_or_invalid(text: str) -> None:
    """Parse and build `text`; any failure must be a located InvalidInput."""
    try:
        spec = parse(text)
    except InvalidInput as exc:
        assert exc.problems, "an InvalidInput names at least one problem"
        problem = exc.problems[0]
        assert problem.message
        if problem.line is not None:
            assert 1 <= problem.line <= text.count("\n") + 1
        return
    spec_to_diagram(spec)
