"""A ZenUML diagram built from Mermaid back to `zenuml` code: participants, then the statement tree.

The tree comes from the `zen_*` data the builder left on messages and fragment frames (id, parent,
section); message texts come from the connector labels, so a retyped message is written as retyped.
"""

from __future__ import annotations

import re

from autograph_desktop.mermaid.chartexport import finish
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Element

_PLAIN_ID = re.compile(r"[A-Za-z_\u00c0-\uffff][\w\u00c0-\uffff]*")
_CALL = re.compile(r"[A-Za-z_]\w*\s*(\(.*\))?", re.S)


def _pid(text: str) -> str:
    return text if _PLAIN_ID.fullmatch(text) else '"' + text.replace('"', "'") + '"'


def _label(el: Element) -> str:
    if isinstance(el, Connector):
        return " ".join(label.text for label in el.labels if label.text).strip()
    return el.text.strip()


def _statement(el: Element) -> list[str]:
    kind = el.get("zen_kind")
    text = _label(el)
    if kind == "async":
        line = f"{_pid(el.get('zen_source'))}->{_pid(el.get('zen_target'))}: {' '.join(text.split())}"
        return ["@return", line] if el.get("zen_reply") else [line]
    if kind == "return":
        return [f"return {' '.join(text.split())}".rstrip()]
    assign = ""
    if el.get("zen_assign"):
        typed = f"{el.get('zen_type')} " if el.get("zen_type") else ""
        assign = f"{typed}{el.get('zen_assign')} = "
    if kind == "new":
        return [f"{assign}new {_pid(el.get('zen_target'))}{el.get('zen_call')}"]
    call = text if _CALL.fullmatch(text) else el.get("zen_call")
    caller = f"{_pid(el.get('zen_caller'))}->" if el.get("zen_caller") else ""
    return [f"{assign}{caller}{_pid(el.get('zen_target'))}.{call}"]


def _header(keyword: str, condition: str) -> str:
    return f"{keyword}({condition})" if condition or keyword in ("if", "else if", "while", "for", "foreach") else keyword


def to_mermaid(diagram: Diagram) -> str:
    lines: list[str] = []
    if diagram.meta.title and diagram.meta.title != "ZenUML":
        lines.append(f"title {' '.join(diagram.meta.title.split())}")
    boxes = sorted((e for e in diagram if e.get("role") == "participant" and not e.get("zen_implicit")),
                   key=lambda e: e.x)
    declarations = ["zenuml", *([f"  {line}" for line in lines])]
    for box in boxes:
        pid, label = box.get("mermaid_id"), box.text.strip()
        annotator = f"@{box.get('zen_annotator')} " if box.get("zen_annotator") else ""
        alias = f" as {label}" if label and label != pid else ""
        declarations.append(f"  {annotator}{_pid(pid)}{alias}")
    children: dict[tuple[str, str], list[Element]] = {}
    for el in diagram:
        if el.get("zen_id") and el.get("zen_kind") != "assign-reply":
            children.setdefault((el.get("zen_parent"), el.get("zen_section")), []).append(el)
    for group in children.values():
        group.sort(key=lambda e: int(e.get("zen_id")) if e.get("zen_id").isdigit() else 0)
    body: list[str] = []
    # Work items: an element to write at a depth, or a literal closing line.
    work: list[tuple[Element | str, int]] = [(el, 1) for el in reversed(children.get(("", ""), []))]
    while work:
        item, depth = work.pop()
        pad = "  " * depth
        if isinstance(item, str):
            body.append(pad + item)
            continue
        body.extend(f"{pad}// {c}" for c in item.get("zen_comment").split("\n") if item.get("zen_comment"))
        zid = item.get("zen_id")
        if item.get("zen_kind") == "fragment":
            keywords = item.get("zen_keywords").split("\t")
            conditions = item.get("zen_conditions").split("\t")
            pending: list[tuple[Element | str, int]] = []
            for n, (keyword, condition) in enumerate(zip(keywords, conditions, strict=False)):
                opener = _header(keyword, condition) + " {"
                pending.append((opener if n == 0 else "} " + opener, depth))
                pending.extend((child, depth + 1) for child in children.get((zid, str(n)), []))
            pending.append(("}", depth))
            work.extend(reversed(pending))
            continue
        statement = _statement(item)
        if item.get("zen_body"):
            body.extend(pad + s for s in statement[:-1])
            work.append(("}", depth))
            work.extend((child, depth + 1) for child in reversed(children.get((zid, "body"), [])))
            body.append(pad + statement[-1] + " {")
        else:
            body.extend(pad + s for s in statement)
    return finish([*declarations, *body])
