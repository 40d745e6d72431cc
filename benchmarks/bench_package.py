"""The double-click install measured: bundle size, start to a shown main window (cold and warm), and the CLI
export path, frozen against the development venv in the same run.

    .venv/bin/python benchmarks/bench_package.py [--bundle dist/autograph] [--build] [--runs N] [--json]

Start time is from just before the process is launched to the app's own "main window shown" log record
(written after the window's first paint), read from its JSON log; the window is offscreen. Cold means the
bundle's files were dropped from the page cache first (posix_fadvise DONTNEED on each file, so nothing else
on the machine is disturbed) and the app meets an empty home (it creates its library); warm is the median
of the following runs with that library in place. Each app is then closed with SIGTERM, as a logout would.
Without a bundle (and without --build, which runs PyInstaller first) the script says so and skips.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import Figures

ROOT = Path(__file__).resolve().parents[1]
FLOWCHART = "flowchart LR\n  Browser -->|HTTPS| API[API server]\n  API --> Queue[[Jobs]]\n  API --> DB[(Postgres)]\n"


def build(bundle: Path) -> None:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath",
                    str(bundle.parent), "--workpath", str(ROOT / "build" / "pyinstaller"),
                    str(ROOT / "packaging" / "autograph.spec")], check=True, cwd=ROOT)


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of a folder, symlinks counted once as links."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            files += 1
    return total, files


def evict(folder: Path) -> None:
    """Drop the folder's files from the page cache, so the next start reads them from disk."""
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def _env(home: Path, gui: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["AUTOGRAPH_HOME"] = str(home)
    env["PYTHONPATH"] = str(ROOT)
    if gui:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _shown_at(log: Path, after: float) -> float | None:
    if not log.exists():
        return None
    for line in log.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry.get("message") == "main window shown":
            at = datetime.fromisoformat(entry["ts"]).timestamp()
            if at >= after:
                return at
    return None


def start_to_window(command: list[str], home: Path) -> float:
    """Seconds from launch to the app's 'main window shown' record; the app is then closed with SIGTERM."""
    log = home / "logs" / "autograph.log"
    launched = time.time()
    process = subprocess.Popen(command, env=_env(home, gui=True), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        while (shown := _shown_at(log, launched)) is None:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with {process.returncode} before showing its window")
            if time.time() - launched > 120:
                raise RuntimeError("no window after 120 s")
            time.sleep(0.02)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return shown - launched


def cli_seconds(command: list[str], home: Path, cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=_env(home, gui=False), cwd=cwd, check=True, capture_output=True, timeout=120)
    return time.perf_counter() - started


def main() -> int:
    args = sys.argv[1:]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 5
    bundle = Path(args[args.index("--bundle") + 1]) if "--bundle" in args else ROOT / "dist" / "autograph"
    binary = bundle / ("autograph.exe" if sys.platform == "win32" else "autograph")
    if "--build" in args:
        build(bundle)
    if not binary.is_file():
        print(f"bench_package: skipped: no bundle at {bundle} (run `make package`, or pass --build to build it)")
        return 0
    frozen, venv = [str(binary)], [sys.executable, "-m", "autograph_desktop"]
    figures = Figures()
    size, files = folder_size(bundle)
    figures.add("bundle_unpacked_size", size / 1e6, "MB")
    figures.add("bundle_files", files, "files")
    for archive in sorted(bundle.parent.glob("autograph*.tar.gz")) + sorted(bundle.parent.glob("autograph_*.deb")):
        kind = "deb" if archive.suffix == ".deb" else "tar_gz"
        figures.add(f"{kind}_size", archive.stat().st_size / 1e6, "MB")

    with tempfile.TemporaryDirectory(prefix="autograph-bench-package-") as tmp:
        work = Path(tmp)
        homes = {name: work / f"home-{name}" for name in ("frozen", "venv")}
        for home in homes.values():
            home.mkdir()
        evict(bundle)
        figures.add("frozen_cold_start_to_window", start_to_window(frozen, homes["frozen"]) * 1000, "ms")
        start_to_window(venv, homes["venv"])  # the venv's first run creates its library too
        warm: dict[str, list[float]] = {"frozen": [], "venv": []}
        for _ in range(runs):  # interleaved, so machine noise falls on both alike
            warm["frozen"].append(start_to_window(frozen, homes["frozen"]))
            warm["venv"].append(start_to_window(venv, homes["venv"]))
        frozen_warm, venv_warm = statistics.median(warm["frozen"]), statistics.median(warm["venv"])
        figures.add("frozen_warm_start_to_window", frozen_warm * 1000, "ms")
        figures.add("venv_warm_start_to_window", venv_warm * 1000, "ms")
        figures.add("warm_start_frozen_vs_venv", frozen_warm / venv_warm, "x")

        (work / "flow.mmd").write_text(FLOWCHART, encoding="utf-8")
        for label, args_ in (("version", ["--version"]), ("export_png", ["export", "flow.mmd", "-o", "flow.png"]),
                             ("library_list", ["library", "list"])):
            cli_seconds(frozen + args_, homes["frozen"], work)  # warm the cache
            cli_seconds(venv + args_, homes["venv"], work)
            samples: dict[str, list[float]] = {"frozen": [], "venv": []}
            for _ in range(runs):
                samples["frozen"].append(cli_seconds(frozen + args_, homes["frozen"], work))
                samples["venv"].append(cli_seconds(venv + args_, homes["venv"], work))
            f, v = statistics.median(samples["frozen"]), statistics.median(samples["venv"])
            figures.add(f"frozen_cli_{label}", f * 1000, "ms")
            figures.add(f"venv_cli_{label}", v * 1000, "ms")
            figures.add(f"cli_{label}_frozen_vs_venv", f / v, "x")
    figures.done()
    return 0


if __name__ == "__main__":
    sys.exit(main())
