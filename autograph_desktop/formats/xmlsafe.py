"""Hostile-input guards shared by the importers: hardened XML parsing and bounded decompression."""

from __future__ import annotations

import binascii
import zlib
from xml.etree.ElementTree import Element as XmlElement
from xml.etree.ElementTree import ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from autograph_desktop.model.problems import InvalidInput, Problem

#: The most text one page (or one embedded scene) may expand to; a real diagram is far smaller.
MAX_DECOMPRESSED = 50 * 1024 * 1024
#: Elements nested deeper than this are not a diagram, and would exhaust the stack of tree walkers.
MAX_XML_DEPTH = 256


class _DepthLimitedBuilder(TreeBuilder):
    """A tree builder that refuses absurd nesting while the document streams in, before it is built."""

    def __init__(self, max_depth: int) -> None:
        super().__init__()
        self._depth = 0
        self._max_depth = max_depth

    def start(self, tag: str, attrs: dict[str, str]) -> XmlElement:
        self._depth += 1
        if self._depth > self._max_depth:
            raise _TooDeep()
        return super().start(tag, attrs)

    def end(self, tag: str) -> XmlElement:
        self._depth -= 1
        return super().end(tag)


class _TooDeep(Exception):
    pass


def parse_xml(data: bytes | str, source: str = "", what: str = "XML", max_depth: int = MAX_XML_DEPTH) -> XmlElement:
    """Parse untrusted XML: no DTD entities, no external references, bounded depth.

    Every failure becomes an InvalidInput whose problem carries the line and column expat stopped at,
    so that a user can open the file and see what is wrong.
    """
    parser = DefusedXMLParser(target=_DepthLimitedBuilder(max_depth), forbid_dtd=False,
                              forbid_entities=True, forbid_external=True)
    expat = parser.parser

    def located(message: str, hint: str | None = None) -> InvalidInput:
        line = int(getattr(expat, "CurrentLineNumber", 0)) or None
        column = getattr(expat, "CurrentColumnNumber", None)
        col = int(column) + 1 if column is not None else None
        return InvalidInput([Problem(message, line=line, column=col, hint=hint)], source=source)

    try:
        parser.feed(data)
        root: XmlElement = parser.close()
    except ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0]
        raise InvalidInput([Problem(f"malformed {what}: {reason}", line=line, column=column + 1)],
                           source=source) from None
    except DefusedXmlException as exc:
        raise located(f"{what} declares entities or external references, which are refused for safety",
                      hint=type(exc).__name__) from None
    except _TooDeep:
        raise located(f"{what} is nested more than {max_depth} levels deep") from None
    except (ValueError, LookupError, TypeError) as exc:  # bad encoding declarations and the like
        raise located(f"unreadable {what}: {exc}") from None
    return root


def inflate(data: bytes, wbits: int, source: str = "", what: str = "data",
            limit: int = MAX_DECOMPRESSED, path: str | None = None) -> bytes:
    """Decompress deflate/zlib data, refusing anything that would expand beyond `limit` bytes.

    `zlib.decompress` would happily allocate gigabytes for a small bomb; a bounded decompressobj stops
    as soon as the output passes the limit.
    """
    engine = zlib.decompressobj(wbits)
    try:
        out = engine.decompress(data, limit + 1)
        if len(out) <= limit and not engine.unconsumed_tail:
            out += engine.flush()
    except zlib.error as exc:
        raise InvalidInput([Problem(f"{what} is not valid compressed data ({exc})", path=path)],
                           source=source) from None
    if len(out) > limit or engine.unconsumed_tail:
        raise InvalidInput([Problem(f"{what} expands to more than {limit // (1024 * 1024)} MB; refused",
                                    path=path)], source=source)
    return out


def b64decode(text: str | bytes, source: str = "", what: str = "data", path: str | None = None) -> bytes:
    """Strict base64 (whitespace tolerated, padding repaired): garbage becomes a clear InvalidInput."""
    raw = text.encode("ascii", "replace") if isinstance(text, str) else text
    compact = b"".join(raw.split())
    compact += b"=" * (-len(compact) % 4)
    try:
        return binascii.a2b_base64(compact, strict_mode=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput([Problem(f"{what} is not valid base64 ({exc})", path=path)], source=source) from None
