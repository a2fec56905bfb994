"""Exporters: every format in the registry is deterministic, copes with nothing, keeps
non-ASCII names, and each file reads back the way its consumers (polars, calendar
apps, spreadsheets) will read it."""

from __future__ import annotations

import copy
import html
import io
import json
from datetime import date
from typing import Any

import icalendar
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from exports import EXPORTERS, SUFFIXES, left_out
from exports.csv_export import COLUMNS, neutralise
from exports.ics import uid
from exports.parquet import read as read_parquet


def _entity(id_: str, name: str, *aliases: str) -> dict[str, Any]:
    return {"id": id_, "name": name, "aliases": list(aliases)}


def _record(
    id_: str,
    type_: str,
    subject: dict[str, Any],
    obj: dict[str, Any] | None,
    when: str | None,
    precision: str | None,
    start: str | None,
    end: str | None,
    attributes: dict[str, Any],
    quote: str,
    *,
    status: str = "asserted",
    recorded_at: str = "2026-03-01T09:30:00+00:00",
    date_text: str = "",
) -> dict[str, Any]:
    return {
        "id": id_,
        "type": type_,
        "subject": subject,
        "object": obj,
        "date": when,
        "precision": precision,
        "date_start": start,
        "date_end": end,
        "date_text": date_text,
        "attributes": attributes,
        "source": {
            "doc": "notes/chongqing-carmaker.txt",
            "doc_sha256": "ab" * 32,
            "start": 120,
            "end": 120 + len(quote),
            "quote": quote,
        },
        "published": "2023-01-10",
        "published_how": "metadata",
        "confidence": 0.85,
        "rule": f"{type_}.test",
        "recorded_at": recorded_at,
        "status": status,
    }


SERES = _entity("ent-seres", "Seres Group", "Sokon Group", "赛力斯")
HOLDER = _entity("ent-holder", "东风汽车集团", "Dongfeng Motor Group")
DATED = [
    _record(
        "ev-rename",
        "renamed",
        SERES,
        None,
        "2022-07",
        "month",
        "2022-07-01",
        "2022-07-31",
        {"old_name": "Sokon Group", "new_name": "Seres Group"},
        "In July 2022 the carmaker swapped the Sokon Group name for Seres Group.",
        date_text="In July 2022",
    ),
    _record(
        "ev-stake",
        "acquired_stake",
        HOLDER,
        SERES,
        "2019-04-18",
        "day",
        "2019-04-18",
        "2019-04-18",
        {"stake": 0.255},
        "东风汽车集团 took a 25.5% holding on 18 April 2019.",
    ),
    _record(
        "ev-formula",
        "sales_figure",
        SERES,
        None,
        "2021",
        "year",
        "2021-01-01",
        "2021-12-31",
        {"units": 3000},
        '=HYPERLINK("http://evil.example","click")',
    ),
    _record(
        "ev-retracted",
        "sold_stake",
        HOLDER,
        SERES,
        "2020-Q3",
        "quarter",
        "2020-07-01",
        "2020-09-30",
        {"stake": 0.1},
        "-10% was sold, said an early report later withdrawn.",
        status="retracted",
    ),
]
UNDATED = _record(
    "ev-undated",
    "agreement",
    SERES,
    HOLDER,
    None,
    None,
    None,
    None,
    {},
    "The two firms signed a cooperation agreement.",
)
RECORDS = [*DATED, UNDATED]


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_exporter_gives_the_same_bytes_for_the_same_records(fmt: str) -> None:
    first = EXPORTERS[fmt](RECORDS)
    second = EXPORTERS[fmt](copy.deepcopy(RECORDS))
    assert first == second
    assert first


def _events_read_back(fmt: str, data: bytes) -> int:
    if fmt == "csv":
        return pl.read_csv(io.BytesIO(data), infer_schema=False).height
    if fmt == "jsonl":
        return len(data.decode("utf-8").splitlines())
    if fmt == "parquet":
        return len(read_parquet(data))
    if fmt == "ics":
        return len(icalendar.Calendar.from_ical(data).walk("VEVENT"))
    if fmt == "timelinejs":
        return len(json.loads(data)["events"])
    if fmt == "html":
        return len(HTMLParser(data.decode("utf-8")).css("tr.event"))
    if fmt == "bods":
        return sum(1 for st in json.loads(data) if st["recordType"] == "relationship")
    raise AssertionError(f"no reader for {fmt} in this test: add one")


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_exporter_of_no_records_gives_a_readable_file_with_no_events(fmt: str) -> None:
    assert _events_read_back(fmt, EXPORTERS[fmt]([])) == 0
    # A format that takes only some events (BODS: ownership) says which, and takes those.
    assert _events_read_back(fmt, EXPORTERS[fmt](DATED)) == len(DATED) - left_out(fmt, DATED)


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_exporter_does_not_change_its_input(fmt: str) -> None:
    before = copy.deepcopy(RECORDS)
    EXPORTERS[fmt](RECORDS)
    assert before == RECORDS


