"""Text metrics from the bundled fonts: agreement with Qt, wrapping rules, and hostile font/text input."""

from __future__ import annotations

import pytest

from autograph_desktop import textmetrics as tm


def test_measure_scales_linearly_and_differs_by_face() -> None:
    w16 = tm.measure("Hello world", 16)
    assert w16 == pytest.approx(2 * tm.measure("Hello world", 8))
    assert tm.measure("Hello world", 16, bold=True) > w16
    assert tm.measure("iiii", 16, mono=True) == pytest.approx(tm.measure("WWWW", 16, mono=True))
    assert tm.measure("", 16) == 0.0


def test_line_height_and_ascent_come_from_hhea() -> None:
    assert 1.1 * 16 < tm.line_height(16) < 1.25 * 16
    assert 0 < tm.ascent(16) < tm.line_height(16)


def test_characters_missing_from_the_font_get_the_notdef_width() -> None:
    assert tm.measure("\U0001F600", 16) > 0  # an emoji DejaVu Sans lacks


def test_wrap_breaks_at_spaces_and_keeps_newlines() -> None:
    lines = tm.wrap("alpha beta gamma\ndelta", tm.measure("alpha beta", 16) + 0.01, 16)
    assert lines == ["alpha beta", "gamma", "delta"]
    assert tm.wrap("a\n\nb", 500, 16) == ["a", "", "b"]
    assert tm.wrap("a\r\nb", None, 16) == ["a", "b"]


def test_wrap_splits_words_longer_than_the_width() -> None:
    width = tm.measure("abcd", 16)
    lines = tm.wrap("abcdefghij", width, 16)
    assert "".join(lines) == "abcdefghij"
    assert all(tm.measure(line, 16) <= width + 1e-9 for line in lines)
    assert len(lines) == 3


def test_wrap_never_loops_on_a_width_smaller_than_one_character() -> None:
    assert tm.wrap("abc", 0.5, 16) == ["a", "b", "c"]


def test_text_block_size_counts_wrapped_lines() -> None:
    w, h = tm.text_block_size("one two three", 16, tm.measure("one two", 16) + 0.01)
    assert h == pytest.approx(2 * tm.line_height(16))
    assert w == pytest.approx(tm.measure("one two", 16))


def test_huge_text_is_measured_and_wrapped() -> None:
    text = ("lorem ipsum dolor sit amet " * 4000).strip()
    lines = tm.wrap(text, 300, 14)
    assert len(lines) > 100
    assert " ".join(lines) == text


def _font_head() -> bytes:
    with open(tm.FONT_DIR + "/DejaVuSans.ttf", "rb") as handle:
        return handle.read(5000)


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x00\x00", b"\x00\x01\x00\x00\x00\x10" + b"\x00" * 10, None])
def test_truncated_or_empty_fonts_raise_font_error(data: bytes | None) -> None:
    with pytest.raises(tm.FontError):
        tm.parse_font(_font_head() if data is None else data)


def test_face_for_maps_style_fields() -> None:
    assert tm.face_for("DejaVu Sans", 700, False) == (True, False, tm.SANS)
    assert tm.face_for("DejaVu Sans Mono", 700, True) == (False, False, tm.MONO)
    assert tm.face_for("Verdana", 400, True) == (False, True, tm.SANS)
    assert tm.face_for("Helvetica", 700, True) == (True, True, tm.ARIAL)
    assert tm.face_for("Arial", 400, False) == (False, False, tm.ARIAL)
    # The hand-writing face has no bold or italic file: it is measured and drawn regular.
    assert tm.face_for("Virgil", 700, True) == (False, False, tm.HAND)
    assert tm.face_for("Excalifont", 400, False) == (False, False, tm.HAND)
    assert tm.face_for("Cascadia Mono", 400, False) == (False, False, tm.MONO)


def test_faces_measure_differently_and_older_boolean_callers_still_work() -> None:
    widths = {face: tm.measure("Metricbeat", 12, False, False, face) for face in tm.FACES}
    assert len(set(widths.values())) == len(tm.FACES)
    assert tm.measure("Metricbeat", 12, False, False, True) == widths[tm.MONO]
    assert tm.measure("Metricbeat", 12, False, False, False) == widths[tm.SANS]
    # Liberation Sans has Helvetica's widths: draw.io's 12 px "Metricbeat" is about 56 px wide.
    assert 54 < widths[tm.ARIAL] < 58 < widths[tm.SANS]


def test_widths_match_what_qt_draws(qapp: object) -> None:
    from PySide6.QtGui import QFontMetricsF

    from autograph_desktop.render.fonts import make_font

    for text in ("Hello world", "Decide? (yes/no)", "ÄÖÜ ßàé 123"):
        for bold, italic in ((False, False), (True, False), (False, True)):
            qt = QFontMetricsF(make_font(16.0, bold, italic, False, 96.0)).horizontalAdvance(text)
            assert tm.measure(text, 16, bold, italic) == pytest.approx(qt, rel=0.01)
    for face in (tm.ARIAL, tm.HAND, tm.MONO):
        for bold, italic in ((False, False), (True, True)):
            key = tm.font_key(bold, italic, face)
            qt = QFontMetricsF(make_font(16.0, *key, 96.0)).horizontalAdvance("Hello world")
            assert tm.measure("Hello world", 16, *key) == pytest.approx(qt, rel=0.01)
