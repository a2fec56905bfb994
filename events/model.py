"""The domain: dates at a precision, sources, events and name links.

Everything here is a frozen dataclass and pure: no clock, no store.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from events.errors import DateError

Precision = Literal["day", "month", "quarter", "half", "year", "decade"]

#: The event vocabulary (DESIGN.md). Stored rows name types by these strings.
EVENT_TYPES: tuple[str, ...] = (
    "founded",
    "renamed",
    "name_change_proposed",
    "established_subsidiary",
    "joint_venture_formed",
    "acquired_stake",
    "sold_stake",
    "became_sole_owner",
    "merged",
    "listed",
    "ipo",
    "delisted",
    "trademark_transferred",
    "brand_launched",
    "spun_off",
    "investment",
    "agreement",
    "product_launch",
    "sales_figure",
    "financial_result",
    "leadership",
    "headquarters_moved",
    "other",
)

#: Ownership events: subject is the holder, object the owned entity.
OWNERSHIP_TYPES: frozenset[str] = frozenset(
    {
        "acquired_stake",
        "sold_stake",
        "became_sole_owner",
        "established_subsidiary",
        "joint_venture_formed",
        "investment",
        "spun_off",
    }
)

_ISO = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<q>Q[1-4])|(?P<h>H[12])|(?P<m>\d{2})(?:-(?P<d>\d{2}))?))?$"
)
_DECADE = re.compile(r"^(?P<c>\d{3})$")


@dataclass(frozen=True, slots=True)
class DatePoint:
    """An ISO date at the precision the text gives, with the interval it covers.

    ``start`` and ``end`` are the first and last day (both inclusive).
    """

    value: str
    precision: Precision
    start: date
    end: date

    @classmethod
    def parse(cls, value: str) -> DatePoint:
        """Parse ``2003-06-27``, ``2007-05``, ``2024-Q1``, ``2021-H2``, ``2016`` or ``199`` (1990s).

        Raises DateError for impossible dates such as ``2023-02-30``.
        """
        text = str(value).strip()
        decade = _DECADE.match(text)
        if decade:
            y0 = int(decade["c"]) * 10
            return cls(text, "decade", date(y0, 1, 1), date(y0 + 9, 12, 31))
        m = _ISO.match(text)
        if not m:
            raise DateError(f"{value!r} is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn or YYYY-Hn)")
        y = int(m["y"])
        if y < 1:
            raise DateError(f"{value!r} has no year 0")
        if m["q"] or m["h"]:
            n = int((m["q"] or m["h"])[1])
            span = 3 if m["q"] else 6
            m0 = (n - 1) * span + 1
            m1 = m0 + span - 1
            prec: Precision = "quarter" if m["q"] else "half"
            return cls(text, prec, date(y, m0, 1), date(y, m1, calendar.monthrange(y, m1)[1]))
        if m["m"] is None:
            return cls(text, "year", date(y, 1, 1), date(y, 12, 31))
        month = int(m["m"])
        if not 1 <= month <= 12:
            raise DateError(f"{value!r} has no month {month}")
        last = calendar.monthrange(y, month)[1]
        if m["d"] is None:
            return cls(text, "month", date(y, month, 1), date(y, month, last))
        day = int(m["d"])
        if not 1 <= day <= last:
            raise DateError(f"{value!r} does not exist: {calendar.month_name[month]} {y} has {last} days")
        d = date(y, month, day)
        return cls(text, "day", d, d)

    @classmethod
    def of_day(cls, d: date) -> DatePoint:
        return cls(d.isoformat(), "day", d, d)

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact was read: document, its hash, character span and the exact quote.

    Invariant for extracted events: ``document_text[start:end] == quote``.
    """

    doc: str
    doc_sha256: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True, slots=True)
class Event:
    """One row of the log.

    ``subject`` and ``object`` are entity *names* as the source gives them (or as
    the extractor resolved them); the store's registry maps names to entity ids,
    so that a later document linking two names re-resolves earlier events too.
    """

    id: str
    type: str
    subject: str
    object: str | None
    date: DatePoint | None
    date_text: str
    attributes: Mapping[str, Any]
    source: Source
    published: str | None = None
    published_how: str | None = None
    confidence: float = 1.0
    rule: str = ""
    recorded_at: str = ""
    status: str = "asserted"


@dataclass(frozen=True, slots=True)
class NameLink:
    """Two names of one entity ("formerly", "previously known as", infobox Former Name).

    ``until`` is the date the older name stopped (when known); ``kind`` says how
    the link was found (``former_name``, ``native_name``, ``abbreviation``...).
    """

    name: str
    other: str
    kind: str
    source: Source
    until: DatePoint | None = None


@dataclass(frozen=True, slots=True)
class EntityInfo:
    """What a document says an entity *is*: company, brand, person, government."""

    name: str
    kind: str
    source: Source


def event_id(doc_sha256: str, start: int, end: int, type_: str, extra: str = "") -> str:
    """Stable id: the same evidence for the same type is the same event (re-ingest adds nothing).

    ``extra`` separates several events of one type from one span (two stakes in one sentence).
    """
    raw = f"{doc_sha256}|{start}|{end}|{type_}|{extra}".encode()
    return hashlib.sha256(raw).hexdigest()[:20]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything ``events/`` learned from one document."""

    doc: str
    doc_sha256: str
    text: str
    reference_date: DatePoint | None
    reference_how: str | None
    events: tuple[Event, ...] = ()
    links: tuple[NameLink, ...] = ()
    entities: tuple[EntityInfo, ...] = field(default=())
