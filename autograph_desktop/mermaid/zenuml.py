"""Mermaid `zenuml` -> `ZenSpec`: ZenUML's code-like sequence syntax as a tree of statements.

Participants: `Alice`, `@Actor Alice`, `A as Alice`. Messages: async `A->B: text`; sync `A.method(args)`,
`Client->A.method()`, optionally with a body `{ ... }` and an assignment `x = A.get()` / `T x = A.get()`;
creation `new A(args)`; replies `return x` and `@return` before an async message. Fragments: `while/for/
forEach/foreach/loop`, `if/else if/else`, `opt`, `par`, `try/catch/finally`, each with a `{ ... }` body;
`// comments` attach to the next statement. Blocks nest with explicit stacks, never recursion.

`counts()`: nodes = participants, edges = messages (sync, async, creation and replies).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.common import Prepared, SourceLine, error
from autograph_desktop.mermaid.textutil import clean_label
from autograph_desktop.model.problems import InvalidInput, Problem

LOOPS = frozenset({"while", "for", "foreach", "loop"})
FRAGMENTS = LOOPS | {"if", "opt", "par", "try", "critical", "section", "frame"}
CONTINUATIONS = {"else": "if", "catch": "try", "finally": "try"}
ANNOTATORS = {"actor": "actor", "database": "database", "boundary": "boundary", "control": "control",
              "entity": "entity", "queue": "queue"}
_ID = r'(?:"[^"\n]*"|[A-Za-z_\u00c0-\uffff][\w\u00c0-\uffff]*)'
_ASYNC = re.compile(rf"(?P<src>{_ID})\s*->\s*(?P<dst>{_ID})\s*:(?P<text>.*)$")
_SYNC = re.compile(rf"(?:(?:(?P<type>[A-Za-z_][\w<>\[\]]*)\s+)?(?P<var>[A-Za-z_]\w*)\s*=\s*)?"
                   rf"(?:(?P<caller>{_ID})\s*->\s*)?(?P<target>{_ID})\.(?P<call>[A-Za-z_]\w*\s*(?:\(.*\))?)$", re.S)
_NEW = re.compile(rf"(?:(?:(?P<type>[A-Za-z_][\w<>\[\]]*)\s+)?(?P<var>[A-Za-z_]\w*)\s*=\s*)?new\s+(?P<target>{_ID})"
                  r"\s*(?P<args>\(.*\))?$", re.S)
_FRAGMENT = re.compile(r"(?P<kw>[A-Za-z]+)(?:\s+if)?\s*(?:\((?P<cond>.*)\))?$", re.S)
_HINT = "a statement is  A->B: text,  A.method(),  new A(),  return x,  if(x) {,  while(x) {,  or a participant name"


@dataclass
class ZenParticipant:
    id: str
    label: str
    kind: str = "participant"
    declared: bool = False
    annotator: str = ""


@dataclass
class ZenSection:
    keyword: str  # if | else if | else | try | catch | finally | while | opt ...
    condition: str = ""
    children: list[ZenNode] = field(default_factory=list)


@dataclass
class ZenNode:
    """One statement. kind: async | sync | new | return | fragment. Sync and new may have a body."""

    kind: str
    source: str = ""
    target: str = ""
    text: str = ""
    assign: str = ""
    assign_type: str = ""
    reply: bool = False
    comment: str = ""
    body: list[ZenNode] | None = None
    sections: list[ZenSection] = field(default_factory=list)
    line: int | None = None


@dataclass
class ZenSpec:
    title: str | None = None
    participants: list[ZenParticipant] = field(default_factory=list)
    statements: list[ZenNode] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    acc_title: str | None = None
    acc_descr: str | None = None
    diagram_type: str = "zenuml"

    def counts(self) -> tuple[int, int]:
        """Our rule: nodes = participants, edges = messages (a sync call with an assignment adds its reply)."""
        messages = 0
        stack = [self.statements]
        while stack:
            for node in stack.pop():
                if node.kind != "fragment":
                    messages += 1 + (1 if node.kind in ("sync", "new") and node.assign else 0)
                if node.body is not None:
                    stack.append(node.body)
                stack.extend(s.children for s in node.sections)
        return len(self.participants), messages

    def participant(self, pid: str) -> ZenParticipant | None:
        return next((p for p in self.participants if p.id == pid), None)


@dataclass
class _Token:
    kind: str  # stmt | open | close
    text: str
    line: SourceLine
    column: int


def tokens(prepared: Prepared) -> list[_Token]:
    """Statements, `{` and `}` with their places. An async message's text runs to the end of its line, so
    braces there are text; `//` starts a comment statement."""
    out: list[_Token] = []
    for line in prepared.lines:
        text = line.text
        start = 0
        i = 0
        while i < len(text):
            ch = text[i]
            if text.startswith("//", i) and not _ASYNC.match(text[start:i].strip()):
                if not text[start:i].strip():
                    out.append(_Token("comment", text[i + 2:].strip(), line, i + 1))
                else:
                    _flush(out, text, start, i, line)  # a trailing comment is dropped
                start = i = len(text)
                break
            if ch in "{}" and not _ASYNC.match(text[start:i].strip()):
                _flush(out, text, start, i, line)
                out.append(_Token("open" if ch == "{" else "close", ch, line, i + 1))
                start = i + 1
            elif ch == '"':
                close = text.find('"', i + 1)
                i = close if close != -1 else len(text)
            i += 1
        _flush(out, text, start, len(text), line)
    return out


def _flush(out: list[_Token], text: str, start: int, end: int, line: SourceLine) -> None:
    piece = text[start:end]
    if piece.strip():
        out.append(_Token("stmt", piece.strip(), line, start + len(piece) - len(piece.lstrip()) + 1))


class _Parser:
    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.spec = ZenSpec(title=prepared.title)
        self.comment: list[str] = []
        self.reply_next = False

    def fail(self, token: _Token, message: str, hint: str = _HINT) -> InvalidInput:
        return error(token.line, message, column=token.column, hint=hint, source=self.prepared.source)

    def ensure(self, raw: str) -> str:
        pid = clean_label(raw[1:-1]) if raw.startswith('"') else raw
        if self.spec.participant(pid) is None:
            self.spec.participants.append(ZenParticipant(pid, pid))
        return pid

    def declare(self, token: _Token) -> bool:
        text = token.text
        annotator = ""
        match = re.match(r"@(\w+)\s+(.*)$", text, re.S)
        if match:
            annotator, text = match.group(1), match.group(2).strip()
        alias = re.fullmatch(rf"(?P<id>{_ID})\s+as\s+(?P<label>.+)", text, re.S)
        plain = re.fullmatch(_ID, text)
        if not alias and not plain:
            return False
        pid_raw = alias.group("id") if alias else text
        pid = clean_label(pid_raw[1:-1]) if pid_raw.startswith('"') else pid_raw
        existing = self.spec.participant(pid)
        if existing is None:
            existing = ZenParticipant(pid, pid)
            self.spec.participants.append(existing)
        existing.declared = True
        if alias:
            existing.label = clean_label(alias.group("label").strip().strip('"'))
        if annotator:
            existing.annotator = annotator
            existing.kind = ANNOTATORS.get(annotator.lower(), "participant")
        return True

    def statement(self, token: _Token, caller: str) -> ZenNode | None:
        """The node for a statement (None for declarations and annotations)."""
        text = token.text
        if text in ("@return", "@reply"):
            self.reply_next = True
            return None
        node: ZenNode | None = None
        if (m := _ASYNC.match(text)) is not None:
            node = ZenNode("async", self.ensure(m.group("src")), self.ensure(m.group("dst")),
                           clean_label(m.group("text")), reply=self.reply_next)
            self.reply_next = False
        elif (m := _NEW.match(text)) is not None:
            node = ZenNode("new", caller, self.ensure(m.group("target")), (m.group("args") or "").strip(),
                           m.group("var") or "", m.group("type") or "")
        elif text == "return" or text.startswith(("return ", "return\t")):
            node = ZenNode("return", text=clean_label(text[6:]))
        elif (m := _SYNC.match(text)) is not None:
            source = self.ensure(m.group("caller")) if m.group("caller") else ""
            node = ZenNode("sync", source, self.ensure(m.group("target")), " ".join(m.group("call").split()),
                           m.group("var") or "", m.group("type") or "")
        elif self.declare(token):
            return None
        else:
            raise self.fail(token, f"cannot understand '{text[:60]}'")
        node.line = token.line.number
        if self.comment:
            node.comment, self.comment = "\n".join(self.comment), []
        return node

    def run(self) -> ZenSpec:
        toks = tokens(self.prepared)
        if toks and toks[0].kind == "stmt" and re.match(r"title(\s|$)", toks[0].text):
            self.spec.title = clean_label(toks[0].text[5:])
            toks = toks[1:]
        # Each open container: (list to append to, node, the opening token, the caller inside it).
        stack: list[tuple[list[ZenNode], ZenNode | None, _Token | None, str]] = [(self.spec.statements, None, None, "")]
        last: ZenNode | None = None
        i = 0
        while i < len(toks):
            tok = toks[i]
            target, _, _, caller = stack[-1]
            if tok.kind == "comment":
                self.comment.append(tok.text)
            elif tok.kind == "close":
                if len(stack) == 1:
                    raise self.fail(tok, "this } closes nothing", "remove it, or add the { it should close")
                _, owner, _, _ = stack.pop()
                last = owner
            elif tok.kind == "open":
                raise self.fail(tok, "a { must follow a message or a fragment such as if(x)", _HINT)
            else:
                opens = i + 1 < len(toks) and toks[i + 1].kind == "open"
                head = _FRAGMENT.fullmatch(tok.text)
                word = head.group("kw").lower() if head else ""
                keyword = "else if" if word == "else" and re.match(r"else\s+if", tok.text) else word
                if head and opens and (word in FRAGMENTS or word in CONTINUATIONS):
                    condition = clean_label(head.group("cond") or "")
                    section = ZenSection(keyword, condition)
                    if word in CONTINUATIONS:
                        if last is None or last.kind != "fragment" or last.sections[0].keyword != CONTINUATIONS[word]:
                            raise self.fail(tok, f"'{word}' must follow the }} of {CONTINUATIONS[word]}",
                                            f"write  {CONTINUATIONS[word]}(...) {{ ... }} {word} {{ ... }}")
                        last.sections.append(section)
                        node = last
                    else:
                        node = ZenNode("fragment", sections=[section], line=tok.line.number)
                        if self.comment:
                            node.comment, self.comment = "\n".join(self.comment), []
                        target.append(node)
                    stack.append((section.children, node, tok, caller))
                    i += 2
                    continue
                node_ = self.statement(tok, caller)
                last = None
                if node_ is not None:
                    if node_.kind == "return" or (node_.kind == "new" and not node_.source):
                        node_.source = caller
                    target.append(node_)
                    if opens:
                        if node_.kind not in ("sync", "new"):
                            raise self.fail(toks[i + 1], "only a sync call or new may open a { body }", _HINT)
                        node_.body = []
                        stack.append((node_.body, node_, tok, node_.target))
                        i += 2
                        continue
                elif opens:
                    raise self.fail(toks[i + 1], "a { must follow a message or a fragment such as if(x)", _HINT)
            i += 1
        if len(stack) > 1:
            _, _, opener, _ = stack[-1]
            assert opener is not None
            raise self.fail(opener, "this block is not closed with }", "add a } after its last statement")
        self.spec.warnings = list(self.prepared.warnings)
        return self.spec


def parse(prepared: Prepared) -> ZenSpec:
    """Parse a prepared ZenUML diagram; unbalanced braces and stray else/catch are located errors."""
    return _Parser(prepared).run()
