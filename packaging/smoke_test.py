"""Check the frozen app as a user meets it (`make package-test`): each step runs the bundled binary.

    .venv/bin/python packaging/smoke_test.py dist/autograph [--tarball dist/autograph-...tar.gz]

1. `autograph --version` names the package version;
2. a Mermaid file exported to PNG with no display at all;
3. library verbs on a library written at the first schema revision: it is migrated, its diagram is listed,
   found and exported (the upgrade path of an installed app);
4. the SVG sandbox child (`--svg-sandbox`) rasterises an SVG;
5. the main window opens offscreen, a second launch hands it a file and exits, and SIGTERM closes it
   cleanly (exit code 0, the session marked clean, the handed file among its tabs);
6. with --tarball: install.sh installs into a scratch home, the installed command runs, uninstall removes it.
Prints one `ok:` line per step; the first failure stops it with exit code 1.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from autograph_desktop import __version__  # noqa: E402
from autograph_desktop.apppaths import app_paths  # noqa: E402
from tests.support.old_library import make_old_library  # noqa: E402

FLOWCHART = "flowchart LR\n  Browser -->|HTTPS| API[API server]\n  API --> DB[(Postgres)]\n"
RED_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" '
           b'fill="red"/></svg>')


class SmokeFailure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


class Bundle:
    def __init__(self, folder: Path, work: Path) -> None:
        self.binary = folder / ("autograph.exe" if sys.platform == "win32" else "autograph")
        self.home = work / "home"
        self.work = work

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PYTHONPATH")}
        env["AUTOGRAPH_HOME"] = str(self.home)
        env.update(extra)
        return env

    def run(self, *args: str, stdin: bytes | None = None, **extra: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([str(self.binary), *args], env=self.env(**extra), input=stdin, capture_output=True,
                              timeout=120, check=False, cwd=self.work)


def step_version(bundle: Bundle) -> str:
    done = bundle.run("--version")
    check(done.returncode == 0, f"--version failed: {done.stderr.decode(errors='replace')}")
    text = done.stdout.decode().strip()
    check(text == f"autograph {__version__}", f"--version printed {text!r}")
    return text


def step_export(bundle: Bundle) -> str:
    source = bundle.work / "flow.mmd"
    source.write_text(FLOWCHART, encoding="utf-8")
    done = bundle.run("export", str(source), "-o", "flow.png")  # no DISPLAY, no QT_QPA_PLATFORM
    check(done.returncode == 0, f"export failed: {done.stderr.decode(errors='replace')}")
    image = Image.open(io.BytesIO((bundle.work / "flow.png").read_bytes()))
    check(image.width > 100 and image.height > 20, f"the PNG is {image.size}")
    colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    check(colours is None or len(colours) > 4, "the PNG is blank")
    return f"flow.png {image.width}x{image.height}"


def step_library(bundle: Bundle) -> str:
    old = make_old_library(app_paths({"AUTOGRAPH_HOME": str(bundle.home)}).library_path)
    listed = bundle.run("library", "list", "--json")
    check(listed.returncode == 0, f"library list failed: {listed.stderr.decode(errors='replace')}")
    entries = json.loads(listed.stdout)
    check([e["title"] for e in entries] == [old.title], f"library list gave {entries}")
    found = bundle.run("library", "search", old.labels[0].split()[0].lower(), "--json")
    check(found.returncode == 0 and old.diagram_id in found.stdout.decode(), "library search missed the diagram")
    out = bundle.work / "exported.autograph"
    exported = bundle.run("library", "export", old.diagram_id, "-o", str(out))
    check(exported.returncode == 0, f"library export failed: {exported.stderr.decode(errors='replace')}")
    texts = {e.get("text") for e in json.loads(out.read_text(encoding="utf-8"))["elements"]}
    check(set(old.labels) <= texts, f"the exported diagram lost its labels: {texts}")
    return f"schema {old.revision} migrated, '{old.title}' listed, found and exported"


def step_svg_sandbox(bundle: Bundle) -> str:
    done = bundle.run("--svg-sandbox", "16", "8", stdin=RED_SVG)
    check(done.returncode == 0 and done.stdout.startswith(b"\x89PNG"), "the SVG sandbox returned no PNG")
    image = Image.open(io.BytesIO(done.stdout)).convert("RGB")
    check(image.size == (16, 8) and image.getpixel((8, 4)) == (255, 0, 0), f"sandbox PNG {image.size}")
    return "16x8 PNG"


def _log_messages(bundle: Bundle) -> list[str]:
    path = app_paths({"AUTOGRAPH_HOME": str(bundle.home)}).log_dir / "autograph.log"
    if not path.exists():
        return []
    return [json.loads(line).get("message", "") for line in path.read_text(encoding="utf-8").splitlines() if line]


def step_window(bundle: Bundle) -> str:
    app = subprocess.Popen([str(bundle.binary)], env=bundle.env(QT_QPA_PLATFORM="offscreen"), cwd=bundle.work,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        started = time.monotonic()
        while "main window shown" not in _log_messages(bundle):
            check(app.poll() is None, f"the app exited with {app.returncode} before showing its window")
            check(time.monotonic() - started < 60, "no window after 60 s")
            time.sleep(0.1)
        shown_after = time.monotonic() - started
        time.sleep(1.0)  # let the library open and the listener start
        handed = bundle.run(str(bundle.work / "flow.mmd"), QT_QPA_PLATFORM="offscreen")
        check(handed.returncode == 0, f"the second launch failed: {handed.stderr.decode(errors='replace')}")
        check(any(m.startswith("handed 1 file") for m in _log_messages(bundle)), "the second launch did not hand over")
        time.sleep(1.0)
        app.send_signal(signal.SIGTERM)
        code = app.wait(timeout=30)
        errors = app.stderr.read().decode(errors="replace") if app.stderr else ""
        check(code == 0, f"the app exited with {code} after SIGTERM: {errors[-2000:]}")
        check("Traceback" not in errors, f"the app printed a traceback: {errors[-2000:]}")
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        if app.stderr:
            app.stderr.close()
    session = json.loads((app_paths({"AUTOGRAPH_HOME": str(bundle.home)}).data_dir / "recovery" / "session.json")
                         .read_text(encoding="utf-8"))
    check(session.get("clean") is True, f"the session was not closed cleanly: {session}")
    check(any(t.get("path", "").endswith("flow.mmd") for t in session["tabs"]), "the handed file is not a tab")
    return f"window shown after {shown_after:.2f} s (polled), hand-over and clean close"


def step_tarball(bundle: Bundle, tarball: Path) -> str:
    unpack = bundle.work / "unpacked"
    with tarfile.open(tarball) as tar:
        tar.extractall(unpack, filter="tar")
    (top,) = list(unpack.iterdir())
    scratch = bundle.work / "user"
    env = dict(os.environ, PREFIX_HOME=str(scratch), PATH=os.environ.get("PATH", ""))
    done = subprocess.run(["sh", str(top / "install.sh")], env=env, capture_output=True, text=True, check=False)
    check(done.returncode == 0, f"install.sh failed: {done.stderr}")
    installed = scratch / ".local" / "bin" / "autograph"
    version = subprocess.run([str(installed), "--version"], capture_output=True, text=True, check=False)
    check(version.stdout.strip() == f"autograph {__version__}", f"the installed command printed {version.stdout!r}")
    desktop = (scratch / ".local/share/applications/autograph.desktop").read_text(encoding="utf-8")
    check(f"Exec={scratch}/.local/lib/autograph/autograph %F" in desktop, "the menu entry does not run the app")
    check((scratch / ".local/share/mime/packages/autograph.xml").is_file(), "no MIME type installed")
    check((scratch / ".local/share/icons/hicolor/256x256/apps/autograph.png").is_file(), "no icon installed")
    done = subprocess.run(["sh", str(top / "install.sh"), "--uninstall"], env=env, capture_output=True, text=True,
                          check=False)
    check(done.returncode == 0 and not installed.exists(), f"uninstall failed: {done.stderr}")
    return f"{tarball.name} installed, run and removed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke test of the frozen app.")
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--tarball", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="autograph-smoke-") as tmp:
        bundle = Bundle(args.bundle.resolve(), Path(tmp))
        bundle.home.mkdir()
        steps = [("version", step_version), ("export", step_export), ("library", step_library),
                 ("svg sandbox", step_svg_sandbox)]
        if sys.platform != "win32":
            steps.append(("window", step_window))
        try:
            for name, step in steps:
                print(f"ok: {name}: {step(bundle)}", flush=True)
            if args.tarball:
                print(f"ok: tarball: {step_tarball(bundle, args.tarball)}", flush=True)
        except (SmokeFailure, subprocess.TimeoutExpired, OSError, ValueError) as exc:
            print(f"FAILED: {exc}", file=sys.stderr)
            return 1
    print("the frozen app passed every check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
