"""requirementDiagram: kinds and fields, elements, the seven relations both ways, styling, direction, round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mermaid_fuzz import mutated, read_or_invalid

from autograph_desktop.mermaid.export import to_mermaid
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.requirement import RequirementSpec
from autograph_desktop.mermaid.to_model import spec_to_diagram
from autograph_desktop.model.elements import Connector, Shape, Text
from autograph_desktop.model.problems import InvalidInput

BRAKES = """requirementDiagram
    direction LR
    requirement brakes {
        id: 1
        text: the car stops within 40 m.
        risk: high
        verifymethod: test
    }
    functionalRequirement abs {
        id: 1.1
        text: "wheels never lock"
        risk: Medium
        verifyMethod: Analysis
    }
    interfaceRequirement pedal { id: 2 }
    performanceRequirement response {
        risk: low
    }
    physicalRequirement mount {
    }
    designConstraint weight:::heavy
    {
        text: under 20 kg
    }
    element bench {
        type: test rig
        docRef: rigs/bench-3
    }
    element "ABS firmware" {
        type: code
    }
    brakes - contains -> abs
    abs - copies -> pedal
    pedal - derives -> response
    "ABS firmware" - satisfies -> abs
    bench - verifies -> brakes
    mount <- refines - weight
    weight - traces -> abs
    classDef heavy fill:#fdd,stroke:#a00
    class bench heavy
    mount:::heavy
    style pedal fill:#ffa,stroke:#000, color: green
