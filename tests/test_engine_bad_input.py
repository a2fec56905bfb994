"""Bad input: one clear sentence naming the file, a non-zero exit, and the store byte-identical."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from engine_support import RECORDED, ev, ingest, store_digest, write_events

from timeline.cli import cli


def _missing(d: Path) -> Path:
    return d / "not-there.txt"


def _binary(d: Path) -> Path:
    p = d / "scan.events.jsonl"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return p


def _binary_document(d: Path) -> Path:
    p = d / "report.txt"
    p.write_bytes(bytes(range(256)) * 4)
    return p


def _empty(d: Path) -> Path:
    p = d / "empty.events.jsonl"
    p.write_bytes(b"")
    return p


def _malformed(d: Path) -> Path:
    return write_events(
        d / "broken.events.jsonl", [ev("founded", "Kestrel Ltd", "2001"), '{"type": "founded", "subj']
    )


def _impossible_date(d: Path) -> Path:
    return write_events(
        d / "dates.events.jsonl",
        [ev("founded", "Kestrel Ltd", "2001"), ev("listed", "Kestrel", "2023-02-30")],
    )


def _unknown_type(d: Path) -> Path:
    return write_events(d / "types.events.jsonl", [ev("exploded", "Kestrel Ltd", "2001")])


CASES: list[tuple[Callable[[Path], Path], str]] = [
    (_missing, "not-there.txt: no such file or folder"),
    (_binary, "scan.events.jsonl"),
    (_binary_document, "report.txt"),
    (_empty, "empty.events.jsonl"),
    (_malformed, "broken.events.jsonl, line 2"),
    (_impossible_date, "dates.events.jsonl, line 2"),
    (_unknown_type, "types.events.jsonl, line 1: unknown event type 'exploded'"),
]


@pytest.mark.parametrize(("make", "words"), CASES, ids=[m.__name__.strip("_") for m, _ in CASES])
def test_bad_input_is_one_line_exit_1_and_store_untouched(
    tmp_path: Path, make: Callable[[Path], Path], words: str
) -> None:
    store = tmp_path / "store"
    good = write_events(tmp_path / "good.events.jsonl", [ev("founded", "Osprey Air", "1999-05")])
    ingest(store, good)
    before = store_digest(store)
    bad = make(tmp_path)
    r = CliRunner().invoke(
        cli,
        [
            "--store",
            str(store),
            "ingest",
            str(good.parent / "good.events.jsonl"),
            str(bad),
            "--recorded-at",
            RECORDED,
        ],
    )
    assert r.exit_code != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert words in lines[0] and "Traceback" not in r.stderr
    assert store_digest(store) == before


def test_bad_input_into_a_new_store_creates_nothing(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["--store", str(tmp_path / "new"), "ingest", str(_malformed(tmp_path))])
    assert r.exit_code == 1
    assert not (tmp_path / "new").exists()


def test_bad_input_date_error_names_the_day_that_does_not_exist(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "ingest", str(_impossible_date(tmp_path))])
    assert "February 2023 has 28 days" in r.stderr
