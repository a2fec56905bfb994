"""Queries over an opened store, as plain data: what the CLI prints and the exporters take."""

from __future__ import annotations

import bisect
import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from events.errors import DateError, UnknownEntityError
from events.model import EVENT_TYPES, DatePoint
from timeline.index import day, from_day
from timeline.store import Store
from timeline.view import View


def parse_day(value: str | date, what: str = "date") -> date:
    """A day from ``YYYY-MM-DD``; DateError names the option when it is not one."""
    if isinstance(value, date):
        return value
    try:
        point = DatePoint.parse(value)
    except DateError as exc:
        raise DateError(f"{what}: {exc}") from None
    if point.precision != "day":
        raise DateError(f"{what} must be a day (YYYY-MM-DD), not {value!r}")
    return point.start


def parse_period(value: str | date, what: str = "date") -> DatePoint:
    """A filter bound at any ISO precision: ``--from 2020`` is from 2020-01-01, ``--to 2020`` to its end."""
    if isinstance(value, date):
        return DatePoint.of_day(value)
    try:
        return DatePoint.parse(value)
    except DateError as exc:
        raise DateError(f"{what}: {exc}") from None


def _open(store: Store | str | Path) -> Store:
    return store if isinstance(store, Store) else Store.open(store)


def state(
    store: Store | str | Path, entity: str, at: str | date, *, as_known: str | date | None = None
) -> dict[str, Any]:
    """State JSON of ``entity`` on ``at``; with ``as_known``, only what was recorded by that day."""
    from timeline.state import state_at

    s = _open(store)
    when = parse_day(at, "--at")
    known = parse_day(as_known, "--as-known") if as_known is not None else None
    view = s.known_view(known.isoformat() if known else None)
    k = _resolve_as_known(s, view, entity, known)
    data = dict(state_at(view, k, when, as_known=known).data)
    data["conflicts"] = [_with_published(view, k, c) for c in data["conflicts"]]
    _add_name_sources(view, k, when, data)
    mark_open_intervals(data, when)
    first = first_known_event(view, k)
    data["first_known_event"] = first
    data["before_first_known"] = first is not None and day(when) < first.pop("_start")
    return data


def _open_on(since: object, when: date) -> str | None:
    """The interval's last day when ``when`` falls inside the date ``since`` before that day."""
    if not isinstance(since, str):
        return None
    try:
        point = DatePoint.parse(since)
    except DateError:
        return None
    return point.end.isoformat() if point.start <= when < point.end else None


def mark_open_intervals(data: dict[str, Any], when: date) -> None:
    """Mark people, listings, headquarters and founding still inside their date's interval on ``when``.

    DESIGN: where an event's interval contains the day (a "2018-03" CEO change asked on
    2018-03-15) the answer says it is uncertain and shows both values. The fold does so
    for names and owners; these values get the same ``uncertain`` flag and an entry in
    ``uncertain`` with the value before (None: none known) and after.
    """
    hq, founded = data.get("headquarters"), data.get("founded")
    candidates: list[tuple[dict[str, Any], str, str, object, object, dict[str, Any]]] = [
        *((p, "people", "leadership", (p.get("earlier") or [{}])[-1].get("person"), p["person"],
           {"role": p["role"]}) for p in data["people"]),
        *((li, "listings", "listed", None, li["exchange"], {}) for li in data["listings"]),
        *([(hq, "headquarters", "headquarters_moved", None, hq["location"], {})] if hq else []),
        *([(founded, "founded", "founded", None, founded["date"], {})] if founded else []),
    ]  # fmt: skip
    for value, field_, type_, before, after, extra in candidates:
        since = value.get("since", value.get("date"))
        end = _open_on(since, when)
        if end:
            value["uncertain"] = True
            data["uncertain"].append(
                {"field": field_, "type": type_, **extra, "date": since, "interval_end": end,
                 "before": before, "after": after}
            )  # fmt: skip


def first_known_event(view: View, k: int) -> dict[str, Any] | None:
    """The earliest dated event about the entity (``_start``: its first day number), or None.

    A state asked for a day before it is a guess from later sources: the name shown is
    only the first one known. The CLI says so rather than answer as if it were known.
    """
    best: dict[str, Any] | None = None
    for r in view.rows(k):
        if r["date"] is None or r["eff_start"] is None or not r["folded"]:
            continue  # a vaguer or losing source does not move the start of what is known
        if best is None or r["eff_start"] < best["_start"]:
            best = {"event": r["id"], "type": r["type"], "date": r["date"], "_start": r["eff_start"]}
    return best


