"""What a reader makes of a file: the text the engine stores, plus structure found in it.

Every offset points into ``Document.text``; quotes are ``text[start:end]``.
For plain text and Markdown the text is the file's decoded content unchanged,
so offsets are also offsets into the file.
"""

from __future__ import annotations

from dataclasses import dataclass


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

    def in_boilerplate(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.boilerplate)
