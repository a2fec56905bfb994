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

from exports import csv_export, ics, jsonl, parquet

Exporter = Callable[[Sequence[Mapping[str, Any]]], bytes]

EXPORTERS: dict[str, Exporter] = {
    "csv": csv_export.export,
    "ics": ics.export,
    "jsonl": jsonl.export,
    "parquet": parquet.export,
}

#: File suffix per format (for a default --out name).
SUFFIXES: dict[str, str] = {"csv": ".csv", "ics": ".ics", "jsonl": ".jsonl", "parquet": ".parquet"}

__all__ = ["EXPORTERS", "SUFFIXES", "Exporter"]
