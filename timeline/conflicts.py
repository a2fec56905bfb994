"""Conflicts: one fact stated differently by two sources.

Events are grouped by the fact they state (see ``fact_key``): type, subject,
object and a detail (the new name, the exchange, the metric). Within a group,
events whose dates nest (``2021`` and ``2021-12-02``) and whose values agree
corroborate each other: the most precise one is folded, the others stay in
the log, marked ``same_as`` the folded one. A conflict record is made when

- a one-off fact (founded, renamed, became_sole_owner, a trademark transfer...)
  is dated in ways that cannot both be true (``2018-11`` against ``2022``), or
  its values differ (a 50% against a 60% joint venture);
- a repeatable fact (a stake bought or sold, a yearly figure) has two values
  for the same stated period (497,008 against 427,000 units for 2024). Stakes
  dated at different periods are a sequence, not a disagreement.

The chosen event is folded; the others are listed as alternatives with their
sources and are not folded (``events`` shows them with ``folded: false``).

Choosing rule, in order:

1. for dates: the more precise date wins (a month beats a year);
2. the later-published source wins (its reference date, then its publication date);
3. the higher confidence wins;
4. ties: the event id, a hash of the evidence (so the choice does not depend on
   ingest order or on how the events were split into files).

For values (stakes, figures) rule 2 comes first: a later source is taken to
correct an earlier one. A conflict record names the rule that actually told
the chosen event from its strongest rival (``deciding_rule``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Facts that happen once per (type, subject, object[, detail]): a second date is a disagreement.
ONE_OFF = frozenset(
    {
        "founded",
        "renamed",
        "name_change_proposed",
        "established_subsidiary",
        "joint_venture_formed",
        "became_sole_owner",
        "trademark_transferred",
        "brand_launched",
        "spun_off",
        "merged",
        "listed",
        "ipo",
        "delisted",
    }
)
#: Facts that can repeat (a second purchase); only overlapping dates make them one fact.
REPEATABLE = frozenset({"acquired_stake", "sold_stake", "investment", "sales_figure", "financial_result"})
#: The attributes that carry a fact's value, per type family.
VALUE_KEYS: dict[str, tuple[str, ...]] = {
    "acquired_stake": ("stake", "stake_after"),
    "sold_stake": ("stake", "stake_after"),
    "investment": ("stake", "stake_after", "amount"),
    "joint_venture_formed": ("stake",),
    "spun_off": ("stake_after",),
    "sales_figure": ("units", "amount", "value"),
    "financial_result": ("amount", "value"),
}
_DETAIL_KEYS = ("new_name", "exchange", "metric", "segment", "period")
#: Details that are names: two spellings of one name ("Seres" and "Seres Group Co., Ltd")
#: state one fact when their dates nest. Metrics and periods are not names ("revenue"
#: is not "revenue growth"), so only one-off facts' names are compared this way.
_NAME_DETAILS = ("new_name", "exchange")


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the chooser needs to know about one event."""

    id: str
    type: str
    subject: int
    object: int | None
    date: str | None
    start: int | None
    end: int | None
    attributes: Mapping[str, Any]
    published_start: int | None
    confidence: float
    doc: str
    source: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Resolution:
    """What the chooser decided: the events not folded, the disagreements, the names shown."""

    suppressed: Mapping[str, str]  # event id -> id of the event folded in its place
    conflicts: tuple[Conflict, ...]
    #: Folded event id -> the name detail to show ("new_name"/"exchange" -> the fullest
    #: spelling among the sources that agree with it), when it differs from its own.
    names: Mapping[str, Mapping[str, str]]


@dataclass(frozen=True, slots=True)
class Conflict:
    """A disagreement: the chosen event, why, and the alternatives with their sources."""

    id: str
    kind: str  # "date" or "value"
    type: str
    subject: int
    object: int | None
    field: str
    chosen: Mapping[str, Any]
    rule: str
    alternatives: tuple[Mapping[str, Any], ...]


def fact_key(c: Candidate) -> tuple[Any, ...] | None:
    """The fact an event states, or None when its type is not compared (agreements, products...)."""
    if c.type not in ONE_OFF and c.type not in REPEATABLE:
        return None
    detail = tuple(_norm(c.attributes.get(k)) for k in _DETAIL_KEYS)
    return (c.type, c.subject, c.object, detail)


def _coarse_key(c: Candidate) -> tuple[Any, ...] | None:
    """Like ``fact_key`` but without the name details of a one-off fact: the events that may be one fact."""
    if c.type not in ONE_OFF:
        return fact_key(c)
    detail = tuple("" if k in _NAME_DETAILS else _norm(c.attributes.get(k)) for k in _DETAIL_KEYS)
    return (c.type, c.subject, c.object, detail)


def _words(v: object) -> tuple[str, ...]:
    return tuple(_norm(v).split()) if isinstance(v, str) else ()


