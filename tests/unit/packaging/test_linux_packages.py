"""The Linux packages around a bundle: the tarball's install.sh (install, upgrade, uninstall) and the .deb.

A stand-in bundle (a shell script named `autograph`) keeps these fast; `make package-test` runs the same
install.sh on the real bundle. The desktop entry and MIME type are checked against the format registry.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from autograph_desktop import __version__
from autograph_desktop.io import entry

ROOT = Path(__file__).resolve().parents[3]
BUILD = ROOT / "packaging" / "linux" / "build_packages.py"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Linux packages")


@pytest.fixture
def fake_bundle(tmp_path: Path) -> Path:
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "_internal" / "data.txt").write_text("payload", encoding="utf-8")
    (bundle / "autograph").write_text("#!/bin/sh\necho \"autograph 9.9.9 $*\"\n", encoding="utf-8")
    (bundle / "autograph").chmod(0o755)
    return bundle


@pytest.fixture
def icons(tmp_path: Path) -> Path:
    folder = tmp_path / "icons"
    folder.mkdir()
    for size in (16, 48, 256):
        Image.new("RGBA", (size, size), (37, 99, 235, 255)).save(folder / f"autograph-{size}.png")
    return folder


def build(bundle: Path, icons: Path, out: Path, *extra: str) -> list[Path]:
    done = subprocess.run([sys.executable, str(BUILD), str(bundle), "--icons", str(icons), "--out", str(out),
                           "--version", "9.9.9", "--arch", "x86_64", *extra],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    return [Path(line) for line in done.stdout.split()]


def unpack(tarball: Path, where: Path) -> Path:
    with tarfile.open(tarball) as tar:
        tar.extractall(where, filter="tar")
    (top,) = list(where.iterdir())
    return top


def install(top: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ["PATH"], "PREFIX_HOME": str(home), "HOME": str(home)}
    return subprocess.run(["sh", str(top / "install.sh"), *args], env=env, capture_output=True, text=True,
                          check=False, timeout=60)


def test_the_tarball_installs_for_the_user_upgrades_in_place_and_uninstalls(
        fake_bundle: Path, icons: Path, tmp_path: Path) -> None:
    (tarball,) = build(fake_bundle, icons, tmp_path / "out", "--no-deb")
    assert tarball.name == "autograph-9.9.9-linux-x86_64.tar.gz"
    top = unpack(tarball, tmp_path / "unpacked")
    home = tmp_path / "home"
    done = install(top, home)
    assert done.returncode == 0, done.stderr
    assert "9.9.9 is installed" in done.stdout and "not on your PATH" in done.stdout
    command = home / ".local/bin/autograph"
    assert subprocess.run([str(command), "--version"], capture_output=True, text=True,
                          check=True).stdout.startswith("autograph 9.9.9")
    share = home / ".local/share"
    desktop = (share / "applications/autograph.desktop").read_text(encoding="utf-8")
    assert f"Exec={home}/.local/lib/autograph/autograph %F" in desktop
    for size in (16, 48, 256):
        assert (share / f"icons/hicolor/{size}x{size}/apps/autograph.png").is_file()
        assert (share / f"icons/hicolor/{size}x{size}/mimetypes/application-x-autograph.png").is_file()
    assert (share / "mime/packages/autograph.xml").is_file()

    # The user's library lives beside, in the app's data folder: an upgrade and an uninstall leave it alone.
    library = share / "AutoGraph" / "library.sqlite"
    library.parent.mkdir(parents=True)
    library.write_bytes(b"the user's diagrams")
    (top / "autograph" / "_internal" / "data.txt").write_text("newer payload", encoding="utf-8")
    assert install(top, home).returncode == 0
    assert (home / ".local/lib/autograph/_internal/data.txt").read_text(encoding="utf-8") == "newer payload"
    assert not (home / ".local/lib/autograph.old").exists() and not (home / ".local/lib/autograph.new").exists()
    assert library.read_bytes() == b"the user's diagrams"

    done = install(top, home, "--uninstall")
    assert done.returncode == 0, done.stderr
    assert not command.exists() and not (home / ".local/lib/autograph").exists()
    assert not (share / "applications/autograph.desktop").exists()
    assert not list((share / "icons/hicolor").rglob("*.png"))
    assert library.read_bytes() == b"the user's diagrams"


def test_install_refuses_a_tarball_without_its_program(fake_bundle: Path, icons: Path, tmp_path: Path) -> None:
    (tarball,) = build(fake_bundle, icons, tmp_path / "out", "--no-deb")
    top = unpack(tarball, tmp_path / "unpacked")
    shutil.rmtree(top / "autograph")
    done = install(top, tmp_path / "home")
    assert done.returncode != 0 and "missing" in done.stderr
    assert not (tmp_path / "home/.local/bin/autograph").exists()
    assert install(top, tmp_path / "home", "--bogus").returncode == 2


def test_a_folder_without_the_program_is_not_packaged(icons: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    done = subprocess.run([sys.executable, str(BUILD), str(tmp_path / "empty"), "--icons", str(icons), "--out",
                           str(tmp_path / "out")], capture_output=True, text=True, check=False)
    assert done.returncode != 0 and "not a bundle" in done.stderr


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb (Debian's dpkg) is not installed")
def test_the_deb_carries_the_bundle_the_command_and_the_desktop_integration(
        fake_bundle: Path, icons: Path, tmp_path: Path) -> None:
    outputs = build(fake_bundle, icons, tmp_path / "out")
    deb = next(p for p in outputs if p.suffix == ".deb")
    assert deb.name == "autograph_9.9.9_amd64.deb"
    fields = {name: subprocess.run(["dpkg-deb", "-f", str(deb), name], capture_output=True, text=True,
                                   check=True).stdout.strip() for name in ("Package", "Version", "Architecture",
                                                                           "Depends")}
    assert fields["Package"] == "autograph" and fields["Version"] == "9.9.9" and fields["Architecture"] == "amd64"
    assert fields["Depends"].startswith("libc6 (>= ") and "libegl1" in fields["Depends"]
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    assert "./opt/autograph/autograph" in listing
    assert "./usr/bin/autograph -> /opt/autograph/autograph" in listing
    for path in ("./usr/share/applications/autograph.desktop", "./usr/share/mime/packages/autograph.xml",
                 "./usr/share/icons/hicolor/256x256/apps/autograph.png"):
        assert path in listing
    assert "root/root" in listing and "rwxr-xr-x root/root" in next(
        line for line in listing.splitlines() if line.endswith("./opt/autograph/autograph"))
    extracted = tmp_path / "extracted"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(extracted)], check=True)
    desktop = (extracted / "usr/share/applications/autograph.desktop").read_text(encoding="utf-8")
    assert "Exec=autograph %F" in desktop


def test_desktop_entry_and_mime_type_match_the_format_registry() -> None:
    native = entry("autograph")
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # type: ignore[assignment,method-assign]
    desktop.read(ROOT / "packaging/linux/autograph.desktop", encoding="utf-8")
    section = desktop["Desktop Entry"]
    assert section["Type"] == "Application" and section["Icon"] == "autograph"
    assert section["MimeType"].rstrip(";").split(";") == [native.mime]
    assert section["Exec"].endswith("%F")  # several files from the file manager
    mime = ET.parse(ROOT / "packaging/linux/autograph-mime.xml").getroot()
    mime_type = mime.find(f"{MIME_NS}mime-type")
    assert mime_type is not None and mime_type.get("type") == native.mime
    globs = [g.get("pattern") for g in mime_type.findall(f"{MIME_NS}glob")]
    assert globs == [f"*{ext}" for ext in native.extensions]


def test_the_version_comes_from_the_package() -> None:
    done = subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(BUILD.parent)!r}); "
                           "import build_packages; print(build_packages.package_version())"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == __version__
