"""`autograph export` run as users run it: a subprocess, no display, real files in and out."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image as PILImage

from autograph_desktop.formats.native import dumps
from autograph_desktop.model import Diagram, DiagramMeta, Frame, Shape
from autograph_desktop.model.fractional import keys_after

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "autograph_desktop", "export", *map(str, args)], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=120, check=False)


def small_diagram(title: str = "Small") -> bytes:
    els = [Frame(id="f", x=0, y=0, w=400, h=200, text="Backend"),
           Shape(id="a", x=20, y=40, w=120, h=60, text="API", parent="f"),
           Shape(id="b", x=600, y=40, w=120, h=60, text="Queue", shape="cylinder")]
    els = [e.evolve(z=k) for e, k in zip(els, keys_after(None, len(els)), strict=True)]
    return dumps(Diagram(DiagramMeta(title=title), els))


def _image(path: Path) -> PILImage.Image:
    image = PILImage.open(io.BytesIO(path.read_bytes()))
    image.load()
    return image


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "small.autograph").write_bytes(small_diagram())
    return tmp_path


@pytest.mark.parametrize("name, magic", [("out.svg", b"<?xml"), ("out.png", b"\x89PNG"), ("out.pdf", b"%PDF"),
                                         ("out.autograph", b"{"), ("out.mmd", b""), ("out.drawio", b"<")])
def test_format_from_the_output_extension(work: Path, name: str, magic: bytes) -> None:
    done = run("small.autograph", "-o", name, cwd=work)
    assert done.returncode == 0, done.stderr
    data = (work / name).read_bytes()
    assert data.startswith(magic) and len(data) > 20


def test_png_scale_width_and_background(work: Path) -> None:
    assert run("small.autograph", "-o", "one.png", cwd=work).returncode == 0
    assert run("small.autograph", "-o", "two.png", "--scale", "2", cwd=work).returncode == 0
    assert run("small.autograph", "-o", "w.png", "--width", "300", "--background", "transparent", cwd=work).returncode == 0
    one, two, wide = (_image(work / n) for n in ("one.png", "two.png", "w.png"))
    assert two.size == (one.size[0] * 2, one.size[1] * 2)
    assert wide.size[0] == 300 and wide.mode == "RGBA"


def test_frame_crop_and_explicit_format(work: Path) -> None:
    assert run("small.autograph", "-o", "all.png", cwd=work).returncode == 0
    done = run("small.autograph", "-o", "frame.out", "--format", "png", "--frame", "Backend", "--crop", cwd=work)
    assert done.returncode == 0, done.stderr
    assert _image(work / "frame.out").size[0] < _image(work / "all.png").size[0]


def test_svg_embeds_the_diagram_so_it_opens_again(work: Path) -> None:
    assert run("small.autograph", "-o", "pic.svg", cwd=work).returncode == 0
    done = run("pic.svg", "-o", "back.autograph", cwd=work)
    assert done.returncode == 0, done.stderr
    assert b'"API"' in (work / "back.autograph").read_bytes()
    assert run("small.autograph", "-o", "plain.svg", "--no-embed-diagram", cwd=work).returncode == 0
    assert run("plain.svg", "-o", "x.autograph", cwd=work).returncode == 2


def test_png_embedding_is_opt_in(work: Path) -> None:
    assert run("small.autograph", "-o", "pic.png", "--embed-diagram", cwd=work).returncode == 0
    assert run("pic.png", "-o", "back.svg", cwd=work).returncode == 0


def test_a_folder_of_inputs_exports_to_a_folder(work: Path) -> None:
    src = work / "many"
    src.mkdir()
    for i in range(3):
        (src / f"d{i}.autograph").write_bytes(small_diagram(f"D{i}"))
    (src / "notes.txt").write_text("ignored")
    done = run(src, "-o", work / "out", "--format", "png", cwd=work)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (work / "out").iterdir()) == ["d0.png", "d1.png", "d2.png"]


@pytest.mark.parametrize("args, message", [
    (("missing.autograph", "-o", "x.svg"), "No such file"),
    (("small.autograph", "-o", "x.unknown"), "cannot tell the format"),
    (("small.autograph", "-o", "x.png", "--background", "url(x)"), "--background"),
    (("small.autograph", "-o", "x.png", "--frame", "Nope"), "no frame named"),
    (("small.autograph", "-o", "x.png", "--page", "3"), "page"),
    (("small.autograph", "-o", "x.png", "--scale", "1000"), "--scale"),
    (("corrupt.autograph", "-o", "x.svg"), "corrupt.autograph"),
])
def test_invalid_input_exits_with_2_and_says_why(work: Path, args: tuple[str, ...], message: str) -> None:
    (work / "corrupt.autograph").write_bytes(b'{"format": "autograph", "elements": [')
    done = run(*args, cwd=work)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert message in done.stderr
    assert not (work / "x.png").exists() and not (work / "x.svg").exists()


def test_one_bad_input_does_not_stop_the_others(work: Path) -> None:
    (work / "bad.autograph").write_bytes(b"garbage")
    done = run("small.autograph", "bad.autograph", "-o", "out", "--format", "svg", cwd=work)
    assert done.returncode == 2
    assert (work / "out" / "small.svg").exists() and not (work / "out" / "bad.svg").exists()


def test_pages_of_a_multi_page_file(work: Path) -> None:
    from autograph_desktop.formats.native import loads

    drawio = pytest.importorskip("autograph_desktop.formats.drawio")
    first, _ = loads(small_diagram("One"))
    second, _ = loads(small_diagram("Two"))
    (work / "two.drawio").write_bytes(drawio.write([first, second]))
    assert run("two.drawio", "-o", "pages", "--all-pages", "--format", "png", cwd=work).returncode == 0
    assert sorted(p.name for p in (work / "pages").iterdir()) == ["two-1.png", "two-2.png"]
    assert run("two.drawio", "-o", "p.svg", "--all-pages", cwd=work).returncode == 0
    assert (work / "p-1.svg").exists() and (work / "p-2.svg").exists()
    assert run("two.drawio", "-o", "second.svg", "--page", "2", cwd=work).returncode == 0
    assert run("two.drawio", "-o", "both.drawio", "--all-pages", cwd=work).returncode == 0
    assert (work / "both.drawio").is_file()
    done = run("two.drawio", "small.autograph", "-o", "x.svg", cwd=work)
    assert done.returncode == 2 and "folder" in done.stderr


def test_unwritable_output_exits_with_1(work: Path) -> None:
    locked = work / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # running as root: permissions are not enforced
            pytest.skip("cannot make an unwritable folder here")
        done = run("small.autograph", "-o", locked / "x.svg", cwd=work)
        assert (done.returncode == 1 and "x.svg" in done.stderr) or "small.autograph" in done.stderr
    finally:
        locked.chmod(0o700)


def test_output_into_a_missing_folder_is_an_error_not_a_crash(work: Path) -> None:
    done = run("small.autograph", "-o", work / "no" / "such" / "x.svg", cwd=work)
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr


def test_icons_from_the_catalogue_are_drawn_in_png_and_svg(work: Path) -> None:
    from autograph_desktop.model import Icon

    els = [Icon(id="py", x=0, y=0, w=64, h=64, icon="si.python", text="python")]
    els = [e.evolve(z=k) for e, k in zip(els, keys_after(None, len(els)), strict=True)]
    (work / "icons.autograph").write_bytes(dumps(Diagram(DiagramMeta(title="icons"), els)))
    assert run("icons.autograph", "-o", "icons.svg", cwd=work).returncode == 0
    svg_text = (work / "icons.svg").read_text()
    if "data:image/png;base64," not in svg_text:
        pytest.skip("the icon catalogue is not installed here")
    assert run("icons.autograph", "-o", "icons.png", "--padding", "0", cwd=work).returncode == 0
    image = _image(work / "icons.png").convert("RGB")
    colours = {image.getpixel((x, y)) for x in range(0, 64, 4) for y in range(0, 64, 4)}
    assert len(colours) > 3  # the logo, not a grey placeholder
