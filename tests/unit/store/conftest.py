"""Fixtures for the library tests: a fresh library file per test, and diagrams of any size."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograph_desktop.model import Connector, Diagram, DiagramMeta, Endpoint, Shape, keys_between
from autograph_desktop.store import Library

#: The test tools kept out of the package (`crashcheck`, `autosave_kill`): importable by the tests here.
SCRIPTS = Path(__file__).resolve().parents[3] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))


def make_diagram(n: int, title: str = "Test diagram", connectors: int = 0) -> Diagram:
    """n shapes on a grid (labelled "node i"), plus connectors between consecutive shapes."""
    keys = keys_between(None, None, n + connectors)
    shapes = [Shape(id=f"s{i}", x=(i % 50) * 120.0, y=(i // 50) * 80.0, w=100, h=60, text=f"node {i}", z=keys[i])
              for i in range(n)]
    conns = [Connector(id=f"c{i}", source=Endpoint(f"s{i}", "right"), target=Endpoint(f"s{i + 1}", "left"),
                       z=keys[n + i]) for i in range(connectors)]
    return Diagram(DiagramMeta(title=title), [*shapes, *conns])


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite3"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty library at the newest schema, made once: copying it spares each test the migrations."""
    path = tmp_path_factory.mktemp("template") / "library.sqlite3"
    Library.open(path, keep_backups=0).close()
    return path


@pytest.fixture
def library(db_path: Path, migrated_template: Path) -> Iterator[Library]:
    shutil.copyfile(migrated_template, db_path)
    lib = Library.open(db_path)
    yield lib
    lib.close()


@pytest.fixture
def diagram_factory() -> type:
    """`diagram_factory.make(n, title=..., connectors=...)`, as a fixture so test modules need no imports."""

    class Factory:
        make = staticmethod(make_diagram)

    return Factory
