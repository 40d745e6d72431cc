"""Mermaid entity-relationship diagrams (`erDiagram`) -> ERSpec.

Statements are line-based: an entity (optionally `alias[Label]`, optionally followed by an attribute
block `{ type name PK, FK "comment" ... }`), or a relationship
`FIRST <card><id><card> SECOND : label` where each cardinality is a crow's-foot symbol (`||`, `|o`,
`}o`, `}|` and mirrors) or a word form (`only one`, `zero or one`, `one or more`, `many(0)`, `1+`, ...)
and identification is `--` / `to` (identifying) or `..` / `optionally to` (non-identifying).

Counting rule (`counts()`), as Mermaid's ER db: nodes are the entities, including those only named in a
relationship; edges are the relationships.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from autograph_desktop.mermaid.common import Prepared, SourceLine, decode_entities
from autograph_desktop.mermaid.scanner import LineParser, parse_styles
from autograph_desktop.model.problems import Problem

#: Crow's-foot markers (as written left or right of the line) and word forms -> canonical cardinality.
CARDINALITIES: dict[str, str] = {
    "|o": "zero_or_one", "o|": "zero_or_one",
    "||": "exactly_one",
    "}o": "zero_or_more", "o{": "zero_or_more",
    "}|": "one_or_more", "|{": "one_or_more",
    "one or zero": "zero_or_one", "zero or one": "zero_or_one",
    "one or more": "one_or_more", "one or many": "one_or_more", "many(1)": "one_or_more", "1+": "one_or_more",
    "zero or more": "zero_or_more", "zero or many": "zero_or_more", "many(0)": "zero_or_more",
    "0+": "zero_or_more",
    "only one": "exactly_one", "1": "exactly_one",
}

_WORD_CARDS = sorted((k for k in CARDINALITIES if k[0].isalnum() or k[0] in "0123456789"), key=len, reverse=True)
_CARD = "(?:" + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in _WORD_CARDS) + ")"
_SYMBOL_LEFT = r"(?:\|o|\|\||\}o|\}\|)"
_SYMBOL_RIGHT = r"(?:o\||\|\||o\{|\|\{)"
_NAME = r"(?:\"[^\"]*\"|[^\s{}\[\]\"|:]+?)"
_RELATIONSHIP = re.compile(
    rf"^(?P<a>{_NAME})(?:\[(?P<aa>[^\]]*)\])?\s*"
    rf"(?:(?P<sa>{_SYMBOL_LEFT})(?P<sid>--|\.\.)(?P<sb>{_SYMBOL_RIGHT})"
    rf"|\s(?P<wa>{_CARD}|{_SYMBOL_LEFT})\s+(?P<wid>optionally\s+to|to|--|\.\.)\s+(?P<wb>{_CARD}|{_SYMBOL_RIGHT})\s)"
    rf"\s*(?P<b>{_NAME})(?:\[(?P<ba>[^\]]*)\])?\s*(?P<rest>:.*)?$"
)
_ENTITY = re.compile(
    r"^(?P<name>\"[^\"]*\"|[^\s{}\[\]\"]+?)\s*(?:\[\s*(?P<alias>\"[^\"]*\"|[^\]]*?)\s*\])?\s*"
    r"(?::::(?P<css>[\w-]+))?\s*(?P<brace>\{.*)?$"
)
#: An unquoted entity name holding these is a mistyped relationship, not an entity.
_NOT_A_NAME = re.compile(r"--|\.\.|[|<>]")
_ATTRIBUTE_TOKEN = re.compile(r"\"[^\"]*\"|,|[^\s,\"]+")
_KEYS = frozenset({"PK", "FK", "UK"})
_DIRECTIONS = {"TB": "TB", "TD": "TB", "BT": "BT", "LR": "LR", "RL": "RL"}
_REL_HINT = ("write FIRST ||--o{ SECOND : label; cardinalities are ||, |o, }o, }| (mirrored on the right: "
             "||, o|, o{, |{) or words such as 'only one', 'zero or more'; use -- or .. between them")


@dataclass(frozen=True, slots=True)
class Attribute:
    type: str
    name: str
    keys: tuple[str, ...] = ()
    comment: str = ""


@dataclass(slots=True)
class Entity:
    """An entity; `alias` is the display label from `name[Label]`, or None."""

    name: str
    alias: str | None = None
    attributes: list[Attribute] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    style: dict[str, str] = field(default_factory=dict)
    line: int = 0

    @property
    def label(self) -> str:
        return self.alias if self.alias is not None else self.name


@dataclass(frozen=True, slots=True)
class Relationship:
    """`source_cardinality` is the marker at the first entity's end, `target_cardinality` at the second's.

    Cardinalities: zero_or_one, exactly_one, zero_or_more, one_or_more. `identifying` is a solid line
    (`--`/`to`); non-identifying (`..`/`optionally to`) is dashed.
    """

    source: str
    target: str
    source_cardinality: str
    target_cardinality: str
    identifying: bool
    label: str
    line: int


@dataclass
class ERSpec:
    entities: dict[str, Entity]
    relationships: list[Relationship]
    class_defs: dict[str, dict[str, str]]
    direction: str = "TB"
    title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    diagram_type: str = "er"

    def counts(self) -> tuple[int, int]:
        """(entities, relationships) as Mermaid's ER db counts them; see the module docstring."""
        return len(self.entities), len(self.relationships)


