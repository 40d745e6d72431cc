"""zenuml: the statement tree, the sequence-diagram look (lifelines, messages, bars, frames), errors, round trips."""

from __future__ import annotations

import pytest
from chart_helpers import assert_round_trip, doc, located, marks

from autograph_desktop.mermaid.build_zenuml import STARTER, to_sequence
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.zenuml import ZenSpec
from autograph_desktop.model import Connector, Frame

ORDER = """zenuml
    title Orders
    @Actor Buyer
    Shop as "Web shop"
    @Database Store
    // place it
    Buyer->Shop: Order book
    id = Shop.place(order) {
      if(order.valid) {
        Store.save(order)
        receipt = new Receipt(order)
      } else {
        return rejected
      }
      while(pending) {
        Store.poll()
      }
      try {
        Mail.send(receipt)
      } catch(Timeout) {
        @return
        Shop->Buyer: Mail later
      } finally {
        Store.close()
      }
      return id
    }
"""


def test_zenuml_statement_tree() -> None:
    spec = parse(ORDER)
    assert isinstance(spec, ZenSpec)
    assert spec.title == "Orders"
    assert [(p.id, p.label, p.kind) for p in spec.participants][:3] == [("Buyer", "Buyer", "actor"),
                                                                       ("Shop", "Web shop", "participant"),
                                                                       ("Store", "Store", "database")]
    first, call = spec.statements
    assert (first.kind, first.source, first.target, first.text, first.comment) == ("async", "Buyer", "Shop",
                                                                                    "Order book", "place it")
    assert (call.kind, call.target, call.text, call.assign) == ("sync", "Shop", "place(order)", "id")
    assert call.body is not None
    alt, loop, attempt, ret = call.body
    assert [s.keyword for s in alt.sections] == ["if", "else"] and alt.sections[0].condition == "order.valid"
    assert [n.kind for n in alt.sections[0].children] == ["sync", "new"]
    assert loop.sections[0].keyword == "while" and [s.keyword for s in attempt.sections] == ["try", "catch", "finally"]
    assert attempt.sections[1].children[0].reply and ret.kind == "return"
    # Messages: async, call and its assigned reply, save, new and its reply, return, poll, send, reply, close, return.
    assert spec.counts() == (5, 12)


def test_zenuml_draws_like_a_sequence_diagram() -> None:
    diagram = doc(ORDER)
    assert diagram.meta.kind == "zenuml"
    tops = marks(diagram, "participant")
    assert [t.text for t in sorted(tops, key=lambda t: t.x)] == ["Client", "Buyer", "Web shop", "Store", "Receipt",
                                                                "Mail"]
    assert {t.get("zen_annotator") for t in tops if t.text == "Buyer"} == {"Actor"}
    messages = [m for m in marks(diagram, "message") if isinstance(m, Connector)]
    assert len(messages) == 12
    kinds = {m.get("zen_kind") for m in messages}
    assert kinds == {"async", "sync", "new", "return", "assign-reply"}
    sync = next(m for m in messages if m.get("zen_call") == "save(order)")
    reply = next(m for m in messages if m.get("zen_kind") == "return" and "rejected" in m.labels[0].text)
    assert sync.style.dash == "solid" and sync.end_arrow == "triangle"
    assert reply.style.dash == "dashed"
    frames = [f for f in diagram if isinstance(f, Frame)]
    assert sorted(f.text for f in frames) == ["alt [order.valid]", "loop [pending]", "try"]
    assert len(marks(diagram, "activation")) == 1
    seq, _, _ = to_sequence(parse(ORDER))  # type: ignore[arg-type]
    assert seq.participants[0].id == STARTER  # the top-level call comes from an implicit client


@pytest.mark.parametrize(("text", "line", "word"), [
    ("zenuml\n  A.m() {\n    B.n()", 2, "not closed"),
    ("zenuml\n  A->B: hi\n  }", 3, "closes nothing"),
    ("zenuml\n  else {\n  }", 2, "must follow"),
    ("zenuml\n  A->B: hi\n  catch {\n  }", 3, "must follow"),
    ("zenuml\n  return x {\n  }", 2, "only a sync call"),
    ("zenuml\n  1 + 2", 2, "cannot understand"),
    ("zenuml\n  {", 2, "must follow"),
])
def test_zenuml_errors_are_located(text: str, line: int, word: str) -> None:
    located(text, line, word)


def test_zenuml_round_trips() -> None:
    exported = assert_round_trip(ORDER)
    assert "} catch(Timeout) {" in exported and "@return" in exported
    assert_round_trip('zenuml\n  "张三"->"李四": 你好 {ok}\n  new A\n  loop {\n    A.tick\n  }\n  opt {\n  }\n  par {\n'
                      "    A->B: x\n  }")


def test_a_retyped_message_is_exported_as_retyped() -> None:
    diagram = doc("zenuml\n  A->B: hello")
    (message,) = [m for m in marks(diagram, "message") if isinstance(m, Connector)]
    label = message.labels[0]
    diagram.elements  # noqa: B018 - the document stays usable
    edited = message.evolve(labels=(type(label)("goodbye", label.position, label.offset),))
    from autograph_desktop.mermaid.export import to_mermaid
    from autograph_desktop.model.document import Diagram

    copy = Diagram(diagram.meta, [edited if e.id == message.id else e for e in diagram])
    assert "A->B: goodbye" in to_mermaid(copy)
