"""Timexes as event dates: which temporal expression governs a clause, and its DatePoint.

The tagger finds every temporal expression once per document; this module
turns their TIMEX3 values into :class:`DatePoint` s at the event model's
precision and picks, for a clause, the expression that dates it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from events.model import DatePoint
from events.temporal.reference import period_ending, timex_date
from events.temporal.timex import Timex

# Words that make a date a bound or a period, not the date of the event.
_NOT_EVENT_DATE = re.compile(
    r"\b(?:since|until|till|through|before|after|as of|by|up to|from)\s*$", re.IGNORECASE
)


_SEASON = re.compile(r"(\d{4})-(?:SP|SU|FA|WI)")
_SEASON_TOLD = re.compile(r"\d{4}|\b(?:last|this|next|previous|following)\b", re.I)
_YEARS_OFF = re.compile(r"\byears?\s+(?:earlier|ago|before|later|after)\b", re.I)


_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ]
    )
    for name in names
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DatedSpan:
    """A timex usable as an event date."""

    start: int
    end: int
    text: str
    point: DatePoint
    relation: str  # "at", "since", "by", "until", ...
    absolute: bool = True  # written out ("2021"), not resolved from context ("the full year")


def to_point(timex: Timex) -> DatePoint | None:
    """The DatePoint of a DATE timex, or None for durations, sets and unresolved values.

    "the end of 2023" (mod END on a year) becomes the fourth quarter, "early
    2024" (mod START) the first; "mid-2022" stays the year.
    """
    point = timex_date(timex)
    season = _SEASON.fullmatch(timex.value) if point is None and timex.type == "DATE" else None
    if season is not None and _SEASON_TOLD.search(timex.text):
        # "launched last autumn", "in spring 2021": the model has no seasons; the year is what the text
        # tells for sure. A bare "the autumn show" is no date of its own.
        return DatePoint.parse(season.group(1))
    return point


def relation_before(text: str, start: int) -> str:
    """How a date relates to the event, read from the word before it ("since 2016" -> since)."""
    window = text[max(0, start - 14) : start]
    m = _NOT_EVENT_DATE.search(window)
    if not m:
        return "at"
    word = m.group(0).strip().lower()
    return {"till": "until", "through": "until", "as of": "by", "up to": "by"}.get(word, word)


# "Annual Report and Accounts 2022", "2022 Annual Report": the year a report's "the year" means.
_REPORT_YEAR = re.compile(
    r"\b(?:Annual\s+Report|Directors[’']?\s+Report|Strategic\s+Report)(?:\s+and\s+(?:Accounts|Financial\s+Statements))?"
    r"\s+((?:19|20)\d{2})\b|\b((?:19|20)\d{2})\s+Annual\s+Report\b",
    re.I,
)
_THE_YEAR = re.compile(r"(?:the\s+)?(?:financial\s+|fiscal\s+|reporting\s+)?year(?:\s+under\s+review)?", re.I)


def report_year(text: str) -> DatePoint | None:
    """The year an annual report covers, from its title lines (the first 600 characters)."""
    m = _REPORT_YEAR.search(text, 0, 600)
    return DatePoint.parse(m.group(1) or m.group(2)) if m else None


def dated_spans(text: str, timexes: Sequence[Timex]) -> list[DatedSpan]:
    """Every timex of ``text`` that names a calendar interval, with its relation word."""
    out: list[DatedSpan] = []
    covered = report_year(text)
    ordered = sorted(timexes, key=lambda t: t.start)
    joined: set[int] = set()
    for i, t in enumerate(ordered):
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        period = period_ending(t, nxt, text[t.end : nxt.start]) if nxt is not None else None
        if nxt is not None and period is not None:
            # "the six months to December 2023": the half, not the month it ends with.
            joined.add(i + 1)
            rel = relation_before(text, t.start)
            out.append(DatedSpan(t.start, nxt.end, text[t.start : nxt.end], period, rel, nxt.anchor is None))
            continue
        point = to_point(t)
        if point is None or i in joined:
            continue
        month = _MONTHS.get(nxt.text.lower().rstrip(".")) if nxt is not None else None
        if nxt is not None and month and point.precision == "year" and not text[t.end : nxt.start].strip():
            # "At 2009 June" (year first): one month, not the year and a June of the writing's year.
            joined.add(i + 1)
            ym = DatePoint.parse(f"{point.value}-{month:02d}")
            rel = relation_before(text, t.start)
            out.append(DatedSpan(t.start, nxt.end, text[t.start : nxt.end], ym, rel))
            continue
        if covered is not None and t.anchor is not None and _THE_YEAR.fullmatch(t.text):
            # "During the year the Group sold ...": the year the report covers, not the year it is dated.
            point = covered
        # "A year earlier", counted from a dateline day, names that year, not that day.
        if t.anchor is not None and point.precision == "day" and _YEARS_OFF.search(t.text):
            point = DatePoint.parse(point.value[:4])
        out.append(DatedSpan(t.start, t.end, t.text, point, relation_before(text, t.start), t.anchor is None))
    return out
