"""exports/: one module per format, each a pure function from event records to bytes.

``EXPORTERS[name](records)`` takes public event records (the JSONL event
schema of ``timeline.query.event_records``) and returns the file's bytes; the
same records always give the same bytes. Heavy libraries (polars, icalendar)
are imported inside the exporters, so importing this registry stays cheap for
the CLI.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from exports import bods, csv_export, html_export, ics, jsonl, parquet, timelinejs

Exporter = Callable[[Sequence[Mapping[str, Any]]], bytes]

EXPORTERS: dict[str, Exporter] = {
    "bods": bods.export,
    "csv": csv_export.export,
    "html": html_export.export,
    "ics": ics.export,
    "jsonl": jsonl.export,
    "parquet": parquet.export,
    "timelinejs": timelinejs.export,
}

#: File suffix per format (for a default --out name).
SUFFIXES: dict[str, str] = {
    "bods": ".bods.json",
    "csv": ".csv",
    "html": ".html",
    "ics": ".ics",
    "jsonl": ".jsonl",
    "parquet": ".parquet",
    "timelinejs": ".timeline.json",
}


def _dated(record: Mapping[str, Any]) -> bool:
    return bool(record.get("date_start"))


#: Formats that take only some events, and which: a calendar or a timeline places
#: events on dates (undated ones are left out), BODS states ownership only.
KEEPS: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "bods": bods.keeps,
    "ics": _dated,
    "timelinejs": _dated,
}
#: Why a format leaves events out, for the CLI's message.
LEFT_OUT_WHY: dict[str, str] = {
    "bods": "not ownership events the state uses",
    "ics": "undated: a calendar has no place for them",
    "timelinejs": "undated: a timeline has no place for them",
}


def left_out(fmt: str, records: Sequence[Mapping[str, Any]]) -> int:
    """How many of ``records`` the format ``fmt`` leaves out (undated events in a calendar...)."""
    keeps = KEEPS.get(fmt)
    return 0 if keeps is None else sum(1 for r in records if not keeps(r))


__all__ = ["EXPORTERS", "KEEPS", "LEFT_OUT_WHY", "SUFFIXES", "Exporter", "left_out"]
