"""State at a date: a fold of an entity's events, one small applier per event type.

``state_at(view, ekey, at)`` answers "what was it called, who owned it, what
did it hold, who ran it" on day ``at`` (at the end of that day). An event
counts from the first day of its date's interval; while ``at`` is still
inside the interval (a "2022-07" rename asked about 2022-07-15) the answer
marks the value uncertain and gives the value before and after. Undated facts
(an infobox's owners) hold from the document's reference date on, with the
start unknown. Owners and holdings are two views of one relation: the
holdings of H are H's rows in the owner folds of everything H ever held.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from events.errors import UnknownEntityError
from events.extract.roles import Office, offices
from events.model import OWNERSHIP_TYPES
from timeline.index import day
from timeline.view import View

_SOLE = 0.999
_GONE = 0.0005


def attrs(row: dict[str, Any]) -> dict[str, Any]:
    """The event's attributes (parsed once per row)."""
    parsed = row.get("_attrs")
    if parsed is None:
        parsed = json.loads(row["attributes"] or "{}")
        row["_attrs"] = parsed
    return parsed  # type: ignore[no-any-return]


def source_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """Provenance of a state value: the event (its document, span and quote are filled in at the end)."""
    return {"event": row["id"], "type": row["type"], "date": row["date"], "_row": row["event"]}


def _fill_sources(view: View, data: Any) -> None:
    """Give every source dict its document, span and quote (read only for what is shown)."""
    if isinstance(data, dict):
        i = data.pop("_row", None)
        if i is not None:
            e = view.event(i)
            start, end = e["start"], e["end"]
            data["doc"] = e["doc"]
            data["start"] = start if start is not None and start >= 0 else None
            data["end"] = end if end is not None and end >= 0 else None
            data["quote"] = e["quote"]
        for v in data.values():
            _fill_sources(view, v)
    elif isinstance(data, list):
        for v in data:
            _fill_sources(view, v)


@dataclass(slots=True)
class Holding:
    """One holder's stake in one target, while it lasts."""

    holder: int
    stake: float | None
    since: str | None
    sources: list[dict[str, Any]]
    uncertain: bool = False
    # Set when no event says the holding began: a later event tells what the holder had before it.
    inferred: dict[str, Any] | None = None
    # The date of an event that stated the resulting stake ("now holds 85%").
    stated_on: str | None = None


@dataclass(slots=True)
class Acc:
    """The fold's accumulator for one entity (mutable while folding, frozen into JSON after)."""

    ekey: int
    at: int
    owners: dict[int, Holding] = field(default_factory=dict)
    listings: dict[str, dict[str, Any]] = field(default_factory=dict)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    products: list[dict[str, Any]] = field(default_factory=list)
    agreements: list[dict[str, Any]] = field(default_factory=list)
    headquarters: dict[str, Any] | None = None
    founded: dict[str, Any] | None = None
    uncertain: list[dict[str, Any]] = field(default_factory=list)
    party: Callable[[str], int | None] = lambda _name: None


Applier = Callable[[Acc, dict[str, Any]], None]


def _num(v: object) -> float | None:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    return float(v)


def _set(acc: Acc, holder: int, stake: float | None, row: dict[str, Any]) -> None:
    """Give ``holder`` a stake (None = held, size not stated); a stake of 0 ends the holding."""
    if stake is not None and stake <= _GONE:
        acc.owners.pop(holder, None)
        return
    old = acc.owners.get(holder)
    since = old.since if old else row["date"]
    sources = [*(old.sources if old else []), source_of(row)]
    acc.owners[holder] = Holding(holder, stake, since, sources)
    if stake is not None and stake >= _SOLE:
        for other in [h for h in acc.owners if h != holder]:
            del acc.owners[other]


def _owned_by_subject(acc: Acc, row: dict[str, Any]) -> bool:
    return bool(row["object_key"] == acc.ekey and row["subject_key"] != acc.ekey)


def _acquired(acc: Acc, row: dict[str, Any]) -> None:
    if not _owned_by_subject(acc, row):
        return
    a = attrs(row)
    holder = row["subject_key"]
    after, stake = _num(a.get("stake_after")), _num(a.get("stake"))
    old = acc.owners.get(holder)
    if after is not None:
        _set(acc, holder, after, row)
        if holder in acc.owners:
            acc.owners[holder].stated_on = row["date"]
    elif stake is not None:
        base = old.stake if old is not None and old.stake is not None else 0.0
        _set(acc, holder, min(1.0, base + stake), row)
    else:
        _set(acc, holder, old.stake if old else None, row)


