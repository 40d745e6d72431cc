"""An event model built from Mermaid back to `eventmodeling` text: time frames in order, then data blocks.

A box whose first line the user retyped keeps its namespace and takes the new name (made a valid
identifier); its data, sources and frame number come from what the import recorded.
"""

from __future__ import annotations

import re

from autograph_desktop.mermaid.chartexport import Marks, by_index, finish, front_matter
from autograph_desktop.model.document import Diagram


def _entity(box_text: str, entity: str, name: str) -> str:
    shown = box_text.split("\n", 1)[0].strip()
    if not shown or shown == name:
        return entity
    ident = re.sub(r"\W+", "_", shown).strip("_") or name
    if not re.match(r"[A-Za-z_]", ident):
        ident = "_" + ident
    namespace = entity.split(".", 1)[0] + "." if "." in entity else ""
    return namespace + ident


def to_mermaid(diagram: Diagram) -> str:
    marks = Marks(diagram, "eventmodeling")
    lines = [*front_matter(marks.title()), "eventmodeling", ""]
    blocks = {key[5:] for key, _ in (marks.group.data if marks.group is not None else ()) if key.startswith("data:")}
    for frame in by_index(marks.role("frame")):
        keyword = "rf" if frame.get("reset") else "tf"
        entity = _entity(frame.text, frame.get("entity"), frame.get("name"))
        parts = [keyword, frame.get("number"), frame.get("kind", "evt"), entity]
        parts.extend(f"->> {s}" for s in frame.get("sources").split())
        if frame.get("data_ref") in blocks:  # a block lost with an ungrouped chart is left out
            parts.append(f"[[{frame.get('data_ref')}]]")
        elif "inline" in dict(frame.data):
            kind = f"`{frame.get('data_type')}`" if frame.get("data_type") else ""
            parts.append(f"{kind}{{ {frame.get('inline')} }}" if frame.get("inline") else f"{kind}{{}}")
        lines.append(" ".join(parts))
    if marks.group is not None:
        for key, value in marks.group.data:
            if key.startswith("data:"):
                kind, _, body = value.partition("\n")
                typed = f" `{kind}`" if kind else " "
                lines.extend(["", f"data {key[5:]}{typed}{{", *[f"  {ln}" for ln in body.split("\n")], "}"])
    return finish(lines)
