"""The CLI contract of DESIGN.md, command by command and format by format (CliRunner)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from engine_support import RECORDED, ev, write_events

from exports import EXPORTERS
from timeline.cli import cli

LINES = [
    ev("founded", "Aurora Motors Ltd", "1990-03"),
    ev("renamed", "Aurora Motors Ltd", "2005-07", old_name="Aurora Motors Ltd", new_name="Aurora Holdings"),
    ev("acquired_stake", "Borealis Group", "2010-04-01", "Aurora Holdings", stake=0.2),
    ev("sales_figure", "Aurora Holdings", "2011", units=1200),
    ev("sales_figure", "Aurora Holdings", "2011", units=1300),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    data = write_events(root / "aurora.events.jsonl", LINES)
    result = CliRunner().invoke(
        cli, ["--store", str(root / "s"), "ingest", str(data), "--recorded-at", RECORDED]
    )
    assert result.exit_code == 0, result.output
    assert "5 new events" in result.stderr
    return root / "s"


def run(store: Path, *args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, ["--store", str(store), *args])
    return r.exit_code, r.stdout, r.stderr


def test_cli_state_json_has_the_contract_fields(store: Path) -> None:
    code, out, _ = run(store, "state", "AURORA MOTORS LTD.", "--at", "2010-06-01", "--format", "json")
    assert code == 0
    s = json.loads(out)
    assert {"id", "name", "aliases"} <= set(s["entity"])
    assert s["at"] == "2010-06-01" and s["name"] == "Aurora Holdings"
    [owner] = s["owners"]
    assert owner["holder"]["name"] == "Borealis Group" and owner["stake"] == 0.2
    assert owner["since"] == "2010-04-01" and owner["sources"][0]["doc"] == "aurora.events.jsonl"
    assert s["holdings"] == []


def test_cli_state_name_carries_its_sources(store: Path) -> None:
    s = json.loads(run(store, "state", "Aurora Holdings", "--at", "2010-06-01", "--format", "json")[1])
    [told] = s["name_sources"]
    assert (told["doc"], told["date"], told["new_name"]) == (
        "aurora.events.jsonl",
        "2005-07",
        "Aurora Holdings",
    )
    assert told["quote"] and told["start"] is not None
    [earlier] = s["earlier_names"]
    assert earlier["name"] == "Aurora Motors Ltd" and earlier["sources"][0]["old_name"] == "Aurora Motors Ltd"
    _, table, _ = run(store, "state", "Aurora Holdings", "--at", "2010-06-01")
    assert "name from: aurora.events.jsonl (2005-07)" in table


def test_cli_state_every_value_carries_its_sources(tmp_path: Path) -> None:
    lines = [
        ev("established_subsidiary", "Kite Ltd", "2001-02", "Kite Parts", stake=1.0),
        ev("brand_launched", "Swift", "2003", "Kite Ltd"),
        {"entity": "Swift", "kind": "brand"},
        ev("product_launch", "Kite Ltd", "2004-05", product="Kite Mk II"),
        ev("founded", "Kite Ltd", "1999-04"),
        ev("headquarters_moved", "Kite Ltd", "2006", location="Tromsø"),
        ev("agreement", "Kite Ltd", "2007-09", "Wren plc"),
        {**ev("agreement", "Wren plc", "2007-09", "Kite Ltd"), "evidence": "Wren plc and Kite Ltd signed"},
    ]
    data = write_events(tmp_path / "k.events.jsonl", lines)
    assert CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "ingest", str(data)]).exit_code == 0
    s = json.loads(run(tmp_path / "s", "state", "Kite Ltd", "--at", "2010-01-01", "--format", "json")[1])
    [sub], [brand], [product] = s["subsidiaries"], s["brands"], s["products"]
    assert (sub["name"], sub["stake"], sub["since"]) == ("Kite Parts", 1.0, "2001-02")
    assert (brand["name"], brand["since"]) == ("Swift", "2003")
    assert product["product"] == "Kite Mk II"
    for value in (sub, brand, product):
        [src] = value["sources"]
        assert src["doc"] == "k.events.jsonl" and src["quote"] and src["start"] is not None
    # One agreement told twice (from either side) is one entry with both sources.
    [agreement] = s["agreements"]
    assert agreement["with"] == "Wren plc" and len(agreement["sources"]) == 2
    # The table shows what the JSON holds: founding, headquarters, products, agreements.
    table = run(tmp_path / "s", "state", "Kite Ltd", "--at", "2010-01-01")[1]
    assert "founded: 1999-04 (k.events.jsonl)" in table
    assert "headquarters: Tromsø since 2006 (k.events.jsonl)" in table
    assert "Kite Mk II" in table and "Wren plc" in table and "2004-05" in table


@pytest.mark.parametrize(
    ("at", "before"), [("1985-06-01", True), ("1990-03-01", False), ("2000-01-01", False)]
)
def test_cli_state_before_anything_dated_says_so(store: Path, at: str, before: bool) -> None:
    code, out, _ = run(store, "state", "Aurora Holdings", "--at", at, "--format", "json")
    s = json.loads(out)
    assert code == 0 and s["before_first_known"] is before
    assert (s["first_known_event"]["type"], s["first_known_event"]["date"]) == ("founded", "1990-03")
    _, table, _ = run(store, "state", "Aurora Holdings", "--at", at)
    assert ("before anything dated" in table) is before


def test_cli_state_table_is_for_people(store: Path) -> None:
    code, out, _ = run(store, "state", "Aurora Holdings", "--at", "2010-06-01")
    assert code == 0
    assert "Aurora Holdings" in out and "Borealis Group" in out and "20%" in out
    assert not out.lstrip().startswith("{")


def test_cli_state_as_known_before_ingest_knows_nothing(store: Path) -> None:
    code, _, err = run(store, "state", "Aurora Holdings", "--at", "2010-06-01", "--as-known", "2020-01-01")
    # Not "no entity is called ...; `timeline entities` lists the 0 known entities": the name
    # exists, it had not been recorded yet, and the user is told when it was.
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "as known on 2020-01-01" in err and f"first recorded it on {RECORDED[:10]}" in err
    assert "no entity is called" not in err
    code, _, err = run(store, "state", "Nobody", "--at", "2010-06-01", "--as-known", "2020-01-01")
    assert code == 1 and "no entity is called 'Nobody'" in err
    code, out, _ = run(
        store, "state", "Aurora Motors", "--at", "2010-06-01", "--as-known", "2026-01-10", "--format", "json"
    )
    assert code == 0 and json.loads(out)["as_known"] == "2026-01-10"


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_cli_history_lists_every_name(store: Path, fmt: str) -> None:
    code, out, _ = run(store, "history", "Aurora Holdings", "--format", fmt)
    assert code == 0
    if fmt == "json":
        h = json.loads(out)
        assert [n["name"] for n in h["names"]] == ["Aurora Motors Ltd", "Aurora Holdings"]
        assert [e["type"] for e in h["events"]] == [
            "founded",
            "renamed",
            "acquired_stake",
            "sales_figure",
            "sales_figure",
        ]
    else:
        assert "Aurora Motors Ltd" in out and "2005-07-01" in out


def test_cli_events_jsonl_one_event_per_line(store: Path) -> None:
    code, out, _ = run(store, "events", "--format", "jsonl")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 5
    for r in records:
        assert {"id", "type", "subject", "object", "date", "precision", "attributes", "source"} <= set(r)
        assert {"doc", "start", "end", "quote"} <= set(r["source"])
        assert {"id", "name", "aliases"} <= set(r["subject"])


def test_cli_events_filters_by_entity_as_subject_or_object_type_and_dates(store: Path) -> None:
    _, out, _ = run(store, "events", "--entity", "Borealis Group", "--format", "jsonl")
    assert [json.loads(x)["type"] for x in out.splitlines()] == ["acquired_stake"]
    _, out, _ = run(store, "events", "--entity", "Aurora Motors", "--type", "renamed", "--format", "json")
    assert [e["date"] for e in json.loads(out)] == ["2005-07"]
    _, out, _ = run(store, "events", "--from", "2005-07-15", "--to", "2010-12-31", "--format", "json")
    assert [e["type"] for e in json.loads(out)] == ["renamed", "acquired_stake"]


@pytest.mark.parametrize(
    ("bounds", "types"),
    [
        (["--from", "2010", "--to", "2010"], ["acquired_stake"]),
        (["--from", "2005-07", "--to", "2010-Q2"], ["renamed", "acquired_stake"]),
        (["--to", "1990"], ["founded"]),
        (["--from", "2011-H2"], ["sales_figure", "sales_figure"]),
    ],
)
def test_cli_events_date_filters_take_a_year_or_month(
    store: Path, bounds: list[str], types: list[str]
) -> None:
    # "--to 2010" means to the end of 2010, "--from 2005-07" from the first of July.
    code, out, err = run(store, "events", *bounds, "--format", "json")
    assert code == 0, err
    assert [e["type"] for e in json.loads(out)] == types


def test_cli_events_csv_and_table(store: Path) -> None:
    _, out, _ = run(store, "events", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5
    # On stdout no BOM: the first header is plain "id", so a pipe (cut, csvkit) finds the column.
    assert out.startswith("id,") and {r["id"] for r in rows} == {e["id"] for e in _records(store)}
    _, table, _ = run(store, "events")
    assert "5 events" in table and "acquired_stake" in table


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_cli_entities_lists_ids_and_names(store: Path, fmt: str) -> None:
    code, out, _ = run(store, "entities", "--format", fmt)
    assert code == 0
    if fmt == "json":
        names = {e["name"]: e for e in json.loads(out)}
        assert set(names) == {"Aurora Holdings", "Borealis Group"}
        assert "Aurora Motors Ltd" in names["Aurora Holdings"]["aliases"]
    else:
        assert "Borealis Group" in out


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_cli_export_writes_the_exporter_bytes(store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"events.{fmt}"
    code, _, err = run(store, "export", fmt, "--out", str(out), "--entity", "Aurora Holdings")
    from exports import left_out
    from timeline.query import event_records

    assert code == 0 and f"wrote {5 - left_out(fmt, event_records(store))} events" in err

    assert out.read_bytes() == EXPORTERS[fmt](event_records(store, entity="Aurora Holdings"))
    if fmt == "csv":
        # A file keeps the BOM, so Excel reads its names as UTF-8.
        assert out.read_bytes().startswith("\ufeffid,".encode())


@pytest.mark.parametrize(("fmt", "written"), [("ics", 1), ("timelinejs", 1), ("jsonl", 2)])
def test_cli_export_counts_what_the_file_holds(tmp_path: Path, fmt: str, written: int) -> None:
    lines = [ev("founded", "Kite Ltd", "1999-04"), ev("agreement", "Kite Ltd", None, "Wren plc")]
    data = write_events(tmp_path / "k.events.jsonl", lines)
    assert CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "ingest", str(data)]).exit_code == 0
    code, _, err = run(tmp_path / "s", "export", fmt, "--out", str(tmp_path / f"k.{fmt}"))
    assert code == 0 and f"wrote {written} events" in err
    assert ("1 events left out (undated" in err) is (written == 1)


def _records(store: Path) -> list[dict[str, object]]:
    from timeline.query import event_records

    return event_records(store)


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_cli_conflicts_show_both_values(store: Path, fmt: str) -> None:
    code, out, _ = run(store, "conflicts", "--format", fmt)
    assert code == 0
    if fmt == "json":
        [c] = json.loads(out)
        values = {c["chosen"]["value"]["units"], *(a["value"]["units"] for a in c["alternatives"])}
        assert values == {1200, 1300} and c["rule"]
    else:
        assert "1200" in out and "1300" in out


def test_cli_conflict_rule_is_the_one_that_decided(store: Path, tmp_path: Path) -> None:
    # 1200 and 1300 units come from one file: same publication, same confidence. Saying
    # "later-published source" would be false; the tie is broken by the event id.
    [c] = json.loads(run(store, "conflicts", "--format", "json")[1])
    assert c["rule"].startswith("tie") and "event id" in c["rule"]
    sure = {**ev("sales_figure", "Aurora Holdings", "2011", units=1400), "confidence": 0.99}
    unsure = {**ev("sales_figure", "Aurora Holdings", "2011", units=1500), "confidence": 0.5}
    data = write_events(tmp_path / "f.events.jsonl", [sure, unsure])
    assert CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "ingest", str(data)]).exit_code == 0
    [c] = json.loads(run(tmp_path / "s", "conflicts", "--format", "json")[1])
    assert (c["chosen"]["value"], c["rule"]) == ({"units": 1400}, "higher confidence")


LUMEN = [
    ev("founded", "Lumen AS", "2000-01"),
    ev("listed", "Lumen AS", "2016-06", exchange="Oslo Bors"),
    ev("leadership", "Lumen AS", "2010-01-05", role="CEO", person="Ada Berg"),
    ev("leadership", "Lumen AS", "2018-03", role="CEO", person="Bo Dahl"),
    ev("headquarters_moved", "Lumen AS", "2019", location="Bergen"),
]


@pytest.mark.parametrize(
    ("at", "fields", "before", "after"),
    [
        ("2000-01-20", ["founded"], None, "2000-01"),
        ("2016-06-10", ["listings"], None, "Oslo Bors"),
        ("2018-03-15", ["people"], "Ada Berg", "Bo Dahl"),
        ("2018-03-31", [], None, None),  # the last day of the month: settled
        ("2019-05-01", ["headquarters"], None, "Bergen"),
    ],
)
def test_cli_state_inside_a_date_interval_is_uncertain_for_every_value(
    tmp_path: Path, at: str, fields: list[str], before: str | None, after: str | None
) -> None:
    # DESIGN: a "2018-03" change asked on 2018-03-15 is uncertain, with both values; not only
    # for names and owners but for people, listings, headquarters and founding too.
    data = write_events(tmp_path / "l.events.jsonl", LUMEN)
    assert CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "ingest", str(data)]).exit_code == 0
    s = json.loads(run(tmp_path / "s", "state", "Lumen AS", "--at", at, "--format", "json")[1])
    assert [u["field"] for u in s["uncertain"]] == fields
    if fields:
        [u] = s["uncertain"]
        assert (u["before"], u["after"]) == (before, after)
        table = run(tmp_path / "s", "state", "Lumen AS", "--at", at)[1]
        assert "uncertain:" in table and after in table


def test_cli_conflicts_show_when_each_source_was_published(tmp_path: Path) -> None:
    # "later-published source" is checkable only with the dates beside the quotes.
    older = {**ev("sales_figure", "Kite Ltd", "2024", units=427000), "published": "2025-05-19"}
    newer = {**ev("sales_figure", "Kite Ltd", "2024", units=497008), "published": "2026-02"}
    data = write_events(tmp_path / "k.events.jsonl", [older, newer])
    assert CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "ingest", str(data)]).exit_code == 0
    [c] = json.loads(run(tmp_path / "s", "conflicts", "--format", "json")[1])
    assert c["rule"] == "later-published source"
    assert (c["chosen"]["published"], c["alternatives"][0]["published"]) == ("2026-02", "2025-05-19")
    s = json.loads(run(tmp_path / "s", "state", "Kite Ltd", "--at", "2025-01-01", "--format", "json")[1])
    assert [a["published"] for a in s["conflicts"][0]["alternatives"]] == ["2025-05-19"]
    table = run(tmp_path / "s", "conflicts")[1]
    assert "published 2026-02" in table and "published 2025-05-19" in table


def test_cli_a_retracted_event_says_so_and_leaves_the_state(tmp_path: Path) -> None:
    first = write_events(
        tmp_path / "a.events.jsonl",
        [ev("acquired_stake", "Heron Fund", "2015-03", "Ibis Tech", stake_after=0.3)],
    )
    assert CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "ingest", str(first)]).exit_code == 0
    [bought] = json.loads(run(tmp_path / "s", "events", "--format", "json")[1])
    assert bought["status"] == "asserted"
    withdraw = ev("other", "Heron Fund", "2016-01-01", retracts=bought["id"])
    second = write_events(tmp_path / "b.events.jsonl", [withdraw])
    assert CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "ingest", str(second)]).exit_code == 0
    records = {e["id"]: e for e in json.loads(run(tmp_path / "s", "events", "--format", "json")[1])}
    # Nothing is deleted: the event stays in the log, marked retracted, and the state drops it.
    assert (records[bought["id"]]["status"], records[bought["id"]]["folded"]) == ("retracted", False)
    state = json.loads(run(tmp_path / "s", "state", "Ibis Tech", "--at", "2020-01-01", "--format", "json")[1])
    assert state["owners"] == []
    _, out, _ = run(tmp_path / "s", "events", "--format", "csv")
    assert {r["id"]: r["status"] for r in csv.DictReader(io.StringIO(out))}[bought["id"]] == "retracted"
    table = run(tmp_path / "s", "history", "Ibis Tech")[1]
    assert "(retracted)" in table and "repeats another source" not in table


def test_cli_tag_reads_jsonl_from_stdin() -> None:
    pytest.importorskip("events.temporal.stream")
    line = json.dumps({"doc_id": "d1", "dct": "2024-05-01", "text": "It opened on 3 March 2021."})
    r = CliRunner().invoke(cli, ["tag"], input=line + "\n")
    assert r.exit_code == 0, r.output
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert any(t["value"] == "2021-03-03" and t["doc_id"] == "d1" for t in out)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["state", "Nobody", "--at", "2010-01-01"], "no entity is called 'Nobody'"),
        (["state", "Aurora Holdings", "--at", "2023-02-30"], "2023-02-30"),
        (["state", "Aurora Holdings", "--at", "2010"], "must be a day"),
        (["events", "--type", "exploded"], "unknown event type"),
    ],
    ids=["unknown-entity", "impossible-date", "not-a-day", "unknown-type"],
)
def test_cli_user_errors_are_one_line(store: Path, args: list[str], words: str) -> None:
    code, out, err = run(store, *args)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["state", "Aurora Holdings"], "Missing option '--at'"),
        (["stat", "Aurora Holdings"], "No such command 'stat'"),
        (["events", "--format", "xml"], "'xml' is not one of"),
        (["export", "pdf", "--out", "x.pdf"], "'pdf' is not one of"),
        (["--bogus", "entities"], "No such option '--bogus'"),
    ],
    ids=["missing-option", "unknown-command", "bad-format", "bad-export-format", "bad-group-option"],
)
def test_cli_usage_errors_are_one_line_too(store: Path, args: list[str], words: str) -> None:
    # click would print a usage block, a hint and a blank line first; scripts read one line.
    code, out, err = run(store, *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("Error: ") and words in err
    assert "--help" in err


def test_cli_a_path_the_file_system_refuses_is_one_line_naming_it(store: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, _, err = run(store, "export", "csv", "--out", str(blocker / "out.csv"))
    assert code == 1 and len(err.strip().splitlines()) == 1 and str(blocker) in err
    assert "Traceback" not in err
    data = write_events(tmp_path / "a.events.jsonl", LINES[:1])
    code, _, err = run(blocker / "store", "ingest", str(data))
    assert code == 1 and len(err.strip().splitlines()) == 1 and str(blocker) in err


def test_cli_store_comes_from_the_option_then_timeline_store_then_dot_timeline(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(cli, ["entities", "--format", "json"], env={"TIMELINE_STORE": str(store)})
    assert r.exit_code == 0 and "Borealis Group" in r.stdout
    # --store wins over the variable; with neither, ./.timeline (empty here) is used.
    r = CliRunner().invoke(
        cli, ["--store", str(tmp_path / "other"), "entities"], env={"TIMELINE_STORE": str(store)}
    )
    assert r.exit_code == 1 and "other" in r.stderr
    r = CliRunner().invoke(cli, ["entities"], env={"TIMELINE_STORE": None})
    assert r.exit_code == 1 and ".timeline" in r.stderr


def test_cli_state_on_missing_store_says_so(tmp_path: Path) -> None:
    code, _, err = run(tmp_path / "nothing", "state", "X", "--at", "2010-01-01")
    assert code == 1 and "empty" in err


def test_cli_every_command_has_help() -> None:
    for name in cli.commands:
        r = CliRunner().invoke(cli, [name, "--help"])
        assert r.exit_code == 0 and "Usage" in r.stdout
    # The choosing rule is documented where a user of `conflicts` looks first.
    text = " ".join(CliRunner().invoke(cli, ["conflicts", "--help"]).stdout.split())
    assert "more precise date, then the later-published source, then higher confidence" in text


def test_cli_tables_show_names_with_brackets_as_written(tmp_path: Path) -> None:
    data = write_events(
        tmp_path / "b.events.jsonl", [ev("acquired_stake", "Orion [E7]", "2001", "Vega [bold]", stake=0.5)]
    )
    store = tmp_path / "s"
    assert CliRunner().invoke(cli, ["--store", str(store), "ingest", str(data)]).exit_code == 0
    _, out, _ = run(store, "state", "Vega [bold]", "--at", "2002-01-01")
    assert "Vega [bold]" in out and "Orion [E7]" in out
    _, out, _ = run(store, "entities")
    assert "Orion [E7]" in out
