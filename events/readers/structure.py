"""What every reader finds in its text once it has one: fields, tables, chrome, a title."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from events.document import Field, Table
from events.readers.boilerplate import find_boilerplate
from events.readers.infobox import find_fields, table_fields
from events.readers.lines import Line, merge_spans, split_lines
from events.readers.tables import find_tables

_HEADING = re.compile(r"^\s*(?:#{1,6}\s+(?P<md>.+?)\s*#*|=+\s*(?P<wiki>.+?)\s*=+)\s*$")
_MAX_TITLE_WORDS = 20
_MIN_TITLE_WORDS = 3
_TITLE_SEARCH_LINES = 5


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

    starts = [s for s, _ in boilerplate]

    def outside(start: int, end: int) -> bool:
        # Spans are sorted and disjoint: only the last one starting before ``end`` can overlap.
        k = bisect.bisect_left(starts, end) - 1
        return k < 0 or boilerplate[k][1] <= start

    # A header row can look like a menu bar; the body rows decide whether a table is chrome.
    tables = tuple(t for t in find_tables(text, lines) if outside(t.rows[0].start, t.rows[-1].end))
    found = [*find_fields(text, lines), *table_fields(text, tables)]
    fields = tuple(sorted((f for f in found if outside(f.start, f.end)), key=lambda f: f.start))
    return Structure(fields, tables, boilerplate, _title(lines, boilerplate))


def _title(lines: list[Line], boilerplate: tuple[tuple[int, int], ...]) -> str | None:
    """A heading among the first lines outside the chrome: ``# X``, ``= X =`` or a short line.

    One- and two-word lines are section labels ("AUTOS"), not titles; the search stops
    at the first paragraph of prose.
    """
    seen = 0
    for line in lines:
        if line.blank or any(s <= line.start < e for s, e in boilerplate):
            continue
        m = _HEADING.match(line.text)
        if m:
            return (m.group("md") or m.group("wiki")).strip()
        candidate = line.text.strip().lstrip("\ufeff")
        words = len(candidate.split())
        if candidate.endswith(".") or words > _MAX_TITLE_WORDS:
            return None
        if words >= _MIN_TITLE_WORDS:
            return candidate
        seen += 1
        if seen >= _TITLE_SEARCH_LINES:
            return None
    return None
