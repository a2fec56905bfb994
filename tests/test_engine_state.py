"""State at a date: the appliers, undated facts, brands, people, figures, and conflicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from engine_support import ev, ingest, write_events

from events.model import EVENT_TYPES
from timeline.query import conflicts, event_records, state
from timeline.state import APPLY


def test_every_event_type_has_an_applier() -> None:
    assert set(APPLY) == set(EVENT_TYPES)


def make(tmp_path: Path, lines: list[Any]) -> Path:
    ingest(tmp_path / "s", write_events(tmp_path / "t.events.jsonl", lines))
    return tmp_path / "s"


def owners(store: Path, name: str, at: str) -> dict[str, float | None]:
    return {o["holder"]["name"]: o["stake"] for o in state(store, name, at)["owners"]}


def test_sold_stake_of_unknown_size_keeps_the_holder_unless_all_was_sold(tmp_path: Path) -> None:
    store = make(
        tmp_path,
        [
            ev("acquired_stake", "Puffin", "2001", "Skua Mining"),
            ev("acquired_stake", "Gull", "2001", "Skua Mining"),
            ev("sold_stake", "Puffin", "2005-05-05", "Skua Mining", stake=0.1),
            ev("sold_stake", "Gull", "2006-06-06", "Skua Mining", all=True),
        ],
    )
    assert owners(store, "Skua Mining", "2005-12-31") == {"Puffin": None, "Gull": None}
    assert owners(store, "Skua Mining", "2006-06-06") == {"Puffin": None}


def test_stake_falling_to_zero_ends_the_holding(tmp_path: Path) -> None:
    store = make(
        tmp_path,
        [
            ev("acquired_stake", "Puffin", "2001-01-01", "Skua Mining", stake=0.3),
            ev("sold_stake", "Puffin", "2002-01-01", "Skua Mining", stake=0.3),
        ],
    )
    assert owners(store, "Skua Mining", "2001-12-31") == {"Puffin": 0.3}
    assert owners(store, "Skua Mining", "2002-01-01") == {}
    assert state(store, "Puffin", "2002-01-01")["holdings"] == []


def test_joint_venture_partner_and_spin_off_with_remaining_stake(tmp_path: Path) -> None:
    store = make(
        tmp_path,
        [
            ev(
                "joint_venture_formed",
                "Auk Motors",
                "2010-03-03",
                "Auk-Eider Trucks",
                stake=0.6,
                partner="Eider Group",
            ),
            ev("spun_off", "Auk Motors", "2015-Q4", "Auk-Eider Trucks", stake_after=0.2),
        ],
    )
    assert owners(store, "Auk-Eider Trucks", "2010-03-03") == {"Auk Motors": 0.6, "Eider Group": 0.4}
    assert owners(store, "Auk-Eider Trucks", "2016-01-01") == {"Eider Group": 0.4, "Auk Motors": 0.2}
    assert [h["target"]["name"] for h in state(store, "Eider Group", "2011-01-01")["holdings"]] == [
        "Auk-Eider Trucks"
    ]


def test_brand_owner_is_its_holder_and_a_trademark_transfer_replaces_it(tmp_path: Path) -> None:
    store = make(
        tmp_path,
        [
            ev("brand_launched", "Zephyr", "2019-05", "Auk Motors", partner="Tech Giant"),
            ev("trademark_transferred", "Zephyr", "2021-02", "Tech Giant"),
            ev("trademark_transferred", "Zephyr", "2022-08-01", "Auk Motors"),
        ],
    )
    assert owners(store, "Zephyr", "2019-06-01") == {"Auk Motors": None, "Tech Giant": None}
    assert owners(store, "Zephyr", "2021-03-01") == {"Tech Giant": None}
    assert owners(store, "Zephyr", "2022-08-01") == {"Auk Motors": None}
    s = state(store, "Auk Motors", "2020-01-01")
    assert [b["name"] for b in s["brands"]] == ["Zephyr"]


def test_undated_fact_holds_from_the_reference_date_with_start_unknown(tmp_path: Path) -> None:
    line = ev("acquired_stake", "Razorbill Holding", None, "Skua Mining")
    line["published"] = "2024-03"
    store = make(tmp_path, [line, ev("founded", "Skua Mining", "1950")])
    assert owners(store, "Skua Mining", "2024-02-29") == {}
    [o] = state(store, "Skua Mining", "2024-03-01")["owners"]
    assert o["holder"]["name"] == "Razorbill Holding" and o["since"] is None and "undated" in o["since_note"]


def test_undated_rename_with_bounds_places_the_name_in_time(tmp_path: Path) -> None:
    line = ev(
        "renamed",
        "Old Works",
        None,
        old_name="Old Works",
        new_name="Middle Works",
        not_before="1990",
        not_after="1995",
    )
    store = make(
        tmp_path,
        [
            ev("founded", "Old Works", "1980"),
            line,
            ev("renamed", "Middle Works", "2000-01-01", old_name="Middle Works", new_name="New Works"),
        ],
    )
    assert state(store, "New Works", "1989-12-31")["name"] == "Old Works"
    assert state(store, "New Works", "1996-01-01")["name"] == "Middle Works"
    assert [u["field"] for u in state(store, "New Works", "1993-01-01")["uncertain"]] == ["name"]


def test_people_and_latest_figures_and_listings(tmp_path: Path) -> None:
    store = make(
        tmp_path,
        [
            ev("leadership", "Auk Motors", "2015-02", role="Chairman", person="Ann Lee"),
            ev("leadership", "Auk Motors", "2020-06-01", role="chairman", person="Bo Chen"),
            ev("sales_figure", "Auk Motors", "2019", units=100),
            ev("sales_figure", "Auk Motors", "2020", units=150),
            ev("listed", "Auk Motors", "2018-10-10", exchange="Oslo Børs"),
        ],
    )
    s = state(store, "Auk Motors", "2020-12-31")
    [chair] = s["people"]
    assert (chair["role"], chair["person"], chair["earlier"][0]["person"]) == (
        "chairman",
        "Bo Chen",
        "Ann Lee",
    )
    assert [(f["period"], f["value"]) for f in s["figures"]] == [("2020", 150)]
    assert [(f["period"], f["value"]) for f in state(store, "Auk Motors", "2020-06-30")["figures"]] == [
        ("2019", 100)
    ]
    assert [li["exchange"] for li in s["listings"]] == ["Oslo Børs"]


def test_conflicting_dates_choose_the_more_precise_and_keep_the_other(tmp_path: Path) -> None:
    store = make(
        tmp_path,
        [
            ev(
                "joint_venture_formed",
                "Auk Motors",
                "2001-01-01",
                "Teal JV",
                stake=0.5,
                partner="Eider Group",
            ),
            ev("became_sole_owner", "Auk Motors", "2018-11", "Teal JV"),
            ev("became_sole_owner", "Auk Motors", "2022", "Teal JV"),
        ],
    )
    [c] = conflicts(store)
    assert (c["kind"], c["chosen"]["value"], c["rule"]) == ("date", "2018-11", "more precise date")
    assert [a["value"] for a in c["alternatives"]] == ["2022"]
    assert owners(store, "Teal JV", "2019-01-01") == {"Auk Motors": 1.0}
    s = state(store, "Teal JV", "2019-01-01")
    assert [x["id"] for x in s["conflicts"]] == [c["id"]]
    folded = {r["date"]: r["folded"] for r in event_records(store, type="became_sole_owner")}
    assert folded == {"2018-11": True, "2022": False}


def test_conflicting_values_choose_the_later_published_source(tmp_path: Path) -> None:
    older = {**ev("sales_figure", "Auk Motors", "2024", units=427000), "published": "2025-05-19"}
    newer = {**ev("sales_figure", "Auk Motors", "2024", units=497008), "published": "2026-02"}
    store = make(tmp_path, [older, newer])
    [c] = conflicts(store)
    assert (c["kind"], c["chosen"]["value"], c["rule"]) == (
        "value",
        {"units": 497008},
        "later-published source",
    )
    assert [f["value"] for f in state(store, "Auk Motors", "2025-01-01")["figures"]] == [497008]


def test_same_fact_at_two_precisions_is_corroboration_not_conflict(tmp_path: Path) -> None:
    store = make(
        tmp_path,
        [
            ev("brand_launched", "Zephyr", "2021", "Auk Motors"),
            ev("brand_launched", "Zephyr", "2021-12-02", "Auk Motors"),
        ],
    )
    assert conflicts(store) == []
    [o] = state(store, "Zephyr", "2021-12-02")["owners"]
    assert o["since"] == "2021-12-02"


@pytest.mark.parametrize("at", ["2030-01-01", "1900-01-01"])
def test_state_of_an_entity_with_no_changes(tmp_path: Path, at: str) -> None:
    store = make(tmp_path, [ev("agreement", "Auk Motors", "2010", "Eider Group")])
    s = state(store, "Eider Group", at)
    assert s["name"] == "Eider Group" and s["owners"] == [] and s["holdings"] == []


def test_repeatable_facts_corroborate_when_nested_and_equal_but_sequence_when_values_differ(
    tmp_path: Path,
) -> None:
    store = make(
        tmp_path,
        [
            ev("investment", "Auk Motors", "2024", "Yew Chips", stake=0.1),
            ev("investment", "Auk Motors", "2024-08", "Yew Chips", stake=0.1),
            ev("acquired_stake", "Eider Group", "2003", "Yew Chips", stake_after=0.3),
            ev("acquired_stake", "Eider Group", "2003-06", "Yew Chips", stake_after=0.4),
            ev("acquired_stake", "Eider Group", "2010-01-01", "Yew Chips", stake_after=0.2),
        ],
    )
    assert conflicts(store) == []
    assert owners(store, "Yew Chips", "2025-01-01") == {"Auk Motors": 0.1, "Eider Group": 0.2}
    assert owners(store, "Yew Chips", "2004-01-01") == {"Eider Group": 0.4}
    folded = {(r["subject"]["name"], r["date"]): r["folded"] for r in event_records(store)}
    assert folded[("Auk Motors", "2024-08")] and not folded[("Auk Motors", "2024")]


def test_an_undated_role_holder_is_shown_with_the_dated_one_as_alternative(tmp_path: Path) -> None:
    infobox = {
        **ev("leadership", "Auk Motors", None, role="chairman", person="Cy Park"),
        "published": "2026-02",
    }
    store = make(
        tmp_path, [ev("leadership", "Auk Motors", "2025-04", role="chairman", person="Di Wu"), infobox]
    )
    [before] = state(store, "Auk Motors", "2025-12-31")["people"]
    assert before["person"] == "Di Wu" and "alternatives" not in before
    [after] = state(store, "Auk Motors", "2026-03-01")["people"]
    assert after["person"] == "Cy Park" and after["since"] is None
    assert [a["person"] for a in after["alternatives"]] == ["Di Wu"] and after["rule"]


def test_a_conflict_lists_agreeing_sources_apart_from_the_alternatives(tmp_path: Path) -> None:
    other = {
        **ev("became_sole_owner", "Auk Motors", "2018-11-20", "Teal JV"),
        "source": {"doc": "b.txt", "quote": "x"},
    }
    store = make(
        tmp_path,
        [
            ev("became_sole_owner", "Auk Motors", "2018-11", "Teal JV"),
            ev("became_sole_owner", "Auk Motors", "2022", "Teal JV"),
            other,
        ],
    )
    [c] = conflicts(store)
    assert c["chosen"]["value"] == "2018-11-20"
    assert [a["value"] for a in c["chosen"]["also_said_by"]] == ["2018-11"]
    assert [a["value"] for a in c["alternatives"]] == ["2022"]


def test_a_repeated_statement_inside_its_month_is_not_an_uncertain_change(tmp_path: Path) -> None:
    store = make(
        tmp_path,
        [
            ev("acquired_stake", "Puffin", "2001-01-01", "Skua Mining", stake_after=0.3),
            ev("acquired_stake", "Puffin", "2005-05", "Skua Mining", stake_after=0.3),
            ev("acquired_stake", "Puffin", "2006-06", "Skua Mining", stake_after=0.35),
        ],
    )
    assert state(store, "Skua Mining", "2005-05-10")["uncertain"] == []
    [u] = state(store, "Skua Mining", "2006-06-10")["uncertain"]
    assert (u["before"], u["after"]) == (
        [{"holder": "Puffin", "stake": 0.3}],
        [{"holder": "Puffin", "stake": 0.35}],
    )


STAKE_SALE = """Brisk Ports sells out of Kelda Freight

