"""Visual fidelity of imports: how much what we draw looks like what draw.io or Excalidraw drew.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_fidelity.py [--json] [--out DIR]
        [--limit N] [--only PATTERN] [--corpus DIR] [--rasteriser auto|chromium|cairosvg]

Every file of the shared visual corpus (`../shared/corpus/visual/`, real `.drawio.svg`, `.drawio.png`,
`.excalidraw.svg` and `.excalidraw.png` exports) carries the source tool's rendering next to the editable
diagram. For each, the benchmark reads the diagram through the format registry and exports it to PNG as
`autograph export` does, takes the source's rendering (a PNG as it is; an SVG rasterised by headless
Chromium, see `_fidelity_sources`; both at most WORK_SIDE pixels), and aligns the two (`_fidelity_metrics`):
ours is drawn again at the scale that makes the two drawings' boxes (non-background pixels) the same size,
both are cropped to their boxes and padded to one size, and ours is moved by at most 6 % to where its ink
lines up best. The boxes can disagree for reasons other than scale (a header tab, overflowing text), so
the scale at which the ink correlates best is tried too and kept when it scores better. Then: SSIM on
greyscale and an F1 of edge pixels with a 2-pixel tolerance, both 1.0 for identical pictures.
Multi-page documents are scored on the page that matches best (an export shows one page). A file we
cannot read or draw scores 0.

A third figure, `colour`, compares the colours of 8x8-pixel blocks where either picture has ink (CIE76
delta E; a grey placeholder where the source has an orange icon, or a lost fill, costs a lot).

Prints `fidelity_ssim[<file>]`, `fidelity_edges[<file>]`, `fidelity_colour[<file>]`, the means over all
files and per source tool, and `# ` comment lines: the rasteriser used, the ten worst files (by the mean of
SSIM and edges) with their side-by-side pictures and the importer's warnings about them (stencils drawn as
placeholders, dropped images...), and where those are; when the output folder holds the scores of an earlier run (`make fidelity` always
writes to `fidelity/`), also the change of each mean and every file whose score moved by 0.01 or more.
Each side-by-side (`<file>.png` in the output folder) shows source | ours | overlay
(red: ink only the source has, blue: ink only ours has). `scores.tsv` there lists every figure.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import _fidelity_history as history  # noqa: E402
import _fidelity_metrics as fm  # noqa: E402
import numpy as np  # noqa: E402
from _common import Figures  # noqa: E402
from _fidelity_sources import cairosvg_png, chromium_png, decode_png, find_chromium, svg_size  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from autograph_desktop.io import ExportOptions, read_path, write_bytes  # noqa: E402
from autograph_desktop.model import Diagram  # noqa: E402

CORPUS = ROOT / ".." / "shared" / "corpus" / "visual"
SUFFIXES = (".drawio.svg", ".drawio.png", ".excalidraw.svg", ".excalidraw.png")
#: Pictures are compared with their longest side at most this many pixels (SSIM depends on scale, so
#: this is fixed; it also bounds the time per file).
WORK_SIDE = 1400
#: SVGs are rasterised at up to twice their size, as a screen with a high pixel density shows them.
SVG_SCALE = 2.0
MAX_PAGES = 8
WORST = 10
WARNINGS_SHOWN = 4
#: Figures per file, in print order; the ten worst are ranked by the mean of the first two.
METRICS = history.METRICS


@dataclass
class Score:
    """One corpus file's result."""

    name: str
    tool: str
    ssim: float = 0.0
    edges: float = 0.0
    colour: float = 0.0
    rasteriser: str = ""
    page: int = 0
    pages: int = 0
    scale: float = 0.0
    seconds: float = 0.0
    picture: str = ""
    error: str = ""
    warnings: list[str] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        return {"ssim": self.ssim, "edges": self.edges, "colour": self.colour}

    @property
    def combined(self) -> float:
        return (self.ssim + self.edges) / 2


