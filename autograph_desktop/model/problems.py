"""Problems found in user input, with a location, shared by every reader (files, Mermaid, the CLI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or dubious) in an input, located as precisely as the reader can.

    `line`/`column` are 1-based positions in text inputs; `path` is a JSON path (`$.elements[3].x`)
    for JSON inputs. `snippet` is the offending text and `hint` the likely fix, both optional.
    """

    message: str
    line: int | None = None
    column: int | None = None
    path: str | None = None
    snippet: str | None = None
    hint: str | None = None
    severity: Severity = "error"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"message": self.message, "severity": self.severity}
        for key in ("line", "column", "path", "snippet", "hint"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    def __str__(self) -> str:
        where = ""
        if self.line is not None:
            where = f"line {self.line}" + (f", column {self.column}" if self.column is not None else "")
        elif self.path is not None:
            where = f"at {self.path}"
        text = f"{where}: {self.message}" if where else self.message
        if self.snippet:
            text += f"\n    {self.snippet}"
            if self.column is not None and self.line is not None:
                text += "\n    " + " " * max(0, self.column - 1) + "^"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


@dataclass(eq=False)
class InvalidInput(Exception):
    """Raised by readers when input cannot be turned into a diagram; carries every problem found."""

    problems: list[Problem] = field(default_factory=list)
    source: str = ""

    def __post_init__(self) -> None:
        super().__init__(self.summary())

    def summary(self) -> str:
        head = f"{self.source}: " if self.source else ""
        if not self.problems:
            return head + "invalid input"
        return head + "; ".join(str(p).splitlines()[0] for p in self.problems[:5])

    def __str__(self) -> str:
        head = f"{self.source}: " if self.source else ""
        return head + "\n".join(str(p) for p in self.problems)


def json_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """Turn a location tuple such as ('elements', 3, 'x') into `$.elements[3].x`."""
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
