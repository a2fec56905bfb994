"""Calendar points at a granularity: shifting, and rendering as TIMEX3 values.

A :class:`Point` is a day plus the granularity the text gave it (``2022-07`` is
the day 2022-07-01 at month granularity).  Relative expressions shift a point
("a year earlier") and render it at the anchor's or the rule's granularity.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

#: Granularities from coarse to fine; ``season`` sits beside ``quarter``.
GRANS: tuple[str, ...] = (
    "century",
    "decade",
    "year",
    "half",
    "season",
    "quarter",
    "month",
    "week",
    "weekend",
    "day",
)

#: Event-model precision of each granularity (None: no event-model precision).
PRECISION: dict[str, str | None] = {
    "century": None,
    "decade": "decade",
    "year": "year",
    "half": "half",
    "season": None,
    "quarter": "quarter",
    "month": "month",
    "week": None,
    "weekend": None,
    "day": "day",
}

_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

_ISO_ANY = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<q>Q[1-4])|(?P<h>H[12])|W(?P<w>\d{1,2})|(?P<s>SP|SU|FA|WI)"
    r"|(?P<m>\d{2})(?:-(?P<d>\d{2}))?))?"
)


@dataclass(frozen=True, slots=True)
class Point:
    """A calendar interval: its first day, its granularity and (for seasons) the season code."""

    day: date
    gran: str
    season: str | None = None
    time: str | None = None

    @property
    def year(self) -> int:
        return self.day.year

    def at(self, gran: str) -> Point:
        """The same place in time at another granularity."""
        season = self.season
        if gran == "season" and season is None:
            season = ("WI", "SP", "SP", "SP", "SU", "SU", "SU", "FA", "FA", "FA", "WI", "WI")[
                self.day.month - 1
            ]
        return replace(self, gran=gran, season=season if gran == "season" else None, time=None)

    def value(self) -> str:
        """The TIMEX3 value of this point."""
        d = self.day
        g = self.gran
        if g == "century":
            text = f"{d.year // 100:02d}"
        elif g == "decade":
            text = f"{d.year // 10:03d}"
        elif g == "year":
            text = f"{d.year:04d}"
        elif g == "half":
            text = f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
        elif g == "quarter":
            text = f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        elif g == "season":
            text = f"{d.year:04d}-{self.season}"
        elif g == "month":
            text = f"{d.year:04d}-{d.month:02d}"
        elif g in ("week", "weekend"):
            iso = d.isocalendar()
            text = f"{iso[0]:04d}-W{iso[1]:02d}" + ("-WE" if g == "weekend" else "")
        else:
            text = d.isoformat()
        if self.time:
            text += "T" + self.time
        return text


def parse_point(iso: str) -> Point | None:
    """Read a reference date given at any precision (``1998-08-13``, ``2022-07``, ``2026``, ``2024-Q1``)."""
    m = _ISO_ANY.match(iso.strip())
    if not m:
        return None
    y = int(m["y"])
    if m["q"]:
        return Point(date(y, (int(m["q"][1]) - 1) * 3 + 1, 1), "quarter")
    if m["h"]:
        return Point(date(y, 1 if m["h"] == "H1" else 7, 1), "half")
    if m["w"]:
        return Point(date.fromisocalendar(y, int(m["w"]), 1), "week")
    if m["s"]:
        return Point(date(y, _SEASON_MONTH[m["s"]], 1), "season", m["s"])
    if m["m"]:
        month = int(m["m"])
        if not 1 <= month <= 12:
            return None
        if m["d"]:
            day = int(m["d"])
            if not 1 <= day <= calendar.monthrange(y, month)[1]:
                return None
            return Point(date(y, month, day), "day")
        return Point(date(y, month, 1), "month")
    return Point(date(y, 1, 1), "year")


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months, the day clamped to the target month's length."""
    total = d.year * 12 + d.month - 1 + months
    y, m = divmod(total, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


_MONTHS_PER = {"year": 12, "half": 6, "quarter": 3, "season": 3, "month": 1, "decade": 120, "century": 1200}


def shift(p: Point, unit: str, by: int) -> Point:
    """Move ``p`` by ``by`` units (``year``, ``quarter``, ``month``, ``week``, ``day`` ...)."""
    if unit in _MONTHS_PER:
        return replace(p, day=add_months(p.day, _MONTHS_PER[unit] * by))
    days = 7 * by if unit == "week" else by
    return replace(p, day=p.day + timedelta(days=days))


def coarser(a: str, b: str) -> str:
    """The coarser of two granularities."""
    return a if GRANS.index(a) <= GRANS.index(b) else b
