"""draw.io (diagrams.net) import and export: the reader registry's entry point for `.drawio` files."""

from __future__ import annotations

from autograph_desktop.formats import drawio_container
from autograph_desktop.formats.drawio_read import read_page
from autograph_desktop.formats.drawio_write import write_pages
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.problems import InvalidInput, Problem
from autograph_desktop.model.reading import ReadResult

FORMAT = "drawio"

__all__ = ["FORMAT", "read", "sniff", "write"]


def sniff(data: bytes, name: str) -> bool:
    """True for draw.io XML and for PNG/SVG exports that embed a draw.io document."""
    return drawio_container.sniff(data)


def read(data: bytes, name: str) -> ReadResult:
    """Every page of a draw.io input as one Diagram each; bad input raises InvalidInput, nothing else."""
    try:
        pages = drawio_container.load_pages(data, name)
        diagrams: list[Diagram] = []
        warnings: list[Problem] = []
        for page in pages:
            diagram, page_warnings = read_page(page)
            diagrams.append(diagram)
            warnings += [w for w in page_warnings if w not in warnings]
    except InvalidInput:
        raise
    except RecursionError:
        raise InvalidInput([Problem("the draw.io document is nested too deeply to read")], source=name) from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, UnicodeError, OverflowError) as exc:
        # A last line of defence: a reader bug must still reach the user as a clear refusal, not a crash.
        raise InvalidInput([Problem(f"could not read this draw.io document ({type(exc).__name__}: {exc})")],
                           source=name) from None
    return ReadResult(format=FORMAT, diagrams=diagrams, warnings=warnings, page_names=[p.name for p in pages])


def write(diagrams: list[Diagram]) -> bytes:
    """A plain-XML `.drawio` document with one uncompressed page per diagram."""
    return write_pages(diagrams)
