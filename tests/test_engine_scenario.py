"""A hand-checked story: renames, stakes bought and sold, a sole-owner takeover, and dates at
day, month, quarter and year precision. Each change is asked about just before and just after
it, and inside its precision interval (where the answer must say it is uncertain)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from engine_support import ev, ingest, write_events

from timeline.query import state

STORY = [
    ev("founded", "Northwind Traders Ltd", "1990-03"),
    ev(
        "renamed",
        "Northwind Traders Ltd",
        "1998",
        old_name="Northwind Traders Ltd",
        new_name="Northwind Holdings plc",
    ),
    ev("founded", "Baltic Freight", "1995-06-01"),
    ev("acquired_stake", "Northwind Holdings plc", "2001-05-10", "Baltic Freight", stake=0.3),
    ev("acquired_stake", "Oslo Shipping AS", "2003-02", "Baltic Freight", stake=0.4),
    ev("acquired_stake", "Northwind Holdings", "2005-11-15", "Baltic Freight", stake=0.2),
    ev("sold_stake", "Northwind Holdings plc", "2008-Q2", "Baltic Freight", stake=0.1),
    ev("sold_stake", "Oslo Shipping", "2009-09-09", "Baltic Freight", stake_after=0.25),
    ev(
        "renamed",
        "Northwind Holdings plc",
        "2012-Q3",
        old_name="Northwind Holdings plc",
        new_name="Nordic Wind Group",
    ),
    ev("became_sole_owner", "Nordic Wind Group", "2014-07", "Baltic Freight"),
    ev("renamed", "Baltic Freight", "2015-01-01", old_name="Baltic Freight", new_name="Nordic Wind Freight"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scenario")
    ingest(root / "store", write_events(root / "story.events.jsonl", STORY))
    return root / "store"


def owners(s: dict[str, Any]) -> dict[str, float | None]:
    return {o["holder"]["name"]: o["stake"] for o in s["owners"]}


def holdings(s: dict[str, Any]) -> dict[str, float | None]:
    return {h["target"]["name"]: h["stake"] for h in s["holdings"]}


@pytest.mark.parametrize(
    ("asked", "at", "name", "uncertain"),
    [
        ("Northwind Holdings plc", "1997-12-31", "Northwind Traders Ltd", False),
        ("NORTHWIND TRADERS LTD.", "1998-06-30", "Northwind Holdings plc", True),
        ("Nordic Wind Group", "1999-01-01", "Northwind Holdings plc", False),
        ("northwind holdings", "2012-06-30", "Northwind Holdings plc", False),
        ("Northwind Traders", "2012-08-15", "Nordic Wind Group", True),
        ("Northwind Traders", "2012-10-01", "Nordic Wind Group", False),
        ("Nordic Wind Freight", "2014-12-31", "Baltic Freight", False),
        ("Baltic Freight", "2015-01-01", "Nordic Wind Freight", False),
    ],
    ids=[
        "before-year-rename",
        "inside-year",
        "after-year",
        "before-quarter",
        "inside-quarter",
        "after-quarter",
        "before-day-rename",
        "on-day-rename",
    ],
)
def test_state_name_around_each_rename(store: Path, asked: str, at: str, name: str, uncertain: bool) -> None:
    s = state(store, asked, at)
    assert s["name"] == name
    flagged = [u for u in s["uncertain"] if u["field"] == "name"]
    assert bool(flagged) is uncertain
    if uncertain:
        assert flagged[0]["after"] == name and flagged[0]["before"] != name


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2001-05-09", {}),
        ("2001-05-10", {"Northwind Holdings plc": 0.3}),
        ("2003-01-31", {"Northwind Holdings plc": 0.3}),
        ("2003-03-01", {"Northwind Holdings plc": 0.3, "Oslo Shipping AS": 0.4}),
        ("2005-11-14", {"Northwind Holdings plc": 0.3, "Oslo Shipping AS": 0.4}),
        ("2005-11-15", {"Northwind Holdings plc": 0.5, "Oslo Shipping AS": 0.4}),
        ("2008-03-31", {"Northwind Holdings plc": 0.5, "Oslo Shipping AS": 0.4}),
        ("2008-07-01", {"Northwind Holdings plc": 0.4, "Oslo Shipping AS": 0.4}),
        ("2009-09-09", {"Northwind Holdings plc": 0.4, "Oslo Shipping AS": 0.25}),
        ("2014-06-30", {"Nordic Wind Group": 0.4, "Oslo Shipping AS": 0.25}),
        ("2014-08-01", {"Nordic Wind Group": 1.0}),
    ],
)
def test_state_owners_before_and_after_each_change(store: Path, at: str, expected: dict[str, float]) -> None:
    assert owners(state(store, "Baltic Freight", at)) == expected


def test_state_inside_a_month_is_uncertain_and_gives_both_values(store: Path) -> None:
    s = state(store, "Baltic Freight", "2003-02-15")
    assert owners(s) == {"Northwind Holdings plc": 0.3, "Oslo Shipping AS": 0.4}
    [u] = s["uncertain"]
    assert u["type"] == "acquired_stake" and u["date"] == "2003-02"
    assert {b["holder"] for b in u["before"]} == {"Northwind Holdings plc"}
    assert {a["holder"] for a in u["after"]} == {"Northwind Holdings plc", "Oslo Shipping AS"}
    assert [o["uncertain"] for o in s["owners"] if o["holder"]["name"] == "Oslo Shipping AS"] == [True]


def test_state_inside_the_takeover_month_shows_the_ended_holder_as_before(store: Path) -> None:
    s = state(store, "Baltic Freight", "2014-07-20")
    assert owners(s) == {"Nordic Wind Group": 1.0}
    [u] = s["uncertain"]
    assert {b["holder"]: b["stake"] for b in u["before"]} == {
        "Nordic Wind Group": 0.4,
        "Oslo Shipping AS": 0.25,
    }


@pytest.mark.parametrize(
    ("holder", "at", "expected"),
    [
        ("Oslo Shipping", "2003-01-31", {}),
        ("Oslo Shipping", "2014-06-30", {"Baltic Freight": 0.25}),
        ("Oslo Shipping", "2014-08-01", {}),
        ("Northwind Traders Ltd", "2008-07-01", {"Baltic Freight": 0.4}),
        ("Nordic Wind Group", "2016-01-01", {"Nordic Wind Freight": 1.0}),
    ],
)
def test_state_holdings_mirror_owners(store: Path, holder: str, at: str, expected: dict[str, float]) -> None:
    assert holdings(state(store, holder, at)) == expected


def test_state_owner_since_is_the_start_of_the_holding_not_of_the_last_change(store: Path) -> None:
    s = state(store, "Baltic Freight", "2010-01-01")
    since = {o["holder"]["name"]: o["since"] for o in s["owners"]}
    assert since == {"Northwind Holdings plc": "2001-05-10", "Oslo Shipping AS": "2003-02"}
    [nw] = [o for o in s["owners"] if o["holder"]["name"] == "Northwind Holdings plc"]
    assert [src["date"] for src in nw["sources"]] == ["2001-05-10", "2005-11-15", "2008-Q2"]


def test_state_earlier_names_listed_with_their_periods(store: Path) -> None:
    s = state(store, "Nordic Wind Group", "2020-01-01")
    assert [{k: e[k] for k in ("name", "from", "until")} for e in s["earlier_names"]] == [
        {"name": "Northwind Traders Ltd", "from": None, "until": "1998-01-01"},
        {"name": "Northwind Holdings plc", "from": "1998-01-01", "until": "2012-07-01"},
    ]
    # Each earlier name is sourced: the first by the rename that ended it, the next by the one that began it.
    told = [[(x["date"], x["old_name"], x["new_name"]) for x in e["sources"]] for e in s["earlier_names"]]
    assert told == [
        [("1998", "Northwind Traders Ltd", "Northwind Holdings plc")],
        [("1998", "Northwind Traders Ltd", "Northwind Holdings plc")],
    ]
    assert set(s["entity"]["aliases"]) >= {
        "Northwind Traders Ltd",
        "Northwind Holdings plc",
        "Nordic Wind Group",
    }
