"""Entities: name keys, resolution by any name, ambiguity, and ids independent of ingest order."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_support import ev, ingest, write_events

from events.errors import UnknownEntityError
from timeline.names import name_key
from timeline.query import entities, state


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("AURORA MOTORS LTD.", "Aurora Motors Ltd"),
        ("Aurora Motors, Inc.", "aurora motors"),
        ("Vossloh AG", "VOSSLOH"),
        ("Philips N.V.", "philips"),
        ("Seres Group Co., Ltd", "Seres Group"),
        ("Chongqing Yu\u2019an", "Chongqing Yu'an"),
    ],
)
def test_name_key_ignores_case_punctuation_and_legal_suffixes(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"), [("Sokon Group", "Sokon"), ("Aurora Motors", "Aurora"), ("Co-op Bank", "Bank")]
)
def test_name_key_keeps_words_that_are_not_legal_forms(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


LINES = [
    ev("founded", "Kite Aerospace Ltd", "1980"),
    ev("renamed", "Kite Aerospace", "1999-09", old_name="Kite Aerospace Ltd", new_name="Kite Aviation Group"),
    {"link": ["Kite Aviation Group", "KAG"], "kind": "abbreviation"},
    ev("founded", "Kite Foods", "1985"),
    ev("founded", "Kite Fashion", "1990"),
    ev("acquired_stake", "Merlin Partners", "2001", "KAG", stake=0.1),
]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    ingest(tmp_path / "s", write_events(tmp_path / "kite.events.jsonl", LINES))
    return tmp_path / "s"


@pytest.mark.parametrize("asked", ["kite aerospace", "KITE AVIATION GROUP", "kag", "Kite Aerospace Ltd."])
def test_registry_resolves_every_name_the_entity_carried(store: Path, asked: str) -> None:
    s = state(store, asked, "2005-01-01")
    assert s["name"] == "Kite Aviation Group"
    assert [o["holder"]["name"] for o in s["owners"]] == ["Merlin Partners"]


def test_registry_ambiguous_name_lists_the_candidates(store: Path) -> None:
    with pytest.raises(UnknownEntityError) as err:
        state(store, "Kite", "2005-01-01")
    message = str(err.value)
    assert "ambiguous" in message
    assert all(n in message for n in ("Kite Aviation Group", "Kite Foods", "Kite Fashion"))


def test_registry_unknown_name_is_an_error(store: Path) -> None:
    with pytest.raises(UnknownEntityError, match="no entity is called 'Falcon'"):
        state(store, "Falcon", "2005-01-01")


@pytest.mark.parametrize("asked", ["Merlin Partners Europe", "Merlin"])
def test_registry_a_near_name_is_suggested_not_taken(store: Path, asked: str) -> None:
    with pytest.raises(
        UnknownEntityError, match=f"no entity is called '{asked}'; did you mean Merlin Partners"
    ):
        state(store, asked, "2005-01-01")


def test_registry_ids_do_not_depend_on_ingest_order_or_files(tmp_path: Path) -> None:
    ingest(tmp_path / "one", write_events(tmp_path / "all.events.jsonl", LINES))
    a = write_events(tmp_path / "p1.events.jsonl", LINES[3:][::-1])
    b = write_events(tmp_path / "p2.events.jsonl", LINES[:3])
    ingest(tmp_path / "two", a)
    ingest(tmp_path / "two", b, recorded_at="2026-02-01T00:00:00+00:00")
    first = {e["name"]: (e["id"], sorted(e["aliases"])) for e in entities(tmp_path / "one")}
    second = {e["name"]: (e["id"], sorted(e["aliases"])) for e in entities(tmp_path / "two")}
    assert first == second
    assert first["Kite Aviation Group"][1] == [
        "KAG",
        "Kite Aerospace",
        "Kite Aerospace Ltd",
        "Kite Aviation Group",
    ]


def test_registry_renamed_event_links_subject_old_and_new_names(store: Path) -> None:
    [kite] = [e for e in entities(store) if e["name"] == "Kite Aviation Group"]
    assert kite["events"] == 3