def corpus_files(folder: Path, only: str | None, limit: int | None) -> list[Path]:
    """The corpus pictures, sorted by name; `only` is a glob (or a plain substring) on the file name."""
    files = sorted(p for p in folder.iterdir() if p.name.lower().endswith(SUFFIXES))
    if only:
        pattern = only if any(c in only for c in "*?[") else f"*{only}*"
        files = [p for p in files if fnmatch.fnmatch(p.name, pattern)]
    return files[:limit] if limit is not None else files


def tool_of(path: Path) -> str:
    return "excalidraw" if ".excalidraw." in path.name.lower() else "drawio"


class Sources:
    """The source renderings, cached in the output folder by content so a rerun skips the browser."""

    def __init__(self, rasteriser: str, cache: Path) -> None:
        self.browser = find_chromium() if rasteriser in ("auto", "chromium") else None
        if rasteriser == "chromium" and self.browser is None:
            raise SystemExit("chromium not found on PATH (Debian: apt-get install chromium)")
        self.svg_rasteriser = "chromium" if self.browser else "cairosvg"
        self.cache = cache

    def png(self, path: Path) -> tuple[bytes, str]:
        """The source's rendering as PNG bytes, and what drew it. Runs in a worker thread (the browser is
        another process) while the main thread draws ours."""
        data = path.read_bytes()
        if path.name.lower().endswith(".png"):
            return data, "png"
        width, height = svg_size(data)
        scale = min(SVG_SCALE, WORK_SIDE / max(width, height))
        key = hashlib.sha256(data + f"{self.svg_rasteriser}:{scale:.4f}".encode()).hexdigest()[:24]
        cached = self.cache / f"{key}.png"
        if cached.is_file():
            png = cached.read_bytes()
        else:
            png = chromium_png(self.browser, path, scale) if self.browser else cairosvg_png(path, scale)
            self.cache.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(png)
        return png, self.svg_rasteriser


def fit(rgb: fm.Image, side: int = WORK_SIDE, margin: int = 4) -> fm.Image:
    """The picture cropped to its drawing, shrunk so no side passes `side`, with a `margin` of its own
    background around (so that a drawing touching the picture's edge keeps a background-coloured rim,
    which is where `align` reads the background from)."""
    bg = fm.background(rgb)
    box = fm.content_box(rgb)
    if box is not None:
        rgb = fm.crop(rgb, box)
    h, w = rgb.shape[:2]
    if max(h, w) > side:
        factor = side / max(h, w)
        small = Image.fromarray(fm.to_bytes(rgb)).resize((max(round(w * factor), 1), max(round(h * factor), 1)),
                                                         Image.Resampling.LANCZOS)
        rgb = fm.flatten(np.asarray(small, dtype=np.uint8))
        h, w = rgb.shape[:2]
    return fm.pad_to(rgb, h + 2 * margin, w + 2 * margin, bg, margin)


def render_ours(diagram: Diagram, scale: float) -> fm.Image:
    """Our PNG export of the diagram (the registry's writer, as `autograph export`), as RGB floats."""
    png = write_bytes(diagram, "png", ExportOptions(scale=scale, padding=10.0, background="theme"))
    return fm.flatten(decode_png(png))


@dataclass
class PageScore:
    ssim: float
    edges: float
    colour: float
    scale: float
    source: fm.Image
    ours: fm.Image


def clamp_scale(scale: float, box: fm.Box | None) -> float:
    """A scale for our drawing within what an export accepts, never past the working size."""
    scale = min(max(scale, 0.05), 16.0)
    if box is not None:
        scale = min(scale, WORK_SIDE * 1.2 / max(fm.box_size(box)))
    return scale


def score_page(source: fm.Image, diagram: Diagram) -> PageScore:
    """The scores of one page drawn at the source's scale, and the two aligned pictures."""
    source_box = fm.content_box(source)
    our_box = fm.content_box(render_ours(diagram, 1.0))
    scale = 1.0
    if source_box is not None and our_box is not None:
        scale = fm.matching_scale(source_box, our_box)
    used = clamp_scale(scale, our_box)
    ours = render_ours(diagram, used)
    scored = compare(source, ours, used)
    # The boxes may differ for reasons other than scale (a header tab, overflowing text): try the scale
    # at which the two drawings' ink lines up best too, and keep whichever scores better.
    factor = fm.best_scale(source, ours)
    if abs(factor - 1.0) > 0.004:
        refined = clamp_scale(scale * factor, our_box)
        other = compare(source, render_ours(diagram, refined), refined)
        if other.ssim + other.edges > scored.ssim + scored.edges:
            scored = other
    return scored