def _sold(acc: Acc, row: dict[str, Any]) -> None:
    if not _owned_by_subject(acc, row):
        return
    a = attrs(row)
    holder = row["subject_key"]
    after, stake = _num(a.get("stake_after")), _num(a.get("stake"))
    old = acc.owners.get(holder)
    says_all = bool(a.get("all") or a.get("entire")) or (stake is not None and stake >= _SOLE)
    if stake is None and says_all:
        # "sold its entire holding": what it held, when the text or an earlier event says how much.
        before = _num(a.get("stake_before"))
        stake = before if before is not None else (old.stake if old is not None else None)
    if after is not None:
        _set(acc, holder, after, row)
    elif says_all:
        acc.owners.pop(holder, None)
    elif stake is not None and old is not None and old.stake is not None:
        _set(acc, holder, old.stake - stake, row)
    elif old is not None:
        # Part of an unknown stake was sold: still a holder, size unknown.
        _set(acc, holder, None, row)
    buyer = acc.party(str(a.get("buyer"))) if a.get("buyer") else None
    if buyer is not None and buyer != acc.ekey:
        prev = acc.owners.get(buyer)
        if prev is not None and prev.stated_on is not None and prev.stated_on == row["date"]:
            # "... to T, which now holds 85%": the buyer's stake after this very sale is already stated.
            prev.sources.append(source_of(row))
            return
        if stake is None:
            # A sale of unstated size: the buyer's stake is unknown, unless it is already the sole owner
            # (the same deal told as "took it private").
            sole = prev is not None and prev.stake is not None and prev.stake >= _SOLE
            bought = prev.stake if sole and prev is not None else None
        else:
            bought = min(1.0, (prev.stake if prev and prev.stake is not None else 0.0) + stake)
        _set(acc, buyer, bought, row)


def _sole_owner(acc: Acc, row: dict[str, Any]) -> None:
    if _owned_by_subject(acc, row):
        _set(acc, row["subject_key"], 1.0, row)


def _subsidiary(acc: Acc, row: dict[str, Any]) -> None:
    if _owned_by_subject(acc, row):
        _set(acc, row["subject_key"], _num(attrs(row).get("stake_after") or attrs(row).get("stake")), row)


def _joint_venture(acc: Acc, row: dict[str, Any]) -> None:
    if row["object_key"] != acc.ekey:
        return
    a = attrs(row)
    stake = _num(a.get("stake"))
    if row["subject_key"] != acc.ekey:
        _set(acc, row["subject_key"], stake, row)
    partners = a.get("partners") or a.get("partner") or []
    partners = [partners] if isinstance(partners, str) else partners
    partner_stake = _num(a.get("partner_stake"))
    if partner_stake is None and stake is not None and len(partners) == 1:
        partner_stake = round(1.0 - stake, 6)
    for name in partners:
        k = acc.party(str(name))
        if k is not None and k != acc.ekey:
            _set(acc, k, partner_stake, row)


def _spun_off(acc: Acc, row: dict[str, Any]) -> None:
    if _owned_by_subject(acc, row):
        after = _num(attrs(row).get("stake_after"))
        # Without a remaining stake, a spin-off hands the shares out: the holding ends.
        _set(acc, row["subject_key"], after if after is not None else 0.0, row)


def _brand_holder(acc: Acc, row: dict[str, Any]) -> int | None:
    """Brand events run brand -> holder: the subject is the brand, the object its (new) holder."""
    if row["subject_key"] != acc.ekey or row["object_key"] is None or row["object_key"] == acc.ekey:
        return None
    return int(row["object_key"])


def _trademark(acc: Acc, row: dict[str, Any]) -> None:
    holder = _brand_holder(acc, row)
    if holder is not None:
        acc.owners.clear()
        _set(acc, holder, None, row)


