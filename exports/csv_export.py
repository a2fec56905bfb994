"""CSV export: one flat row per event, safe to open in a spreadsheet.

Named ``csv_export`` so that ``import csv`` everywhere keeps meaning the
standard library.

Columns: the event's scalar fields, subject/object as name + id (+ aliases
joined by " | "), attributes as canonical JSON, and the source flattened to
doc, doc_sha256, start, end, quote; ``folded`` (true when the state uses the
event), ``same_as`` and ``conflict`` say why an event is not used. UTF-8 with a byte-order mark, because
Excel reads a BOM-less file as the local code page and would garble 赛力斯.

Formula injection: a text cell that starts with ``=``, ``+``, ``-``, ``@``,
tab or carriage return is run as a formula by Excel, LibreOffice and Google
Sheets, so such cells get a leading ``'`` (the OWASP advice). Only *text*
cells are neutralised: numbers in the record (offsets, confidence) are
written as numbers, so a negative number stays a number; a quote that starts
with "-5%" is text and gets the prefix, which is the price of never running
"-1+cmd|..." from a document someone else wrote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from exports.record import attributes, dumps, entity, source

COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "subject",
    "subject_id",
    "subject_aliases",
    "object",
    "object_id",
    "object_aliases",
    "date",
    "precision",
    "date_start",
    "date_end",
    "date_text",
    "attributes",
    "doc",
    "doc_sha256",
    "start",
    "end",
    "quote",
    "published",
    "published_how",
    "confidence",
    "rule",
    "recorded_at",
    "status",
    "folded",
    "same_as",
    "conflict",
)

#: First characters that make a spreadsheet evaluate a cell.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
ALIAS_SEPARATOR = " | "


def neutralise(cell: object) -> object:
    """Prefix a text cell a spreadsheet would run as a formula with a single quote."""
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell


def _cell(value: object) -> object:
    """Scalars as they are (None -> empty cell); nested values as canonical JSON."""
    if value is None or isinstance(value, str | int | float):
        return value
    return dumps(value)


def row(record: Mapping[str, Any]) -> dict[str, object]:
    """The flat CSV row of one record, before neutralisation."""
    subj = entity(record, "subject") or {}
    obj = entity(record, "object") or {}
    src = source(record)
    attrs = attributes(record)
    return {
        "id": record.get("id"),
        "type": record.get("type"),
        "subject": subj.get("name"),
        "subject_id": subj.get("id"),
        "subject_aliases": ALIAS_SEPARATOR.join(str(a) for a in subj.get("aliases") or ()),
        "object": obj.get("name"),
        "object_id": obj.get("id"),
        "object_aliases": ALIAS_SEPARATOR.join(str(a) for a in obj.get("aliases") or ()),
        "date": record.get("date"),
        "precision": record.get("precision"),
        "date_start": record.get("date_start"),
        "date_end": record.get("date_end"),
        "date_text": record.get("date_text"),
        "attributes": dumps(dict(attrs)) if attrs else "",
        "doc": src.get("doc"),
        "doc_sha256": src.get("doc_sha256"),
        "start": src.get("start"),
        "end": src.get("end"),
        "quote": src.get("quote"),
        "published": record.get("published"),
        "published_how": record.get("published_how"),
        "confidence": record.get("confidence"),
        "rule": record.get("rule"),
        "recorded_at": record.get("recorded_at"),
        "status": record.get("status"),
        # Whether the state uses the event, and why not: without these a spreadsheet
        # sums a figure that lost a conflict together with the one that won.
        "folded": _flag(record.get("folded")),
        "same_as": record.get("same_as"),
        "conflict": record.get("conflict"),
    }


def _flag(value: object) -> str | None:
    return None if value is None else ("true" if value else "false")


def export(records: Sequence[Mapping[str, Any]]) -> bytes:
    """Records -> CSV bytes (header always present, CRLF line ends per RFC 4180)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in records:
        flat = row(record)
        writer.writerow([neutralise(_cell(flat[c])) for c in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
