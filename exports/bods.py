"""BODS export: ownership events as Beneficial Ownership Data Standard 0.4 statements (JSON array).

What goes in:
- one entity statement per entity that owns or is owned (``recordId`` = the
  entity id; ``alternateNames`` = every other name it carried);
- one relationship statement per ownership event the state uses (acquired_stake,
  sold_stake, became_sole_owner, established_subsidiary, joint_venture_formed,
  investment, spun_off): ``interestedParty`` the holder, ``subject`` the owned
  entity. Successive statements about one holder and one entity share a
  ``recordId``: the first is ``new``, later ones ``updated``, and one that ends
  the holding (a stake that falls to 0, or a sale of everything) ``closed``.

Choices:
- ``share.exact`` is the holder's total afterwards, in percent, only when the
  source states it (``stake_after``, a sole owner's 100, a subsidiary or joint
  venture's own stake). A purchase of "10% more" without the total gives no
  share: BODS has no field for a change, and the size bought goes into the
  interest's ``details`` as words.
- Dates keep their precision (``2018-11`` stays a month; a quarter gives its
  first month): BODS accepts a year or year-month where a day is unknown.
- Each relationship statement carries its evidence: ``source.description``
  names the document and character span, an annotation quotes the words.
- A joint venture's partner is named in the event's attributes without an
  entity id, so its share is not stated here (``state`` shows it).
- Events the state does not use (lost a conflict, repeat another source,
  retracted) are left out: BODS has no way to say "disputed"; ``timeline
  conflicts`` and the other exports keep them.
Statement ids are UUIDs derived from event and entity ids, so the same records
give the same bytes.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from events.model import OWNERSHIP_TYPES
from exports.record import attributes, dumps, entity, percent, source

BODS_VERSION = "0.4"
PUBLISHER = {"name": "timeline"}
#: Fixed namespace: the same event or entity gives the same statementId everywhere.
NAMESPACE = uuid.UUID("0b6f3b5e-9f0c-4c1e-8f57-6d2b8a1f4c93")


def _used(record: Mapping[str, Any]) -> bool:
    status = str(record.get("status") or "asserted")
    return status == "asserted" and record.get("folded", True) is not False


def _bods_date(record: Mapping[str, Any]) -> str | None:
    """The event date as BODS takes it: a day, a year-month or a year (a quarter -> its first month)."""
    when = record.get("date")
    precision = record.get("precision")
    if not when:
        return None
    if precision in ("day", "month", "year"):
        return str(when)
    start = record.get("date_start")
    return str(start)[:7] if start else None


def _statement_date(record: Mapping[str, Any]) -> str:
    """When the statement was made: the source's publication day when known, else the record day."""
    published = str(record.get("published") or "")
    if len(published) == 10:
        return published
    return str(record.get("recorded_at") or "1970-01-01")[:10]


def _share(record: Mapping[str, Any]) -> float | None:
    """The holder's total afterwards, as a fraction, when the source gives it."""
    attrs = attributes(record)
    kind = record.get("type")
    if kind == "became_sole_owner":
        return 1.0
    total = attrs.get("stake_after")
    if total is None and kind in ("established_subsidiary", "joint_venture_formed"):
        total = attrs.get("stake", 1.0 if kind == "established_subsidiary" else None)
    if isinstance(total, int | float) and not isinstance(total, bool):
        return float(total)
    return None


def _ends(record: Mapping[str, Any], share: float | None) -> bool:
    return share == 0.0 or (record.get("type") == "sold_stake" and attributes(record).get("all") is True)


def _publication(record: Mapping[str, Any]) -> dict[str, Any]:
    return {"publicationDate": _statement_date(record), "bodsVersion": BODS_VERSION, "publisher": PUBLISHER}


def _entity_statement(ent: Mapping[str, Any], first: Mapping[str, Any]) -> dict[str, Any]:
    name = str(ent.get("name") or ent.get("id"))
    others = sorted({str(a) for a in ent.get("aliases") or () if str(a) != name})
    details: dict[str, Any] = {"isComponent": False, "entityType": {"type": "legalEntity"}, "name": name}
    if others:
        details["alternateNames"] = others
    return {
        "statementId": str(uuid.uuid5(NAMESPACE, "entity:" + str(ent.get("id")))),
        "declarationSubject": str(ent.get("id")),
        "statementDate": _statement_date(first),
        "publicationDetails": _publication(first),
        "recordId": str(ent.get("id")),
        "recordStatus": "new",
        "recordType": "entity",
        "recordDetails": details,
    }


def _relationship_statement(record: Mapping[str, Any], status: str) -> dict[str, Any]:
    holder, owned = entity(record, "subject") or {}, entity(record, "object") or {}
    share = _share(record)
    interest: dict[str, Any] = {
        "type": "shareholding",
        "directOrIndirect": "direct",
        "beneficialOwnershipOrControl": False,
    }
    if share is not None:
        interest["share"] = {"exact": round(share * 100, 6)}
    stake = attributes(record).get("stake")
    if share is None and stake is not None:
        verb = "sold" if record.get("type") == "sold_stake" else "acquired"
        interest["details"] = f"{verb} {percent(stake)}; the total afterwards is not stated"
    when = _bods_date(record)
    if when:
        interest["endDate" if status == "closed" else "startDate"] = when
    src = source(record)
    span = f", characters {src.get('start')}-{src.get('end')}" if src.get("start") is not None else ""
    out: dict[str, Any] = {
        "statementId": str(uuid.uuid5(NAMESPACE, "event:" + str(record.get("id")))),
        "declarationSubject": str(owned.get("id")),
        "statementDate": _statement_date(record),
        "publicationDetails": _publication(record),
        "recordId": f"{owned.get('id')}-{holder.get('id')}",
        "recordStatus": status,
        "recordType": "relationship",
        "recordDetails": {
            "isComponent": False,
            "subject": str(owned.get("id")),
            "interestedParty": str(holder.get("id")),
            "interests": [interest],
        },
        "source": {"type": ["thirdParty"], "description": f"{src.get('doc')}{span} ({record.get('type')})"},
    }
    if src.get("quote"):
        out["annotations"] = [
            {"motivation": "commenting", "description": str(src["quote"]), "statementPointerTarget": "/"}
        ]
    return out


def keeps(record: Mapping[str, Any]) -> bool:
    """Whether the record becomes a relationship statement (an ownership event the state uses)."""
    return record.get("type") in OWNERSHIP_TYPES and _used(record) and entity(record, "object") is not None


def export(records: Sequence[Mapping[str, Any]]) -> bytes:
    """Records -> a BODS 0.4 JSON array: entity statements, then relationship statements in date order.

    An undated holding (an infobox's owners) comes first, without a start date.
    """
    owning = [r for r in records if keeps(r)]
    owning.sort(key=lambda r: (str(r.get("date_start") or ""), str(r.get("id"))))
    entities: dict[str, tuple[Mapping[str, Any], Mapping[str, Any]]] = {}
    for r in owning:
        for key in ("subject", "object"):
            ent = entity(r, key)
            if ent is not None:
                entities.setdefault(str(ent.get("id")), (ent, r))
    statements = [_entity_statement(ent, first) for _, (ent, first) in sorted(entities.items())]
    seen: set[str] = set()
    for r in owning:
        key = f"{(entity(r, 'object') or {}).get('id')}-{(entity(r, 'subject') or {}).get('id')}"
        status = "closed" if _ends(r, _share(r)) else ("updated" if key in seen else "new")
        seen.add(key)
        statements.append(_relationship_statement(r, status))
    return (dumps(statements) + "\n").encode("utf-8")