def _names_read_back(fmt: str, data: bytes) -> set[str]:
    if fmt == "csv":
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False)
        return set(frame["subject"].drop_nulls()) | set(frame["object"].drop_nulls())
    if fmt == "jsonl":
        rows = [json.loads(line) for line in data.decode("utf-8").splitlines()]
        return {r["subject"]["name"] for r in rows} | {r["object"]["name"] for r in rows if r["object"]}
    if fmt == "parquet":
        rows = read_parquet(data)
        return {r["subject"]["name"] for r in rows} | {r["object"]["name"] for r in rows if r["object"]}
    if fmt == "ics":
        cal = icalendar.Calendar.from_ical(data)
        return {str(ev["SUMMARY"]) for ev in cal.walk("VEVENT")}
    if fmt == "timelinejs":
        return {html.unescape(e["text"]["headline"]) for e in json.loads(data)["events"]}
    if fmt == "html":
        return {td.text() for td in HTMLParser(data.decode("utf-8")).css("td.what")}
    if fmt == "bods":
        return {st["recordDetails"]["name"] for st in json.loads(data) if st["recordType"] == "entity"}
    raise AssertionError(f"no reader for {fmt} in this test: add one")


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_exporter_keeps_chinese_names(fmt: str) -> None:
    names = _names_read_back(fmt, EXPORTERS[fmt](RECORDS))
    assert any("东风汽车集团" in n for n in names), names


def test_every_exporter_has_a_file_suffix() -> None:
    assert set(SUFFIXES) == set(EXPORTERS)


# ---------------------------------------------------------------- ICS


def _vevents(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(ev["X-TIMELINE-ID"]): ev for ev in cal.walk("VEVENT")}


def test_ics_has_one_all_day_event_per_dated_event_and_skips_undated_ones() -> None:
    events = _vevents(EXPORTERS["ics"](RECORDS))
    assert sorted(events) == sorted(r["id"] for r in DATED)
    for ev in events.values():
        assert type(ev.decoded("DTSTART")) is date


def test_ics_dtend_is_the_day_after_the_last_day() -> None:
    events = _vevents(EXPORTERS["ics"](RECORDS))
    rename = events["ev-rename"]
    assert rename.decoded("DTSTART") == date(2022, 7, 1)
    assert rename.decoded("DTEND") == date(2022, 8, 1)  # the whole of July, not July 1-30
    stake = events["ev-stake"]
    assert (stake.decoded("DTSTART"), stake.decoded("DTEND")) == (date(2019, 4, 18), date(2019, 4, 19))


def test_ics_uids_survive_a_second_export_with_other_events() -> None:
    first = _vevents(EXPORTERS["ics"](RECORDS))
    later = _vevents(EXPORTERS["ics"]([DATED[1], DATED[0]]))
    assert {k: str(v["UID"]) for k, v in later.items()} == {k: str(first[k]["UID"]) for k in later}
    assert len({str(v["UID"]) for v in first.values()}) == len(first)
    assert str(first["ev-rename"]["UID"]) == uid("ev-rename")


def test_ics_dtstamp_comes_from_recorded_at_not_the_clock() -> None:
    ev = _vevents(EXPORTERS["ics"](DATED))["ev-rename"]
    assert ev.decoded("DTSTAMP").isoformat() == "2026-03-01T09:30:00+00:00"


def test_ics_summary_precision_and_source_are_readable() -> None:
    events = _vevents(EXPORTERS["ics"](RECORDS))
    rename = events["ev-rename"]
    assert str(rename["SUMMARY"]) == "Sokon Group renamed to Seres Group"
    assert str(rename["X-PRECISION"]) == "month"
    body = str(rename["DESCRIPTION"])
    assert "month precision" in body and "In July 2022" in body
    assert "notes/chongqing-carmaker.txt" in body and DATED[0]["source"]["quote"] in body
    assert str(events["ev-stake"]["SUMMARY"]) == "东风汽车集团 acquired 25.5% of Seres Group"


