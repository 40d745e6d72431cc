"""The Windows and macOS installer definitions (built on those systems) stay in step with the app: the file
type they register is the format registry's, the install is per user, and upgrades keep their identity."""

from __future__ import annotations

import plistlib
import re
from pathlib import Path

from autograph_desktop.io import entry

ROOT = Path(__file__).resolve().parents[3]
ISS = (ROOT / "packaging" / "windows" / "autograph.iss").read_text(encoding="utf-8")


def _iss_setting(name: str) -> str:
    found = re.search(rf"^{name}=(.*)$", ISS, re.M)
    assert found is not None, name
    return found.group(1).strip()


def test_the_windows_installer_is_per_user_with_a_start_menu_entry() -> None:
    assert _iss_setting("PrivilegesRequired") == "lowest"
    assert _iss_setting("DefaultDirName").startswith("{autopf}")  # %LOCALAPPDATA%\\Programs for a user install
    assert re.search(r'^Name: "\{autoprograms\}\\\{#AppName\}"; Filename: "\{app\}\\\{#GuiExe\}"', ISS, re.M)


def test_the_windows_installer_associates_autograph_files_per_user() -> None:
    native = entry("autograph")
    assert f'#define MimeType "{native.mime}"' in ISS
    registry = [line for line in ISS.splitlines() if line.startswith("Root:")]
    assert registry and all(line.startswith("Root: HKA;") for line in registry)  # HKCU for a per-user install
    for ext in native.extensions:
        assert any(f'Subkey: "Software\\Classes\\{ext}"' in line for line in registry)
    assert any('shell\\open\\command' in line and '""%1""' in line for line in registry)
    assert _iss_setting("ChangesAssociations") == "yes"


def test_windows_upgrades_keep_the_same_identity_and_never_touch_user_data() -> None:
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", _iss_setting("AppId"))
    assert _iss_setting("UsePreviousAppDir") == "yes"
    assert "[UninstallDelete]" not in ISS  # the library lives in %LOCALAPPDATA%\\AutoGraph and stays
    deleted = re.findall(r'^Type: filesandordirs; Name: "(.*)"$', ISS, re.M)
    assert deleted == ["{app}\\_internal"]  # only the old program files go on upgrade


def test_the_macos_bundle_declares_the_document_type() -> None:
    native = entry("autograph")
    info = plistlib.loads((ROOT / "packaging" / "macos" / "Info.plist").read_bytes())
    (document,) = info["CFBundleDocumentTypes"]
    (declared,) = info["UTExportedTypeDeclarations"]
    assert document["LSItemContentTypes"] == [declared["UTTypeIdentifier"]]
    assert document["CFBundleTypeRole"] == "Editor"
    tags = declared["UTTypeTagSpecification"]
    assert tags["public.filename-extension"] == [ext.lstrip(".") for ext in native.extensions]
    assert tags["public.mime-type"] == native.mime
    assert info["NSHighResolutionCapable"] is True
