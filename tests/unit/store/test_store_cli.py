"""`autograph library`: list, search, export, import through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograph_desktop.cli import main
from autograph_desktop.store import Library


@pytest.fixture
def lib_path(tmp_path: Path, diagram_factory: type) -> Path:
    path = tmp_path / "lib.sqlite3"
    with Library.open(path) as lib:
        folder = lib.folders.create("Work")
        a = lib.diagrams.create(diagram_factory.make(3, title="Billing flow"), folder_id=folder)
        lib.diagrams.create(diagram_factory.make(2, title="Auth service"))
        trashed = lib.diagrams.create(diagram_factory.make(1, title="Old sketch"))
        lib.trash.add(trashed)
        lib.tags.add(a, "finance")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["library", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_sorted_and_filtered(lib_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--library", str(lib_path), "list", "--json", "--sort", "name")
    assert code == 0
    assert [d["title"] for d in json.loads(out)] == ["Auth service", "Billing flow"]
    code, out, _ = run(capsys, "--library", str(lib_path), "list", "--json", "--folder", "work")
    assert [d["title"] for d in json.loads(out)] == ["Billing flow"]
    assert json.loads(out)[0]["tags"] == ["finance"]
    code, out, _ = run(capsys, "--library", str(lib_path), "list", "--trash")
    assert code == 0 and "Old sketch" in out and "Billing" not in out


def test_list_unknown_folder_is_invalid_input(lib_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--library", str(lib_path), "list", "--folder", "nope")
    assert code == 2 and "no folder named 'nope'" in err


def test_search(lib_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--library", str(lib_path), "search", "bill", "--json")
    assert code == 0 and [h["title"] for h in json.loads(out)] == ["Billing flow"]
    code, out, _ = run(capsys, "--library", str(lib_path), "search", '"); DROP TABLE x; --')
    assert code == 0 and out == ""


def test_export_then_import_round_trip(lib_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Library.open(lib_path) as lib:
        [info] = lib.diagrams.all(folder=lib.folders.all()[0].id)
        original = lib.diagrams.load(info.id)
    target = tmp_path / "out.autograph"
    code, out, _ = run(capsys, "--library", str(lib_path), "export", info.id[:8], "-o", str(target))
    assert code == 0 and target.exists()
    data = json.loads(target.read_bytes())
    assert len(data["elements"]) == 3
    code, out, err = run(capsys, "--library", str(lib_path), "import", str(target), "--json")
    assert code == 0, err
    [made] = json.loads(out)
    assert made["elements"] == 3 and made["id"] != info.id
    with Library.open(lib_path) as lib:
        imported = lib.diagrams.load(made["id"])
        assert [e.text for e in imported] == [e.text for e in original]
        assert [v.reason for v in lib.versions.all(made["id"])] == ["import"]


def test_export_errors(lib_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--library", str(lib_path), "export", "doesnotexist", "-o", str(tmp_path / "x"))
    assert code == 2 and "no diagram" in err
    code, _, err = run(capsys, "--library", str(lib_path), "export", "abc", "-o", str(tmp_path / "x"))
    assert code == 2
    with Library.open(lib_path) as lib:
        some_id = lib.diagrams.all()[0].id
    code, _, err = run(capsys, "--library", str(lib_path), "export", some_id, "-o", str(tmp_path / "no" / "dir" / "x"))
    assert code == 2 and "cannot write" in err


def test_import_bad_files(lib_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--library", str(lib_path), "import", str(tmp_path / "missing.autograph"))
    assert code == 2
    garbage = tmp_path / "garbage.autograph"
    garbage.write_bytes(b"\x00\xff{not json" * 100)
    code, _, err = run(capsys, "--library", str(lib_path), "import", str(garbage))
    assert code == 2 and err
    with Library.open(lib_path) as lib:
        assert len(lib.diagrams.all()) == 2  # nothing was added


def test_newer_library_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    path = tmp_path / "future.sqlite3"
    Library.open(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    conn.close()
    code, _, err = run(capsys, "--library", str(path), "list")
    assert code == 1 and "newer version" in err


def test_default_library_follows_autograph_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AUTOGRAPH_HOME", str(tmp_path / "home"))
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0 and json.loads(out) == []
    assert (tmp_path / "home" / "data" / "library.sqlite3").exists()


def test_no_verb_is_invalid(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys)
    assert code == 2 and "choose a verb" in err
