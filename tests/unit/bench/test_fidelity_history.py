"""The fidelity benchmark's score table and the changes it reports between two runs."""

from __future__ import annotations

import pytest

from benchmarks import _fidelity_history as history


def row(name: str, ssim: float, edges: float, colour: float, error: str = "") -> tuple[object, ...]:
    return (name, "drawio", f"{ssim:.4f}", f"{edges:.4f}", f"{colour:.4f}", "chromium", 0, 1, "1.000", "0.50", error)


def test_table_round_trip_keeps_every_file_and_metric() -> None:
    text = history.to_table([row("a.drawio.svg", 0.8, 0.6, 0.9), row("b.drawio.png", 0, 0, 0, "InvalidInput: x")])
    assert text.splitlines()[0].split("\t") == list(history.HEADER)
    assert history.read_table(text) == {"a.drawio.svg": {"ssim": 0.8, "edges": 0.6, "colour": 0.9},
                                        "b.drawio.png": {"ssim": 0.0, "edges": 0.0, "colour": 0.0}}


@pytest.mark.parametrize("text", [
    "",
    "just some text\nwithout tabs\n",
    "file\ttool\tssim\n a\tb\t0.5\n",              # an older layout without edges/colour
    "\x00\x01\t\t\n\t\t\t",
])
def test_read_table_of_foreign_or_damaged_text_is_empty(text: str) -> None:
    assert history.read_table(text) == {}


def test_read_table_skips_damaged_rows_only() -> None:
    good = row("a.svg", 0.5, 0.5, 0.5)
    text = history.to_table([good, ("b.svg", "drawio", "nan", "0.1", "0.1", "", 0, 1, "1", "1", ""),
                             ("c.svg", "drawio", "x", "y", "z", "", 0, 1, "1", "1", "")]) + "d.svg\tshort\n"
    assert list(history.read_table(text)) == ["a.svg"]


def test_changes_between_runs() -> None:
    before = {"a": {"ssim": 0.8, "edges": 0.5, "colour": 0.9}, "b": {"ssim": 0.7, "edges": 0.7, "colour": 0.7},
              "gone": {"ssim": 0.1, "edges": 0.1, "colour": 0.1}}
    after = {"a": {"ssim": 0.85, "edges": 0.65, "colour": 0.9}, "b": {"ssim": 0.7, "edges": 0.695, "colour": 0.6},
             "new": {"ssim": 1.0, "edges": 1.0, "colour": 1.0}}
    common, means = history.mean_changes(before, after)
    assert common == 2
    assert means["ssim"] == pytest.approx(0.025) and means["edges"] == pytest.approx(0.0725)
    assert means["colour"] == pytest.approx(-0.05)
    changed = history.changed_files(before, after)
    assert [c.file for c in changed] == ["a"]           # b moved by 0.0025 only
    assert changed[0].delta == pytest.approx(0.1)
    assert history.mean_changes({}, after) == (0, {})
    worse = history.changed_files(after, before)
    assert worse[0].file == "a" and worse[0].delta < 0


def test_a_partial_run_keeps_the_other_files_of_the_previous_table() -> None:
    previous = history.to_table([row("a.svg", 0.1, 0.1, 0.1), row("b.svg", 0.2, 0.2, 0.2), row("c.svg", 0.3, 0.3, 0.3)])
    merged = history.merged_table([row("b.svg", 0.9, 0.9, 0.9)], previous)
    assert history.read_table(merged) == {"a.svg": {"ssim": 0.1, "edges": 0.1, "colour": 0.1},
                                          "b.svg": {"ssim": 0.9, "edges": 0.9, "colour": 0.9},
                                          "c.svg": {"ssim": 0.3, "edges": 0.3, "colour": 0.3}}
    assert [line.split("\t")[0] for line in merged.splitlines()[1:]] == ["a.svg", "b.svg", "c.svg"]
    # A table of another layout, or none, is not carried over.
    assert history.read_table(history.merged_table([row("b.svg", 0.9, 0.9, 0.9)], "file\tssim\na.svg\t0.5\n")) == {
        "b.svg": {"ssim": 0.9, "edges": 0.9, "colour": 0.9}}
    assert history.merged_table([], "") == history.to_table([])
