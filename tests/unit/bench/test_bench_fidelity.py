"""benchmarks/bench_fidelity.py run as `make fidelity` runs it, on a small corpus made here.

A `.drawio.png` whose picture is our own export of the embedded diagram must score (almost) 1; one whose
picture shows a different drawing must score clearly lower; a broken file scores 0 and is named.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from autograph_desktop.io import ExportOptions, read_bytes, write_bytes
from autograph_desktop.model import Connector, Diagram, DiagramMeta, Endpoint, Shape
from autograph_desktop.model.fractional import keys_after

ROOT = Path(__file__).resolve().parents[3]
BENCH = ROOT / "benchmarks" / "bench_fidelity.py"


def diagram(labels: list[str], across: bool) -> Diagram:
    shapes = [Shape(id=f"s{n}", x=(n * 180 if across else 0), y=(0 if across else n * 110), w=140, h=60,
                    text=label, shape=("rectangle", "rounded", "ellipse")[n % 3]) for n, label in enumerate(labels)]
    links = [Connector(id=f"c{n}", source=Endpoint(f"s{n}"), target=Endpoint(f"s{n + 1}"))
             for n in range(len(shapes) - 1)]
    elements = [*shapes, *links]
    elements = [e.evolve(z=k) for e, k in zip(elements, keys_after(None, len(elements)), strict=True)]
    return Diagram(DiagramMeta(title="fixture"), elements)


def drawio_png(embedded: Diagram, shown: Diagram, scale: float) -> bytes:
    """A draw.io-style PNG export: the picture of `shown`, carrying `embedded` as an `mxfile` text chunk."""
    xml = write_bytes(embedded, "drawio").decode("utf-8")
    picture = Image.open(io.BytesIO(write_bytes(shown, "png", ExportOptions(scale=scale, background="white"))))
    info = PngImagePlugin.PngInfo()
    info.add_text("mxfile", urllib.parse.quote(xml, safe=""))
    out = io.BytesIO()
    picture.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def run_bench(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(BENCH), *args], capture_output=True, text=True, env=env,
                          timeout=300, check=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("visual")
    flow = diagram(["Client", "API gateway", "Orders service"], across=True)
    other = diagram(["One", "Two", "Three", "Four"], across=False)
    # Faithful: the picture is our export of the diagram as read back from the draw.io file it carries (the
    # file names draw.io's fonts, so the reading is what the benchmark draws, not the diagram first written).
    read_back = read_bytes(write_bytes(flow, "drawio"), "flow.drawio").diagrams[0]
    (folder / "faithful.drawio.png").write_bytes(drawio_png(flow, read_back, scale=2.0))
    (folder / "different.drawio.png").write_bytes(drawio_png(flow, other, scale=1.0))
    # A PNG that says it is a draw.io export but carries no diagram.
    plain = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(plain, "PNG")
    (folder / "broken.drawio.png").write_bytes(plain.getvalue())
    (folder / "notes.txt").write_text("not a corpus file")
    return folder


def test_scores_sort_faithful_from_different_and_broken(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_bench("--corpus", str(corpus), "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    value = {name: entry["value"] for name, entry in figures.items()}
    assert value["fidelity_files"] == 3 and value["fidelity_errors"] == 1
    assert value["fidelity_ssim[faithful.drawio.png]"] > 0.97
    assert value["fidelity_edges[faithful.drawio.png]"] > 0.97
    assert value["fidelity_colour[faithful.drawio.png]"] > 0.97
    assert value["fidelity_ssim[different.drawio.png]"] < value["fidelity_ssim[faithful.drawio.png]"] - 0.1
    assert value["fidelity_edges[different.drawio.png]"] < 0.7
    assert value["fidelity_ssim[broken.drawio.png]"] == 0 and value["fidelity_edges[broken.drawio.png]"] == 0
    assert value["fidelity_worst"][0] == "broken.drawio.png"
    mean = (value["fidelity_ssim[faithful.drawio.png]"] + value["fidelity_ssim[different.drawio.png]"]) / 3
    assert value["fidelity_ssim_mean"] == pytest.approx(mean, abs=1e-3)
    assert "broken.drawio.png: scored 0" in done.stderr
    # The side-by-side: source | ours | overlay, three panels of one size.
    with Image.open(out / "faithful.drawio.png.png") as sheet:
        width, height = sheet.size
    assert width > 3 * 200 and height > 60
    table = (out / "scores.tsv").read_text().splitlines()
    assert len(table) == 4 and table[0].startswith("file\ttool\tssim\tedges\tcolour")
    # A second run into the same folder says what changed since the first: here, one file got worse.
    perfect = "different.drawio.png\tdrawio\t1.0\t1.0\t1.0\tpng\t0\t1\t1.0\t0.5\t"
    (out / "scores.tsv").write_text("\n".join([table[0], perfect]) + "\n")
    again = run_bench("--corpus", str(corpus), "--out", str(out), "--only", "different")
    assert again.returncode == 0, again.stderr
    assert "# since the previous run in" in again.stdout and "(1 files in both)" in again.stdout
    drop = (2 - value["fidelity_ssim[different.drawio.png]"] - value["fidelity_edges[different.drawio.png]"]) / 2
    changed = [line for line in again.stdout.splitlines() if line.startswith("# changed ")]
    assert len(changed) == 1 and ": different.drawio.png: ssim 1.000 -> " in changed[0]
    assert float(changed[0].split()[2].rstrip(":")) == pytest.approx(-drop, abs=0.002)


def test_text_output_filters_and_limits(corpus: Path, tmp_path: Path) -> None:
    done = run_bench("--corpus", str(corpus), "--out", str(tmp_path), "--only", "faith", "--limit", "5")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    figures = [line for line in lines if not line.startswith("#")]
    assert any(line.startswith("fidelity_ssim[faithful.drawio.png]: ") and line.endswith(" ratio") for line in figures)
    assert not any("different" in line or "broken" in line for line in figures)
    assert "fidelity_files: 1 files" in figures
    assert any(line.startswith("# worst 1: faithful.drawio.png") for line in lines)
    limited = run_bench("--corpus", str(corpus), "--out", str(tmp_path), "--only", "*.drawio.png", "--limit", "1")
    assert "fidelity_files: 1 files" in limited.stdout.splitlines()


def test_a_missing_corpus_is_skipped_clearly(tmp_path: Path) -> None:
    done = run_bench("--corpus", str(tmp_path / "nowhere"))
    assert done.returncode == 0
    assert "skipped, no visual corpus" in done.stdout
    as_json = run_bench("--corpus", str(tmp_path / "nowhere"), "--json")
    assert json.loads(as_json.stdout) == {} and "skipped" in as_json.stderr
    nothing = run_bench("--corpus", str(tmp_path), "--only", "zzz")
    assert nothing.returncode == 0 and "no corpus file matches" in nothing.stdout
