"""One rename told by two sources at different precisions and spellings is one name change.

"took the Corvid name in 2019" and "renamed Corvid Group Co., Ltd in July 2019" state one
fact: the month dates it, the fuller spelling names it, the year source corroborates.
Compatible names at disjoint dates stay two changes; the same name at disjoint dates stays
a conflict.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine_support import ev, ingest, write_events

from timeline import query


def _store(tmp_path: Path, *files: list[dict[str, Any]]) -> Path:
    paths = [write_events(tmp_path / f"source{i}.events.jsonl", lines) for i, lines in enumerate(files)]
    ingest(tmp_path / "store", *paths)
    return tmp_path / "store"


def _names(store: Path, entity: str) -> list[tuple[str, str | None, str | None]]:
    return [(n["name"], n["from"], n["until"]) for n in query.history(store, entity)["names"]]


def _renames(store: Path, entity: str) -> dict[str | None, dict[str, Any]]:
    return {r["date"]: r for r in query.event_records(store, entity=entity, type="renamed")}


YEAR_SHORT = ev("renamed", "Lark Motors", "2019", old_name="Lark Motors", new_name="Corvid")
MONTH_FULL = ev(
    "renamed",
    "Lark Motors Co., Ltd",
    "2019-07",
    old_name="Lark Motors Co., Ltd",
    new_name="Corvid Group Co., Ltd",
)


def test_year_and_month_spellings_of_one_rename_give_one_name_change(tmp_path: Path) -> None:
    store = _store(tmp_path, [YEAR_SHORT], [MONTH_FULL])
    assert _names(store, "Corvid") == [
        ("Lark Motors Co., Ltd", None, "2019-07-01"),
        ("Corvid Group Co., Ltd", "2019-07-01", None),
    ]
    # Before July the company is still Lark Motors: the year-precision telling does not start a name.
    assert query.state(store, "Corvid Group", "2019-03-01")["name"] == "Lark Motors Co., Ltd"
    assert query.state(store, "Lark Motors", "2019-08-01")["name"] == "Corvid Group Co., Ltd"
    by_date = _renames(store, "Corvid")
    assert by_date["2019-07"]["folded"] and by_date["2019-07"]["same_as"] is None
    # The year telling corroborates: not folded, pointing at the month one, not a conflict.
    assert not by_date["2019"]["folded"]
    assert by_date["2019"]["same_as"] == by_date["2019-07"]["id"]
    assert by_date["2019"]["conflict"] is None
    assert query.conflicts(store) == []
    # The history names both sources of the change: the one that dates it, then the one that agrees.
    told = query.history(store, "Corvid")["names"][1]["sources"]
    assert [(t["doc"], t["date"], t["new_name"]) for t in told] == [
        ("source1.events.jsonl", "2019-07", "Corvid Group Co., Ltd"),
        ("source0.events.jsonl", "2019", "Corvid"),
    ]
    # The first known name comes from the rename that replaced it.
    (first,) = query.history(store, "Corvid")["names"][0]["sources"]
    assert (first["doc"], first["old_name"]) == ("source1.events.jsonl", "Lark Motors Co., Ltd")


def test_the_fuller_spelling_is_shown_even_when_the_shorter_one_has_the_precise_date(tmp_path: Path) -> None:
    precise_short = ev("renamed", "Lark Motors", "2019-07-15", old_name="Lark Motors", new_name="Corvid")
    vague_full = ev(
        "renamed", "Lark Motors", "2019", old_name="Lark Motors", new_name="Corvid Group Holdings Ltd"
    )
    store = _store(tmp_path, [vague_full], [precise_short])
    assert _names(store, "Corvid") == [
        ("Lark Motors", None, "2019-07-15"),
        ("Corvid Group Holdings Ltd", "2019-07-15", None),
    ]
    assert query.entities(store)[0]["name"] == "Corvid Group Holdings Ltd"


def test_compatible_names_at_disjoint_dates_stay_two_changes(tmp_path: Path) -> None:
    first = ev("renamed", "Lark Motors", "2015", old_name="Lark Motors", new_name="Corvid")
    second = ev("renamed", "Corvid", "2019-07", old_name="Corvid", new_name="Corvid Group Co., Ltd")
    store = _store(tmp_path, [first], [second])
    assert _names(store, "Corvid Group") == [
        ("Lark Motors", None, "2015-01-01"),
        ("Corvid", "2015-01-01", "2019-07-01"),
        ("Corvid Group Co., Ltd", "2019-07-01", None),
    ]
    assert all(r["folded"] for r in _renames(store, "Corvid").values())
    # The same periods in the state's earlier names and in `entities --format json`.
    earlier = query.state(store, "Lark Motors", "2020-01-01")["earlier_names"]
    assert [{k: e[k] for k in ("name", "from", "until")} for e in earlier] == [
        {"name": "Lark Motors", "from": None, "until": "2015-01-01"},
        {"name": "Corvid", "from": "2015-01-01", "until": "2019-07-01"},
    ]
    (entity,) = query.entities(store)
    assert entity["names"] == [
        {"name": "Lark Motors", "from": None, "until": "2015-01-01"},
        {"name": "Corvid", "from": "2015-01-01", "until": "2019-07-01"},
        {"name": "Corvid Group Co., Ltd", "from": "2019-07-01", "until": None},
    ]


def test_the_same_name_at_disjoint_dates_is_still_a_conflict(tmp_path: Path) -> None:
    early = ev("renamed", "Lark Motors", "2018", old_name="Lark Motors", new_name="Corvid")
    late = ev("renamed", "Lark Motors", "2019-07", old_name="Lark Motors", new_name="Corvid Ltd.")
    store = _store(tmp_path, [early], [late])
    (conflict,) = query.conflicts(store)
    assert conflict["type"] == "renamed"
    assert conflict["chosen"]["date"] == "2019-07"
    assert [a["date"] for a in conflict["alternatives"]] == ["2018"]


def test_different_names_in_the_same_year_stay_different(tmp_path: Path) -> None:
    # "Corvid" and "Heron Rail" share no words: two renames, the more precise one later in the year.
    a = ev("renamed", "Lark Motors", "2019", old_name="Lark Motors", new_name="Corvid")
    b = ev("renamed", "Corvid", "2019-09", old_name="Corvid", new_name="Heron Rail")
    store = _store(tmp_path, [a], [b])
    assert [n for n, _, _ in _names(store, "Heron Rail")] == ["Lark Motors", "Corvid", "Heron Rail"]


def test_one_listing_told_with_a_short_and_a_full_exchange_name_is_one_listing(tmp_path: Path) -> None:
    year = ev("listed", "Corvid Group", "2010", exchange="Shanghai")
    day = ev("listed", "Corvid Group", "2010-11-03", exchange="Shanghai Stock Exchange", ticker="601127")
    store = _store(tmp_path, [year], [day])
    listings = query.state(store, "Corvid Group", "2011-01-01")["listings"]
    assert [(li["exchange"], li["since"]) for li in listings] == [("Shanghai Stock Exchange", "2010-11-03")]


def test_an_undated_rename_to_a_longer_name_is_not_taken_for_a_dated_one(tmp_path: Path) -> None:
    dated = ev("renamed", "Lark Motors", "2015", old_name="Lark Motors", new_name="Corvid")
    undated = ev(
        "renamed",
        "Corvid",
        None,
        new_name="Corvid Group",
        not_before="2017-01",
        not_after="2018-12",
    )
    store = _store(tmp_path, [dated], [undated])
    assert [n for n, _, _ in _names(store, "Corvid Group")] == ["Lark Motors", "Corvid", "Corvid Group"]