def _brand_launched(acc: Acc, row: dict[str, Any]) -> None:
    holder = _brand_holder(acc, row)
    if holder is not None:
        _set(acc, holder, acc.owners[holder].stake if holder in acc.owners else None, row)
    if row["subject_key"] == acc.ekey:
        a = attrs(row)
        partners = a.get("partners") or a.get("partner") or []
        for name in [partners] if isinstance(partners, str) else partners:
            k = acc.party(str(name))
            if k is not None and k != acc.ekey:
                _set(acc, k, None, row)


def _founded(acc: Acc, row: dict[str, Any]) -> None:
    if row["subject_key"] == acc.ekey:
        acc.founded = {"date": row["date"], "sources": [source_of(row)]}
        # "X was founded by Y": the founder holds it, stake not stated.
        if row["object_key"] is not None and row["object_key"] != acc.ekey:
            _set(acc, row["object_key"], None, row)


def _listed(acc: Acc, row: dict[str, Any]) -> None:
    if row["subject_key"] != acc.ekey:
        return
    a = attrs(row)
    exchange = str(a.get("exchange") or a.get("market") or (row.get("object") or "") or "listed")
    acc.listings[exchange] = {
        "exchange": exchange,
        "ticker": a.get("ticker"),
        "since": row["date"],
        "sources": [source_of(row)],
    }


def _delisted(acc: Acc, row: dict[str, Any]) -> None:
    if row["subject_key"] != acc.ekey:
        return
    a = attrs(row)
    exchange = str(a.get("exchange") or a.get("market") or (row.get("object") or "") or "")
    if exchange in acc.listings:
        del acc.listings[exchange]
    elif not exchange:
        acc.listings.clear()


def _leadership(acc: Acc, row: dict[str, Any]) -> None:
    a = attrs(row)
    person = a.get("person") or (row.get("object") if row["subject_key"] == acc.ekey else None)
    if row["subject_key"] != acc.ekey and row.get("object_key") == acc.ekey:
        # "Zhang, chairman of Seres": the person is the subject.
        person = row["subject"]
    elif row["subject_key"] != acc.ekey:
        return
    written = " ".join(str(a.get("role") or "leader").lower().split())
    # "CEO" in one source and "chief executive" in another are one office (roles.yaml), so the
    # later holder succeeds the earlier; "president and CEO" holds two offices.
    for office in offices(written) or (Office(written, written, known=False),):
        _hold(acc, row, person, office, ended=bool(a.get("left") or a.get("ended")))


def _hold(acc: Acc, row: dict[str, Any], person: Any, office: Office, *, ended: bool) -> None:
    name = office.name
    mine = [k for k, p in acc.people.items() if p["office"] == name and p["person"] == person]
    if ended:
        for k in mine:
            del acc.people[k]
        return
    # A co-holder (co-CEO, a director) joins the others; a sole appointment ends every term.
    key = f"{name}\t{person}" if office.shared else name
    others = [k for k, p in acc.people.items() if p["office"] == name and p["person"] != person]
    ends = [] if office.shared else others
    source = {**source_of(row), "role": office.written}
    prev = acc.people.pop(mine[0]) if mine else None
    if prev:
        # The latest statement says whether the holder is still interim.
        entry = {**prev, "interim": office.interim, "sources": [*prev["sources"], source]}
    else:
        entry = {"office": name, "role": office.written, "person": person, "since": row["date"],
                 "interim": office.interim, "sources": [source]}  # fmt: skip
    for k in ends:
        old = acc.people.pop(k)
        was = {"person": old["person"], "role": old["role"], "since": old["since"], "sources": old["sources"]}
        entry["earlier"] = [*entry.get("earlier", []), *old.get("earlier", []), was]
        if row["date"] is None or old["since"] is None:
            # An undated statement ("Chairman: X" in an infobox) cannot be ordered against a
            # dated one: show the other person as an alternative, not only as a predecessor.
            entry["alternatives"] = [
                *entry.get("alternatives", []),
                was,
            ]
            entry["rule"] = "latest effective date; an undated statement counts from its document's date"
    acc.people[key] = entry


def _figure(acc: Acc, row: dict[str, Any]) -> None:
    if row["subject_key"] != acc.ekey or row["eff_end"] > acc.at:
        return  # a figure for a period is known once the period is over
    a = attrs(row)
    # Each figure a row states is its own measure ("revenue", "net_income"), so a year's revenue and
    # profit stand side by side.
    for measure in [m for m in _MEASURES if m in a] or [str(a.get("metric") or "amount")]:
        _one_figure(acc, row, a, measure)