"""


def reqs(text: str) -> RequirementSpec:
    spec = parse(text)
    assert isinstance(spec, RequirementSpec)
    return spec


def test_kinds_fields_elements_and_relations() -> None:
    spec = reqs(BRAKES)
    assert spec.counts() == (8, 7) and spec.direction == "LR"
    brakes, abs_ = spec.requirements["brakes"], spec.requirements["abs"]
    assert (brakes.id, brakes.text, brakes.risk, brakes.verify) == ("1", "the car stops within 40 m.", "High", "Test")
    assert (abs_.kind, abs_.text, abs_.verify) == ("functionalRequirement", "wheels never lock", "Analysis")
    assert spec.requirements["pedal"].id == "2" and spec.requirements["weight"].kind == "designConstraint"
    assert spec.elements["bench"].docref == "rigs/bench-3" and "ABS firmware" in spec.elements
    assert [r.kind for r in spec.relations] == ["contains", "copies", "derives", "satisfies", "verifies", "refines",
                                                "traces"]
    refines = spec.relations[5]
    assert (refines.source, refines.target) == ("weight", "mount"), "b <- refines - a: a refines b"
    assert spec.requirements["weight"].classes == ["heavy"] and spec.requirements["mount"].classes == ["heavy"]
    assert spec.elements["bench"].classes == ["heavy"] and spec.requirements["pedal"].style["color"] == "green"


@pytest.mark.parametrize(("body", "line", "column", "words"), [
    ("requirement a {\nrisk: extreme\n}", 3, 7, "unknown risk 'extreme'"),
    ("requirement a {\nverifymethod: guess\n}", 3, 15, "unknown verify method"),
    ("requirement a {\ncolour: red\n}", 3, 1, "requirements have no 'colour'"),
    ("element e {\nrisk: low\n}", 3, 1, "elements have no 'risk'"),
    ("requirement a {\nid: 1", 2, 1, "'a' is not closed"),
    ("requirement a {\n}\nrequirement a {\n}", 4, 13, "already declared on line 2"),
    ("element e {\n}\ne - likes -> e", 4, 5, "unknown relation 'likes'"),
    ("element e {\n}\ne - traces -> nobody", 4, 15, "'nobody' is not declared"),
    ("Requirement a {\n}", 2, 1, "must be written requirement"),
    ("requirement a {\n}\ndirection up", 4, 11, "unknown direction"),
    ("e -> f", 2, 1, "cannot understand"),
])
def test_errors_are_located(body: str, line: int, column: int, words: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse("requirementDiagram\n" + body)
    problem = info.value.problems[0]
    assert words in problem.message and problem.hint
    assert (problem.line, problem.column) == (line, column)


def test_boxes_show_kind_name_and_fields_relations_are_sysml_lines() -> None:
    doc = spec_to_diagram(reqs(BRAKES))
    headers = {el.get("mermaid_id"): el for el in doc if isinstance(el, Shape) and el.get("req_kind")}
    assert headers["abs"].text == "«Functional Requirement»\nabs"
    assert headers["ABS firmware"].text == "«Element»\nABS firmware"
    fields = next(el for el in doc if isinstance(el, Text) and el.parent == headers["brakes"].parent)
    assert fields.text == "ID: 1\nText: the car stops within 40 m.\nRisk: High\nVerification: Test"
    assert headers["weight"].style.fill == "#ffdddd" and headers["pedal"].style.text_color == "#008000"
    lines = {c.labels[0].text: c for c in doc if isinstance(c, Connector)}
    assert set(lines) == {f"«{k}»" for k in ("contains", "copies", "derives", "satisfies", "verifies", "refines",
                                               "traces")}
    assert lines["«contains»"].start_arrow == "open_circle" and lines["«contains»"].style.dash == "solid"
    assert lines["«traces»"].end_arrow == "arrow" and lines["«traces»"].style.dash == "dashed"
    assert headers["bench"].x < headers["brakes"].x, "LR: a verifier sits left of what it verifies"


def _structure(spec: RequirementSpec) -> dict[str, object]:
    return {
        "requirements": {r.name: (r.kind, r.id, r.text, r.risk, r.verify) for r in spec.requirements.values()},
        "elements": {e.name: (e.type, e.docref) for e in spec.elements.values()},
        "relations": sorted((r.source, r.target, r.kind) for r in spec.relations),
        "direction": spec.direction,
    }


def test_export_round_trips_the_example(tmp_path: Path) -> None:
    spec = reqs(BRAKES)
    text = to_mermaid(spec_to_diagram(spec))
    assert text.startswith("requirementDiagram")
    assert _structure(reqs(text)) == _structure(spec)


def test_export_reads_edits_made_on_the_canvas() -> None:
    doc = spec_to_diagram(reqs(BRAKES))
    fields = next(el for el in doc if isinstance(el, Text) and el.text.startswith("ID: 1\n"))
    doc.replace(fields.evolve(text="ID: 7\nText: stops faster\nRisk: Low"))
    spec = reqs(to_mermaid(doc))
    assert (spec.requirements["brakes"].id, spec.requirements["brakes"].text,
            spec.requirements["brakes"].verify) == ("7", "stops faster", "")


NAMES = st.text(alphabet="abcxyz_ 1é", min_size=1, max_size=8).map(str.strip).filter(lambda s: s and s[0] != "_")
VALUES = st.text(alphabet='abc XYZ.,:#"{}<>-é', max_size=12).map(str.strip)


@st.composite
def requirement_sources(draw: st.DrawFn) -> str:
    lines = ["requirementDiagram", f"direction {draw(st.sampled_from(['TB', 'LR', 'BT', 'RL']))}"]
    names = draw(st.lists(NAMES, min_size=1, max_size=6, unique=True))
    for name in names:
        quoted = '"' + name + '"'
        if draw(st.booleans()):
            lines.append(f"element {quoted} {{")
            for key in draw(st.lists(st.sampled_from(["type", "docref"]), unique=True)):
                lines.append(f'{key}: "{draw(VALUES).replace(chr(34), "#quot;")}"')
        else:
            kind = draw(st.sampled_from(["requirement", "functionalRequirement", "interfaceRequirement",
                                         "performanceRequirement", "physicalRequirement", "designConstraint"]))
            lines.append(f"{kind} {quoted} {{")
            for key in draw(st.lists(st.sampled_from(["id", "text", "risk", "verifymethod"]), unique=True)):
                value = {"risk": draw(st.sampled_from(["low", "Medium", "HIGH"])),
                         "verifymethod": draw(st.sampled_from(["analysis", "Inspection", "test", "Demonstration"]))
                         }.get(key, '"' + draw(VALUES).replace('"', "#quot;") + '"')
                lines.append(f"{key}: {value}")
        lines.append("}")
    for _ in range(draw(st.integers(0, 6))):
        a, b = '"' + draw(st.sampled_from(names)) + '"', '"' + draw(st.sampled_from(names)) + '"'
        kind = draw(st.sampled_from(["contains", "copies", "derives", "satisfies", "verifies", "refines", "traces"]))
        lines.append(f"{a} - {kind} -> {b}" if draw(st.booleans()) else f"{b} <- {kind} - {a}")
    return "\n".join(lines) + "\n"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requirement_sources())
def test_generated_diagrams_round_trip(text: str) -> None:
    spec = reqs(text)
    assert _structure(reqs(to_mermaid(spec_to_diagram(spec)))) == _structure(spec)


@settings(max_examples=60, deadline=None)
@given(mutated(BRAKES))
def test_mutated_sources_never_crash(text: str) -> None:
    read_or_invalid(text)
