"""Finding draw.io pages: mxfile/mxGraphModel XML, compressed pages, and PNG/SVG exports that embed them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element as XmlElement

from autograph_desktop.formats.pngtext import PNG_SIGNATURE, text_chunks, text_keywords
from autograph_desktop.formats.xmlsafe import MAX_DECOMPRESSED, b64decode, inflate, parse_xml
from autograph_desktop.model.problems import InvalidInput, Problem

_DRAWIO_KEYWORDS = ("mxfile", "mxGraphModel")


@dataclass
class Page:
    """One `<diagram>`: its name and its decoded `mxGraphModel` (None for an empty page)."""

    name: str
    model: XmlElement | None
    compressed: bool = False


def local(tag: str) -> str:
    """A tag without its `{namespace}` (SVG exports are namespaced)."""
    return tag.rsplit("}", 1)[-1]


_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _decode_run(match: re.Match[str]) -> str:
    return bytes.fromhex(match.group(0).replace("%", "")).decode("utf-8", "replace")


def url_decode(text: str) -> str:
    """decodeURIComponent: runs of %XX as UTF-8 bytes (urllib's version is pure Python per escape, and slow)."""
    return _ESCAPES.sub(_decode_run, text)


def _text_to_xml(text: str) -> str:
    """Embedded draw.io text is URL-encoded XML (`%3Cmxfile...`) or, in old files, plain XML."""
    stripped = text.strip()
    if stripped.startswith("%3C") or stripped.startswith("%3c"):
        return url_decode(stripped)
    return stripped


def xml_from_png(data: bytes, source: str) -> str:
    for keyword, text in text_chunks(data, source, _DRAWIO_KEYWORDS):
        if keyword in _DRAWIO_KEYWORDS:
            return _text_to_xml(text.decode("utf-8", "replace"))
    raise InvalidInput([Problem("this PNG has no embedded draw.io diagram (no `mxfile` text chunk)",
                                hint="export from draw.io with 'Include a copy of my diagram'")], source=source)


def xml_from_svg(root: XmlElement, source: str) -> str:
    content = root.get("content", "")
    if not content.strip():
        raise InvalidInput([Problem("this SVG has no embedded draw.io diagram (no `content` attribute)",
                                    line=1)], source=source)
    stripped = content.strip()
    if stripped.startswith("<") or stripped.startswith("%3C"):
        return _text_to_xml(stripped)
    raw = inflate(b64decode(stripped, source, "the SVG `content` attribute"), -15, source, "SVG content")
    return _text_to_xml(raw.decode("utf-8", "replace"))


def decode_page_text(text: str, source: str, name: str) -> str:
    """Compressed page content: base64, then raw deflate, then URL-encoding (draw.io's own order)."""
    what = f"page {name!r}"
    raw = inflate(b64decode(text, source, what), -15, source, what, limit=MAX_DECOMPRESSED)
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        decoded = raw.decode("latin-1")
    return _text_to_xml(decoded)


def pages_from_root(root: XmlElement, source: str) -> list[Page]:
    """The pages of a parsed document whose root is `<mxfile>` or a bare `<mxGraphModel>`."""
    tag = local(root.tag)
    if tag == "mxGraphModel":
        return [Page("Page-1", root)]
    if tag != "mxfile":
        raise InvalidInput([Problem(f"not a draw.io document (root element <{tag}>)", line=1,
                                    hint="draw.io files start with <mxfile> or <mxGraphModel>")], source=source)
    pages: list[Page] = []
    for index, diagram in enumerate(el for el in root if local(el.tag) == "diagram"):
        name = diagram.get("name") or f"Page-{index + 1}"
        model = next((el for el in diagram if local(el.tag) == "mxGraphModel"), None)
        if model is not None:
            pages.append(Page(name, model))
            continue
        text = (diagram.text or "").strip()
        if not text:
            pages.append(Page(name, None))
            continue
        xml = text if text.startswith("<") else decode_page_text(text, source, name)
        try:
            inner = parse_xml(xml.encode("utf-8"), source, what=f"page {name!r}")
        except InvalidInput as exc:
            raise InvalidInput([Problem(f"page {name!r} (compressed): {p.message}", line=p.line, column=p.column)
                                for p in exc.problems], source=source) from None
        if local(inner.tag) != "mxGraphModel":
            raise InvalidInput([Problem(f"page {name!r} holds <{local(inner.tag)}>, not <mxGraphModel>")],
                               source=source)
        pages.append(Page(name, inner, compressed=True))
    if not pages:
        raise InvalidInput([Problem("the draw.io file has no <diagram> pages", line=1)], source=source)
    return pages


def load_pages(data: bytes, source: str) -> list[Page]:
    """Every page of a draw.io input, whichever container it came in."""
    if data.startswith(PNG_SIGNATURE):
        xml = xml_from_png(data, source)
        return pages_from_root(parse_xml(xml.encode("utf-8"), source, "embedded draw.io XML"), source)
    root = parse_xml(data, source, "draw.io XML")
    if local(root.tag) == "svg":
        xml = xml_from_svg(root, source)
        return pages_from_root(parse_xml(xml.encode("utf-8"), source, "embedded draw.io XML"), source)
    return pages_from_root(root, source)


def sniff(data: bytes) -> bool:
    """Cheap content test: mxfile/mxGraphModel XML, or a PNG/SVG that carries one."""
    if data.startswith(PNG_SIGNATURE):
        return any(k in _DRAWIO_KEYWORDS for k in text_keywords(data))
    head = data[:4096].lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not head.startswith(b"<"):
        return False
    if b"<mxfile" in head or b"<mxGraphModel" in head:
        return True
    return b"<svg" in head and b"content=" in head and (b"mxfile" in head or b"mxGraphModel" in head
                                                           or b"%3Cmxfile" in head)
