"""Reading the public event record (the JSONL event schema) the way every exporter needs it.

A record is a plain mapping as ``timeline.query.event_records`` yields it:
``{id, type, subject{id,name,aliases}, object{...}|null, date, precision,
date_start, date_end, date_text, attributes, source{doc,doc_sha256,start,end,quote},
published, published_how, confidence, rule, recorded_at, status}``.
Exporters read it through these helpers so that a missing optional key reads
as null instead of failing halfway through a file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

#: Top-level keys of the public schema, in the order flat exports list them.
FIELDS: tuple[str, ...] = (
    "id",
    "type",
    "subject",
    "object",
    "date",
    "precision",
    "date_start",
    "date_end",
    "date_text",
    "attributes",
    "source",
    "published",
    "published_how",
    "confidence",
    "rule",
    "recorded_at",
    "status",
)
ENTITY_FIELDS: tuple[str, ...] = ("id", "name", "aliases")
SOURCE_FIELDS: tuple[str, ...] = ("doc", "doc_sha256", "start", "end", "quote")


def entity(record: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    """The subject or object of a record as a mapping, or None.

    A bare string (a curated file that names an entity without resolving it)
    reads as an entity whose id and name are that string.
    """
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return {"id": value, "name": value, "aliases": []}
    if isinstance(value, Mapping):
        return value
    raise TypeError(
        f"event {record.get('id')!r}: {key} must be an entity mapping, not {type(value).__name__}"
    )


def entity_name(record: Mapping[str, Any], key: str) -> str:
    """Display name of the subject or object ('' when absent)."""
    ent = entity(record, key)
    if ent is None:
        return ""
    return str(ent.get("name") or ent.get("id") or "")


def source(record: Mapping[str, Any]) -> Mapping[str, Any]:
    """The record's source mapping ({} when absent)."""
    value = record.get("source")
    return value if isinstance(value, Mapping) else {}


def attributes(record: Mapping[str, Any]) -> Mapping[str, Any]:
    """The record's attributes ({} when absent)."""
    value = record.get("attributes")
    return value if isinstance(value, Mapping) else {}


def json_default(value: object) -> Any:
    """json.dumps fallback: dates as ISO text, read-only mappings as objects; else a caller's bug."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(value: object) -> str:
    """Canonical JSON: sorted keys, UTF-8 text kept as is, so equal input gives equal bytes."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=json_default)


def iso_date(value: object) -> date | None:
    """A record's date_start/date_end (ISO text or a date) as a date, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def percent(stake: object) -> str:
    """A stake fraction as readable percent: 0.4 -> '40%', 0.125 -> '12.5%'."""
    if not isinstance(stake, int | float) or isinstance(stake, bool):
        return str(stake)
    return f"{stake * 100:.2f}".rstrip("0").rstrip(".") + "%"


def headline(record: Mapping[str, Any]) -> str:
    """One readable sentence for a record: 'Sokon Group renamed to Seres Group'."""
    kind = str(record.get("type") or "other")
    subj = entity_name(record, "subject") or "?"
    obj = entity_name(record, "object")
    attrs = attributes(record)
    stake = attrs.get("stake")
    stake_after = attrs.get("stake_after")
    share = f" {percent(stake)} of" if stake is not None else ""
    target = f" {obj}" if obj else ""
    if kind == "renamed":
        old = attrs.get("old_name") or subj
        new = attrs.get("new_name")
        return f"{old} renamed to {new}" if new else f"{old} renamed"
    if kind == "name_change_proposed":
        new = attrs.get("new_name")
        return f"{subj} proposed renaming to {new}" if new else f"{subj} proposed a new name"
    if kind == "acquired_stake":
        text = f"{subj} acquired{share}{target}"
    elif kind == "sold_stake":
        text = f"{subj} sold{share}{target}"
    elif kind == "became_sole_owner":
        text = f"{subj} became sole owner of{target}"
    elif kind == "established_subsidiary":
        text = f"{subj} established subsidiary{target}"
    elif kind == "joint_venture_formed":
        text = f"{subj} formed joint venture{target}" + (f" ({percent(stake)})" if stake is not None else "")
    elif kind == "investment":
        text = f"{subj} invested in{target}"
    elif kind == "spun_off":
        text = f"{subj} spun off{target}"
    elif kind == "founded":
        text = f"{subj} founded" + (f" by {obj}" if obj else "")
    elif kind == "merged":
        text = f"{subj} merged with{target}" if obj else f"{subj} merged"
    elif kind == "ipo":
        text = f"{subj} held its IPO"
    elif kind == "headquarters_moved":
        city = attrs.get("city") or attrs.get("location")
        text = f"{subj} moved headquarters" + (f" to {city}" if city else "")
    else:
        text = f"{subj} {kind.replace('_', ' ')}{target}"
    if stake_after is not None:
        text += f" (now {percent(stake_after)})"
    return text