def compare(source: fm.Image, ours: fm.Image, scale: float) -> PageScore:
    a, b = fm.align(source, ours)
    return PageScore(fm.ssim(fm.grey(a), fm.grey(b)), fm.edge_f1(fm.edges(a), fm.edges(b)),
                     fm.colour_agreement(a, b), scale, a, b)


def side_by_side(source: fm.Image, ours: fm.Image, label: str) -> Image.Image:
    """source | ours | overlay, with a caption row."""
    gap, caption = 6, 30
    h, w = source.shape[:2]
    sheet = Image.new("RGB", (3 * w + 2 * gap, h + caption), (90, 90, 90))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=20)
    titles = (f"source ({label})", "ours (autograph export)", "overlay: red = source only, blue = ours only")
    for n, panel in enumerate((source, ours, fm.overlay(source, ours))):
        x = n * (w + gap)
        sheet.paste(Image.fromarray(fm.to_bytes(panel)), (x, caption))
        draw.text((x + 6, 4), titles[n], fill=(255, 255, 255), font=font)
    return sheet


def score_file(path: Path, source_png: Future[tuple[bytes, str]], out: Path) -> Score:
    result = Score(path.name, tool_of(path))
    start = time.perf_counter()
    try:
        png, result.rasteriser = source_png.result()
        source = fit(fm.flatten(decode_png(png)))
        read = read_path(str(path))
        result.warnings = [w.message for w in read.warnings]
        result.pages = len(read.diagrams)
        best: PageScore | None = None
        for n, diagram in enumerate(read.diagrams[:MAX_PAGES]):
            scored = score_page(source, diagram)
            if best is None or scored.ssim + scored.edges > best.ssim + best.edges:
                best, result.page = scored, n
        if best is None:
            raise ValueError("the file holds no diagram")
        result.ssim, result.edges, result.colour, result.scale = best.ssim, best.edges, best.colour, best.scale
        picture = out / f"{path.name}.png"
        side_by_side(best.source, best.ours, result.rasteriser).save(picture, optimize=False, compress_level=3)
        result.picture = str(picture)
    except Exception as exc:  # a file we cannot read or draw scores 0 and is named
        result.error = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]  # one line, for the table
    result.seconds = time.perf_counter() - start
    return result


def write_table(scores: Sequence[Score], out: Path, previous: str) -> None:
    rows = [(s.name, s.tool, f"{s.ssim:.4f}", f"{s.edges:.4f}", f"{s.colour:.4f}", s.rasteriser, s.page, s.pages,
             f"{s.scale:.3f}", f"{s.seconds:.2f}", s.error) for s in scores]
    (out / "scores.tsv").write_text(history.merged_table(rows, previous), encoding="utf-8")


