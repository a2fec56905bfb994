"""iCalendar (RFC 5545) export: one all-day VEVENT per dated event.

Choices, each against a known calendar-import bug:
- DTSTART;VALUE=DATE is the first day of the event's interval and DTEND the
  day *after* its last day (RFC 5545 DTEND is exclusive; clients show
  "2007-05" as the whole of May, not May 1-30).
- UID is a UUID (RFC 7986 §5.3) derived from the event id by uuid5, so a
  re-export updates the events already imported instead of duplicating them;
  X-TIMELINE-ID keeps the event id itself.
- DTSTAMP comes from recorded_at (never the clock), so the same records
  give the same bytes.
- An event the state no longer uses is STATUS:CANCELLED (retracted) or
  STATUS:TENTATIVE (lost a conflict, or a vaguer source of the same fact),
  with a higher SEQUENCE, so a calendar that imported it before updates it.
- X-PRECISION carries the date's precision (day, month, quarter, half, year,
  decade); DESCRIPTION says it in words, with the source document and quote.
Events without a date are skipped: a calendar has nowhere to put them.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from exports.record import attributes, headline, iso_date, source

PRODID = "-//timeline//event export//EN"
#: Fixed namespace: the same event id gives the same UID on every machine, forever.
UID_NAMESPACE = uuid.UUID("5b0f3c57-4a55-4b8e-9c1e-2f6d1d0a7e11")
#: DTSTAMP when a record has no usable recorded_at (still deterministic).
FALLBACK_STAMP = datetime(1970, 1, 1, tzinfo=UTC)
INACTIVE = frozenset({"retracted", "corrected", "superseded"})
#: (STATUS, SEQUENCE) per standing; SEQUENCE only grows as an event loses standing,
#: so a calendar that imported the event earlier applies the change.
STANDING: dict[str, tuple[str, int]] = {
    "believed": ("CONFIRMED", 0),
    "alternative": ("TENTATIVE", 1),
    "withdrawn": ("CANCELLED", 2),
}


def standing(record: Mapping[str, Any]) -> str:
    """believed, alternative (lost a conflict, or a less precise source of the same fact) or withdrawn.

    Records from the store say whether the state folds them (``folded``), and
    why not (``conflict``, ``same_as``); a record without those keys counts as
    believed unless its status is retracted/corrected.
    """
    if str(record.get("status") or "asserted") in INACTIVE:
        return "withdrawn"
    if record.get("folded", True):
        return "believed"
    return "alternative" if record.get("conflict") or record.get("same_as") else "withdrawn"


def uid(event_id: str) -> str:
    """The VEVENT UID of an event id (stable across exports)."""
    return str(uuid.uuid5(UID_NAMESPACE, event_id))


def stamp(recorded_at: object) -> datetime:
    """recorded_at (ISO text or datetime) as an aware UTC datetime; naive means UTC."""
    if isinstance(recorded_at, datetime):
        moment = recorded_at
    elif isinstance(recorded_at, str) and recorded_at:
        try:
            moment = datetime.fromisoformat(recorded_at.replace("Z", "+00:00"))
        except ValueError:
            return FALLBACK_STAMP
    else:
        return FALLBACK_STAMP
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def description(record: Mapping[str, Any]) -> str:
    """Plain-text body: when (with precision and the words that said it), what, where from."""
    lines: list[str] = []
    when = str(record.get("date") or "")
    precision = record.get("precision")
    said = record.get("date_text")
    if when:
        detail = f"{precision} precision" if precision else ""
        if said:
            detail = f'{detail}; the source says "{said}"' if detail else f'the source says "{said}"'
        lines.append(f"Date: {when}" + (f" ({detail})" if detail else ""))
    lines.append(f"Event: {record.get('type')}")
    attrs = attributes(record)
    if attrs:
        lines.append("Details: " + ", ".join(f"{k}={attrs[k]}" for k in sorted(attrs)))
    src = source(record)
    if src.get("doc"):
        span = f", characters {src.get('start')}-{src.get('end')}" if src.get("start") is not None else ""
        lines.append(f"Source: {src['doc']}{span}")
    if src.get("quote"):
        lines.append(f"Quote: \u201c{src['quote']}\u201d")
    status = record.get("status")
    if status and status != "asserted":
        lines.append(f"Status: {status}")
    if record.get("conflict"):
        lines.append(f"In conflict {record['conflict']}: `timeline conflicts` shows the value chosen and why")
    elif record.get("same_as"):
        lines.append(f"Same fact as event {record['same_as']}, which gives it more precisely")
    elif standing(record) == "withdrawn":
        lines.append("Withdrawn: the log keeps it, the state no longer uses it")
    lines.append(f"Event id: {record.get('id')}")
    return "\n".join(lines)


def _vevent(record: Mapping[str, Any], first: date, last: date) -> Any:
    from icalendar import Event as VEvent

    status, sequence = STANDING[standing(record)]
    event_id = str(record.get("id"))
    ev = VEvent()
    ev.add("uid", uid(event_id))
    ev.add("dtstamp", stamp(record.get("recorded_at")))
    ev.add("dtstart", first)
    ev.add("dtend", last + timedelta(days=1))
    ev.add("summary", headline(record))
    ev.add("description", description(record))
    ev.add("categories", [str(record.get("type") or "other")])
    ev.add("transp", "TRANSPARENT")  # informational, never blocks time
    ev.add("status", status)
    ev.add("sequence", sequence)
    ev.add("x-precision", str(record.get("precision") or "day"))
    ev.add("x-timeline-id", event_id)
    return ev


def export(records: Sequence[Mapping[str, Any]]) -> bytes:
    """Records -> one VCALENDAR; events without date_start are left out."""
    from icalendar import Calendar  # imported here: the CLI pays for it only when exporting ICS

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "timeline events")
    for record in records:
        first = iso_date(record.get("date_start"))
        if first is None:
            continue
        last = iso_date(record.get("date_end")) or first
        cal.add_component(_vevent(record, first, max(first, last)))
    data: bytes = cal.to_ical()
    return data
