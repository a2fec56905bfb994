"""Pipe tables as found (ragged, split headers, missing pipes) and the records helper."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from events.document import Table
from events.readers import read_path
from events.readers.tables import find_tables, parse_number, table_records

SHARED = Path(__file__).parents[1].parent / "shared"
SEED_000 = SHARED / "corpus" / "seres" / "000_606889f77432c3fc.txt"
GOLD_EVENTS = SHARED / "gold" / "seres" / "events.jsonl"


def _cells(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def seed_table() -> tuple[str, Table]:
    if not SEED_000.exists():
        pytest.skip("shared seed corpus not present")
    doc = read_path(SEED_000)
    assert len(doc.tables) == 1
    return doc.text, doc.tables[0]


def test_seed_000_sales_table_one_row_per_year(seed_table: tuple[str, Table]) -> None:
    text, table = seed_table
    records = table_records(table)
    years = [r.year.text for r in records if r.year]
    assert years == [str(y) for y in range(2010, 2026)]
    for r in records:
        assert r.total is not None
        assert text[r.total.start : r.total.end] == r.total.text
        assert parse_number(r.total.text) is not None
        assert text[r.row.start : r.row.end].startswith(f"| {r.year.text if r.year else ''} |")


def test_seed_000_split_header_is_kept_and_not_guessed(seed_table: tuple[str, Table]) -> None:
    _, table = seed_table
    assert len(table.header_rows) == 2
    assert [c.text for c in table.header][:2] == ["Year", "Total"]
    assert table.caption is not None and "sales" in table.caption.text
    for r in table_records(table):
        assert r.columns == ()  # a two-line header does not say which brand a column is
        assert len(r.unmapped) == len(r.row.cells) - 2


def test_seed_000_rows_match_gold_sales_evidence(seed_table: tuple[str, Table]) -> None:
    if not GOLD_EVENTS.exists():
        pytest.skip("gold events not present")
    _, table = seed_table
    gold = [json.loads(line) for line in GOLD_EVENTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [
        g
        for g in gold
        if g["doc"] == SEED_000.name and g["type"] == "sales_figure" and g["quote"].startswith("|")
    ]
    assert len(rows) == 16
    by_year = {r.year.text: r for r in table_records(table) if r.year}
    for g in rows:
        record = by_year[g["date"]]
        assert (record.row.start, record.row.end) == (g["start"], g["end"])
        assert record.total is not None and parse_number(record.total.text) == g["attributes"]["units"]


def test_markdown_table_with_separator_maps_columns() -> None:
    text = "Intro.\n\n| Year | Total | Vans | Buses |\n|---|---:|---|---|\n| 2019 | 1,000 | 600 | 400 |\n"
    (table,) = find_tables(text)
    (record,) = table_records(table)
    assert record.year is not None and record.year.text == "2019"
    assert record.total is not None and record.total.text == "1,000"
    assert [(name, cell.text) for name, cell in record.columns] == [("Vans", "600"), ("Buses", "400")]
    for _, cell in record.columns:
        assert text[cell.start : cell.end] == cell.text


def test_missing_outer_pipes_and_ragged_rows_kept_as_found() -> None:
    text = "| Year | Total | Note |\n2020 | 5 | new plant\n| 2021 | 7\n| 2022 |\n"
    (table,) = find_tables(text)
    assert _cells(table) == [["2020", "5", "new plant"], ["2021", "7"], ["2022"]]
    records = table_records(table)
    assert [r.total.text if r.total else None for r in records] == ["5", "7", None]
    for row in table.rows:
        for cell in row.cells:
            assert text[cell.start : cell.end] == cell.text


def test_empty_cells_and_dashes_are_kept_not_zero() -> None:
    text = "| Year | Total | A |\n| 2020 | – | |\n| 2021 | 3 | 1 |\n"
    (table,) = find_tables(text)
    first = table_records(table)[0]
    assert first.total is not None and first.total.text == "–"
    assert parse_number(first.total.text) is None
    assert [c.text for c in table.rows[0].cells] == ["2020", "–", ""]


def test_period_column_found_without_a_header() -> None:
    text = "| 2018 | 12 |\n| 2019 | 15 |\n"
    (table,) = find_tables(text)
    assert table.header == ()
    records = table_records(table)
    assert [r.year.text for r in records if r.year] == ["2018", "2019"]
    assert all(r.total is None for r in records)


def test_single_pipe_line_is_not_a_table() -> None:
    assert find_tables("Privacy Policy | Terms | Contact\n\nPlain paragraph.\n") == ()
    assert find_tables("A sentence with a | pipe.\nAnother | one.\n") == ()


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("226,198", 226198),
        ("1.5", 1.5),
        ("–", None),
        ("", None),
        ("n/a", None),
        ("12 units", None),
        ("-3", -3),
    ],
)
def test_parse_number(cell: str, value: float | None) -> None:
    assert parse_number(cell) == value


def test_markdown_emphasis_does_not_hide_years_or_headers() -> None:
    text = "| **Year** | **Total** |\n|---|---|\n| **2020** | 1,000 |\n"
    (record,) = table_records(find_tables(text)[0])
    assert record.year is not None and record.year.text == "**2020**"  # kept as found
    assert record.total is not None and parse_number(record.total.text) == 1000


def test_wiki_markup_table() -> None:
    text = (
        "Intro line.\n"
        '{| class="wikitable"\n'
        "|+ Brisa sales\n"
        "! Year !! Total !! Ferries\n"
        "|-\n"
        "| 2019 || 1,200 || 800\n"
        "|-\n"
        "| 2020\n"
        "| 1,350\n"
        '| style="color:red" | 900\n'
        "|}\n"
        "After.\n"
    )
    (table,) = find_tables(text)
    assert table.caption is not None and table.caption.text == "Brisa sales"
    assert [c.text for c in table.header] == ["Year", "Total", "Ferries"]
    assert _cells(table) == [["2019", "1,200", "800"], ["2020", "1,350", "900"]]
    records = table_records(table)
    assert [(r.year.text if r.year else None, r.total.text if r.total else None) for r in records] == [
        ("2019", "1,200"),
        ("2020", "1,350"),
    ]
    assert [(name, cell.text) for name, cell in records[1].columns] == [("Ferries", "900")]
    for row in table.rows:
        for cell in row.cells:
            assert text[cell.start : cell.end] == cell.text


@pytest.mark.parametrize(
    "text",
    [
        "Year | Sales\n--- | ---\n2021 | 40,100\n2022 | 45,900\n",
        "Year | Sales\n:---: | ---:\n2021 | 40,100\n2022 | 45,900\n",
        "Year  |  Sales\n------|-------\n2021  |  40,100\n2022  |  45,900\n",
    ],
)
def test_a_table_without_outer_pipes_is_found_by_its_separator_line(text: str) -> None:
    (table,) = find_tables(text)
    assert [c.text for c in table.header] == ["Year", "Sales"]
    assert [r.total.text for r in table_records(table) if r.total] == ["40,100", "45,900"]


def test_a_pipe_in_prose_over_a_rule_is_not_a_table() -> None:
    assert find_tables("Tarn | the maker of vans, said it grew.\n---\nMore prose here.\n") == ()
