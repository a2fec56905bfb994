"""TimelineJS export: the JSON a Knight Lab TimelineJS page loads (``new TL.Timeline(id, data)``).

Choices:
- A date keeps the precision its source gave: TimelineJS shows a date with
  only ``year`` as the year and with ``year`` + ``month`` as the month, so a
  "2007-05" rename is not drawn as 1 May. A quarter or half starts on its first
  month and ends on its last (``end_date``), and says "2024-Q1" as its display date.
- Text fields are HTML in TimelineJS: every name and quote is escaped, so a
  document cannot put markup or a script into the page.
- ``unique_id`` is the event id (stable across exports), ``group`` the event type.
- An event the state does not use (lost a conflict, repeats another source,
  retracted) stays in, its headline marked, so the reader sees the disagreement.
Events without a date are left out: a timeline has nowhere to put them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape
from typing import Any

from exports.record import attributes, dumps, headline, iso_date, source


def _text(value: str) -> str:
    """Text inside an HTML element: only &, < and > need escaping ("Yu'an" stays readable)."""
    return escape(value, quote=False)


#: Precisions a TimelineJS date can show as they are (the rest span start..end months).
_MONTH_PARTS = {"year": ("year",), "month": ("year", "month"), "day": ("year", "month", "day")}


def _date(d: date, parts: tuple[str, ...], display: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"year": d.year}
    if "month" in parts:
        out["month"] = d.month
    if "day" in parts:
        out["day"] = d.day
    if display:
        out["display_date"] = display
    return out


def _flag(record: Mapping[str, Any]) -> str:
    status = str(record.get("status") or "asserted")
    if status != "asserted":
        return f" ({status})"
    if record.get("folded") is False:
        return " (lost a conflict)" if record.get("conflict") else " (repeats another source)"
    return ""


def _body(record: Mapping[str, Any]) -> str:
    """The slide text: the quote with its source, the details, the words that gave the date."""
    src = source(record)
    lines = []
    if src.get("quote"):
        lines.append(f"<blockquote>{_text(str(src['quote']))}</blockquote>")
    where = _text(str(src.get("doc") or "unknown source"))
    if src.get("start") is not None:
        where += f", characters {src['start']}-{src['end']}"
    lines.append(f"<p>Source: {where}</p>")
    attrs = attributes(record)
    if attrs:
        details = ", ".join(f"{_text(str(k))}={_text(str(attrs[k]))}" for k in sorted(attrs))
        lines.append(f"<p>Details: {details}</p>")
    said = record.get("date_text")
    precision = record.get("precision") or "day"
    lines.append(
        f"<p>Date: {_text(str(record.get('date')))} ({_text(str(precision))} precision"
        + (f"; the source says &ldquo;{_text(str(said))}&rdquo;" if said else "")
        + ")</p>"
    )
    return "".join(lines)


def slide(record: Mapping[str, Any]) -> dict[str, Any] | None:
    """One TimelineJS event of a record, or None when it has no date."""
    first, last = iso_date(record.get("date_start")), iso_date(record.get("date_end"))
    if first is None:
        return None
    precision = str(record.get("precision") or "day")
    parts = _MONTH_PARTS.get(precision, ("year", "month"))
    display = None if precision in _MONTH_PARTS else str(record.get("date"))
    out: dict[str, Any] = {
        "start_date": _date(first, parts, display),
        "text": {"headline": _text(headline(record) + _flag(record)), "text": _body(record)},
        "group": str(record.get("type") or "other"),
        "unique_id": str(record.get("id")),
    }
    if precision not in _MONTH_PARTS and last is not None:
        out["end_date"] = _date(last, parts, display)
    return out


def export(records: Sequence[Mapping[str, Any]]) -> bytes:
    """Records -> TimelineJS JSON bytes (dated records only, in the order given)."""
    events = [s for s in (slide(r) for r in records) if s is not None]
    data = {
        "title": {"text": {"headline": "timeline events", "text": f"<p>{len(events)} dated events</p>"}},
        "events": events,
    }
    return (dumps(data) + "\n").encode("utf-8")
