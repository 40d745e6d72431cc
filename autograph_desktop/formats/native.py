"""The native `.autograph` format: UTF-8 JSON, schema-versioned, stable order, atomic saves.

Keys and elements are written in a fixed order (elements by z-order, fields in declaration order, defaults
omitted) so that a small edit gives a small `git diff`. Loading validates everything, upgrades older
schema versions, repairs dangling references with warnings, and reports problems with a JSON path.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from typing import Any

import orjson
from pydantic import ValidationError

from autograph_desktop.fileio import write_atomic
from autograph_desktop.formats.native_schema import FORMAT_NAME, SCHEMA_VERSION, FileModel
from autograph_desktop.model.document import Diagram, DiagramMeta
from autograph_desktop.model.elements import Connector, Element, Endpoint, element_from_dict, element_to_dict
from autograph_desktop.model.fractional import is_valid_key, keys_after
from autograph_desktop.model.problems import InvalidInput, Problem, json_path
from autograph_desktop.model.reading import ReadResult

#: Files larger than this are refused: a diagram of 200,000 elements is about 40 MB.
MAX_FILE_BYTES = 40 * 1024 * 1024
EXTENSION = ".autograph"


# --------------------------------------------------------------------------- writing
def to_json(diagram: Diagram) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "diagram": asdict(diagram.meta),
        "elements": [element_to_dict(e) for e in diagram],
    }


def dumps(diagram: Diagram) -> bytes:
    """The file's bytes: indented JSON with a trailing newline."""
    return orjson.dumps(to_json(diagram), option=orjson.OPT_INDENT_2) + b"\n"


def save_file(diagram: Diagram, path: str) -> None:
    write_atomic(path, dumps(diagram))


# --------------------------------------------------------------------------- reading
def sniff(data: bytes, name: str) -> bool:
    head = data[:4096].lstrip()
    return head.startswith(b"{") and b'"format"' in head and b'"autograph"' in head


def _parse_json(data: bytes, source: str) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        text = str(exc)
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        if "recursion" in text.lower() or "depth" in text.lower():
            text = "the JSON is nested too deeply"
        elif data.strip() == b"":
            text = "the file is empty"
        elif not data.lstrip().startswith((b"{", b"[")):
            text = "the file is not JSON"
        else:
            text = f"the file is not valid JSON ({exc.msg})"
            if line is not None and exc.pos >= len(data.rstrip()):
                text = "the file ends too early (truncated JSON)"
        raise InvalidInput([Problem(text, line=line, column=column)], source=source) from None


def upgrade(doc: dict[str, Any], warnings: list[Problem]) -> dict[str, Any]:
    """Bring an older schema up to the current one, step by step."""
    version = doc.get("schema_version")
    if version == 1:
        # Version 1 kept order by list position and named connector ends `from`/`to`.
        elements = doc.get("elements")
        if isinstance(elements, list):
            keys = keys_after(None, len(elements))
            upgraded = []
            for element, key in zip(elements, keys, strict=False):
                if isinstance(element, dict):
                    element = dict(element)
                    element.setdefault("z", key)
                    element.pop("order", None)
                    if element.get("kind") == "connector":
                        if "from" in element:
                            element["source"] = element.pop("from")
                        if "to" in element:
                            element["target"] = element.pop("to")
                upgraded.append(element)
            doc = {**doc, "elements": upgraded}
        doc = {**doc, "schema_version": 2}
        warnings.append(Problem("upgraded from schema version 1", severity="warning"))
    return doc


def _validate(doc: Any, source: str) -> None:
    if not isinstance(doc, dict):
        raise InvalidInput([Problem("expected a JSON object at the top level", path="$")], source=source)
    if doc.get("format") != FORMAT_NAME:
        raise InvalidInput([Problem("this is not an AutoGraph file (no \"format\": \"autograph\")",
                                    path="$.format")], source=source)
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InvalidInput([Problem("schema_version must be a whole number", path="$.schema_version")], source=source)
    if version > SCHEMA_VERSION:
        raise InvalidInput([Problem(f"the file uses schema version {version}, made by a newer AutoGraph; this "
                                    f"version reads up to {SCHEMA_VERSION}", path="$.schema_version",
                                    hint="update AutoGraph to open it")], source=source)
    if version < 1:
        raise InvalidInput([Problem(f"unknown schema version {version}", path="$.schema_version")], source=source)


def _check(doc: dict[str, Any], source: str) -> None:
    try:
        FileModel.model_validate(doc)
    except ValidationError as exc:
        problems = []
        for err in exc.errors()[:20]:
            loc = [p for p in err["loc"] if not (isinstance(p, str) and p in _KIND_TAGS)]
            problems.append(Problem(err["msg"], path=json_path(loc)))
        raise InvalidInput(problems, source=source) from None


