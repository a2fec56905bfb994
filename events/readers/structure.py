"""What every reader finds in its text once it has one: fields, tables, chrome, a title."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from events.document import Field, Table
from events.readers.boilerplate import find_boilerplate
from events.readers.infobox import find_fields
from events.readers.lines import Line, merge_spans, split_lines
from events.readers.tables import find_tables

_HEADING = re.compile(r"^\s*(?:#{1,6}\s+(?P<md>.+?)\s*#*|=+\s*(?P<wiki>.+?)\s*=+)\s*$")
_MAX_TITLE_WORDS = 20


@dataclass(frozen=True, slots=True)
class Structure:
    fields: tuple[Field, ...]
    tables: tuple[Table, ...]
    boilerplate: tuple[tuple[int, int], ...]
    title: str | None


def analyse(text: str, extra_boilerplate: Iterable[tuple[int, int]] = ()) -> Structure:
    """Fields, tables, boilerplate spans and a title for ``text``.

    ``extra_boilerplate`` adds spans a reader knows about (front matter, link-only
    blocks in HTML).  Fields inside boilerplate are dropped: a menu is not a fact sheet.
    """
    lines = split_lines(text)
    boilerplate = merge_spans(text, [*find_boilerplate(text, lines), *extra_boilerplate])

    def outside(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in boilerplate)

    fields = tuple(f for f in find_fields(text, lines) if outside(f.start, f.end))
    tables = tuple(t for t in find_tables(text, lines) if outside(t.start, t.end))
    return Structure(fields, tables, boilerplate, _title(lines, boilerplate))


def _title(lines: list[Line], boilerplate: tuple[tuple[int, int], ...]) -> str | None:
    """The first line outside the chrome, when it reads like a heading."""
    for line in lines:
        if line.blank or any(s <= line.start < e for s, e in boilerplate):
            continue
        m = _HEADING.match(line.text)
        if m:
            return (m.group("md") or m.group("wiki")).strip()
        first = line.text.strip().lstrip("\ufeff")
        if len(first.split()) <= _MAX_TITLE_WORDS and not first.endswith("."):
            return first
        return None
    return None