#: The figures a sales or results event may state, in the order they are shown.
_MEASURES = ("units", "revenue", "net_income", "operating_income", "pretax_income", "amount", "value")


def _one_figure(acc: Acc, row: dict[str, Any], a: dict[str, Any], measure: str) -> None:
    value = a.get(measure)
    if measure == "units" and a.get("metric"):
        measure = str(a["metric"])  # "deliveries": what the units count
    key = f"{row['type']}:{measure}"
    acc.figures[key] = {
        "type": row["type"],
        "measure": measure,
        "value": value,
        "currency": a.get("currency"),
        "period": row["date"],
        "sources": [source_of(row)],
    }


def _product(acc: Acc, row: dict[str, Any]) -> None:
    if row["subject_key"] == acc.ekey:
        a = attrs(row)
        product = a.get("product") or row.get("object")
        acc.products.append({"product": product, "date": row["date"], "sources": [source_of(row)]})


def _agreement(acc: Acc, row: dict[str, Any]) -> None:
    other = row["object"] if row["subject_key"] == acc.ekey else row["subject"]
    for known in acc.agreements:
        if known["with"] == other and known["date"] == row["date"]:
            # One agreement told by two sources: one entry, both sources.
            known["sources"] = [*known["sources"], source_of(row)]
            return
    acc.agreements.append({"with": other, "date": row["date"], "sources": [source_of(row)]})


def _headquarters(acc: Acc, row: dict[str, Any]) -> None:
    if row["subject_key"] == acc.ekey:
        a = attrs(row)
        place = a.get("location") or a.get("to") or row.get("object")
        acc.headquarters = {"location": place, "since": row["date"], "sources": [source_of(row)]}


def _no_change(acc: Acc, row: dict[str, Any]) -> None:
    """Events that are history but change no state value (the name comes from the timeline)."""


#: One applier per event type. A test checks every type of the vocabulary has one.
APPLY: dict[str, Applier] = {
    "founded": _founded,
    "renamed": _no_change,
    "name_change_proposed": _no_change,
    "established_subsidiary": _subsidiary,
    "joint_venture_formed": _joint_venture,
    "acquired_stake": _acquired,
    "sold_stake": _sold,
    "became_sole_owner": _sole_owner,
    "merged": _no_change,
    "listed": _listed,
    "ipo": _listed,
    "delisted": _delisted,
    "trademark_transferred": _trademark,
    "brand_launched": _brand_launched,
    "spun_off": _spun_off,
    "investment": _acquired,
    "agreement": _agreement,
    "product_launch": _product,
    "sales_figure": _figure,
    "financial_result": _figure,
    "leadership": _leadership,
    "headquarters_moved": _headquarters,
    "other": _no_change,
}


_OWNED_SIDE_TYPES = OWNERSHIP_TYPES | {"trademark_transferred", "brand_launched", "founded"}


def _holder_rows(view: View, target: int, holder: int) -> list[dict[str, Any]]:
    """The rows of ``target`` that can change ``holder``'s stake in it, in fold order.

    That is the holder's own rows plus the few that touch every holder (a sole
    owner, a trademark transfer, a joint venture's partners): a holding is then
    folded from a handful of rows instead of the target's whole ownership history.
    """
    return view.holder_rows(target, holder, _OWNED_SIDE_TYPES)


def fold(view: View, ekey: int, at: int, *, rows: list[dict[str, Any]] | None = None) -> Acc:
    """Fold the entity's folded (non-suppressed, asserted) events effective by day ``at``.

    ``rows`` replaces the entity's rows (a subset in the same order, see ``_holder_rows``).
    """
    acc = Acc(ekey, at)
    acc.party = _party_resolver(view)
    all_rows = view.rows(ekey) if rows is None else rows
    seen: set[int] = set()  # holders some ownership row names by ``at``
    later = len(all_rows)
    for i, row in enumerate(all_rows):
        if row["eff_start"] > at:
            later = i
            break  # rows are in effective-date order
        if not row["folded"]:
            continue
        if row["object_key"] == ekey:
            seen.add(row["subject_key"])
        inside = row["eff_start"] <= at < row["eff_end"]
        before = {h: o.stake for h, o in acc.owners.items()} if inside else None
        APPLY[row["type"]](acc, row)
        if before is None:
            continue
        after = {h: o.stake for h, o in acc.owners.items()}
        # Only a change of who holds what is uncertain; a repeated statement is not.
        changed = sorted(
            set(before) ^ set(after) | {h for h in before if h in after and before[h] != after[h]}
        )
        if changed:
            for h in changed:
                if h in acc.owners:
                    acc.owners[h].uncertain = True
            acc.uncertain.append(
                {
                    "field": "owners",
                    "of": ekey,
                    "event": row["id"],
                    "type": row["type"],
                    "date": row["date"],
                    "holders": changed,
                    "before": before,
                    "after": after,
                }
            )
    _infer_earlier_holdings(acc, all_rows, later, seen)
    return acc


