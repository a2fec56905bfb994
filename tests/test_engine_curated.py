"""Curated events files: what a line may say, and how a bad line is reported."""

from __future__ import annotations

import json

import pytest

from events.curated import read_events_file
from events.errors import InputError


def data(*lines: object) -> bytes:
    return "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines).encode()


def test_curated_event_line_becomes_an_event_with_its_line_as_evidence() -> None:
    raw = data(
        {
            "type": "acquired_stake",
            "subject": "Gannet Ltd",
            "object": "Tern Oy",
            "date": "2024-Q1",
            "attributes": {"stake": 0.25},
        },
    )
    x = read_events_file("deals.events.jsonl", raw)
    [e] = x.events
    assert (e.type, e.subject, e.object, e.date.value if e.date else None) == (
        "acquired_stake",
        "Gannet Ltd",
        "Tern Oy",
        "2024-Q1",
    )
    assert e.date is not None and e.date.precision == "quarter"
    assert e.attributes == {"stake": 0.25}
    assert x.text[e.source.start : e.source.end] == e.source.quote
    assert e.source.doc == "deals.events.jsonl" and e.rule == "curated"


def test_curated_source_doc_and_quote_are_kept() -> None:
    raw = data(
        {
            "type": "founded",
            "subject": "Gannet",
            "date": "1901",
            "source": {"doc": "history.txt", "quote": "set up in 1901"},
        }
    )
    [e] = read_events_file("f.events.jsonl", raw).events
    assert (e.source.doc, e.source.quote, e.source.start) == ("history.txt", "set up in 1901", -1)


def test_curated_links_and_kinds_are_read() -> None:
    raw = data(
        {"link": ["Gannet Ltd", "Gannet Holdings"], "kind": "former_name"},
        {"entity": "Gannet", "kind": "company"},
        {"type": "founded", "subject": "Gannet", "date": None},
    )
    x = read_events_file("f.events.jsonl", raw)
    assert [(lk.name, lk.other, lk.kind) for lk in x.links] == [
        ("Gannet Ltd", "Gannet Holdings", "former_name")
    ]
    assert [(i.name, i.kind) for i in x.entities] == [("Gannet", "company")]
    assert x.events[0].date is None


def test_curated_event_id_depends_on_content_not_position() -> None:
    a = {"type": "founded", "subject": "Gannet", "date": "1901"}
    b = {"type": "founded", "subject": "Tern", "date": "1902"}
    first = {e.subject: e.id for e in read_events_file("x.events.jsonl", data(a, b)).events}
    second = {e.subject: e.id for e in read_events_file("y.events.jsonl", data(b, "", a)).events}
    assert first == second and first["Gannet"] != first["Tern"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"type": "founded", ', "not valid JSON"),
        ('["founded"]', "must be a JSON object"),
        ('{"subject": "G", "date": "2001"}', "'type' is required"),
        ('{"type": "founded", "date": "2001"}', "'subject' is required"),
        ('{"type": "founded", "subject": "G"}', "'date' is required"),
        ('{"type": "founded", "subject": "G", "date": "2023-02-30"}', "does not exist"),
        ('{"type": "founded", "subject": "G", "date": "last year"}', "is not an ISO date"),
        ('{"type": "bought", "subject": "G", "date": "2001"}', "unknown event type 'bought'"),
        (
            '{"type": "acquired_stake", "subject": "G", "date": "2001", "attributes": {"stake": 26.1}}',
            "fraction",
        ),
        ('{"type": "renamed", "subject": "G", "date": "2001"}', "new_name"),
        ('{"type": "founded", "subject": "G", "date": "2001", "colour": "red"}', "unknown field 'colour'"),
    ],
)
def test_curated_bad_line_names_file_and_line(line: str, reason: str) -> None:
    raw = data({"type": "founded", "subject": "Gannet", "date": "1901"}, line)
    with pytest.raises(InputError) as err:
        read_events_file("bad.events.jsonl", raw)
    assert err.value.line == 2
    assert str(err.value).startswith("bad.events.jsonl, line 2: ") and reason in str(err.value)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [(b"", "empty"), (b"\n  \n", "empty"), (b"\x00\x01binary", "binary"), (b"\xff\xfe{}", "not UTF-8")],
)
def test_curated_unreadable_file_is_an_input_error(raw: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        read_events_file("x.events.jsonl", raw)


def test_curated_evidence_words_are_the_quote_and_an_exact_span() -> None:
    raw = data(
        {
            "type": "listed",
            "subject": "Gannet",
            "date": "2016-06-15",
            "evidence": "shares first traded in Oslo",
        },
        {"type": "listed", "subject": "Tern", "date": "2017", "evidence": 'a "quoted" word'},
    )
    x = read_events_file("f.events.jsonl", raw)
    first, second = x.events
    assert first.source.quote == "shares first traded in Oslo"
    assert x.text[first.source.start : first.source.end] == first.source.quote
    # Words that JSON escapes cannot be an exact span: the whole line is the evidence.
    assert (
        second.source.quote.startswith("{")
        and x.text[second.source.start : second.source.end] == second.source.quote
    )


def test_curated_line_may_hold_any_unicode_line_separator_inside_a_string() -> None:
    # Valid JSON Lines written by other tools (json.dumps(ensure_ascii=False)) keep U+2028 raw.
    line = json.dumps({"type": "founded", "subject": "Petrel\u2028Works", "date": "1999"}, ensure_ascii=False)
    x = read_events_file("made-elsewhere.events.jsonl", (line + "\n").encode())
    [e] = x.events
    assert e.subject == "Petrel\u2028Works"
    assert x.text[e.source.start : e.source.end] == e.source.quote
