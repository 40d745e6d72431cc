"""Sequence diagram parser: participants, every arrow, activations, notes, blocks, boxes, errors, hostile input."""

from __future__ import annotations

import contextlib

import pytest

from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.sequence import SequenceSpec
from autograph_desktop.model.problems import InvalidInput


def seq(body: str) -> SequenceSpec:
    spec = parse("sequenceDiagram\n" + body)
    assert isinstance(spec, SequenceSpec)
    return spec


def fails(body: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse("sequenceDiagram\n" + body)
    return info.value


def test_implicit_participants_in_order_of_appearance() -> None:
    spec = seq("Alice->>John: Hello John, how are you?\nJohn-->>Alice: Great!\nAlice-)John: See you later!")
    assert [p.id for p in spec.participants] == ["Alice", "John"]
    assert spec.counts() == (2, 3)
    assert spec.diagram_type == "sequence"
    assert spec.messages[0].text == "Hello John, how are you?"


def test_explicit_order_aliases_and_actors() -> None:
    spec = seq("participant B as Bob\nactor A as Alice<br/>Smith\nA->>B: hi")
    assert [(p.id, p.label, p.kind) for p in spec.participants] == [
        ("B", "Bob", "participant"), ("A", "Alice\nSmith", "actor")]


@pytest.mark.parametrize(("arrow", "style", "head"), [
    ("->", "solid", "none"), ("-->", "dotted", "none"), ("->>", "solid", "arrow"), ("-->>", "dotted", "arrow"),
    ("-x", "solid", "cross"), ("--x", "dotted", "cross"), ("-)", "solid", "open"), ("--)", "dotted", "open"),
    ("<<->>", "solid", "bidirectional"), ("<<-->>", "dotted", "bidirectional"),
])
def test_every_documented_arrow(arrow: str, style: str, head: str) -> None:
    spec = seq(f"A{arrow}B: text")
    msg = spec.messages[0]
    assert (msg.source, msg.target, msg.arrow, msg.line_style, msg.head) == ("A", "B", arrow, style, head)


def test_spaces_around_arrows_and_dashes_in_names() -> None:
    spec = seq("my-service ->> db-main : query\nAlice Smith-->>Bob: x")
    assert [m.source for m in spec.messages] == ["my-service", "Alice Smith"]
    assert spec.messages[0].target == "db-main"


def test_participant_types_from_json_config() -> None:
    spec = seq('participant API@{ "type": "boundary" } as Public API\n'
               'participant DB@{ "type": "database", "alias": "User DB" }\n'
               'participant Q@{ "type" : "queue" }\nAPI->>DB: q')
    assert [(p.id, p.kind, p.label) for p in spec.participants] == [
        ("API", "boundary", "Public API"), ("DB", "database", "User DB"), ("Q", "queue", "Q")]


def test_external_alias_wins_over_inline_alias() -> None:
    spec = seq('participant API@{ "type": "boundary", "alias": "Internal" } as External')
    assert spec.participants[0].label == "External"


def test_unknown_participant_type_is_a_warning() -> None:
    spec = seq('participant X@{ "type": "spaceship" }')
    assert spec.participants[0].kind == "participant"
    assert spec.warnings and "spaceship" in spec.warnings[0].message


def test_activation_shortcuts_stack() -> None:
    spec = seq("Alice->>+John: a\nAlice->>+John: b\nJohn-->>-Alice: c\nJohn-->>-Alice: d")
    assert [(a.participant, a.depth, a.start_message, a.end_message) for a in spec.activations] == [
        ("John", 0, 0, 3), ("John", 1, 1, 2)]
    assert spec.messages[0].activate and spec.messages[2].deactivate


def test_activate_statements() -> None:
    spec = seq("Alice->>John: a\nactivate John\nJohn-->>Alice: b\ndeactivate John")
    act = spec.activations[0]
    assert (act.participant, act.start_message, act.end_message) == ("John", 0, 1)


def test_deactivating_inactive_participant_is_an_error() -> None:
    err = fails("A->>B: x\ndeactivate B")
    assert err.problems[0].line == 3
    assert "not active" in err.problems[0].message


def test_unclosed_activation_is_tolerated() -> None:
    spec = seq("A->>+B: x")
    assert spec.activations[0].end_order is None


def test_notes() -> None:
    spec = seq("participant John\nNote right of John: Text in note\nnote left of John: l\n"
               "Alice->John: hi\nNote over Alice,John: A typical interaction")
    assert [(n.placement, n.participants) for n in spec.notes] == [
        ("right_of", ("John",)), ("left_of", ("John",)), ("over", ("Alice", "John"))]
    assert spec.notes[0].after_message is None and spec.notes[2].after_message == 0


def test_multiline_note_until_end() -> None:
    spec = seq("participant A\nnote right of A\n  first line\n  second line\nend\nA->>B: x")
    assert spec.notes[0].text == "first line\nsecond line" and spec.counts() == (2, 1)
    assert "end" in (fails("note right of A\n  text").problems[0].hint or "")


def test_two_participant_note_must_be_over() -> None:
    err = fails("Note left of A,B: x")
    assert "over" in (err.problems[0].hint or "") or "over" in err.problems[0].message


def test_nested_blocks_with_sections() -> None:
    spec = seq("""Alice->>Bob: Hello
alt is sick
    Bob->>Alice: Not so good
else is well
    Bob->>Alice: Fresh
end
opt Extra
    Bob->>Alice: Thanks
end
par Alice to Bob
    Alice->>Bob: a
and Alice to John
    par inner
        John->>Charlie: c
    and other
        John->>Diana: d
    end
end
critical Connect
    Service-->DB: connect
option Timeout
    Service-->Service: log
end
break fails
    API-->Consumer: failure
end
loop Every minute
    rect rgba(0, 0, 255, .1)
        John-->Alice: Great!
    end
end""")
    kinds = [(b.kind, b.label, b.parent, b.depth) for b in spec.blocks]
    assert kinds == [("alt", "is sick", None, 0), ("opt", "Extra", None, 0), ("par", "Alice to Bob", None, 0),
                     ("par", "inner", 2, 1), ("critical", "Connect", None, 0), ("break", "fails", None, 0),
                     ("loop", "Every minute", None, 0), ("rect", "", 6, 1)]
    alt = spec.blocks[0]
    assert [(s.keyword, s.label, s.first_message, s.end_message) for s in alt.sections] == [
        ("alt", "is sick", 1, 2), ("else", "is well", 2, 3)]
    assert (alt.first_message, alt.end_message) == (1, 3)
    assert spec.blocks[7].color == "rgba(0, 0, 255, .1)"
    assert [s.keyword for s in spec.blocks[4].sections] == ["critical", "option"]


def test_else_outside_alt_is_an_error() -> None:
    err = fails("loop x\nA->>B: y\nelse z\nend")
    problem = err.problems[0]
    assert problem.line == 4 and "else" in problem.message
    assert problem.hint and "alt" in problem.hint
    assert problem.snippet == "else z"


def test_missing_end_points_at_the_block() -> None:
    err = fails("A->>B: x\nloop forever\n  A->>B: again\n")
    problem = err.problems[0]
    assert problem.line == 3
    assert "never closed" in problem.message and "end" in (problem.hint or "")


def test_stray_end_is_an_error() -> None:
    assert "without an open block" in fails("A->>B: x\nend").problems[0].message


def test_unknown_arrow_is_an_error_with_column() -> None:
    err = fails("A=>>B: x")
    problem = err.problems[0]
    assert "arrow" in problem.message and problem.column == 2


def test_message_without_text_is_an_error() -> None:
    err = fails("A->>B")
    assert "text" in err.problems[0].message


def test_garbage_line_has_hint() -> None:
    err = fails("this is not mermaid")
    assert err.problems[0].hint and err.problems[0].line == 2


def test_autonumber_start_step_and_off() -> None:
    # A bare `autonumber` after `off` continues the count, keeping the current step.
    spec = seq("autonumber 10 5\nA->>B: a\nB->>A: b\nautonumber off\nA->>B: c\nautonumber\nA->>B: d")
    assert [m.number for m in spec.messages] == [10, 15, None, 20]
    assert [(a.at_message, a.enabled) for a in spec.autonumber] == [(0, True), (2, False), (3, True)]


def test_autonumber_from_config() -> None:
    spec = parse("%%{init: {'sequence': {'showSequenceNumbers': true}}}%%\nsequenceDiagram\nA->>B: x")
    assert isinstance(spec, SequenceSpec)
    assert spec.messages[0].number == 1


def test_autonumber_rejects_words() -> None:
    assert "number" in fails("autonumber ten").problems[0].message


def test_boxes() -> None:
    spec = seq("box Purple Alice & John\nparticipant A\nparticipant J\nend\nbox Another Group\nparticipant B\nend\n"
               "box rgb(33,66,99)\nparticipant C\nend\nbox transparent Aqua\nparticipant D\nend\nA->>B: x")
    assert [(b.label, b.color, b.participants) for b in spec.boxes] == [
        ("Alice & John", "Purple", ["A", "J"]), ("Another Group", None, ["B"]),
        ("", "rgb(33,66,99)", ["C"]), ("Aqua", None, ["D"])]
    assert spec.participants[0].box == 0


def test_message_inside_box_is_an_error() -> None:
    assert "box" in fails("box Team\nA->>B: x\nend").problems[0].message


def test_create_and_destroy() -> None:
    spec = seq("Alice->>Bob: Hello\ncreate participant Carl\nAlice->>Carl: Hi\ncreate actor D as Donald\n"
               "Carl->>D: Hi!\ndestroy Carl\nAlice-xCarl: too many\ndestroy Bob\nBob->>Alice: agree")
    by_id = {p.id: p for p in spec.participants}
    assert by_id["Carl"].created_at == 1 and by_id["Carl"].destroyed_at == 3
    assert by_id["D"].kind == "actor" and by_id["D"].label == "Donald" and by_id["D"].created_at == 2
    assert by_id["Bob"].destroyed_at == 4


def test_create_without_message_to_it_is_an_error() -> None:
    err = fails("create participant C\nA->>B: x")
    assert err.problems[0].line == 2 and "created" in err.problems[0].message


def test_dangling_create_is_an_error() -> None:
    assert "not followed" in fails("A->>B: x\ncreate participant C").problems[0].message


def test_links_and_json_links() -> None:
    spec = seq('participant Alice\nlink Alice: Dashboard @ https://dash.example.com/alice\n'
               'links Alice: {"Wiki": "https://wiki.example.com"}')
    assert spec.participants[0].links == {"Dashboard": "https://dash.example.com/alice",
                                          "Wiki": "https://wiki.example.com"}


def test_bad_links_json_is_an_error() -> None:
    assert "JSON" in fails("links A: {nope").problems[0].message


def test_titles_and_accessibility() -> None:
    spec = seq("title My flow\naccTitle: Acc title\naccDescr {\n  line one\n  line two\n}\nA->>B: x")
    assert spec.title == "My flow" and spec.acc_title == "Acc title"
    assert spec.acc_descr == "line one\nline two"
    assert seq("title: Colon form").title == "Colon form"


def test_entities_semicolons_and_comments() -> None:
    spec = seq("A->>B: I #9829; you#59; really\n%% comment\nB->>A: ok; A->>B: two")
    assert spec.messages[0].text == "I \u2665 you; really"
    assert [m.text for m in spec.messages] == ["I \u2665 you; really", "ok", "two"]


def test_keywords_are_case_insensitive() -> None:
    spec = seq("Participant A\nLOOP x\nA->>B: y\nEND\nNOTE over A: n")
    assert spec.blocks[0].kind == "loop" and spec.notes


def test_half_arrows_and_central_connections() -> None:
    spec = seq("A-|\\B: top\nA--|/B: bottom\nA->>()B: c1\nA()->>B: c2\nA()->>()B: c3")
    assert [m.head for m in spec.messages[:2]] == ["half_top", "half_bottom"]
    assert spec.messages[1].line_style == "dotted"
    assert [(m.source_central, m.target_central) for m in spec.messages[2:]] == [
        (False, True), (True, False), (True, True)]
    assert {p.id for p in spec.participants} == {"A", "B"}


def test_errors_name_line_column_and_snippet() -> None:
    err = fails("A->>B: ok\n   alt x\n   A->>B: y\n   and z\n   end")
    problem = err.problems[0]
    assert (problem.line, problem.column) == (5, 4)
    assert problem.snippet == "   and z"


# -- hostile input ---------------------------------------------------------------------------------------

@pytest.mark.timeout(60)  # a hang guard: linear parsing finishes in seconds
def test_100k_lines_quickly() -> None:
    body = "\n".join(f"P{i % 50}->>P{(i + 1) % 50}: message {i}" for i in range(100_000))
    spec = seq(body)
    assert spec.counts() == (50, 100_000)


def test_10k_nested_blocks() -> None:
    body = "loop x\n" * 10_000 + "A->>B: deep\n" + "end\n" * 10_000
    spec = seq(body)
    assert len(spec.blocks) == 10_000 and spec.blocks[-1].depth == 9_999


def test_10k_unclosed_blocks_give_a_clean_error() -> None:
    err = fails("loop x\n" * 10_000)
    assert "never closed" in err.problems[0].message


def test_megabyte_line() -> None:
    spec = seq("A->>B: " + "x" * 1_000_000)
    assert len(spec.messages[0].text) == 1_000_000
    err = fails("A" * 1_000_000)
    assert err.problems


@pytest.mark.timeout(60)  # a hang guard: linear parsing finishes in seconds
def test_megabyte_of_dashes_and_semicolons() -> None:
    for body in ("-" * 1_000_000, ";" * 1_000_000, "A" + "-" * 500_000 + "B", "#" * 1_000_000 + ";"):
        with contextlib.suppress(InvalidInput):
            seq(body)


def test_nul_bytes_are_a_clean_error() -> None:
    with pytest.raises(InvalidInput):
        parse("sequenceDiagram\nA->>B: \x00")