#: Events whose text may say what the holder had just before them ("sold its 35% stake",
#: "which already owned half").
_STATES_BEFORE = frozenset({"sold_stake", "acquired_stake", "investment", "became_sole_owner", "spun_off"})


def _infer_earlier_holdings(acc: Acc, rows: list[dict[str, Any]], start: int, seen: set[int]) -> None:
    """Holders the fold has not met yet whose first later event states their stake before it.

    "Straits has completed the sale of its 35% stake in Merlion" says Straits held 35% before the
    sale: asked about an earlier day, that holding is shown, marked inferred, with the sale as its
    source and no start date (the text gives none). Nothing is inferred for a day before the
    entity was founded, nor for a holder whose earlier events the fold already read.
    """
    first: set[int] = set()
    for row in rows[start:]:
        if row["type"] == "founded" and row["subject_key"] == acc.ekey:
            return  # it did not exist yet
        if row["type"] not in _STATES_BEFORE or not row["folded"] or row["object_key"] != acc.ekey:
            continue
        holder = row["subject_key"]
        if holder == acc.ekey or holder in first:
            continue
        first.add(holder)
        if holder in seen or holder in acc.owners or "stake_before" not in (row["attributes"] or ""):
            continue
        before = _num(attrs(row).get("stake_before"))
        if before is None or before <= _GONE:
            continue
        acc.owners[holder] = Holding(
            holder,
            before,
            None,
            [source_of(row)],
            inferred={
                "before": row["date"],
                "type": row["type"],
                "why": "the later event gives the stake held before it; when the holding began is not stated",
            },
        )


def _party_resolver(view: View) -> Callable[[str], int | None]:
    def resolve(name: str) -> int | None:
        try:
            return view.resolve(name)
        except UnknownEntityError:  # an unresolvable partner name is simply not a holder
            return None

    return resolve


def _holders_of_interest(view: View, ekey: int) -> list[int]:
    """Everything the entity ever held: targets of its ownership rows, brands it carried."""
    out: set[int] = set()
    for row in view.rows(ekey):
        t, s, o = row["type"], row["subject_key"], row["object_key"]
        if t in ("trademark_transferred", "brand_launched", "founded") and o == ekey and s != ekey:
            out.add(s)
        elif s == ekey and o is not None and o != ekey and t in OWNERSHIP_TYPES:
            out.add(o)
        elif row["role"] == "party" and t in ("joint_venture_formed", "brand_launched", "sold_stake"):
            out.add(o if t != "brand_launched" else s)
    out.discard(ekey)
    return sorted(k for k in out if k is not None)


def _party_json(view: View, ekey: int, at: int) -> dict[str, Any]:
    return view.ref(ekey).as_json(view.name_at(ekey, at))


def _stake(v: float | None) -> float | None:
    return None if v is None else round(v, 6)


@dataclass(frozen=True, slots=True)
class State:
    """The answer to ``state ENTITY --at DATE``, ready for JSON."""

    data: Mapping[str, Any]