def _add_name_sources(view: View, k: int, when: date, data: dict[str, Any]) -> None:
    """The sources of the name on ``when`` (``name_sources``) and of each earlier name.

    Provenance of every state value: the name is a value too, and its source is the
    rename that started it (for the first name, the rename that ended it).
    """
    periods = _name_periods(view, k)
    told = {(p["name"], p["from"]): p["sources"] for p in periods}
    for e in data["earlier_names"]:
        e["sources"] = told.get((e["name"], e["from"]), [])
    starts = [p["from"] for p in periods]
    i = bisect.bisect_right([s or "" for s in starts], when.isoformat()) - 1
    data["name_sources"] = periods[max(i, 0)]["sources"] if periods else []


def _resolve_as_known(s: Store, view: View, entity: str, known: date | None) -> int:
    """The entity in the view as known on ``known``.

    A name the full log knows but the older view does not is not a typo: the
    user is told it had not been recorded yet, and when it was, instead of
    "no entity is called X" and a count of entities that is not the store's.
    """
    try:
        return view.resolve(entity)
    except UnknownEntityError:
        if known is None:
            raise
        k = s.view.resolve(entity)  # a name unknown to the whole log keeps its own error
        rows = s.view.full_rows(k)
        first = min((str(r["recorded_at"]) for r in rows if r["recorded_at"]), default=None)
        later = f": the store first recorded it on {first[:10]}" if first else ": it was recorded later"
        raise UnknownEntityError(
            f"as known on {known.isoformat()}, nothing had been recorded about {entity!r}{later}"
        ) from None


def record(view: View, row: Mapping[str, Any]) -> dict[str, Any]:
    """One row in the public event schema (BRIEF / DESIGN: ``events --format jsonl``)."""

    def party(k: int | None) -> dict[str, Any] | None:
        if k is None:
            return None
        at = row["eff_start"] if row["eff_start"] is not None else 0
        return view.ref(k).as_json(view.name_at(k, at))

    start, end = row["start"], row["end"]
    ds, de = row["date_start"], row["date_end"]
    return {
        "id": row["id"],
        "type": row["type"],
        "subject": party(row["subject_key"]),
        "object": party(row["object_key"]),
        "subject_text": row["subject"],
        "object_text": row["object"],
        "date": row["date"],
        "precision": row["precision"],
        "date_start": ds.isoformat() if ds else None,
        "date_end": de.isoformat() if de else None,
        "date_text": row["date_text"],
        "attributes": json.loads(row["attributes"] or "{}"),
        "source": {
            "doc": row["doc"],
            "doc_sha256": row["doc_sha256"],
            "start": start if start is not None and start >= 0 else None,
            "end": end if end is not None and end >= 0 else None,
            "quote": row["quote"],
        },
        "published": row["published"],
        "published_how": row["published_how"],
        "confidence": row["confidence"],
        "rule": row["rule"],
        "recorded_at": row["recorded_at"],
        "status": _status(row),
        "folded": bool(row["folded"]),
        "same_as": row.get("same_as"),
        "conflict": row.get("conflict"),
    }


def _status(row: Mapping[str, Any]) -> str:
    """asserted, or retracted when a later curation line (``{"retracts": id}``) withdrew the event.

    The index leaves such an event unfolded with no event it repeats and no conflict;
    the log keeps its own status, so the record says why the state no longer uses it.
    """
    status = str(row["status"])
    if status == "asserted" and not row["folded"] and not row.get("same_as") and not row.get("conflict"):
        return "retracted"
    return status


def event_records(
    store: Store | str | Path,
    entity: str | None = None,
    type: str | None = None,
    from_: str | date | None = None,
    to: str | date | None = None,
    *,
    as_known: str | date | None = None,
) -> list[dict[str, Any]]:
    """Events in the public schema, by date; ``entity`` matches subject, object or a named party.

    With ``as_known`` (a day), only events recorded by the end of that day.
    """
    s = _open(store)
    view = s.known_view(parse_day(as_known, "--as-known").isoformat() if as_known is not None else None)
    if type is not None and type not in EVENT_TYPES:
        raise _unknown_type(type)
    rows = view.full_rows(view.resolve(entity)) if entity is not None else view.all_rows()
    lo = day(parse_period(from_, "--from").start) if from_ is not None else None
    hi = day(parse_period(to, "--to").end) if to is not None else None
    seen: set[str] = set()
    out = []
    for row in rows:
        if row["id"] in seen or (type is not None and row["type"] != type):
            continue
        if lo is not None or hi is not None:
            ds, de = row["date_start"], row["date_end"]
            if ds is None or (lo is not None and day(de) < lo) or (hi is not None and day(ds) > hi):
                continue
        seen.add(row["id"])
        out.append(record(view, row))
    out.sort(key=lambda r: (r["date_start"] is None, r["date_start"] or "", r["date_end"] or "", r["id"]))
    return out


