"""The seed corpus (../shared): reference dates found by inference, and every dated gold event's date
recovered by the tagger from its date phrase.

The documents and the gold are read from ../shared at test time; nothing from them is copied here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from events.temporal.reference import event_date, infer_reference_date, narrative_mode
from events.temporal.timex import Timex

SHARED = Path(__file__).parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "seres"
GOLD = SHARED / "gold" / "seres"

pytestmark = pytest.mark.skipif(
    not (CORPUS.is_dir() and (GOLD / "docs.json").is_file()),
    reason="the seed corpus and its gold (../shared/corpus/seres, ../shared/gold/seres) are not here",
)

# A gold date phrase that can name a date by itself; "Meanwhile" or "While spinning off the unit"
# borrow their date from the story and are not temporal expressions.
_DATE_WORDS = re.compile(
    r"\d|\b(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|year|years|quarter|half|month|today|yesterday|ago|week|spring|summer|autumn|fall|winter)\b",
    re.IGNORECASE,
)


def _docs() -> dict[str, Any]:
    if not (GOLD / "docs.json").is_file():
        return {}
    data: dict[str, Any] = json.loads((GOLD / "docs.json").read_text(encoding="utf-8"))
    return data


def _events() -> list[dict[str, Any]]:
    path = GOLD / "events.jsonl"
    if not path.is_file():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r.get("date")]


@cache
def _text(doc: str) -> str:
    return (CORPUS / doc).read_text(encoding="utf-8")


@cache
def _tagged(doc: str) -> tuple[Timex, ...]:
    from events.temporal import engine

    published = _docs()[doc]["published"]
    return tuple(engine.tag(_text(doc), published, narrative=narrative_mode(published)))


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one gold event's date phrase fared: ``found`` is None when the phrase is not checkable."""

    event: str
    phrase: str
    gold: str
    found: str | None
    checkable: bool
    why: str = ""

    @property
    def ok(self) -> bool:
        return self.checkable and self.found == self.gold


def check(event: dict[str, Any]) -> Outcome:
    """Tag the event's document and read the date of the timexes inside its date phrase."""
    text = _text(event["doc"])
    phrase = event["date_text"].split(" ... ")[0]
    gold = event["date"]
    spots = [m.start() for m in re.finditer(re.escape(phrase), text)]
    if not spots:
        return Outcome(event["id"], phrase, gold, None, False, "phrase not in the document")
    if not _DATE_WORDS.search(phrase):
        return Outcome(event["id"], phrase, gold, None, False, "phrase is not a temporal expression")
    # The occurrence inside the evidence quote, else the nearest one.
    lo, hi = event["start"], event["end"]
    at = min(spots, key=lambda s: 0 if lo <= s < hi else min(abs(s - lo), abs(s - hi)))
    inside = [t for t in _tagged(event["doc"]) if t.start < at + len(phrase) and at < t.end]
    found = event_date(inside)
    why = "" if inside else "no timex in the phrase"
    if "respectively" in event["date_text"] and found and "/" in found:
        # "From 2020 to 2022 ... respectively": the event takes one step of the range.
        first, last = found.split("/")
        if first <= gold <= last:
            found = gold
    return Outcome(event["id"], phrase, gold, found, True, why)


@pytest.mark.parametrize("doc", sorted(_docs()))
def test_reference_date_is_inferred_at_gold_precision_without_metadata(doc: str) -> None:
    gold = _docs()[doc]["published"]
    point, how = infer_reference_date(_text(doc))
    assert point is not None, f"{doc}: no reference date found"
    assert (point.value, how in ("dateline", "inferred")) == (gold, True)


@pytest.mark.parametrize("doc", sorted(_docs()))
def test_reference_date_is_the_same_when_the_tagger_adds_its_dates(doc: str) -> None:
    engine = pytest.importorskip("events.temporal.engine", reason="the tagger has not landed")
    point, _how = infer_reference_date(_text(doc), tag=engine.tag)
    assert point is not None
    assert point.value == _docs()[doc]["published"]


def outcomes() -> list[Outcome]:
    return [check(e) for e in _events()]


def summary(results: list[Outcome]) -> str:
    checkable = [r for r in results if r.checkable]
    ok = sum(r.ok for r in checkable)
    lines = [f"{ok} of {len(checkable)} checkable gold dates ({len(results)} dated events)"]
    lines += [
        f"  MISS {r.event} {r.phrase!r}: gold {r.gold}, got {r.found} {r.why}"
        for r in results
        if r.checkable and not r.ok
    ]
    lines += [f"  SKIP {r.event} {r.phrase!r}: {r.why}" for r in results if not r.checkable]
    return "\n".join(lines)


def test_gold_event_dates_come_from_the_tagger() -> None:
    pytest.importorskip("events.temporal.engine", reason="the tagger (temporal/engine.py) has not landed")
    results = outcomes()
    checkable = [r for r in results if r.checkable]
    assert len(checkable) >= 0.85 * len(results), summary(results)
    share = sum(r.ok for r in checkable) / len(checkable)
    assert share >= MIN_SHARE, summary(results)


#: Floor for the share of checkable gold dates the tagger recovers (regression guard).
MIN_SHARE = 0.95


if __name__ == "__main__":
    print(summary(outcomes()))
