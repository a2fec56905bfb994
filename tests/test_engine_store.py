"""The store: append-only parquet segments, atomic batches, idempotent ingest, one writer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from engine_support import ev, ingest, store_digest, write_events

from events.errors import StoreError
from timeline import index as index_mod
from timeline.cli import cli
from timeline.query import event_records, state
from timeline.schema import SCHEMA
from timeline.store import Store, read_manifest, writer_lock

FIRST = [
    ev("founded", "Heron Rail", "1971-04"),
    ev("acquired_stake", "Ibis Capital", "1990-01-02", "Heron Rail", stake=0.6),
]
SECOND = [ev("renamed", "Heron Rail", "2001-03-03", old_name="Heron Rail", new_name="Heron Mobility")]


def test_store_ingesting_the_same_file_twice_adds_nothing(tmp_path: Path) -> None:
    f = write_events(tmp_path / "a.events.jsonl", FIRST)
    first = ingest(tmp_path / "s", f)
    before = store_digest(tmp_path / "s")
    again = ingest(tmp_path / "s", f, recorded_at="2027-01-01T00:00:00+00:00")
    assert (first.events, again.events, again.skipped) == (2, 0, (str(f),))
    assert store_digest(tmp_path / "s") == before


def test_store_same_events_in_another_file_are_not_logged_twice(tmp_path: Path) -> None:
    ingest(tmp_path / "s", write_events(tmp_path / "a.events.jsonl", FIRST))
    report = ingest(tmp_path / "s", write_events(tmp_path / "b.events.jsonl", [*FIRST, *SECOND]))
    assert report.events == 1
    assert len(event_records(tmp_path / "s")) == 3


def test_store_segments_are_plain_parquet_with_schema_and_record_time(tmp_path: Path) -> None:
    ingest(
        tmp_path / "s",
        write_events(tmp_path / "a.events.jsonl", FIRST),
        recorded_at="2026-01-01T00:00:00+00:00",
    )
    ingest(
        tmp_path / "s",
        write_events(tmp_path / "b.events.jsonl", SECOND),
        recorded_at="2026-02-01T00:00:00+00:00",
    )
    log = pl.read_parquet(tmp_path / "s" / "log" / "events-*.parquet")
    assert log["schema"].unique().to_list() == [SCHEMA]
    assert sorted(log["recorded_at"].unique().to_list()) == [
        "2026-01-01T00:00:00+00:00",
        "2026-02-01T00:00:00+00:00",
    ]
    docs = pl.read_parquet(tmp_path / "s" / "log" / "docs-*.parquet")
    assert docs["doc"].to_list() == ["a.events.jsonl", "b.events.jsonl"] and docs[
        "doc_sha256"
    ].str.len_chars().to_list() == [64, 64]
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text())
    assert manifest["schema"] == SCHEMA and manifest["generation"] == 2 and len(manifest["segments"]) == 2


def test_store_a_segment_is_sorted_by_entity_then_date(tmp_path: Path) -> None:
    lines = [
        ev("founded", n, d)
        for n, d in [("Zeta", "2001"), ("Alpha", "2003"), ("Alpha", "1999"), ("Mu", "2000")]
    ]
    ingest(tmp_path / "s", write_events(tmp_path / "a.events.jsonl", lines))
    log = pl.read_parquet(next((tmp_path / "s" / "log").glob("events-*.parquet")))
    assert list(zip(log["subject"], log["date"], strict=True)) == [
        ("Alpha", "1999"),
        ("Alpha", "2003"),
        ("Mu", "2000"),
        ("Zeta", "2001"),
    ]


def test_store_crash_mid_ingest_leaves_the_previous_log_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(tmp_path / "s", write_events(tmp_path / "a.events.jsonl", FIRST))
    before = state(tmp_path / "s", "Heron Rail", "2005-01-01")

    def crash(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(index_mod, "write", crash)
    with pytest.raises(KeyboardInterrupt):
        ingest(tmp_path / "s", write_events(tmp_path / "b.events.jsonl", SECOND))
    monkeypatch.undo()
    assert read_manifest(tmp_path / "s").generation == 1
    assert state(tmp_path / "s", "Heron Rail", "2005-01-01") == before
    # The next writer finishes the job and sweeps what the crash left behind.
    assert ingest(tmp_path / "s", tmp_path / "b.events.jsonl").events == 1
    assert state(tmp_path / "s", "Heron Rail", "2005-01-01")["name"] == "Heron Mobility"
    assert sorted(p.name for p in (tmp_path / "s" / "log").iterdir()) == [
        "docs-000001.parquet",
        "docs-000002.parquet",
        "events-000001.parquet",
        "events-000002.parquet",
    ]


def test_store_second_writer_gets_a_clear_store_error(tmp_path: Path) -> None:
    f = write_events(tmp_path / "a.events.jsonl", FIRST)
    with writer_lock(tmp_path / "s"):
        with pytest.raises(StoreError, match="being written by another timeline process"):
            ingest(tmp_path / "s", f)
        r = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "ingest", str(f)])
        assert r.exit_code == 1 and "being written by another" in r.stderr
    assert ingest(tmp_path / "s", f).events == 2


def test_store_open_gives_the_in_process_api(tmp_path: Path) -> None:
    ingest(tmp_path / "s", write_events(tmp_path / "a.events.jsonl", [*FIRST, *SECOND]))
    store = Store.open(tmp_path / "s")
    s = store.state_at("heron mobility", "1995-06-01")
    assert s["name"] == "Heron Rail" and [o["stake"] for o in s["owners"]] == [0.6]


def test_store_damaged_manifest_is_a_store_error(tmp_path: Path) -> None:
    ingest(tmp_path / "s", write_events(tmp_path / "a.events.jsonl", FIRST))
    (tmp_path / "s" / "manifest.json").write_text("{not json")
    with pytest.raises(StoreError, match="damaged"):
        Store.open(tmp_path / "s")


def test_store_damaged_events_segment_stops_the_next_ingest_with_a_store_error(tmp_path: Path) -> None:
    ingest(tmp_path / "s", write_events(tmp_path / "a.events.jsonl", FIRST))
    segment = next((tmp_path / "s" / "log").glob("events-*.parquet"))
    segment.write_bytes(b"not parquet")
    manifest = (tmp_path / "s" / "manifest.json").read_bytes()
    with pytest.raises(StoreError, match="damaged segment"):
        ingest(tmp_path / "s", write_events(tmp_path / "b.events.jsonl", SECOND))
    assert (tmp_path / "s" / "manifest.json").read_bytes() == manifest


def test_store_large_index_is_read_from_arrow_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_mod, "SMALL_ROWS", 0)
    ingest(tmp_path / "s", write_events(tmp_path / "a.events.jsonl", [*FIRST, *SECOND]))
    manifest = read_manifest(tmp_path / "s")
    assert not (tmp_path / "s" / str(manifest.index) / "index.json").exists()
    assert state(tmp_path / "s", "Heron Mobility", "2002-01-01")["name"] == "Heron Mobility"
    rows = pl.read_ipc(tmp_path / "s" / str(manifest.index) / "rows.arrow")
    assert rows["ekey"].is_sorted()


def test_store_names_at_answers_a_batch_in_order(tmp_path: Path) -> None:
    ingest(tmp_path / "s", write_events(tmp_path / "a.events.jsonl", [*FIRST, *SECOND]))
    store = Store.open(tmp_path / "s")
    pairs = pl.DataFrame(
        {
            "entity": ["Heron Mobility", "heron rail", "Nobody", "Heron Rail", "Ibis Capital"],
            "at": [
                dt.date(2001, 3, 3),
                dt.date(2001, 3, 2),
                dt.date(2001, 3, 3),
                dt.date(1900, 1, 1),
                dt.date(2020, 1, 1),
            ],
        }
    )
    assert store.names_at(pairs).to_list() == [
        "Heron Mobility",
        "Heron Rail",
        None,
        "Heron Rail",
        "Ibis Capital",
    ]
    by_key = pl.DataFrame(
        {"entity": [store.resolve("Heron Rail")] * 2, "at": [dt.date(2000, 1, 1), dt.date(2002, 1, 1)]}
    )
    assert store.names_at(by_key).to_list() == ["Heron Rail", "Heron Mobility"]
