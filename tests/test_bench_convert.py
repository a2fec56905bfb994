"""The bench's conversion of the shared generator's log into our events keeps its meaning:
every line is a valid curated event, and folding our events gives the generator's
names and stakes at any date."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from events.curated import read_events_file
from events.model import DatePoint

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
kit = pytest.importorskip("kit")
if not (kit.SHARED_BENCH / "make_eventlog.py").exists():
    pytest.skip("../shared/bench is not beside the repo", allow_module_level=True)

import convert  # noqa: E402
import reference  # noqa: E402

DATES = [dt.date(y, m, 15) for y in range(1900, 2026, 7) for m in (1, 7)]


@pytest.fixture(scope="module")
def raw() -> pl.DataFrame:
    frame: pl.DataFrame = kit.load("make_eventlog").generate(6_000, 40, 7)
    return frame


@pytest.fixture(scope="module")
def lines(raw: pl.DataFrame) -> list[dict[str, Any]]:
    return [json.loads(line) for line in convert.curated_lines(convert.to_events(raw))]


def test_every_converted_line_is_a_valid_curated_event(raw: pl.DataFrame) -> None:
    events = convert.to_events(raw)
    data = ("\n".join(convert.curated_lines(events)) + "\n").encode()
    extraction = read_events_file("generated.events.jsonl", data)
    assert len(extraction.events) == events.height
    assert {e.type for e in extraction.events} <= {
        "founded",
        "renamed",
        "acquired_stake",
        "sold_stake",
        "headquarters_moved",
    }


def test_each_generator_entity_keeps_names_no_other_entity_uses(lines: list[dict[str, Any]]) -> None:
    owner_of: dict[str, str] = {}
    for e in lines:
        if e["type"] in ("founded", "renamed"):
            name = e["attributes"].get("new_name") or e["attributes"]["name"]
            entity = e["subject"].rsplit(" [", 1)[1]
            assert name.endswith(f" [{entity}")
            assert owner_of.setdefault(name, entity) == entity


def _fold(lines: list[dict[str, Any]], at: dt.date) -> tuple[dict[str, str], dict[tuple[str, str], float]]:
    """Names and stakes at a date, by the simplest reading of our events (latest start <= at wins)."""
    names: dict[str, str] = {}
    stakes: dict[tuple[str, str], float] = {}
    dated = sorted(
        ((DatePoint.parse(e["date"]).start, i, e) for i, e in enumerate(lines)), key=lambda t: (t[0], t[1])
    )
    for start, _, e in dated:
        if start > at:
            break
        attrs = e["attributes"]
        if e["type"] in ("founded", "renamed"):
            names[e["subject"]] = attrs.get("new_name") or attrs["name"]
        elif e["type"] in ("acquired_stake", "sold_stake"):
            stakes[(e["subject"], e["object"])] = attrs["stake_after"]
    return names, {k: v for k, v in stakes.items() if v > 0}


def _generator_state(raw: pl.DataFrame, at: dt.date) -> pl.DataFrame:
    table = reference.compact(raw)
    return table.filter(
        (pl.col("valid_from") <= at) & (pl.col("valid_until").is_null() | (pl.col("valid_until") > at))
    )


@pytest.mark.parametrize("at", DATES[::6], ids=str)
def test_folding_our_events_gives_the_generators_state(
    raw: pl.DataFrame, lines: list[dict[str, Any]], at: dt.date
) -> None:
    state = _generator_state(raw, at)
    labels = convert.founding_names(convert.apply_retractions(raw))
    founding = dict(zip(labels["entity_id"], labels["entity"], strict=True))
    names, stakes = _fold(lines, at)
    want_names = {
        founding[r["entity_id"]]: f"{r['value']} [{r['entity_id']}]"
        for r in state.filter(pl.col("attribute") == "name").to_dicts()
    }
    want_stakes = {
        (founding.get(r["value"], r["value"]), founding[r["entity_id"]]): r["stake"]
        for r in state.filter(pl.col("attribute").str.starts_with("owner:")).to_dicts()
    }
    assert names == want_names
    assert stakes == pytest.approx(want_stakes)