def test_ics_marks_a_retracted_event_cancelled() -> None:
    events = _vevents(EXPORTERS["ics"](RECORDS))
    assert str(events["ev-retracted"]["STATUS"]) == "CANCELLED"
    assert str(events["ev-stake"]["STATUS"]) == "CONFIRMED"


@pytest.mark.parametrize(
    ("flags", "status"),
    [
        ({"folded": True, "conflict": "cf-1", "same_as": None}, "CONFIRMED"),
        ({"folded": False, "conflict": "cf-1", "same_as": None}, "TENTATIVE"),
        ({"folded": False, "conflict": None, "same_as": "ev-stake"}, "TENTATIVE"),
        ({"folded": False, "conflict": None, "same_as": None}, "CANCELLED"),
    ],
    ids=["chosen-in-conflict", "lost-conflict", "vaguer-duplicate", "retracted-by-curation"],
)
def test_ics_status_follows_whether_the_state_uses_the_event(flags: dict[str, Any], status: str) -> None:
    rec = {**DATED[0], **flags}
    chosen = {**DATED[0], "folded": True}
    first = _vevents(EXPORTERS["ics"]([chosen]))["ev-rename"]
    ev = _vevents(EXPORTERS["ics"]([rec]))["ev-rename"]
    assert str(ev["STATUS"]) == status
    assert int(ev["SEQUENCE"]) >= int(first["SEQUENCE"])  # a later export never goes backwards


# ---------------------------------------------------------------- TimelineJS


def _slides(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["unique_id"]: e for e in json.loads(EXPORTERS["timelinejs"](records))["events"]}


def test_timelinejs_dates_keep_the_precision_the_source_gave() -> None:
    slides = _slides(RECORDS)
    assert "ev-undated" not in slides  # a timeline has nowhere to put it
    assert slides["ev-stake"]["start_date"] == {"year": 2019, "month": 4, "day": 18}
    # "2022-07" is July 2022, not 1 July; "2021" is the year.
    assert slides["ev-rename"]["start_date"] == {"year": 2022, "month": 7}
    assert slides["ev-formula"]["start_date"] == {"year": 2021}
    quarter = slides["ev-retracted"]
    assert quarter["start_date"] == {"year": 2020, "month": 7, "display_date": "2020-Q3"}
    assert quarter["end_date"] == {"year": 2020, "month": 9, "display_date": "2020-Q3"}
    assert all("end_date" not in slides[k] for k in ("ev-stake", "ev-rename", "ev-formula"))


def test_timelinejs_text_is_escaped_html_with_the_source() -> None:
    rec = copy.deepcopy(DATED[1])
    rec["source"]["quote"] = 'Buyer <script>alert("x")</script> & co'
    rec["subject"] = _entity("e1", "<b>Evil</b> Corp")
    [slide] = _slides([rec]).values()
    assert "<script>" not in slide["text"]["text"] and "<b>" not in slide["text"]["headline"]
    assert (
        "&lt;script&gt;" in slide["text"]["text"] and "notes/chongqing-carmaker.txt" in slide["text"]["text"]
    )
    assert html.unescape(slide["text"]["headline"]).startswith("<b>Evil</b> Corp acquired 25.5% of")
    assert slide["group"] == "acquired_stake"


def test_timelinejs_marks_events_the_state_does_not_use() -> None:
    lost = {**DATED[2], "folded": False, "conflict": "c1"}
    slides = _slides([lost, DATED[3]])
    assert slides["ev-formula"]["text"]["headline"].endswith("(lost a conflict)")
    assert slides["ev-retracted"]["text"]["headline"].endswith("(retracted)")


# ---------------------------------------------------------------- HTML


def _page(records: list[dict[str, Any]]) -> HTMLParser:
    return HTMLParser(EXPORTERS["html"](records).decode("utf-8"))


def test_html_bars_are_as_wide_as_the_date_interval_and_undated_events_are_in_the_table_only() -> None:
    page = _page(RECORDS)
    bars = {b.attributes["data-event"]: float(b.attributes["width"] or 0) for b in page.css("rect.bar")}
    assert set(bars) == {r["id"] for r in DATED}
    # A year ("2021") is drawn far wider than a day ("2019-04-18"), a month in between.
    assert bars["ev-formula"] > bars["ev-rename"] > bars["ev-stake"]
    rows = {tr.attributes["id"]: tr for tr in page.css("tr.event")}
    assert set(rows) == {f"ev-{r['id']}" for r in RECORDS}
    undated = rows["ev-ev-undated"]
    assert undated.css_first("td.date").text() == "undated"
    assert "notes/chongqing-carmaker.txt (120" in undated.css_first("td.doc").text()
    assert "1 of them undated" in page.css_first("p").text()


