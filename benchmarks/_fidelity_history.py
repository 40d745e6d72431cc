"""The fidelity benchmark's table of scores (`scores.tsv`), and what changed since the previous run.

`make fidelity` writes into the same folder each time, so the table left there by the last run is the
natural "before": the benchmark reads it first and prints the changes, which is what an engineer raising
the score wants to see after each change to the importers or the painter.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

METRICS = ("ssim", "edges", "colour")
HEADER = ("file", "tool", *METRICS, "rasteriser", "page", "pages", "scale", "seconds", "error")
Scores = dict[str, dict[str, float]]
"""file name -> metric -> value."""


def to_table(rows: Sequence[Sequence[object]]) -> str:
    """TSV text with the header; values are written as given (errors already on one line)."""
    lines = ["\t".join(HEADER)] + ["\t".join(str(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def merged_table(rows: Sequence[Sequence[object]], previous: str) -> str:
    """The table of this run's rows plus the previous table's rows for files this run did not score (a
    run with `--only` keeps the rest of the last full run, so the next full run still compares all files),
    sorted by file name."""
    mine = {str(row[0]) for row in rows}
    lines = previous.splitlines()
    kept = [line.split("\t") for line in lines[1:]] if lines and lines[0].split("\t") == list(HEADER) else []
    kept = [cells for cells in kept if len(cells) == len(HEADER) and cells[0] not in mine]
    return to_table(sorted([*rows, *kept], key=lambda row: str(row[0])))


def read_table(text: str) -> Scores:
    """The metrics per file of a `scores.tsv`; rows that are damaged or of another layout are skipped."""
    lines = text.splitlines()
    if not lines:
        return {}
    header = lines[0].split("\t")
    if "file" not in header or not all(m in header for m in METRICS):
        return {}
    where = {name: header.index(name) for name in ("file", *METRICS)}
    out: Scores = {}
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) < len(header):
            continue
        try:
            values = {m: float(cells[where[m]]) for m in METRICS}
        except ValueError:
            continue
        if all(math.isfinite(v) for v in values.values()):
            out[cells[where["file"]]] = values
    return out


@dataclass(frozen=True)
class Change:
    file: str
    before: Mapping[str, float]
    after: Mapping[str, float]

    @property
    def delta(self) -> float:
        """The change of the ranking score (mean of SSIM and edges)."""
        return (self.after["ssim"] + self.after["edges"] - self.before["ssim"] - self.before["edges"]) / 2


def mean_changes(before: Scores, after: Scores) -> tuple[int, dict[str, float]]:
    """(files in both runs, metric -> change of its mean over those files)."""
    common = sorted(set(before) & set(after))
    if not common:
        return 0, {}
    return len(common), {m: sum(after[f][m] - before[f][m] for f in common) / len(common) for m in METRICS}


def changed_files(before: Scores, after: Scores, threshold: float = 0.01) -> list[Change]:
    """Files in both runs whose ranking score moved by at least `threshold`, biggest fall first."""
    found = [Change(f, before[f], after[f]) for f in sorted(set(before) & set(after))]
    return sorted((c for c in found if abs(c.delta) >= threshold), key=lambda c: (c.delta, c.file))


__all__ = ["HEADER", "METRICS", "Change", "Scores", "changed_files", "mean_changes", "merged_table", "read_table",
           "to_table"]
