"""The wire schemas agree with the model: field tables, defaults, and the model's own operation JSON."""

from __future__ import annotations

from dataclasses import fields

import pytest
from pydantic import ValidationError

from autograph_desktop import wire
from autograph_desktop.model import Connector, DiagramMeta, Endpoint, Image, Shape, Transaction
from autograph_desktop.model.elements import KINDS, encode_value
from autograph_desktop.model.operations import AddElement, DeleteElement, update, update_meta


def test_element_tables_match_the_model() -> None:
    assert set(wire.ELEMENT_DEFAULTS) == set(KINDS)
    for kind, cls in KINDS.items():
        default = cls(id="x")
        expected = {f.name: encode_value(f.name, getattr(default, f.name)) for f in fields(cls) if f.name != "id"}
        assert wire.ELEMENT_DEFAULTS[kind] == expected, kind


def test_meta_table_matches_the_model() -> None:
    assert set(wire.META_DEFAULTS) == {f.name for f in fields(DiagramMeta)} - {"id"}
    meta = DiagramMeta()
    for name, value in wire.META_DEFAULTS.items():
        if name not in ("created", "updated"):
            assert getattr(meta, name) == value


def test_the_models_operations_validate_as_wire_operations() -> None:
    shape = Shape(id="a", x=1.5, text="hi", z="a0")
    image = Image(id="i", sha256="ab" * 32, z="a1")
    wire_connector = Connector(id="c", source=Endpoint("a", "right"), target=Endpoint(x=3, y=4), z="a2")
    ops = [AddElement(shape), AddElement(image), AddElement(wire_connector), update(shape, x=9.0, text="moved"),
           DeleteElement(shape), update_meta(DiagramMeta(title="t"), title="u")]
    transaction = Transaction(tuple(op for op in ops if op is not None), "edit")
    request = wire.PushRequest.model_validate({"client_id": "desk", "client_seq": 1, "diagrams": [
        {"diagram_id": "d1", "operations": [transaction.to_json()]}]})
    flat = wire.flatten(request.diagrams[0].operations)
    assert [op.op for op in flat] == ["add", "add", "add", "update", "delete", "meta"]


@pytest.mark.parametrize("element", [
    {"id": "x", "kind": "blob"},
    {"id": "", "kind": "shape"},
    {"id": "x", "kind": "shape", "sha256": "ab" * 32},
    {"id": "x", "kind": "shape", "x": True},
    {"id": "x", "kind": "shape", "x": float("inf")},
    {"id": "x", "kind": "shape", "text": 5},
    {"id": "x", "kind": "image", "sha256": "not-hex"},
    {"id": "x", "kind": "shape", "parent": 3},
])
def test_bad_elements_are_refused_with_a_reason(element: dict[str, object]) -> None:
    with pytest.raises(ValidationError) as caught:
        wire.AddOp.model_validate({"op": "add", "element": element})
    assert caught.value.errors()[0]["msg"]


def test_push_limits() -> None:
    op = {"op": "add", "element": {"id": "x", "kind": "shape"}}
    too_many = {"client_id": "c", "client_seq": 1, "diagrams": [
        {"diagram_id": f"d{i}", "operations": [op] * 1000} for i in range(6)]}
    with pytest.raises(ValidationError, match="at most 5000"):
        wire.PushRequest.model_validate(too_many)
    with pytest.raises(ValidationError, match="same fields"):
        wire.UpdateOp.model_validate({"op": "update", "id": "x", "before": {"x": 1}, "after": {"y": 1}})
