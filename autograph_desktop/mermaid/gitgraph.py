"""Mermaid `gitGraph` -> `GitGraphSpec`: commits with their parents, branches, merges and cherry-picks.

The statements are replayed like Mermaid's own model: a current branch, one head commit per branch, a
merge commit with two parents (current head first, then the merged branch's head), a cherry-pick commit
with two parents too (the current head, then the picked commit - Mermaid 11 draws that link). Misuse
that Mermaid rejects (checking out a missing branch, merging a branch into itself, cherry-picking from
the current branch, ...) is an error here too.

`counts()`: nodes = commits (incl. merge and cherry-pick commits), edges = parent links: a merge has two
(current head, merged head) and, as in current Mermaid, so has a cherry-pick (current head, picked commit).
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from autograph_desktop.mermaid.common import Prepared, error, warning
from autograph_desktop.mermaid.textutil import (
    Statement,
    body_statements,
    clean_label,
    parse_title,
    split_statements,
)
from autograph_desktop.model.problems import Problem

CommitKind = Literal["commit", "merge", "cherry_pick"]
COMMIT_TYPES: frozenset[str] = frozenset(("NORMAL", "REVERSE", "HIGHLIGHT"))
_ATTR = re.compile(r'(?P<key>[A-Za-z]+)\s*:\s*(?P<value>"(?:[^"\\]|\\.)*"|[^\s"]+)\s*')
_NAME = re.compile(r'"(?:[^"\\]|\\.)*"|[^\s"]+')
_ALLOWED: dict[str, frozenset[str]] = {
    "commit": frozenset(("id", "type", "tag", "msg")),
    "merge": frozenset(("id", "type", "tag")),
    "cherry-pick": frozenset(("id", "tag", "parent")),
    "branch": frozenset(("order",)),
}


@dataclass
class Commit:
    """One dot. `type` is NORMAL/REVERSE/HIGHLIGHT, or MERGE/CHERRY_PICK unless a custom type was given.

    `id` is unique within the graph (parents refer to it); `label` is the id as written, which Mermaid lets
    two plain commits share - the later one then gets `id` "<label>~<seq>".
    """

    id: str
    seq: int
    branch: str
    kind: CommitKind = "commit"
    type: str = "NORMAL"
    tags: list[str] = field(default_factory=list)
    message: str = ""
    parents: list[str] = field(default_factory=list)
    custom_id: bool = False
    cherry_pick_source: str | None = None
    cherry_pick_parent: str | None = None
    line: int | None = None
    label: str = ""
    #: For a merge: the branch named in `merge <branch>` (its head may be a commit made on another branch).
    merged_branch: str = ""


@dataclass
class Branch:
    """A branch; `order` is the `order:` value (or mainBranchOrder for the main branch), None when unset."""

    name: str
    index: int
    order: float | None = None
    start: str | None = None
    line: int | None = None


@dataclass
class GitGraphSpec:
    """A parsed git graph; `direction` is LR (default), TB or BT."""

    title: str | None = None
    direction: str = "LR"
    main_branch: str = "main"
    commits: list[Commit] = field(default_factory=list)
    branches: list[Branch] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "gitgraph"

    def counts(self) -> tuple[int, int]:
        """Mermaid's meaning: nodes = commits, edges = parent links (two for a merge commit)."""
        return len(self.commits), sum(len(c.parents) for c in self.commits)

    def ordered_branches(self) -> list[Branch]:
        """Lanes top to bottom as Mermaid orders them: an unset order i sorts as the number `0.i`."""

        def key(branch: Branch) -> float:
            return branch.order if branch.order is not None else float(f"0.{branch.index}")

        return sorted(self.branches, key=key)