def names_compatible(a: str, b: str) -> bool:
    """Two spellings of one name: one's words (legal forms dropped) are a prefix or a subset of the other's.

    "Seres" and "Seres Group Co., Ltd"; "Shanghai" and "Shanghai Stock Exchange". Empty names never match.
    """
    x, y = _words(a), _words(b)
    if not x or not y:
        return False
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    return long_[: len(short)] == short or set(short) <= set(long_)


def _same_names(a: Candidate, b: Candidate) -> bool:
    """Do two one-off events name the same thing in every name detail (equal or compatible spellings)?"""
    for k in _NAME_DETAILS:
        x, y = a.attributes.get(k), b.attributes.get(k)
        if _norm(x) == _norm(y):
            continue
        if not (isinstance(x, str) and isinstance(y, str) and names_compatible(x, y)):
            return False
    return True


def _successive(a: Candidate, b: Candidate) -> bool:
    """One rename leads into the other ("X -> X Group", then "X Group -> X Group Holdings")."""
    old_a, old_b = _norm(a.attributes.get("old_name")), _norm(b.attributes.get("old_name"))
    new_a, new_b = _norm(a.attributes.get("new_name")), _norm(b.attributes.get("new_name"))
    return bool((old_a and old_a == new_b) or (old_b and old_b == new_a))


def _one_fact(a: Candidate, b: Candidate, keys: Mapping[str, tuple[Any, ...] | None]) -> bool:
    """Same fact key, or compatible spellings of the names dated in nesting intervals.

    ``keys`` holds each candidate's ``fact_key``, computed once per group: comparing pairs
    would otherwise recompute it for every pair (quadratic work on long documents).
    """
    if keys[a.id] == keys[b.id]:
        return True
    # An undated event agrees with any date, so it cannot tell one rename from two.
    dated = a.start is not None and b.start is not None
    return dated and _nested(a, b) and _same_names(a, b) and not _successive(a, b)


def _fuller(names: Iterable[str]) -> str:
    """The fullest spelling: most words (legal forms dropped), then the longest, then by text."""
    return min(names, key=lambda n: (-len(_words(n)), -len(n), n))


def _norm(v: object) -> str:
    from timeline.names import name_key

    return name_key(v) if isinstance(v, str) else ("" if v is None else str(v))


def _values(c: Candidate) -> dict[str, Any]:
    return {k: c.attributes[k] for k in VALUE_KEYS.get(c.type, ()) if c.attributes.get(k) is not None}


def _nested(a: Candidate, b: Candidate) -> bool:
    """Can both dates be true? Undated facts agree with any date; intervals must nest."""
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return True
    return (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)


def _overlap(a: Candidate, b: Candidate) -> bool:
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return True
    return a.start <= b.end and b.start <= a.end


def _width(c: Candidate) -> int:
    return (c.end - c.start) if c.start is not None and c.end is not None else 10**9


def _date_order(c: Candidate) -> tuple[Any, ...]:
    return (_width(c), -(c.published_start or -(10**9)), -c.confidence, c.id)


def _value_order(c: Candidate) -> tuple[Any, ...]:
    return (-(c.published_start or -(10**9)), _width(c), -c.confidence, c.id)


#: The names of the criteria of ``_date_order`` and ``_value_order``, position by position.
PRECISE, LATER, CONFIDENT, TIE = (
    "more precise date",
    "later-published source",
    "higher confidence",
    "tie: the sources agree on precision, publication and confidence; the event id decides",
)
_DATE_RULES = (PRECISE, LATER, CONFIDENT, TIE)
_VALUE_RULES = (LATER, PRECISE, CONFIDENT, TIE)


def deciding_rule(kind: str, chosen: Candidate, rivals: Sequence[Candidate]) -> str:
    """The criterion that put ``chosen`` ahead of its strongest rival: the rule a user is told.

    Naming the rule by the kind of conflict alone would claim "later-published
    source" for two figures from one document, which the event id decided.
    """
    order, names = (_date_order, _DATE_RULES) if kind == "date" else (_value_order, _VALUE_RULES)
    best = min(rivals, key=order)
    for name, mine, theirs in zip(names, order(chosen), order(best), strict=True):
        if mine != theirs:
            return name
    return TIE