def state_at(view: View, ekey: int, at: date, *, as_known: date | None = None) -> State:
    """Name, owners, holdings and the rest of one entity's state on day ``at``."""
    d = day(at)
    ref = view.ref(ekey)
    acc = fold(view, ekey, d)
    starts, ends, names = view.name_timeline(ekey)
    uncertain: list[dict[str, Any]] = []
    i = max(0, _last_le(starts, d))
    name = names[i] if names else ref.name
    if i > 0 and d < ends[i]:
        uncertain.append(
            {"field": "name", "before": names[i - 1], "after": name, "interval_end": _iso(ends[i])}
        )
    earlier: list[dict[str, Any]] = []
    for j in range(i):
        if names[j] != name and names[j] not in [e["name"] for e in earlier]:
            earlier.append(
                {
                    "name": names[j],
                    "from": _iso(starts[j]) if j > 0 else None,  # None: the first name known
                    "until": _iso(starts[j + 1]) if j + 1 < len(starts) else None,
                }
            )

    owners = [_holding_json(view, h, d, "holder") for h in _ordered(acc.owners)]
    holdings: list[dict[str, Any]] = []
    brands: list[dict[str, Any]] = []
    subsidiaries: list[dict[str, Any]] = []
    for target in _holders_of_interest(view, ekey):
        tacc = fold(view, target, d, rows=_holder_rows(view, target, ekey))
        h = tacc.owners.get(ekey)
        if h is not None:
            item = {"target": _party_json(view, target, d), **_holding_json(view, h, d, "target")}
            holdings.append(item)
            # The entity plus the holding that makes it a brand or subsidiary, with its sources.
            owned = {
                **item["target"],
                "stake": item["stake"],
                "since": item["since"],
                "sources": item["sources"],
            }
            if view.ref(target).kind == "brand":
                brands.append(owned)
            elif h.stake is None or h.stake > 0.5:
                subsidiaries.append(owned)
        for u in tacc.uncertain:
            if ekey in u["holders"]:
                uncertain.append(_uncertain_json(view, u, d))
    for u in acc.uncertain:
        uncertain.append(_uncertain_json(view, u, d))
    data: dict[str, Any] = {
        "entity": {**ref.as_json(), "kind": ref.kind},
        "at": at.isoformat(),
        "as_known": as_known.isoformat() if as_known else None,
        "name": name,
        "earlier_names": earlier,
        "founded": acc.founded,
        "owners": owners,
        "holdings": holdings,
        "subsidiaries": subsidiaries,
        "brands": brands,
        "listings": list(acc.listings.values()),
        "people": sorted(acc.people.values(), key=lambda p: (str(p["office"]), str(p["person"]))),
        "figures": sorted(acc.figures.values(), key=lambda f: (f["type"], f["measure"])),
        "products": acc.products,
        "agreements": acc.agreements,
        "headquarters": acc.headquarters,
        "uncertain": uncertain,
        "conflicts": [_conflict_json(view, c, d) for c in view.conflicts(ekey)],
    }
    _fill_sources(view, data)
    return State(data)


def _ordered(owners: Mapping[int, Holding]) -> list[Holding]:
    return sorted(owners.values(), key=lambda h: (-(h.stake or 0.0), h.holder))


def _holding_json(view: View, h: Holding, d: int, side: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "stake": _stake(h.stake),
        "since": h.since,
        "sources": h.sources,
    }
    if side == "holder":
        out = {"holder": _party_json(view, h.holder, d), **out}
    if h.inferred is not None:
        out["inferred"] = h.inferred
        out["since_note"] = f"not stated: inferred from a later event ({h.inferred['before']})"
    elif h.since is None:
        out["since_note"] = "undated: stated as of the document's reference date"
    if h.uncertain:
        out["uncertain"] = True
    return out


def _uncertain_json(view: View, u: Mapping[str, Any], d: int) -> dict[str, Any]:
    return {
        "field": u["field"],
        "of": view.name_at(u["of"], d),
        "event": u["event"],
        "type": u["type"],
        "date": u["date"],
        "before": [{"holder": view.name_at(h, d), "stake": _stake(s)} for h, s in u["before"].items()],
        "after": [{"holder": view.name_at(h, d), "stake": _stake(s)} for h, s in u["after"].items()],
    }


def _conflict_json(view: View, c: Mapping[str, Any], d: int) -> dict[str, Any]:
    return {
        **c,
        "subject": view.ref(c["subject"]).as_json(view.name_at(c["subject"], d)),
        "object": view.ref(c["object"]).as_json(view.name_at(c["object"], d))
        if c["object"] is not None
        else None,
    }


def _last_le(xs: list[int], v: int) -> int:
    import bisect

    return bisect.bisect_right(xs, v) - 1


def _iso(n: int) -> str:
    from timeline.index import from_day

    return from_day(n).isoformat()