def test_html_escapes_what_documents_say_and_marks_unused_events() -> None:
    rec = copy.deepcopy(DATED[1])
    rec["source"]["quote"] = 'Buyer <script>alert("x")</script>'
    rec["subject"] = _entity("e1", "<img src=x onerror=alert(1)>")
    lost = {**DATED[2], "folded": False, "conflict": "c1"}
    page = _page([rec, lost])
    assert not page.css("script") and not page.css("img")
    assert page.css_first("td.quote").text() == 'Buyer <script>alert("x")</script>'
    [unused] = page.css("tr.unused")
    assert unused.attributes["id"] == "ev-ev-formula" and "lost a conflict" in unused.text()
    assert page.css("rect.bar.unused")[0].attributes["data-event"] == "ev-formula"


def test_html_of_no_records_is_a_page_with_an_empty_table() -> None:
    page = _page([])
    assert page.css_first("h1").text() == "timeline events" and not page.css("svg")
    assert page.css("tr.event") == [] and "0 events" in page.css_first("p").text()


# ---------------------------------------------------------------- BODS


def _bods(records: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    statements = json.loads(EXPORTERS["bods"](records))
    entities = {st["recordId"]: st["recordDetails"] for st in statements if st["recordType"] == "entity"}
    return entities, [st for st in statements if st["recordType"] == "relationship"]


def _owning(
    id_: str, type_: str, when: str, precision: str, start: str, end: str, **attrs: Any
) -> dict[str, Any]:
    quote = f"{type_} said on {when}"
    return _record(id_, type_, HOLDER, SERES, when, precision, start, end, attrs, quote)


def test_bods_states_each_holding_with_its_share_only_when_the_total_is_given() -> None:
    records = [
        _owning("b1", "acquired_stake", "2018-11", "month", "2018-11-01", "2018-11-30", stake=0.1),
        _owning(
            "b2",
            "acquired_stake",
            "2019-04-18",
            "day",
            "2019-04-18",
            "2019-04-18",
            stake=0.2,
            stake_after=0.3,
        ),
        _owning(
            "b3", "sold_stake", "2021-Q2", "quarter", "2021-04-01", "2021-06-30", stake=0.3, stake_after=0.0
        ),
        UNDATED,  # an agreement: not ownership
    ]
    entities, rels = _bods(records)
    assert entities["ent-holder"]["name"] == "东风汽车集团"
    assert entities["ent-seres"]["alternateNames"] == ["Sokon Group", "赛力斯"]
    assert [r["recordStatus"] for r in rels] == ["new", "updated", "closed"]
    assert {r["recordId"] for r in rels} == {"ent-seres-ent-holder"}
    assert all(
        (r["recordDetails"]["subject"], r["recordDetails"]["interestedParty"]) == ("ent-seres", "ent-holder")
        for r in rels
    )
    first, second, last = (r["recordDetails"]["interests"][0] for r in rels)
    # 10% bought with no total stated: no share (BODS has no field for a change), words instead.
    assert "share" not in first and "acquired 10%" in first["details"] and first["startDate"] == "2018-11"
    assert second["share"] == {"exact": 30.0} and second["startDate"] == "2019-04-18"
    assert last["share"] == {"exact": 0.0} and last["endDate"] == "2021-04"
    assert rels[0]["annotations"][0]["description"] == "acquired_stake said on 2018-11"
    assert rels[0]["source"]["description"].startswith("notes/chongqing-carmaker.txt, characters 120-")


def test_bods_leaves_out_what_the_state_does_not_use() -> None:
    used = _owning("b1", "acquired_stake", "2018-11", "month", "2018-11-01", "2018-11-30", stake_after=0.4)
    lost = {**_owning("b2", "acquired_stake", "2018", "year", "2018-01-01", "2018-12-31", stake_after=0.6),
            "folded": False, "conflict": "c1"}  # fmt: skip
    _, rels = _bods([used, lost, DATED[3]])  # DATED[3] is retracted
    assert [r["recordDetails"]["interests"][0]["share"]["exact"] for r in rels] == [40.0]
    assert left_out("bods", [used, lost, DATED[3]]) == 2


# ---------------------------------------------------------------- CSV


def test_csv_reads_back_with_polars_one_row_per_event() -> None:
    frame = pl.read_csv(io.BytesIO(EXPORTERS["csv"](RECORDS)), infer_schema=False)
    assert tuple(frame.columns) == COLUMNS
    assert frame["id"].to_list() == [r["id"] for r in RECORDS]
    row = frame.row(0, named=True)
    assert (row["subject"], row["subject_id"], row["date"], row["date_start"]) == (
        "Seres Group",
        "ent-seres",
        "2022-07",
        "2022-07-01",
    )
    assert json.loads(row["attributes"]) == DATED[0]["attributes"]
    assert row["quote"] == DATED[0]["source"]["quote"]


def test_csv_says_which_events_the_state_uses_and_why_not() -> None:
    won = {**DATED[0], "folded": True, "same_as": None, "conflict": None}
    lost = {**DATED[2], "folded": False, "same_as": None, "conflict": "c0123456789ab"}
    vaguer = {**DATED[1], "folded": False, "same_as": "ev-rename", "conflict": None}
    frame = pl.read_csv(io.BytesIO(EXPORTERS["csv"]([won, lost, vaguer, UNDATED])), infer_schema=False)
    flags = {r["id"]: (r["folded"], r["same_as"], r["conflict"]) for r in frame.iter_rows(named=True)}
    assert flags == {
        "ev-rename": ("true", None, None),
        "ev-formula": ("false", None, "c0123456789ab"),
        "ev-stake": ("false", "ev-rename", None),
        "ev-undated": (None, None, None),  # a record from elsewhere, no state to tell
    }


def test_csv_neutralises_cells_a_spreadsheet_would_run() -> None:
    frame = pl.read_csv(io.BytesIO(EXPORTERS["csv"](RECORDS)), infer_schema=False)
    quotes = dict(zip(frame["id"], frame["quote"], strict=True))
    assert quotes["ev-formula"] == "'" + DATED[2]["source"]["quote"]
    assert quotes["ev-retracted"].startswith("'-10%")
    assert not any(str(v).startswith(("=", "+", "-", "@")) for col in frame.columns for v in frame[col])


@pytest.mark.parametrize("cell", ["=1+2", "+1", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx"])
def test_csv_neutralise_prefixes_formula_text(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", [-5, -0.25, 7, "Seres", "", None])
def test_csv_neutralise_leaves_numbers_and_plain_text(cell: object) -> None:
    assert neutralise(cell) == cell


def test_csv_negative_numbers_stay_numbers() -> None:
    rec = copy.deepcopy(DATED[1])
    rec["confidence"] = -0.5  # not a real confidence, but a number must never become text
    frame = pl.read_csv(io.BytesIO(EXPORTERS["csv"]([rec])))
    assert frame["confidence"].to_list() == [-0.5]


# ---------------------------------------------------------------- JSONL and parquet


def test_jsonl_reads_back_line_by_line_as_the_records() -> None:
    data = EXPORTERS["jsonl"](RECORDS)
    lines = data.decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == RECORDS
    assert "赛力斯" in lines[0]  # written as UTF-8, not \u escapes
    assert all(list(json.loads(line)) == sorted(json.loads(line)) for line in lines)


def test_parquet_round_trips_every_record() -> None:
    assert read_parquet(EXPORTERS["parquet"](RECORDS)) == RECORDS


def test_parquet_has_typed_columns_for_polars_users() -> None:
    frame = pl.read_parquet(io.BytesIO(EXPORTERS["parquet"](RECORDS)))
    assert frame.schema["date_start"] == pl.Date
    assert frame.schema["subject"].to_schema()["name"] == pl.String  # type: ignore[attr-defined]
    seres_2022 = frame.filter(pl.col("date_start") >= date(2022, 1, 1))
    assert seres_2022["id"].to_list() == ["ev-rename"]


def test_parquet_keeps_keys_beyond_the_schema() -> None:
    rec = {**DATED[0], "conflicts": [{"with": "ev-stake"}]}
    assert read_parquet(EXPORTERS["parquet"]([rec])) == [rec]


def test_parquet_of_no_records_still_has_the_columns() -> None:
    frame = pl.read_parquet(io.BytesIO(EXPORTERS["parquet"]([])))
    assert frame.height == 0
    assert {"id", "subject", "date_start", "source", "attributes"} <= set(frame.columns)


@pytest.mark.parametrize(
    ("type_", "subject", "obj", "attributes", "expected"),
    [
        (
            "renamed",
            SERES,
            None,
            {"old_name": "Sokon Group", "new_name": "Seres Group"},
            "Sokon Group renamed to Seres Group",
        ),
        ("acquired_stake", HOLDER, SERES, {"stake": 0.4}, "东风汽车集团 acquired 40% of Seres Group"),
        (
            "acquired_stake",
            HOLDER,
            SERES,
            {"stake_after": 0.8},
            "东风汽车集团 acquired a stake in Seres Group (now 80%)",
        ),
        (
            "listed",
            SERES,
            None,
            {"exchange": "Shanghai Stock Exchange"},
            "Seres Group listed on Shanghai Stock Exchange",
        ),
        (
            "sales_figure",
            SERES,
            None,
            {"metric": "cars delivered", "units": 12345, "approximate": True},
            "Seres Group cars delivered: about 12,345",
        ),
        ("agreement", SERES, HOLDER, {}, "Seres Group signed an agreement with 东风汽车集团"),
        (
            "sold_stake",
            HOLDER,
            SERES,
            {"stake": 0.125, "stake_after": 0.2},
            "东风汽车集团 sold 12.5% of Seres Group (now 20%)",
        ),
        ("founded", SERES, _entity("ent-zx", "Zhang Xinghai"), {}, "Seres Group founded by Zhang Xinghai"),
        ("product_launch", SERES, None, {}, "Seres Group launched a product"),
        ("other", SERES, None, {}, "Seres Group other"),
    ],
    ids=[
        "renamed",
        "acquired",
        "acquired-total-only",
        "listed",
        "figure",
        "agreement",
        "sold-with-total",
        "founded-by",
        "launch-without-product",
        "other-type",
    ],
)
def test_ics_summary_reads_as_a_sentence(
    type_: str, subject: dict[str, Any], obj: dict[str, Any] | None, attributes: dict[str, Any], expected: str
) -> None:
    rec = _record("ev-x", type_, subject, obj, "2020", "year", "2020-01-01", "2020-12-31", attributes, "q")
    (ev,) = _vevents(EXPORTERS["ics"]([rec])).values()
    assert str(ev["SUMMARY"]) == expected


# ---------------------------------------------------------------- any text survives every format

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@st.composite
def _records(draw: st.DrawFn) -> list[dict[str, Any]]:
    out = []
    for i in range(draw(st.integers(0, 4))):
        first = draw(st.dates(date(1800, 1, 1), date(2100, 1, 1)))
        subject = _entity(f"e{i}", draw(_text.filter(str.strip)), *draw(st.lists(_text, max_size=2)))
        rec = _record(f"ev-{i}", "renamed", subject, None, first.isoformat(), "day", first.isoformat(),
                      first.isoformat(), {"new_name": draw(_text)}, draw(_text))  # fmt: skip
        out.append(rec)
    return out


@settings(max_examples=40, deadline=None)
@given(_records())
def test_any_text_round_trips_through_jsonl_and_parquet(records: list[dict[str, Any]]) -> None:
    assert [json.loads(line) for line in EXPORTERS["jsonl"](records).decode("utf-8").splitlines()] == records
    assert read_parquet(EXPORTERS["parquet"](records)) == records


@settings(max_examples=40, deadline=None)
@given(_records())
def test_any_text_reads_back_from_csv_and_ics(records: list[dict[str, Any]]) -> None:
    frame = pl.read_csv(io.BytesIO(EXPORTERS["csv"](records)), infer_schema=False) if records else None
    for i, rec in enumerate(records):
        assert frame is not None
        quote = rec["source"]["quote"]
        assert (frame["quote"][i] or "") == str(neutralise(quote))
    events = _vevents(EXPORTERS["ics"](records))
    assert sorted(events) == sorted(r["id"] for r in records)


def test_cli_jsonl_output_keeps_one_event_per_line_whatever_the_text() -> None:
    # `timeline events --format jsonl` is read back with str.splitlines by the evaluation scripts
    from timeline.render import to_jsonl

    rec = {**DATED[0], "date_text": "in July\u2028 2022", "subject": _entity("e", "Seres\u2029Group\x85")}
    lines = to_jsonl([rec, DATED[1]]).splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["ev-rename", "ev-stake"]