OSLO, 3 May 2021 (Newswire) - Brisk Ports has completed the sale of its 40% stake in Kelda Freight
to Norr Shipping. Norr Shipping, which already owned a quarter of the trucking firm, now holds 65%.

Kelda Freight was founded in 2009 in Bergen.
"""


def test_a_holding_before_a_sale_is_inferred_from_the_sale_without_a_start_date(tmp_path: Path) -> None:
    doc = tmp_path / "kelda.txt"
    doc.write_text(STAKE_SALE, encoding="utf-8")
    ingest(tmp_path / "s", doc)
    store = tmp_path / "s"
    assert owners(store, "Kelda Freight", "2015-01-01") == {"Brisk Ports": 0.4, "Norr Shipping": 0.25}
    brisk = next(o for o in state(store, "Kelda Freight", "2015-01-01")["owners"] if o["stake"] == 0.4)
    assert brisk["since"] is None and brisk["inferred"]["before"] == "2021-05-03"
    [src] = brisk["sources"]
    assert "its 40% stake" in src["quote"] and src["type"] == "sold_stake"
    # The holder's side says the same, and nothing is inferred before the company existed.
    [held] = state(store, "Brisk Ports", "2015-01-01")["holdings"]
    assert held["target"]["name"] == "Kelda Freight" and held["inferred"]
    assert owners(store, "Kelda Freight", "2008-06-01") == {}
    assert owners(store, "Kelda Freight", "2021-05-04") == {"Norr Shipping": 0.65}


def test_buying_the_remaining_stake_shows_the_buyers_earlier_holding_as_inferred(tmp_path: Path) -> None:
    doc = tmp_path / "tarn.txt"
    doc.write_text(
        "Tarn Group buys out Brisk Bio\n\nOSLO, 9 March 2020 (Newswire) - Tarn Group bought the "
        "remaining 30% of Brisk Bio on Monday. Brisk Bio was set up in 2011.\n",
        encoding="utf-8",
    )
    ingest(tmp_path / "s", doc)
    [held] = state(tmp_path / "s", "Brisk Bio", "2015-01-01")["owners"]
    assert held["holder"]["name"] == "Tarn Group" and held["stake"] == 0.7 and held["since"] is None
    assert held["inferred"]["type"] == "became_sole_owner"
    assert owners(tmp_path / "s", "Brisk Bio", "2020-03-10") == {"Tarn Group": 1.0}


def test_a_years_revenue_and_profit_are_two_figures(tmp_path: Path) -> None:
    store = make(
        tmp_path,
        [
            ev("financial_result", "Skua Mining", "2021", revenue=900, metric="revenue"),
            ev("financial_result", "Skua Mining", "2021", net_income=-40, metric="net_income"),
        ],
    )
    got = {f["measure"]: f["value"] for f in state(store, "Skua Mining", "2022-06-01")["figures"]}
    assert got == {"revenue": 900, "net_income": -40}


def test_a_sale_of_unstated_size_keeps_a_buyer_who_already_owns_everything(tmp_path: Path) -> None:
    store = make(
        tmp_path,
        [
            ev("became_sole_owner", "Gull", "1999", "Skua Mining"),
            ev("sold_stake", "Puffin", "1999-06", "Skua Mining", buyer="Gull", all=True),
        ],
    )
    assert owners(store, "Skua Mining", "2000-01-01") == {"Gull": 1.0}


def test_a_sale_of_the_entire_holding_gives_the_buyer_that_holding_only(tmp_path: Path) -> None:
    store = make(
        tmp_path,
        [
            ev("acquired_stake", "Gull", "2010", "Skua Mining", stake=0.3),
            ev("sold_stake", "Puffin", "2021", "Skua Mining", buyer="Auk Fund", all=True, stake_before=0.45),
        ],
    )
    assert owners(store, "Skua Mining", "2022-01-01") == {"Auk Fund": 0.45, "Gull": 0.3}
