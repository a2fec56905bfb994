"""The columns of the stored log (schema 1) and how a domain object becomes a row.

Rows name event types by their vocabulary string and carry ``schema``; an old
row goes through ``upcast`` before anything reads it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from events.model import EntityInfo, Event, Extraction, NameLink, Source

SCHEMA = 1

#: (column, arrow type name) for each table of the log. Kept as plain strings so
#: that importing this module does not import pyarrow.
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("schema", "int16"),
    ("id", "string"),
    ("type", "string"),
    ("subject", "string"),
    ("object", "string"),
    ("date", "string"),
    ("precision", "string"),
    ("date_start", "date32"),
    ("date_end", "date32"),
    ("date_text", "string"),
    ("attributes", "string"),
    ("doc", "string"),
    ("doc_sha256", "string"),
    ("start", "int64"),
    ("end", "int64"),
    ("quote", "string"),
    ("published", "string"),
    ("published_how", "string"),
    ("confidence", "float64"),
    ("rule", "string"),
    ("recorded_at", "string"),
    ("status", "string"),
    ("batch", "string"),
)
LINK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("schema", "int16"),
    ("name", "string"),
    ("other", "string"),
    ("kind", "string"),
    ("until", "string"),
    ("doc", "string"),
    ("doc_sha256", "string"),
    ("start", "int64"),
    ("end", "int64"),
    ("quote", "string"),
    ("recorded_at", "string"),
    ("batch", "string"),
)
ENTITY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("schema", "int16"),
    ("name", "string"),
    ("kind", "string"),
    ("doc", "string"),
    ("doc_sha256", "string"),
    ("start", "int64"),
    ("end", "int64"),
    ("quote", "string"),
    ("recorded_at", "string"),
    ("batch", "string"),
)
DOC_COLUMNS: tuple[tuple[str, str], ...] = (
    ("schema", "int16"),
    ("doc", "string"),
    ("doc_sha256", "string"),
    ("kind", "string"),
    ("reference_date", "string"),
    ("reference_how", "string"),
    ("published", "string"),
    ("events", "int64"),
    ("recorded_at", "string"),
    ("batch", "string"),
)
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "events": EVENT_COLUMNS,
    "links": LINK_COLUMNS,
    "entities": ENTITY_COLUMNS,
    "docs": DOC_COLUMNS,
}


def _source_columns(s: Source) -> dict[str, Any]:
    """The five provenance columns every stored row carries."""
    return {"doc": s.doc, "doc_sha256": s.doc_sha256, "start": s.start, "end": s.end, "quote": s.quote}


def event_row(e: Event, *, recorded_at: str, batch: str) -> dict[str, Any]:
    """The stored row of an event (subject/object stay names; the index resolves them)."""
    d = e.date
    return {
        "schema": SCHEMA,
        "id": e.id,
        "type": e.type,
        "subject": e.subject,
        "object": e.object,
        "date": d.value if d else None,
        "precision": d.precision if d else None,
        "date_start": d.start if d else None,
        "date_end": d.end if d else None,
        "date_text": e.date_text,
        "attributes": json.dumps(dict(e.attributes), sort_keys=True, ensure_ascii=False, default=str),
        **_source_columns(e.source),
        "published": e.published,
        "published_how": e.published_how,
        "confidence": float(e.confidence),
        "rule": e.rule,
        "recorded_at": recorded_at,
        "status": e.status,
        "batch": batch,
    }


def link_row(link: NameLink, *, recorded_at: str, batch: str) -> dict[str, Any]:
    s = link.source
    return {
        "schema": SCHEMA,
        "name": link.name,
        "other": link.other,
        "kind": link.kind,
        "until": link.until.value if link.until else None,
        **_source_columns(s),
        "recorded_at": recorded_at,
        "batch": batch,
    }


def entity_row(info: EntityInfo, *, recorded_at: str, batch: str) -> dict[str, Any]:
    s = info.source
    return {
        "schema": SCHEMA,
        "name": info.name,
        "kind": info.kind,
        **_source_columns(s),
        "recorded_at": recorded_at,
        "batch": batch,
    }


def doc_row(
    x: Extraction, *, kind: str, published: str | None, recorded_at: str, batch: str
) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "doc": x.doc,
        "doc_sha256": x.doc_sha256,
        "kind": kind,
        "reference_date": x.reference_date.value if x.reference_date else None,
        "reference_how": x.reference_how,
        "published": published,
        "events": len(x.events),
        "recorded_at": recorded_at,
        "batch": batch,
    }


def upcast(row: Mapping[str, Any]) -> dict[str, Any]:
    """Bring a stored row of any known schema to the current one (schema 1 is current)."""
    return dict(row)
