"""Properties: state does not depend on ingest order or file split; re-ingest changes nothing;
what is known on K1 is part of what is known on any later K2."""

from __future__ import annotations

import itertools
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from engine_support import ev, ingest, store_digest, write_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.query import event_records, state

LINES = [
    ev("founded", "Petrel Steel Ltd", "1960-03"),
    ev("renamed", "Petrel Steel", "1985", old_name="Petrel Steel Ltd", new_name="Petrel Industries"),
    {"link": ["Petrel Industries", "PI"], "kind": "abbreviation"},
    ev("acquired_stake", "Fulmar Bank", "1970-05-05", "Petrel Steel", stake=0.2),
    ev("acquired_stake", "Shearwater", "1975-Q2", "Petrel Steel", stake=0.3),
    ev("sold_stake", "Fulmar Bank", "1990-H1", "PI", stake=0.05),
    ev("acquired_stake", "PI", "1992-02-02", "Storm Logistics", stake=0.45),
    ev("became_sole_owner", "Petrel Industries", "1999-11", "Storm Logistics"),
    ev("acquired_stake", "Shearwater", "1999-12-31", "Storm Logistics", stake=0.01),
    ev("renamed", "Storm Logistics", "2003-07-07", old_name="Storm Logistics", new_name="Petrel Logistics"),
    ev("sales_figure", "Petrel Industries", "2001", units=10),
    ev("sales_figure", "Petrel Industries", "2001", units=12),
]
ASKED = ["Petrel Industries", "Fulmar Bank", "Shearwater", "Storm Logistics"]
DATES = ["1960-01-01", "1975-05-01", "1985-06-30", "1990-07-01", "1999-11-15", "2000-01-01", "2010-01-01"]
SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def summary(store: Path) -> list[Any]:
    """What a reader sees, without document names (they change when files are split)."""
    out: list[Any] = []
    for name in ASKED:
        for at in DATES:
            s = state(store, name, at)
            out.append(
                (
                    s["entity"]["id"],
                    s["name"],
                    sorted(
                        (o["holder"]["id"], o["stake"], o["since"], o.get("uncertain", False))
                        for o in s["owners"]
                    ),
                    sorted((h["target"]["id"], h["stake"], h["since"]) for h in s["holdings"]),
                    [(f["period"], f["value"]) for f in s["figures"]],
                    [u["field"] for u in s["uncertain"]],
                )
            )
    return out


def load(root: Path, parts: list[list[Any]]) -> Path:
    store = root / "store"
    for i, part in enumerate(parts):
        if part:
            f = write_events(root / f"part{i}.events.jsonl", part)
            ingest(store, f, recorded_at=f"2026-01-{10 + i:02d}T00:00:00+00:00")
    return store


_BASELINE: list[Any] = []


def baseline() -> list[Any]:
    if not _BASELINE:
        with tempfile.TemporaryDirectory() as tmp:
            _BASELINE.extend(summary(load(Path(tmp), [LINES])))
    return _BASELINE


@st.composite
def shuffled_split(draw: st.DrawFn) -> list[list[Any]]:
    order = draw(st.permutations(LINES))
    cuts = sorted(draw(st.lists(st.integers(0, len(order)), max_size=3)))
    bounds = [0, *cuts, len(order)]
    return [list(order[a:b]) for a, b in itertools.pairwise(bounds)]


@SETTINGS
@given(parts=shuffled_split())
def test_state_does_not_depend_on_ingest_order_or_file_split(parts: list[list[Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        assert summary(load(Path(tmp), parts)) == baseline()


@SETTINGS
@given(parts=shuffled_split())
def test_reingesting_changes_nothing(parts: list[list[Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = load(root, parts)
        before = store_digest(store)
        files = sorted(root.glob("part*.events.jsonl"))
        ingest(store, *files, recorded_at="2027-01-01T00:00:00+00:00")
        assert store_digest(store) == before


@SETTINGS
@given(
    parts=shuffled_split(),
    k1=st.dates(date(2026, 1, 8), date(2026, 1, 16)),
    extra=st.integers(0, 6),
)
def test_as_known_is_monotonic(parts: list[list[Any]], k1: date, extra: int) -> None:
    k2 = k1 + timedelta(days=extra)
    with tempfile.TemporaryDirectory() as tmp:
        store = load(Path(tmp), parts)
        known1 = {r["id"] for r in event_records(store, as_known=k1.isoformat())}
        known2 = {r["id"] for r in event_records(store, as_known=k2.isoformat())}
        assert known1 <= known2
        everything = {r["id"] for r in event_records(store)}
        assert known2 <= everything
        if k2 >= date(2026, 1, 10 + len(parts)):
            assert known2 == everything
