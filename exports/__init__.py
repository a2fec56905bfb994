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

from exports import csv_export, html_export, ics, jsonl, parquet, timelinejs

Exporter = Callable[[Sequence[Mapping[str, Any]]], bytes]

EXPORTERS: dict[str, Exporter] = {
    "csv": csv_export.export,
    "html": html_export.export,
    "ics": ics.export,
    "jsonl": jsonl.export,
    "parquet": parquet.export,
    "timelinejs": timelinejs.export,
}

#: File suffix per format (for a default --out name).
SUFFIXES: dict[str, str] = {
    "csv": ".csv",
    "html": ".html",
    "ics": ".ics",
    "jsonl": ".jsonl",
    "parquet": ".parquet",
    "timelinejs": ".timeline.json",
}

#: Formats that place events on dates and so leave undated events out.
DATED_ONLY: frozenset[str] = frozenset({"ics", "timelinejs"})


def left_out(fmt: str, records: Sequence[Mapping[str, Any]]) -> int:
    """How many of ``records`` the format ``fmt`` leaves out (undated events in a calendar)."""
    if fmt not in DATED_ONLY:
        return 0
    return sum(1 for r in records if not r.get("date_start"))


__all__ = ["DATED_ONLY", "EXPORTERS", "SUFFIXES", "Exporter", "left_out"]
