"""What a reader makes of a file: the text the engine stores, plus structure found in it.

Every offset points into ``Document.text``; quotes are ``text[start:end]``.
For plain text and Markdown the text is the file's decoded content unchanged,
so offsets are also offsets into the file.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate


@dataclass(frozen=True, slots=True)
class Field:
    """An infobox line ``- Key: value``; ``start``/``end`` span the value."""

    key: str
    value: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TableRow:
    cells: tuple[Cell, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Table:
    """A table as found (Markdown pipes, HTML): header cells and body rows, possibly ragged."""

    header: tuple[Cell, ...]
    rows: tuple[TableRow, ...]
    start: int
    end: int
    # A header split over several lines keeps every line here (``header`` is the first);
    # the caption is the title line just above the table ("Seres Group sales").
    header_rows: tuple[TableRow, ...] = ()
    caption: Cell | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A read document.

    ``boilerplate`` lists spans of page chrome (menus, teaser lists, cookie
    banners, lorem ipsum) that extraction must ignore; they stay in ``text`` so
    offsets never shift.  ``published`` is the reference date from metadata
    (front matter, HTML meta tag) when the file carries one.
    """

    name: str
    sha256: str
    text: str
    format: str
    published: str | None = None
    published_how: str | None = None
    title: str | None = None
    fields: tuple[Field, ...] = ()
    tables: tuple[Table, ...] = ()
    boilerplate: tuple[tuple[int, int], ...] = ()
    # When the file says only when it was last edited (front matter ``modified:``, HTML
    # ``article:modified_time``): the reference date if the text has no dateline of its own.
    updated: str | None = None

    def in_boilerplate(self, start: int, end: int) -> bool:
        spans = self.boilerplate
        if len(spans) < 16:
            return any(s < end and start < e for s, e in spans)
        starts, reach = _span_index(spans)
        i = bisect_left(starts, end)
        return i > 0 and reach[i - 1] > start


# The last document's boilerplate, indexed: a long page has thousands of spans and every name,
# date and match asks about them.
_INDEXED: list[tuple[tuple[tuple[int, int], ...], list[int], list[int]]] = []


def _span_index(spans: tuple[tuple[int, int], ...]) -> tuple[list[int], list[int]]:
    """Starts of ``spans`` in order, and the furthest end among the first i + 1 of them."""
    for held, starts, reach in _INDEXED:
        if held is spans:
            return starts, reach
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    reach = list(accumulate((e for _, e in ordered), max))
    _INDEXED[:] = [(spans, starts, reach)]
    return starts, reach
