"""A git graph built from Mermaid back to `gitGraph` statements that replay to the same commits.

Commits are written in their original sequence, each preceded by the `checkout` it needs. A branch is
created as early as it can be (right after its start commit, once every earlier branch exists), which
gives it the same start commit and the same place in the branch order as when it was read.
"""

from __future__ import annotations

import re

from autograph_desktop.mermaid.chartexport import finish, plain_title_line
from autograph_desktop.mermaid.chartsyntax import entities
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Element


def _name(branch: str) -> str:
    return branch if re.fullmatch(r'[^\s"]+', branch) else '"' + branch.replace('"', '\\"') + '"'


def _value(text: str) -> str:
    return f'"{entities(text)}"'


def _attrs(commit: Element) -> str:
    parts: list[str] = []
    kind = commit.get("kind")
    if kind == "cherry_pick":
        parts.append(f"id: {_value(commit.get('pick'))}")
        if commit.get("pick_parent"):
            parts.append(f"parent: {_value(commit.get('pick_parent'))}")
    elif commit.get("custom"):
        parts.append(f"id: {_value(commit.get('label'))}")
    default_type = {"commit": "NORMAL", "merge": "MERGE", "cherry_pick": "CHERRY_PICK"}.get(kind, "NORMAL")
    if commit.get("type") != default_type and kind != "cherry_pick":
        parts.append(f"type: {commit.get('type')}")
    tags = [t for t in commit.get("tags").split("\t") if t]
    automatic = kind == "cherry_pick" and tags and tags[0].startswith("cherry-pick:") and len(tags) == 1
    if not automatic:
        parts.extend(f"tag: {_value(t)}" for t in tags)
        if kind == "cherry_pick" and not tags:
            parts.append('tag: ""')
    if kind == "commit" and commit.get("message"):
        parts.append(f"msg: {_value(commit.get('message'))}")
    return (" " + " ".join(parts)) if parts else ""


def to_mermaid(diagram: Diagram) -> str:
    branches = sorted((e for e in diagram if e.get("role") == "branch"), key=lambda e: int(e.get("index") or 0))
    commits = sorted((e for e in diagram if e.get("role") == "commit"), key=lambda e: int(e.get("seq") or 0))
    direction = branches[0].get("direction", "LR") if branches else "LR"
    lines = [f"gitGraph {direction}:" if direction != "LR" else "gitGraph"]
    title = next((e.text for e in diagram if e.get("role") == "title"), "")
    if diagram.meta.title and diagram.meta.title != "Git graph":
        title = title or diagram.meta.title
    lines.extend(plain_title_line(title, "  "))
    main = next((b.get("branch") for b in branches if b.get("main")), "main")
    heads: dict[str, str] = {main: ""}
    current = main
    pending = [b for b in branches if not b.get("main")]

    def create_ready() -> None:
        nonlocal current
        while pending:
            branch = pending[0]
            start = branch.get("start")
            owner = next((name for name, head in heads.items() if head == start), None)
            if owner is None:
                return
            if owner != current:
                lines.append(f"  checkout {_name(owner)}")
            order = f" order: {branch.get('order')}" if branch.get("order") else ""
            lines.append(f"  branch {_name(branch.get('branch'))}{order}")
            heads[branch.get("branch")] = start
            current = branch.get("branch")
            pending.pop(0)

    create_ready()
    for commit in commits:
        branch = commit.get("branch")
        if branch != current and branch in heads:
            lines.append(f"  checkout {_name(branch)}")
            current = branch
        kind = commit.get("kind")
        if kind == "merge":
            lines.append(f"  merge {_name(commit.get('merged'))}{_attrs(commit)}")
        elif kind == "cherry_pick":
            lines.append(f"  cherry-pick{_attrs(commit)}")
        else:
            lines.append(f"  commit{_attrs(commit)}")
        heads[current] = commit.get("mermaid_id")
        create_ready()
    return finish(lines)