def parse(prepared: Prepared) -> ERSpec:
    """Parse a prepared ER diagram; raises InvalidInput (located, with a hint) on a syntax error."""
    return _Parser(prepared).run()


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text


def _cardinality(text: str) -> str:
    return CARDINALITIES[" ".join(text.split())]


class _Parser(LineParser):
    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.entities: dict[str, Entity] = {}
        self.relationships: list[Relationship] = []
        self.class_defs: dict[str, dict[str, str]] = {}
        self.warnings: list[Problem] = list(prepared.warnings)
        self.direction = "TB"
        self.acc_title: str | None = None
        self.acc_descr: str | None = None

    def run(self) -> ERSpec:
        self.warn_about_header_rest()
        lines = self.prepared.lines
        index = 0
        while index < len(lines):
            line = lines[index]
            index += 1
            text = line.text.strip()
            if not text:
                continue
            if text.startswith("accDescr") and text[8:].lstrip().startswith("{"):
                index = self._acc_block(lines, index, line, text)
                continue
            block = self._statement(line, text)
            if block is not None:
                index = self._attribute_block(lines, index, line, block)
        return ERSpec(self.entities, self.relationships, self.class_defs, self.direction, self.prepared.title,
                      self.acc_title, self.acc_descr, self.warnings)

    def _acc_block(self, lines: list[SourceLine], index: int, line: SourceLine, text: str) -> int:
        after = text[text.index("{") + 1:]
        parts: list[str] = []
        while "}" not in after:
            parts.append(after.strip())
            if index >= len(lines):
                raise self.fail(line, "accDescr { is never closed", hint="end the description with }")
            after = lines[index].text
            index += 1
        parts.append(after[:after.index("}")].strip())
        self.acc_descr = "\n".join(part for part in parts if part)
        return index

    def _entity(self, raw: str, line: SourceLine, alias: str | None = None) -> Entity:
        name = _unquote(raw)
        entity = self.entities.get(name)
        if entity is None:
            entity = Entity(name=name, line=line.number)
            self.entities[name] = entity
        if alias is not None:
            entity.alias = decode_entities(_unquote(alias))
        return entity

    def _statement(self, line: SourceLine, text: str) -> tuple[Entity, str] | None:
        """Handle one line; returns (entity, text after '{') when an attribute block opens."""
        word = text.split(None, 1)[0]
        keyword = {"direction": self._direction, "classDef": self._class_def, "class": self._class,
                   "style": self._style}.get(word)
        if keyword is not None and len(text) > len(word) and text[len(word)].isspace():
            keyword(line, text)
            return None
        if word.startswith(("accTitle", "accDescr", "title")) and ":" in text:
            key, _, value = text.partition(":")
            if key.strip() == "accTitle":
                self.acc_title = value.strip()
                return None
            if key.strip() == "accDescr":
                self.acc_descr = value.strip()
                return None
            if key.strip() == "title":
                self.warnings.append(Problem("an ER diagram title belongs in the front matter (title: ...)",
                                             line=line.number, severity="warning"))
                return None
        match = _RELATIONSHIP.match(text)
        if match:
            self._relationship(line, match)
            return None
        match = _ENTITY.match(text)
        if match and not (match.group("name")[0] != '"' and _NOT_A_NAME.search(match.group("name"))):
            entity = self._entity(match.group("name"), line, match.group("alias"))
            if match.group("css"):
                entity.classes.append(match.group("css"))
            if match.group("brace"):
                return entity, match.group("brace")[1:]
            return None
        self._unknown(line, text)
        return None

    def _unknown(self, line: SourceLine, text: str) -> None:
        symbol = re.search(r"[|}o{]*(?:--|\.\.|-|\.)[|}o{<>]*", text)
        if symbol and any(c in symbol.group(0) for c in "|{}"):
            raise self.fail(line, f"unknown relationship '{symbol.group(0)}'", hint=_REL_HINT,
                            column=line.text.find(symbol.group(0)) + 1)
        if " to " in text or "--" in text or ".." in text:
            raise self.fail(line, "cannot read this relationship", hint=_REL_HINT)
        raise self.fail(line, f"cannot read '{text[:60]}'",
                        hint="expected an entity (NAME or NAME { ... }) or a relationship (A ||--o{ B : label)")

    def _relationship(self, line: SourceLine, match: re.Match[str]) -> None:
        rest = match.group("rest")
        if rest is None:
            raise self.fail(line, "the relationship has no label",
                            hint='add ": label" after the second entity (use : "" for no label)',
                            column=len(line.text.rstrip()) + 1)
        label = _unquote(rest[1:])
        if match.group("sa"):
            card_a, ident, card_b = match.group("sa"), match.group("sid"), match.group("sb")
        else:
            card_a, ident, card_b = match.group("wa"), match.group("wid"), match.group("wb")
        source = self._entity(match.group("a"), line, match.group("aa")).name
        target = self._entity(match.group("b"), line, match.group("ba")).name
        identifying = ident in ("--", "to")
        self.relationships.append(Relationship(source, target, _cardinality(card_a), _cardinality(card_b),
                                               identifying, decode_entities(label), line.number))

    def _attribute_block(self, lines: list[SourceLine], index: int, opener: SourceLine,
                         block: tuple[Entity, str]) -> int:
        """Read attributes up to the closing `}` (possibly on the opening line); returns the next line index."""
        entity, text = block
        pieces: list[tuple[SourceLine, str]] = []
        line = opener
        while True:
            close = text.find("}")
            if close != -1:
                pieces.append((line, text[:close]))
                if text[close + 1:].strip():
                    raise self.fail(line, "unexpected text after '}'", hint="put the next statement on its own line",
                                    column=line.text.find("}") + 2)
                break
            pieces.append((line, text))
            if index >= len(lines):
                raise self.fail(opener, f"the attribute block of '{entity.name}' is never closed",
                                hint="add a line with } after the attributes")
            line = lines[index]
            text = line.text
            index += 1
        self._attributes(entity, pieces)
        return index

    def _attributes(self, entity: Entity, pieces: list[tuple[SourceLine, str]]) -> None:
        stream: list[tuple[SourceLine, str]] = [(line, tok) for line, text in pieces
                                                for tok in _ATTRIBUTE_TOKEN.findall(text)]
        i = 0
        while i < len(stream):
            line, type_text = stream[i]
            if type_text.startswith('"') or type_text == ",":
                raise self.fail(line, f"expected an attribute type, found {type_text}",
                                hint="attributes are: type name [PK|FK|UK] [\"comment\"]")
            if i + 1 >= len(stream) or stream[i + 1][0] is not line:
                raise self.fail(line, f"attribute '{type_text}' has a type but no name",
                                hint="attributes are: type name [PK|FK|UK] [\"comment\"], e.g. string email UK")
            name = stream[i + 1][1]
            i += 2
            keys: list[str] = []
            while i < len(stream) and stream[i][0] is line and (stream[i][1] in _KEYS or stream[i][1] == ","):
                if stream[i][1] != ",":
                    keys.append(stream[i][1])
                i += 1
            comment = ""
            if i < len(stream) and stream[i][0] is line and stream[i][1].startswith('"'):
                comment = decode_entities(stream[i][1][1:-1])
                i += 1
            entity.attributes.append(Attribute(type_text, name, tuple(keys), comment))

    def _direction(self, line: SourceLine, text: str) -> None:
        value = text.split(None, 1)[1].strip()
        if value.upper() not in _DIRECTIONS:
            raise self.fail(line, f"unknown direction '{value}'", hint="use TB, BT, LR or RL")
        self.direction = _DIRECTIONS[value.upper()]

    def _class_def(self, line: SourceLine, text: str) -> None:
        parts = text.split(None, 2)
        if len(parts) < 2:
            raise self.fail(line, "classDef needs a name and styles", hint="e.g. classDef hot fill:#f96")
        styles, _ = parse_styles(parts[2] if len(parts) > 2 else "")
        for name in parts[1].split(","):
            self.class_defs.setdefault(name.strip(), {}).update(styles)

    def _class(self, line: SourceLine, text: str) -> None:
        parts = text.split(None, 1)[1].rsplit(None, 1)
        if len(parts) != 2:
            raise self.fail(line, "class needs entity names and a class name", hint="e.g. class CAR,DRIVER hot")
        for name in parts[0].split(","):
            entity = self.entities.get(_unquote(name))
            if entity is not None and parts[1] not in entity.classes:
                entity.classes.append(parts[1])

    def _style(self, line: SourceLine, text: str) -> None:
        parts = text.split(None, 2)
        if len(parts) < 3:
            raise self.fail(line, "style needs an entity name and styles", hint="e.g. style CAR fill:#f9f")
        styles, _ = parse_styles(parts[2])
        for name in parts[1].split(","):
            entity = self.entities.get(_unquote(name))
            if entity is not None:
                entity.style.update(styles)
