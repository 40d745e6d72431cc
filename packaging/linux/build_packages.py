"""Wrap the PyInstaller bundle for Linux users: a `.tar.gz` with an install script, and a `.deb`.

    python packaging/linux/build_packages.py dist/autograph --icons build/icons --out dist

Both carry the same desktop integration: the menu entry (autograph.desktop), the app icon in the hicolor
sizes (also as the icon of `.autograph` files), and the `.autograph` MIME type (shared-mime-info XML).
The `.deb` installs the bundle in /opt/autograph with /usr/bin/autograph pointing at it; Debian's own
triggers refresh the MIME, menu and icon caches, so it needs no maintainer scripts. The tarball's
`install.sh` does the same per user, under ~/.local, with no root.
"""

from __future__ import annotations

import argparse
import platform
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MIME_TYPE = "application/vnd.autograph+json"
#: Host libraries the bundle links to but does not carry (graphics drivers and the display protocols).
HOST_DEPENDS = ("libgl1", "libegl1", "libdrm2", "libxcb1", "libwayland-client0", "libwayland-cursor0",
                "libwayland-egl1")
ICON_NAME = re.compile(r"autograph-(\d+)\.png")


def package_version() -> str:
    """The version in autograph_desktop/__init__.py, read as text (this script must not import the app)."""
    text = (ROOT / "autograph_desktop" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if found is None:
        raise SystemExit("no __version__ in autograph_desktop/__init__.py")
    return found.group(1)


def icon_sizes(icons: Path) -> dict[int, Path]:
    sizes = {int(m.group(1)): p for p in icons.glob("autograph-*.png") if (m := ICON_NAME.fullmatch(p.name))}
    if not sizes:
        raise SystemExit(f"no autograph-<size>.png icons in {icons} (run packaging/make_icons.py)")
    return sizes


def share_tree(share: Path, icons: Path, exec_line: str) -> None:
    """The `share/` folder both packages install: desktop entry, MIME type, icons."""
    (share / "applications").mkdir(parents=True, exist_ok=True)
    desktop = (HERE / "autograph.desktop").read_text(encoding="utf-8")
    desktop = desktop.replace("Exec=autograph", f"Exec={exec_line}").replace("TryExec=autograph", f"TryExec={exec_line}")
    (share / "applications" / "autograph.desktop").write_text(desktop, encoding="utf-8")
    (share / "mime" / "packages").mkdir(parents=True, exist_ok=True)
    shutil.copy(HERE / "autograph-mime.xml", share / "mime" / "packages" / "autograph.xml")
    for size, png in sorted(icon_sizes(icons).items()):
        for kind, name in (("apps", "autograph.png"), ("mimetypes", "application-x-autograph.png")):
            folder = share / "icons" / "hicolor" / f"{size}x{size}" / kind
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(png, folder / name)


def _copy_bundle(bundle: Path, dest: Path) -> None:
    if not (bundle / "autograph").is_file():
        raise SystemExit(f"{bundle} is not a bundle: it has no `autograph` program (run pyinstaller first)")
    shutil.copytree(bundle, dest, symlinks=True)


def build_tarball(bundle: Path, icons: Path, out: Path, version: str, arch: str) -> Path:
    name = f"autograph-{version}-linux-{arch}"
    stage = out / "stage-tar" / name
    shutil.rmtree(stage.parent, ignore_errors=True)
    _copy_bundle(bundle, stage / "autograph")
    share_tree(stage / "share", icons, "autograph")
    shutil.copy(HERE / "install.sh", stage / "install.sh")
    (stage / "install.sh").chmod(0o755)
    (stage / "VERSION").write_text(version + "\n", encoding="utf-8")
    (stage / "README.txt").write_text(
        f"AutoGraph {version} for Linux ({arch})\n\n"
        "Install for your user (no administrator rights needed):   ./install.sh\n"
        "Remove it again (your diagrams are kept):                   ./install.sh --uninstall\n"
        "Or run it in place without installing:                      ./autograph/autograph\n", encoding="utf-8")
    target = out / f"{name}.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        tar.add(stage, arcname=name)
    shutil.rmtree(stage.parent)
    return target


def _glibc() -> str:
    _name, version = platform.libc_ver()
    return version or "2.31"


def _deb_arch(arch: str) -> str:
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(arch, arch)


def build_deb(bundle: Path, icons: Path, out: Path, version: str, arch: str) -> Path:
    dpkg_deb = shutil.which("dpkg-deb")
    if dpkg_deb is None:
        raise SystemExit("dpkg-deb is not installed (Debian's dpkg package): cannot build the .deb")
    stage = out / "stage-deb"
    shutil.rmtree(stage, ignore_errors=True)
    _copy_bundle(bundle, stage / "opt" / "autograph")
    share_tree(stage / "usr" / "share", icons, "autograph")
    (stage / "usr" / "bin").mkdir(parents=True)
    (stage / "usr" / "bin" / "autograph").symlink_to("/opt/autograph/autograph")
    size_kib = sum(p.stat().st_size for p in stage.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    depends = ", ".join([f"libc6 (>= {_glibc()})", *HOST_DEPENDS])
    control = (f"Package: autograph\nVersion: {version}\nArchitecture: {_deb_arch(arch)}\n"
               "Maintainer: AutoGraph <support@autograph.invalid>\nSection: graphics\nPriority: optional\n"
               f"Installed-Size: {size_kib}\nDepends: {depends}\n"
               "Homepage: https://autograph.invalid\n"
               "Description: diagramming studio for software engineers\n"
               " Draw on an infinite canvas or write diagrams as Mermaid code, export PNG, SVG and PDF,\n"
               " import and export draw.io and Excalidraw. Works offline; diagrams live in a local library.\n")
    (stage / "DEBIAN").mkdir()
    (stage / "DEBIAN" / "control").write_text(control, encoding="utf-8")
    for path in stage.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or path.stat().st_mode & 0o111 else 0o644)
    target = out / f"autograph_{version}_{_deb_arch(arch)}.deb"
    subprocess.run([dpkg_deb, "--root-owner-group", "-Zxz", "--build", str(stage), str(target)], check=True,
                   stdout=subprocess.DEVNULL)
    shutil.rmtree(stage)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Linux .tar.gz and .deb from a PyInstaller bundle.")
    parser.add_argument("bundle", type=Path, help="the one-folder bundle (dist/autograph)")
    parser.add_argument("--icons", type=Path, required=True, help="folder of autograph-<size>.png files")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--version", default=None, help="default: the package's version")
    parser.add_argument("--arch", default=platform.machine())
    parser.add_argument("--no-deb", action="store_true", help="only the tarball")
    args = parser.parse_args(argv)
    version = args.version or package_version()
    args.out.mkdir(parents=True, exist_ok=True)
    print(build_tarball(args.bundle, args.icons, args.out, version, args.arch))
    if not args.no_deb:
        print(build_deb(args.bundle, args.icons, args.out, version, args.arch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
