"""Parquet export: the event schema as typed, nested columns (read back by ``read``).

subject/object/source are structs, date_start/date_end real dates (so a
reader can filter on them), attributes canonical JSON text (their keys and
value types differ per event type, which a struct column cannot hold without
a column per key). Keys a record has beyond the public schema go, as JSON,
into ``extra``, so ``read(export(records)) == records`` for any record.
zstd-compressed; polars writes no timestamp into the file, so the bytes are
the same for the same records (with the same polars version).
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from exports.record import FIELDS, attributes, dumps, entity, iso_date, source

if TYPE_CHECKING:
    import polars as pl

STRING_FIELDS = (
    "id",
    "type",
    "date",
    "precision",
    "date_text",
    "published",
    "published_how",
    "rule",
    "recorded_at",
    "status",
)


def schema() -> dict[str, pl.DataType]:
    """Column types of the exported table (also the contract of ``read``)."""
    import polars as pl  # polars costs ~0.2 s to import: only pay it when exporting parquet

    ent = pl.Struct({"id": pl.String, "name": pl.String, "aliases": pl.List(pl.String)})
    src = pl.Struct(
        {"doc": pl.String, "doc_sha256": pl.String, "start": pl.Int64, "end": pl.Int64, "quote": pl.String}
    )
    types: dict[str, pl.DataType] = {name: pl.String() for name in FIELDS}
    types.update(
        subject=ent, object=ent, date_start=pl.Date(), date_end=pl.Date(), source=src, confidence=pl.Float64()
    )
    types["extra"] = pl.String()
    return types


def _entity(record: Mapping[str, Any], key: str) -> dict[str, Any] | None:
    ent = entity(record, key)
    if ent is None:
        return None
    return {
        "id": ent.get("id"),
        "name": ent.get("name"),
        "aliases": [str(a) for a in ent.get("aliases") or ()],
    }


def _row(record: Mapping[str, Any]) -> dict[str, Any]:
    src = source(record)
    extra = {k: v for k, v in record.items() if k not in FIELDS}
    conf = record.get("confidence")
    row: dict[str, Any] = {
        name: (None if record.get(name) is None else str(record[name])) for name in STRING_FIELDS
    }
    row.update(
        subject=_entity(record, "subject"),
        object=_entity(record, "object"),
        date_start=iso_date(record.get("date_start")),
        date_end=iso_date(record.get("date_end")),
        attributes=dumps(dict(attributes(record))) if "attributes" in record else None,
        source={k: src.get(k) for k in ("doc", "doc_sha256", "start", "end", "quote")} if src else None,
        confidence=None if conf is None else float(conf),
        extra=dumps(extra) if extra else None,
    )
    return row


def export(records: Sequence[Mapping[str, Any]]) -> bytes:
    """Records -> parquet bytes (an empty input gives a table with the columns and no rows)."""
    import polars as pl

    types = schema()
    rows = [_row(r) for r in records]
    frame = pl.DataFrame({name: [row[name] for row in rows] for name in types}, schema=types)
    buf = io.BytesIO()
    frame.write_parquet(buf, compression="zstd", statistics=True)
    return buf.getvalue()


def read(data: bytes) -> list[dict[str, Any]]:
    """Parquet bytes from ``export`` -> the public records again (dates back to ISO text)."""
    import polars as pl

    out: list[dict[str, Any]] = []
    for row in pl.read_parquet(io.BytesIO(data)).to_dicts():
        extra = row.pop("extra", None)
        for key in ("date_start", "date_end"):
            if row.get(key) is not None:
                row[key] = row[key].isoformat()
        if row.get("attributes") is not None:
            row["attributes"] = json.loads(row["attributes"])
        if extra:
            row.update(json.loads(extra))
        out.append(row)
    return out