class _Replay:
    """Mermaid's git model: branches with heads, a current branch, commits by id."""

    def __init__(self, prepared: Prepared, spec: GitGraphSpec) -> None:
        self.prepared = prepared
        self.spec = spec
        self.heads: dict[str, str | None] = {}
        self.by_id: dict[str, Commit] = {}
        self.keys: set[str] = set()
        self.by_key: dict[str, Commit] = {}
        self.current = spec.main_branch
        main_order = spec.options.get("mainBranchOrder", 0)
        self.add_branch(spec.main_branch, None, float(main_order) if isinstance(main_order, int | float) else 0.0)

    def fail(self, st: Statement, message: str, hint: str, column: int | None = None) -> Exception:
        return error(st.line, message, column=column or st.column, hint=hint, source=self.prepared.source)

    def add_branch(self, name: str, st: Statement | None, order: float | None) -> None:
        self.spec.branches.append(Branch(name, len(self.spec.branches), order, self.heads.get(self.current),
                                         st.line.number if st else None))
        self.heads[name] = self.heads.get(self.current) if st else None

    def new_id(self, seq: int) -> str:
        """Mermaid uses `seq-random`; we derive a stable hash so the same text always gives the same ids."""
        digest = hashlib.sha1(f"{seq}:{self.current}".encode()).hexdigest()[:7]
        return f"{seq}-{digest}"

    def add_commit(self, st: Statement, commit: Commit) -> None:
        commit.label = commit.label or commit.id
        if commit.id in self.by_id:
            other = self.by_id[commit.id]
            if commit.kind != "commit":  # Mermaid refuses a merge whose id exists
                raise self.fail(st, f"a commit with id \"{commit.id}\" already exists (line {other.line})",
                                hint="give the merge commit a unique id")
            # Mermaid draws both; later references (cherry-pick) mean the newer one.
            self.spec.warnings.append(warning(st.line, f"commit id \"{commit.id}\" is also used on line "
                                              f"{other.line}", hint="give every commit a unique id"))
            commit.id = f"{commit.label}~{commit.seq}"
            while commit.id in self.keys:
                commit.id += "~"
        self.keys.add(commit.id)
        self.by_key[commit.id] = commit
        self.by_id[commit.label] = commit
        self.spec.commits.append(commit)
        self.heads[self.current] = commit.id

    # -- statements ------------------------------------------------------------------------------------
    def commit(self, st: Statement, attrs: dict[str, list[str]], message: str) -> None:
        seq = len(self.spec.commits)
        head = self.heads[self.current]
        cid = _one(attrs, "id")
        ctype = self.commit_type(st, attrs, "NORMAL")
        commit = Commit(cid if cid is not None else self.new_id(seq), seq, self.current, "commit", ctype,
                        attrs.get("tag", []), _one(attrs, "msg") or message, [head] if head else [], cid is not None,
                        line=st.line.number)
        self.add_commit(st, commit)

    def commit_type(self, st: Statement, attrs: dict[str, list[str]], default: str) -> str:
        ctype = _one(attrs, "type")
        if ctype is None:
            return default
        if ctype not in COMMIT_TYPES:
            raise self.fail(st, f"unknown commit type '{ctype}'", column=st.column + st.text.find(ctype),
                            hint="type is NORMAL, REVERSE or HIGHLIGHT (in capitals)")
        return ctype

    def branch(self, st: Statement, name: str, attrs: dict[str, list[str]]) -> None:
        if name in self.heads:
            raise self.fail(st, f"branch '{name}' already exists",
                            hint=f"use  checkout {name}  to switch to it, or pick a new name")
        order: float | None = None
        raw = _one(attrs, "order")
        if raw is not None:
            try:
                order = float(raw)
            except ValueError:
                order = None
            if order is None or not math.isfinite(order):
                raise self.fail(st, f"order '{raw}' is not a number", column=st.column + st.text.find(raw),
                                hint="write  branch develop order: 2")
        self.add_branch(name, st, order)
        self.current = name

    def checkout(self, st: Statement, name: str, word: str) -> None:
        if name not in self.heads:
            raise self.fail(st, f"branch '{name}' does not exist", column=st.column + st.text.find(name),
                            hint=f"create it first with  branch {name}" + self.did_you_mean(name))
        self.current = name

    def label(self, commit_id: str) -> str:
        return next((c.label for c in reversed(self.spec.commits) if c.id == commit_id), commit_id)

    def did_you_mean(self, name: str) -> str:
        close = [b for b in self.heads if b.lower() == name.lower()]
        return f" (did you mean '{close[0]}'?)" if close else ""

    def merge(self, st: Statement, name: str, attrs: dict[str, list[str]]) -> None:
        column = st.column + st.text.find(name)
        if name not in self.heads:
            raise self.fail(st, f"cannot merge '{name}': the branch does not exist", column=column,
                            hint=f"create it with  branch {name}" + self.did_you_mean(name))
        if name == self.current:
            raise self.fail(st, f"cannot merge branch '{name}' into itself", column=column,
                            hint="checkout the branch you want to merge into first")
        head = self.heads[self.current]
        other = self.heads[name]
        head_commit = self.by_key.get(head) if head else None
        if head_commit is not None and other is not None and head_commit.branch == name:
            # Mermaid's check: the current branch has nothing of its own on top of `name`.
            raise self.fail(st, f"cannot merge branch '{name}' into itself: '{self.current}' has no commits of "
                            f"its own on top of '{name}'", column=column,
                            hint=f"add a commit on '{self.current}' before merging '{name}' into it")
        if head is None:
            raise self.fail(st, f"cannot merge: the current branch '{self.current}' has no commits",
                            hint=f"add a commit on '{self.current}' before merging")
        if other is None:
            raise self.fail(st, f"cannot merge '{name}': it has no commits", column=column,
                            hint=f"add a commit on '{name}' before merging it")
        if head == other:
            raise self.fail(st, f"cannot merge '{name}': it has the same head commit as '{self.current}'",
                            column=column, hint=f"add a commit on '{name}' first")
        seq = len(self.spec.commits)
        cid = _one(attrs, "id")
        commit = Commit(cid if cid is not None else self.new_id(seq), seq, self.current, "merge",
                        self.commit_type(st, attrs, "MERGE"), attrs.get("tag", []),
                        f"merged branch {name} into {self.current}", [head, other], cid is not None,
                        line=st.line.number, merged_branch=name)
        self.add_commit(st, commit)

    def cherry_pick(self, st: Statement, attrs: dict[str, list[str]]) -> None:
        source_id = _one(attrs, "id")
        if not source_id:
            raise self.fail(st, "cherry-pick needs the id of the commit to pick",
                            hint='write  cherry-pick id: "A"  (the commit must have a custom id)')
        source = self.by_id.get(source_id)
        if source is None:
            raise self.fail(st, f"there is no commit with id \"{source_id}\" to cherry-pick",
                            column=st.column + st.text.find(source_id),
                            hint='give the commit an id first, e.g.  commit id: "A"')
        if source.branch == self.current:
            raise self.fail(st, f"commit \"{source_id}\" is already on the current branch '{self.current}'",
                            hint="checkout another branch before cherry-picking it")
        head = self.heads[self.current]
        if head is None:
            raise self.fail(st, f"the current branch '{self.current}' has no commits to cherry-pick onto",
                            hint=f"add a commit on '{self.current}' first")
        parent = _one(attrs, "parent")
        if parent is not None:
            parent_commit = self.by_id.get(parent)
            if parent_commit is None or parent_commit.id not in source.parents:
                raise self.fail(st, f"\"{parent}\" is not an immediate parent of \"{source_id}\"",
                                column=st.column + st.text.find(parent),
                                hint=("its parents are " + ", ".join(self.label(p) for p in source.parents))
                                if source.parents else "remove  parent: ...  (that commit has no parent)")
        elif source.kind == "merge":
            raise self.fail(st, f"\"{source_id}\" is a merge commit: say which parent to pick",
                            hint=f'write  cherry-pick id: "{source_id}" parent: "<one of its parents>"')
        tags = attrs.get("tag")
        if tags is None:
            tags = [f"cherry-pick:{source_id}" + (f"|parent:{parent}" if source.kind == "merge" else "")]
        seq = len(self.spec.commits)
        # Current Mermaid links a cherry-pick to both the current head and the picked commit.
        commit = Commit(self.new_id(seq), seq, self.current, "cherry_pick", "CHERRY_PICK", [t for t in tags if t],
                        f"cherry-picked {source.message} into {self.current}", [head, source.id], False,
                        source_id, parent, st.line.number)
        self.add_commit(st, commit)


