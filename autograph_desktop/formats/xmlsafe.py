"""Hostile-input guards shared by the importers: hardened XML parsing (and, from `bounded`, decompression)."""

from __future__ import annotations

from xml.etree.ElementTree import Element as XmlElement
from xml.etree.ElementTree import ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from autograph_desktop.formats.bounded import MAX_DECOMPRESSED, b64decode, inflate
from autograph_desktop.model.problems import InvalidInput, Problem

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


__all__ = ["MAX_DECOMPRESSED", "MAX_XML_DEPTH", "b64decode", "inflate", "parse_xml"]