def _unknown_type(type_: str) -> Exception:
    from events.errors import InputError

    return InputError("--type", f"unknown event type {type_!r}; known types: {', '.join(EVENT_TYPES)}")


def history(store: Store | str | Path, entity: str) -> dict[str, Any]:
    """An entity's names over time and every event that involves it."""
    s = _open(store)
    view = s.view
    k = view.resolve(entity)
    events = event_records(s, entity=entity)
    return {
        "entity": {**view.ref(k).as_json(), "kind": view.ref(k).kind},
        "names": _name_periods(view, k),
        "events": events,
    }


def _name_periods(view: View, k: int) -> list[dict[str, Any]]:
    """Each name of the entity with its period and the sources of the rename that started it."""
    starts, ends, names = view.name_timeline(k)
    starters = view.name_events(k)
    wanted = {i for i in starters if i}
    by_id: dict[str, dict[str, Any]] = {}
    for r in view.rows(k):
        if (r["type"] == "renamed" or r["id"] in wanted) and r["id"] not in by_id:
            by_id[r["id"]] = record(view, view.event(r["event"]))
    events = sorted(by_id.values(), key=lambda e: (e["date_start"] or "", e["id"]))
    periods = []
    for i, name in enumerate(names):
        started = by_id.get(starters[i] or "")
        # The rename that starts the name, then the sources that tell the same rename.
        told = [started, *(e for e in events if started and e["same_as"] == started["id"])] if started else []
        if i == 0 and len(names) > 1:
            # The first known name is known from the first rename, as the name it replaced.
            first = by_id.get(starters[1] or "")
            told = [first] if first and first["attributes"].get("old_name") else []
        periods.append(
            {
                "name": name,
                "from": from_day(starts[i]).isoformat() if i > 0 else None,
                "change_until": from_day(ends[i]).isoformat() if i > 0 else None,
                "until": from_day(starts[i + 1]).isoformat() if i + 1 < len(names) else None,
                "sources": [_name_source(e) for e in told if e is not None],
            }
        )
    return periods


def _name_source(e: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "event": e["id"],
        "date": e["date"],
        "new_name": e["attributes"].get("new_name"),
        "old_name": e["attributes"].get("old_name"),
        **{k: e["source"][k] for k in ("doc", "start", "end", "quote")},
    }


def entities(store: Store | str | Path) -> list[dict[str, Any]]:
    """Every entity with its id, current name, every name it carried and its kind."""
    s = _open(store)
    view = s.view
    counts = view.entities.column("row_count")
    # One pass over the name timeline (sorted by entity, then start), not one read per entity.
    periods: dict[int, list[dict[str, Any]]] = {}
    tl = view.timeline
    for ek, start, name in zip(tl.column("ekey"), tl.column("valid_from"), tl.column("name"), strict=True):
        mine = periods.setdefault(ek, [])
        if mine:
            mine[-1]["until"] = from_day(start).isoformat()
        mine.append({"name": name, "from": from_day(start).isoformat() if mine else None, "until": None})
    return [
        {**r.as_json(), "kind": r.kind, "events": counts[r.ekey], "names": periods.get(r.ekey, [])}
        for r in sorted(view.all_refs(), key=lambda r: (r.name.casefold(), r.id))
    ]


def conflicts(store: Store | str | Path) -> list[dict[str, Any]]:
    """Every disagreement between sources: the chosen value, why, and the alternatives."""
    s = _open(store)
    view = s.view
    out = []
    for c in view.conflicts():
        out.append(
            {
                **_with_published(view, c["subject"], c),
                "subject": view.ref(c["subject"]).as_json(),
                "object": view.ref(c["object"]).as_json() if c["object"] is not None else None,
            }
        )
    return out


def _with_published(view: View, k: int, conflict: Mapping[str, Any]) -> dict[str, Any]:
    """The conflict with each source's publication date (and how it was found) beside its quote.

    "later-published source" is a claim the reader checks against these dates.
    """
    where = {r["id"]: r["event"] for r in view.rows(k)}

    def dated(entry: Mapping[str, Any]) -> dict[str, Any]:
        i = where.get(entry["event"])
        row = view.event(i) if i is not None else {}
        return {**entry, "published": row.get("published"), "published_how": row.get("published_how")}

    chosen = {**dated(conflict["chosen"])}
    chosen["also_said_by"] = [dated(e) for e in conflict["chosen"].get("also_said_by") or []]
    return {**conflict, "chosen": chosen, "alternatives": [dated(a) for a in conflict["alternatives"]]}
