"""The templates AutoGraph ships: `.autograph` files in `resources/templates/`, listed in its `index.json`.

They are ordinary diagrams (open one in the app, edit it, save it back over the file); the index gives each
its id, name, category and description. The library is a layer beside the file formats, so it reads these
files with its own few lines below, and a test checks that every shipped file also passes the full
validating reader (`formats.native`) and loads the same diagram both ways.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import orjson

from autograph_desktop.model import Diagram
from autograph_desktop.store.codec import decode_elements, meta_from_json

#: The native format this reader understands (templates are rewritten when the schema moves on).
SCHEMA_VERSION = 2


@dataclass(frozen=True, slots=True)
class BuiltinTemplate:
    id: str
    name: str
    category: str
    description: str
    file: str

    def build(self) -> Diagram:
        """A fresh Diagram of this template's content."""
        return load_template_file(self.file)


def templates_dir() -> Path:
    from autograph_desktop.datafiles import templates_dir as shipped

    return shipped()


def load_template_file(name: str) -> Diagram:
    data = orjson.loads((templates_dir() / name).read_bytes())
    if data.get("format") != "autograph" or data.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"template {name} is not an .autograph file of schema {SCHEMA_VERSION}")
    return Diagram(meta_from_json(data["diagram"]), decode_elements(data["elements"]))


@cache
def builtin_templates() -> tuple[BuiltinTemplate, ...]:
    """The shipped templates, in the order the index lists them."""
    index = orjson.loads((templates_dir() / "index.json").read_bytes())
    return tuple(BuiltinTemplate(t["id"], t["name"], t["category"], t["description"], t["file"]) for t in index)