_KIND_TAGS = {"shape", "text", "icon", "image", "frame", "path", "connector", "group"}


def _repair(elements: list[Element], warnings: list[Problem]) -> list[Element]:
    """Normalise what was loaded: dangling references, parent cycles, bad order keys, duplicate ids."""
    by_id: dict[str, Element] = {}
    for n, el in enumerate(elements):
        if el.id in by_id:
            raise InvalidInput([Problem(f"duplicate element id {el.id!r}", path=f"$.elements[{n}].id")])
        by_id[el.id] = el
    out: list[Element] = []
    fixed_keys = 0
    previous_key: str | None = None
    for el in elements:
        changes: dict[str, Any] = {}
        if el.parent is not None and (el.parent not in by_id or el.parent == el.id):
            warnings.append(Problem(f"element {el.id} refers to a missing parent {el.parent}; detached",
                                    severity="warning"))
            changes["parent"] = None
        if isinstance(el, Connector):
            for name in ("source", "target"):
                end: Endpoint = getattr(el, name)
                if end.element is not None and (end.element not in by_id or isinstance(by_id[end.element], Connector)):
                    warnings.append(Problem(f"connector {el.id} is attached to a missing element {end.element}; "
                                            "its end is now loose", severity="warning"))
                    changes[name] = Endpoint(x=end.x, y=end.y)
        if not is_valid_key(el.z) or (previous_key is not None and el.z <= previous_key):
            fixed_keys += 1
            changes["z"] = ""
        else:
            previous_key = el.z
        out.append(el.evolve(**changes) if changes else el)
    if fixed_keys:
        warnings.append(Problem(f"{fixed_keys} element(s) had missing or out-of-order z keys; reassigned",
                                severity="warning"))
        keys = keys_after(None, len(out))
        out = [el.evolve(z=key) for el, key in zip(out, keys, strict=True)]
    # Parent cycles: walk up from each element; break a cycle where it closes.
    parents = {el.id: el.parent for el in out if el.parent is not None}
    broken: set[str] = set()
    cleared: set[str] = set()  # ids known to reach the top without a cycle
    for start in list(parents):  # (breaking a cycle removes from `parents`)
        seen = {start}
        node = parents.get(start)
        while node is not None and node not in cleared:
            if node in seen:
                broken.add(node)
                parents.pop(node, None)
                break
            seen.add(node)
            node = parents.get(node)
        cleared |= seen
    if broken:
        warnings.append(Problem(f"{len(broken)} group/frame cycle(s) broken", severity="warning"))
        out = [el.evolve(parent=None) if el.id in broken else el for el in out]
    return out


def loads(data: bytes, source: str = "") -> tuple[Diagram, list[Problem]]:
    """Parse, validate, upgrade and repair a file's bytes into a Diagram (plus warnings)."""
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput([Problem(f"the file is {len(data) / 1e6:.1f} MB; the limit for .autograph files is "
                                    f"{MAX_FILE_BYTES / 1e6:.0f} MB")], source=source)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem(f"the file is not UTF-8 text (bad byte at offset {exc.start})")],
                           source=source) from None
    warnings: list[Problem] = []
    doc = _parse_json(data, source)
    _validate(doc, source)
    doc = upgrade(doc, warnings)
    _check(doc, source)
    try:
        meta_fields = set(DiagramMeta.__dataclass_fields__)
        meta = DiagramMeta(**{k: v for k, v in doc["diagram"].items() if k in meta_fields})
        elements = [element_from_dict(e) for e in doc["elements"]]
        elements = _repair(elements, warnings)
    except InvalidInput as exc:
        exc.source = source
        raise
    return Diagram(meta, elements), warnings


def read(data: bytes, name: str) -> ReadResult:
    diagram, warnings = loads(data, name)
    return ReadResult(format="autograph", diagrams=[diagram], diagram_type=diagram.meta.kind, warnings=warnings)


def load_file(path: str) -> Diagram:
    """Open a `.autograph` file; raises InvalidInput (bad content) or OSError (cannot read)."""
    size = os.path.getsize(path)
    if size > MAX_FILE_BYTES:
        raise InvalidInput([Problem(f"the file is {size / 1e6:.1f} MB; the limit for .autograph files is "
                                    f"{MAX_FILE_BYTES / 1e6:.0f} MB")], source=path)
    with open(path, "rb") as handle:
        diagram, _ = loads(handle.read(), path)
    return diagram
