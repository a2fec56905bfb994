"""`timeline tag` as a function: JSONL documents in, one JSONL timex per line out."""

from __future__ import annotations

import json
from typing import Any

import pytest

from events.errors import DateError, InputError
from events.temporal.stream import tag_stream

pytest.importorskip("events.temporal.engine", reason="the tagger (events/temporal/engine.py) has not landed")


def line(**fields: Any) -> str:
    return json.dumps(fields)


def run(lines: list[str], dct: str | None = None) -> list[dict[str, Any]]:
    return [json.loads(out) for out in tag_stream(lines, dct)]


def values(rows: list[dict[str, Any]], doc_id: Any = None) -> dict[str, str]:
    return {r["text"]: r["value"] for r in rows if doc_id is None or r["doc_id"] == doc_id}


TEXT = "Kestrel Air opened its Perth route on 4 May 2015. Last year it added a second daily flight."


def test_each_timex_is_one_record_with_offsets_into_its_document() -> None:
    rows = run([line(doc_id="k1", dct="2024-03-05", text=TEXT)])
    assert rows, "no timex found"
    for r in rows:
        assert set(r) == {"doc_id", "start", "end", "text", "type", "value"}
        assert r["doc_id"] == "k1"
        assert TEXT[r["start"] : r["end"]] == r["text"]
        assert r["type"] in {"DATE", "TIME", "DURATION", "SET"}
    found = {r["value"] for r in rows}
    assert "2015-05-04" in found
    assert "2023" in found


def test_documents_keep_their_ids_and_order_and_blank_lines_are_skipped() -> None:
    rows = run(
        [
            line(doc_id="b", dct="2024-03-05", text="It opened in June 2012."),
            "",
            "   ",
            line(doc_id=7, dct="2019-01-10", text="Sales fell in 2018."),
        ]
    )
    assert [(r["doc_id"], r["value"]) for r in rows] == [("b", "2012-06"), (7, "2018")]


def test_relative_dates_use_the_documents_own_dct_before_the_runs() -> None:
    lines = [
        line(doc_id="own", dct="2020-06-01", text="Last year the airline grew."),
        line(doc_id="run", text="Last year the airline grew."),
        line(doc_id="null", dct=None, text="Last year the airline grew."),
    ]
    rows = run(lines, dct="2011-02-03")
    assert values(rows, "own") == {"Last year": "2019"}
    assert values(rows, "run") == {"Last year": "2010"}
    assert values(rows, "null") == {"Last year": "2010"}


def test_without_any_dct_the_reference_date_is_found_in_the_text() -> None:
    text = "Kestrel Air adds flights\nPublished: 2024-05-01\n\nLast year the airline carried two million."
    rows = run([line(doc_id="p", text=text)])
    assert values(rows)["Last year"] == "2023"


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ('{"doc_id": "x", "text": "On 3 May 2001."', "not valid JSON"),
        ('["x", "On 3 May 2001."]', "JSON object"),
        ('{"doc_id": "x", "dct": "2001-05-05"}', '"text"'),
        ('{"doc_id": "x", "text": 12}', '"text"'),
        ('{"text": "On 3 May 2001."}', '"doc_id"'),
        ('{"doc_id": "x", "dct": "2001-02-30", "text": "On 3 May 2001."}', "not a date"),
    ],
)
def test_a_malformed_line_names_stdin_and_its_line_number(bad: str, reason: str) -> None:
    good = line(doc_id="ok", dct="2001-05-05", text="It rained on 3 May 2001.")
    stream = tag_stream([good, "", bad, good], None)
    first = next(stream)
    assert json.loads(first)["doc_id"] == "ok"
    with pytest.raises(InputError) as caught:
        list(stream)
    message = str(caught.value)
    assert message.startswith("<stdin>, line 3: ")
    assert reason in message


def test_a_run_dct_that_is_not_a_date_is_refused() -> None:
    with pytest.raises(DateError):
        list(tag_stream([line(doc_id="x", text="In 2001.")], "someday"))