def _one(attrs: dict[str, list[str]], key: str) -> str | None:
    values = attrs.get(key)
    return values[-1] if values else None


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"')
    return value


def _attributes(prepared: Prepared, st: Statement, keyword: str, text: str, offset: int) -> dict[str, list[str]]:
    """`key: value` pairs after a keyword; only the keys Mermaid accepts for that keyword."""
    attrs: dict[str, list[str]] = {}
    pos = 0
    allowed = _ALLOWED[keyword]
    while pos < len(text):
        match = _ATTR.match(text, pos)
        column = st.column + offset + pos
        if not match:
            raise error(st.line, f"cannot understand '{text[pos:pos + 40]}' after '{keyword}'", column=column,
                        hint=f"{keyword} takes " + ", ".join(f"{k}: ..." for k in sorted(allowed)),
                        source=prepared.source)
        key = match.group("key")
        if key not in allowed:
            raise error(st.line, f"'{keyword}' has no attribute '{key}'", column=column,
                        hint=f"{keyword} takes " + ", ".join(f"{k}: ..." for k in sorted(allowed)),
                        source=prepared.source)
        attrs.setdefault(key, []).append(clean_label(_unquote(match.group("value"))))
        pos = match.end()
    return attrs


def _name(prepared: Prepared, st: Statement, keyword: str, rest: str) -> tuple[str, str, int]:
    """The branch name after a keyword (quoted or bare), the remaining text and its offset in the statement."""
    match = _NAME.match(rest)
    if not match:
        raise error(st.line, f"'{keyword}' needs a branch name", column=st.column + len(st.text),
                    hint=f"write  {keyword} develop", source=prepared.source)
    name = _unquote(match.group(0))
    tail = rest[match.end():].lstrip()
    return name, tail, len(st.text) - len(tail)


