"""Normalise a metadata date ("2024-05-01T10:00:00+08:00", "May 1, 2024") to ISO at its precision."""

from __future__ import annotations

import calendar
import re
from datetime import date

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

_ISO = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?=$|[T\s])")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?=$|T)")
_MONTH_FIRST = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_MONTH_YEAR = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{4})$")


def normalise_date(value: str) -> str | None:
    """The calendar date a metadata value states, as written (no time-zone shift), or None.

    The date part is kept in the publisher's own zone: ``2024-05-01T23:30-07:00`` is
    2024-05-01, because that is the date the page tells its readers.
    """
    raw = value.strip()
    for pattern, order in ((_ISO, "ymd"), (_COMPACT, "ymd"), (_MONTH_FIRST, "mdy"), (_DAY_FIRST, "dmy")):
        m = pattern.match(raw)
        if m:
            parts = dict(zip(order, m.groups(), strict=True))
            return _iso(parts.get("y"), parts.get("m"), parts.get("d"))
    m = _MONTH_YEAR.match(raw)
    if m:
        return _iso(m.group(2), m.group(1), None)
    return None


def _iso(year: str | None, month: str | None, day: str | None) -> str | None:
    if year is None:
        return None
    y = int(year)
    if month is None:
        return f"{y:04d}"
    m = int(month) if month.isdigit() else _MONTHS.get(month.lower(), 0)
    if not 1 <= m <= 12:
        return None
    if day is None:
        return f"{y:04d}-{m:02d}"
    try:
        return date(y, m, int(day)).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """The first full date (day, month and year) anywhere in ``text`` ("By Jo Park · March 5, 2024")."""
    found: list[tuple[int, str]] = []
    for pattern, order in ((_MONTH_FIRST, "mdy"), (_DAY_FIRST, "dmy")):
        for m in pattern.finditer(text):
            parts = dict(zip(order, m.groups(), strict=True))
            value = _iso(parts.get("y"), parts.get("m"), parts.get("d"))
            if value is not None and len(value) == 10:
                found.append((m.start(), value))
                break
    iso = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if iso:
        value = _iso(*iso.groups())
        if value is not None:
            found.append((iso.start(), value))
    return min(found)[1] if found else None