def previous_table(out: Path) -> str:
    """The score table the last run left in the output folder ("" when there was none)."""
    try:
        return (out / "scores.tsv").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def print_changes(before: history.Scores, scores: Sequence[Score], out: Path, note: TextIO) -> None:
    after = {s.name: s.metrics() for s in scores}
    common, means = history.mean_changes(before, after)
    if not common:
        return
    summary = ", ".join(f"{m}_mean {round(v, 4) + 0.0:+.4f}" for m, v in means.items())  # no "-0.0000"
    print(f"# since the previous run in {out} ({common} files in both): {summary}", file=note)
    for change in history.changed_files(before, after):
        moves = ", ".join(f"{m} {change.before[m]:.3f} -> {change.after[m]:.3f}" for m in METRICS)
        print(f"# changed {change.delta:+.3f}: {change.file}: {moves}", file=note)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    parser.add_argument("--out", type=Path, help="folder for side-by-side PNGs (default: a new temp folder)")
    parser.add_argument("--limit", type=int, help="score only the first N files (by name)")
    parser.add_argument("--only", help="score only files whose name matches this glob or substring")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the visual corpus folder")
    parser.add_argument("--rasteriser", choices=("auto", "chromium", "cairosvg"), default="auto",
                        help="what rasterises the SVGs (auto: Chromium when installed, else cairosvg)")
    args = parser.parse_args(argv)
    figures = Figures(["--json"] if args.json else [])
    note = sys.stderr if args.json else sys.stdout

    if not args.corpus.is_dir():
        print(f"# fidelity: skipped, no visual corpus at {args.corpus}", file=note)
        figures.done()
        return 0
    files = corpus_files(args.corpus, args.only, args.limit)
    if not files:
        print(f"# fidelity: skipped, no corpus file matches (corpus {args.corpus})", file=note)
        figures.done()
        return 0
    out = args.out if args.out is not None else Path(tempfile.mkdtemp(prefix="fidelity-"))
    out.mkdir(parents=True, exist_ok=True)
    sources = Sources(args.rasteriser, out / ".sources")
    previous = previous_table(out)
    print(f"# rasteriser for SVG: {sources.svg_rasteriser}"
          + (f" ({sources.browser})" if sources.browser else " (not Chromium: foreignObject labels and masks "
             "are lost, so scores are not comparable with Chromium runs)"), file=note)

    start = time.perf_counter()
    scores: list[Score] = []
    # One browser at a time works ahead in a thread while this thread draws ours and scores.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = [pool.submit(sources.png, path) for path in files]
        for path, source_png in zip(files, pending, strict=True):
            s = score_file(path, source_png, out)
            scores.append(s)
            if s.error:
                print(f"# {s.name}: scored 0, {s.error}", file=note, flush=True)
            for metric in METRICS:
                figures.add(f"fidelity_{metric}[{s.name}]", s.metrics()[metric], "ratio")

    for metric in METRICS:
        figures.add(f"fidelity_{metric}_mean", float(np.mean([s.metrics()[metric] for s in scores])), "ratio")
    for tool in ("drawio", "excalidraw"):
        mine = [s for s in scores if s.tool == tool]
        for metric in METRICS if mine else ():
            figures.add(f"fidelity_{metric}_mean[{tool}]", float(np.mean([s.metrics()[metric] for s in mine])),
                        "ratio")
    figures.add("fidelity_files", len(scores), "files")
    figures.add("fidelity_errors", sum(1 for s in scores if s.error), "files")
    figures.add("fidelity_import_warnings", sum(len(s.warnings) for s in scores), "warnings")
    figures.add("fidelity_seconds", time.perf_counter() - start, "s")

    print_changes(history.read_table(previous), scores, out, note)
    write_table(scores, out, previous)
    worst = sorted(scores, key=lambda s: (s.combined, s.name))[:WORST]
    for rank, s in enumerate(worst, 1):
        print(f"# worst {rank}: {s.name} ssim {s.ssim:.3f} edges {s.edges:.3f} colour {s.colour:.3f} "
              f"-> {s.picture or s.error}", file=note)
        # What the importer already knows it could not draw, as leads for the side-by-side.
        for message in s.warnings[:WARNINGS_SHOWN]:
            print(f"#     import warning: {' '.join(message.split())[:160]}", file=note)
        if len(s.warnings) > WARNINGS_SHOWN:
            print(f"#     ... and {len(s.warnings) - WARNINGS_SHOWN} more import warnings", file=note)
    print(f"# side-by-sides and scores.tsv in {out}", file=note)
    if figures.as_json:
        figures.values["fidelity_rasteriser"] = {"value": sources.svg_rasteriser, "unit": ""}
        figures.values["fidelity_worst"] = {"value": [s.name for s in worst], "unit": "files"}
        figures.values["fidelity_out"] = {"value": str(out), "unit": "dir"}
    figures.done()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
