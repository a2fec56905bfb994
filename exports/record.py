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
import re
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


#: One sentence per event type. ``[...]`` is left out when a field inside it is unknown.
HEADLINES: dict[str, str] = {
    "founded": "{subject} founded[ by {object}]",
    "renamed": "{old_name} renamed[ to {new_name}]",
    "name_change_proposed": "{subject} proposed renaming[ to {new_name}]",
    "established_subsidiary": "{subject} established subsidiary[ {object}][ ({stake})]",
    "joint_venture_formed": "{subject} formed joint venture[ {object}][ ({stake})]",
    "acquired_stake": "{subject} acquired[ {share} {object}][ for {value}][ (now {stake_after})]",
    "sold_stake": "{subject} sold[ {share} {object}][ for {value}][ (now {stake_after})]",
    "became_sole_owner": "{subject} became sole owner[ of {object}]",
    "investment": "{subject} invested[ {value}][ in {object}][ (now {stake_after})]",
    "spun_off": "{subject} spun off[ {object}][ (keeping {stake_after})]",
    "merged": "{subject} merged[ with {object}]",
    "listed": "{subject} listed[ on {exchange}]",
    "ipo": "{subject} held its IPO[ on {exchange}][, raising {value}]",
    "delisted": "{subject} delisted[ from {exchange}]",
    "trademark_transferred": "{subject} trademark transferred[ to {object}][ for {value}]",
    "brand_launched": "{subject} brand launched[ by {object}]",
    "agreement": "{subject} signed an agreement[ with {object}]",
    "product_launch": "{subject} launched {product}",
    "sales_figure": "{subject}[ {metric}:][ {value}]",
    "financial_result": "{subject}[ {metric}:][ {value}]",
    "leadership": "{subject} leadership:[ {person}][, {role}]",
    "headquarters_moved": "{subject} moved headquarters[ to {city}]",
}
_FRAGMENT = re.compile(r"\[([^\]]*)\]")
_FIELD = re.compile(r"{(\w+)}")


def _amount(attrs: Mapping[str, Any]) -> str:
    """The figure of an event in words: 'about 427,000', '620,000,000 EUR'."""
    value = next((attrs[k] for k in ("units", "amount", "value") if attrs.get(k) is not None), None)
    if value is None:
        return ""
    text = f"{value:,}" if isinstance(value, int | float) and not isinstance(value, bool) else str(value)
    if attrs.get("currency") and "units" not in attrs:
        text += f" {attrs['currency']}"
    return ("about " if attrs.get("approximate") else "") + text


def headline(record: Mapping[str, Any]) -> str:
    """One readable sentence for a record: 'Sokon Group renamed to Seres Group'."""
    kind = str(record.get("type") or "other")
    attrs = attributes(record)
    subject = entity_name(record, "subject") or "?"
    stake = attrs.get("stake")
    fields: dict[str, str] = {
        "subject": subject,
        "object": entity_name(record, "object"),
        "old_name": str(attrs.get("old_name") or subject),
        "stake": percent(stake) if stake is not None else "",
        "share": f"{percent(stake)} of" if stake is not None else "a stake in",
        "stake_after": percent(attrs["stake_after"]) if attrs.get("stake_after") is not None else "",
        "value": _amount(attrs),
        "product": str(attrs.get("product") or entity_name(record, "object") or "a product"),
    }
    for key in ("new_name", "exchange", "city", "person", "role", "metric"):
        fields[key] = str(attrs.get(key) or "")
    fields["city"] = fields["city"] or str(attrs.get("location") or "")
    template = HEADLINES.get(kind, "{subject} " + kind.replace("_", " ") + "[ {object}]")

    def fragment(m: re.Match[str]) -> str:
        inner = m.group(1)
        return inner if all(fields.get(f) for f in _FIELD.findall(inner)) else ""

    return _FIELD.sub(lambda m: fields.get(m.group(1)) or "?", _FRAGMENT.sub(fragment, template))