def _values_agree(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    for k in set(a) & set(b):
        x, y = a[k], b[k]
        if isinstance(x, int | float) and isinstance(y, int | float):
            if abs(float(x) - float(y)) > 1e-9 * max(1.0, abs(float(x))):
                return False
        elif x != y:
            return False
    return True


def _clusters(group: Sequence[Candidate], together: Any) -> list[list[Candidate]]:
    """Split a group into clusters linked by ``together`` (transitively)."""
    out: list[list[Candidate]] = []
    for c in sorted(group, key=lambda x: (x.start if x.start is not None else -(10**9), x.id)):
        hits = [cl for cl in out if any(together(c, o) for o in cl)]
        merged = [c]
        for cl in hits:
            merged.extend(cl)
            out.remove(cl)
        out.append(merged)
    return out


def _entry(c: Candidate, value: object) -> dict[str, Any]:
    return {"event": c.id, "value": value, "date": c.date, "source": dict(c.source)}


def resolve(candidates: Iterable[Candidate]) -> tuple[dict[str, str], list[Conflict]]:
    """Choose one event per fact.

    Returns ``suppressed`` (event id -> id of the event folded in its place) and the conflicts.
    """
    r = resolve_all(candidates)
    return dict(r.suppressed), list(r.conflicts)


def resolve_all(candidates: Iterable[Candidate]) -> Resolution:
    """Choose one event per fact; also the fullest spelling of each folded one-off fact's names."""
    groups: dict[tuple[Any, ...], list[Candidate]] = {}
    for c in candidates:
        key = _coarse_key(c)
        if key is not None:
            groups.setdefault(key, []).append(c)
    suppressed: dict[str, str] = {}
    conflicts: list[Conflict] = []
    names: dict[str, dict[str, str]] = {}
    for key, group in groups.items():
        if len(group) < 2:
            continue
        if key[0] in ONE_OFF:
            # "took the Seres name in 2022" and "renamed Seres Group Co., Ltd in July 2022" are one
            # rename told twice; the same names at disjoint dates stay one fact (a conflict), and
            # compatible names at disjoint dates stay two facts ("X" in 2001, "X Group" in 2015).
            keys = {c.id: fact_key(c) for c in group}
            for fact in _clusters(group, lambda a, b, k=keys: _one_fact(a, b, k)):
                if len(fact) < 2:
                    continue
                chosen = _decide(key, fact, suppressed, conflicts)
                shown = _shown_names(chosen, fact)
                if shown:
                    names[chosen.id] = shown
            continue
        # A repeatable fact (a purchase, a yearly figure) is one fact per stated period:
        # two values for the same period disagree; different periods are a sequence,
        # unless they nest and agree ("2024" and "2024-08", both 10%): then they corroborate.
        for cluster in _clusters(group, _overlap):
            if len(cluster) < 2:
                continue
            by_date: dict[str | None, list[Candidate]] = {}
            for c in cluster:
                by_date.setdefault(c.date, []).append(c)
            reps = [_decide(key, same, suppressed, conflicts) for same in by_date.values()]
            vals = [_values(c) for c in reps]
            if (
                len(reps) > 1
                and all(_values_agree(a, b) for a in vals for b in vals)
                and all(_nested(a, b) for a in reps for b in reps)
            ):
                _decide(key, reps, suppressed, conflicts)
    conflicts.sort(key=lambda c: c.id)
    return Resolution(suppressed, tuple(conflicts), names)


def _shown_names(chosen: Candidate, fact: Sequence[Candidate]) -> dict[str, str]:
    """The fullest spelling of each name detail among the events that agree with the chosen one."""
    agree = [c for c in fact if _nested(c, chosen) and _same_names(c, chosen)]
    out: dict[str, str] = {}
    for k in _NAME_DETAILS:
        own = chosen.attributes.get(k)
        if not isinstance(own, str):
            continue
        spellings = [v for c in agree if isinstance(v := c.attributes.get(k), str) and v.strip()]
        best = _fuller(spellings) if spellings else own
        if best != own:
            out[k] = best
    return out


def _decide(
    key: tuple[Any, ...], fact: list[Candidate], suppressed: dict[str, str], conflicts: list[Conflict]
) -> Candidate:
    """Fold one event of ``fact``; record a conflict when its members disagree. Returns the chosen one."""
    if len(fact) == 1:
        return fact[0]
    dates_agree = all(_nested(a, b) for a in fact for b in fact)
    vals = [_values(c) for c in fact]
    values_agree = all(_values_agree(a, b) for a in vals for b in vals)
    if not values_agree:
        chosen = min(fact, key=_value_order)
        kind, fld = "value", ",".join(sorted({k for v in vals for k in v}))
    else:
        chosen = min(fact, key=_date_order)
        kind, fld = "date", "date"
    for c in fact:
        if c.id != chosen.id:
            suppressed[c.id] = chosen.id
    if dates_agree and values_agree:
        return chosen

    def show(c: Candidate) -> object:
        return c.date if kind == "date" else _values(c)

    def agrees(c: Candidate) -> bool:
        if kind == "date":
            return _nested(c, chosen)
        return _values_agree(_values(c), _values(chosen))

    rest = [c for c in sorted(fact, key=_value_order) if c.id != chosen.id]
    rivals = [c for c in rest if not agrees(c)]
    others = tuple(_entry(c, show(c)) for c in rivals)
    rule = deciding_rule(kind, chosen, rivals or rest)
    picked = {**_entry(chosen, show(chosen)), "also_said_by": [_entry(c, show(c)) for c in rest if agrees(c)]}
    cid = "c" + hashlib.sha256(json.dumps(sorted(c.id for c in fact)).encode()).hexdigest()[:12]
    conflicts.append(Conflict(cid, kind, key[0], key[1], key[2], fld, picked, rule, others))
    return chosen