def _direction(prepared: Prepared) -> str:
    rest = prepared.header_rest.strip().rstrip(":").strip()
    if not rest:
        return "LR"
    if rest.upper() in ("LR", "TB", "BT"):
        return rest.upper()
    raise error(prepared.header, f"unknown gitGraph direction '{rest}'", column=prepared.header.text.find(rest) + 1,
                hint="write  gitGraph LR:,  gitGraph TB:  or  gitGraph BT:", source=prepared.source)


def parse(prepared: Prepared) -> GitGraphSpec:
    """Parse a prepared `gitGraph`, replaying commits, branches, merges and cherry-picks in order."""
    raw_options = prepared.config.get("gitGraph")
    options: dict[str, Any] = dict(raw_options) if isinstance(raw_options, dict) else {}
    main = options.get("mainBranchName", "main")
    spec = GitGraphSpec(title=prepared.title, direction=_direction(prepared),
                        main_branch=str(main) if main else "main", options=options)
    replay = _Replay(prepared, spec)
    statements = split_statements(prepared.lines)
    for st in body_statements(statements, spec):
        text = st.text
        match = re.match(r"[A-Za-z][\w-]*", text)
        word = match.group(0) if match else ""
        rest = text[len(word):]
        if rest and not rest[0].isspace() and rest[0] != ":":
            word = ""
        rest = rest.strip()
        if word == "title":
            spec.title = parse_title(text)
        elif word == "commit":
            message = ""
            msg = re.match(r'"((?:[^"\\]|\\.)*)"\s*', rest)
            if msg:  # the old `commit "message"` form
                message = clean_label(msg.group(1))
                rest = rest[msg.end():]
            replay.commit(st, _attributes(prepared, st, "commit", rest, len(text) - len(rest)), message)
        elif word == "branch":
            name, tail, offset = _name(prepared, st, word, rest)
            replay.branch(st, name, _attributes(prepared, st, "branch", tail, offset))
        elif word in ("checkout", "switch"):
            name, tail, _offset = _name(prepared, st, word, rest)
            if tail:
                raise error(st.line, f"unexpected text after the branch name: '{tail[:40]}'",
                            column=st.column + text.rfind(tail), hint=f"write  {word} {name}",
                            source=prepared.source)
            replay.checkout(st, name, word)
        elif word == "merge":
            name, tail, offset = _name(prepared, st, word, rest)
            replay.merge(st, name, _attributes(prepared, st, "merge", tail, offset))
        elif word == "cherry-pick":
            replay.cherry_pick(st, _attributes(prepared, st, "cherry-pick", rest, len(text) - len(rest)))
        else:
            known = ("commit", "branch", "checkout", "switch", "merge", "cherry-pick")
            close = [k for k in known if word and (k.startswith(word.lower()[:4]) or word.lower() == k)]
            raise error(st.line, f"unknown statement '{text[:40]}'", column=st.column,
                        hint=(f"did you mean '{close[0]}'?" if close else
                              "gitGraph statements: " + ", ".join(known)), source=prepared.source)
    if not spec.commits:
        spec.warnings.append(warning(prepared.header, "the git graph has no commits",
                                     hint="add a line with  commit"))
    spec.warnings = [*prepared.warnings, *spec.warnings]
    return spec
