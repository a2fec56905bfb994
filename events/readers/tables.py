"""Pipe tables (Markdown, wiki dumps, HTML rendered by the HTML reader), parsed as found.

Malformed tables are normal in scraped text: ragged rows, a header split over two
lines, missing outer pipes, no separator line.  Cells are kept verbatim with their
spans; nothing is filled in.  ``table_records`` maps rows to year / total /
sub-columns for the extraction, only as far as the header allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from events.document import Cell, Table, TableRow
from events.readers.data import compile_regex, load
from events.readers.lines import Line, split_lines, strip_span
from events.readers.prose import is_prose

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CAPTION_DECORATION = re.compile(r"^[\s\-*•#=]*(table\s*\d*\s*[:.]\s*)?|[\s*=:]+$", re.IGNORECASE)
_NUMBER = re.compile(
    r"^[+\-−]?(?:[$€£¥]|US\$|RMB\s?|CNY\s?)?"
    r"(?:\d{1,3}(?:[,\u00a0\u202f ]\d{3})*|\d+)(?:\.\d+)?$"
)
_MAX_TABLE_LINE = 5000


@dataclass(frozen=True, slots=True)
class TableRecord:
    """One body row read through its header.

    ``year`` and ``total`` are the cells under a period / total header (or a column
    of years when no header names one); ``columns`` pairs further header texts with
    their cells when the header maps them unambiguously; ``unmapped`` keeps every
    other cell as found (e.g. under a header split over two lines).
    """

    row: TableRow
    year: Cell | None
    total: Cell | None
    columns: tuple[tuple[str, Cell], ...]
    unmapped: tuple[Cell, ...]


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    data = load("tables.yaml")
    return {
        key: compile_regex("tables.yaml", key, data.get(key))
        for key in ("year_header", "total_header", "period_cell", "empty_cell")
    }


def find_tables(text: str, lines: list[Line] | None = None) -> tuple[Table, ...]:
    """Every pipe table (Markdown style or wiki ``{| ... |}`` markup) with at least one body row."""
    lines = split_lines(text) if lines is None else lines
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        if lines[i].text.lstrip().startswith("{|"):
            j = i + 1
            while j < len(lines) and not lines[j].text.lstrip().startswith("|}"):
                j += 1
            wiki = _wikitable(text, lines, i, min(j + 1, len(lines)))
            if wiki is not None:
                tables.append(wiki)
            i = j + 1
            continue
        if not (_opens_table(lines[i].text) or _headed_without_outer_pipes(lines, i)):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and _continues_table(lines[j].text):
            j += 1
        table = _build(text, lines, i, j)
        if table is not None:
            tables.append(table)
        i = j
    return tuple(tables)


def _opens_table(line: str) -> bool:
    return len(line) <= _MAX_TABLE_LINE and line.count("|") >= 2


def _headed_without_outer_pipes(lines: list[Line], i: int) -> bool:
    """ "Year | Sales" over "--- | ---": a Markdown table written without its outer pipes."""
    nxt = lines[i + 1].text if i + 1 < len(lines) else ""
    return "|" in lines[i].text and "|" in nxt and _SEPARATOR.match(nxt) is not None


def _continues_table(line: str) -> bool:
    # Inside a table one pipe is enough: scraped rows lose their outer pipes.
    stripped = line.strip()
    return len(line) <= _MAX_TABLE_LINE and "|" in stripped and not stripped.startswith("||")


def _build(text: str, lines: list[Line], first: int, stop: int) -> Table | None:
    rows: list[TableRow] = []
    header_count: int | None = None
    for line in lines[first:stop]:
        if _SEPARATOR.match(line.text):
            if header_count is None:
                header_count = len(rows)
            continue
        rows.append(_row(text, line))
    if len(rows) < 2 and header_count is None:
        return None
    if header_count is None:
        header_count = 0
        while header_count < len(rows) - 1 and _is_header_row(rows[header_count]):
            header_count += 1
    header_rows, body = rows[:header_count], rows[header_count:]
    if not body:
        return None
    start, end = strip_span(text, lines[first].start, lines[stop - 1].end)
    return Table(
        header=header_rows[0].cells if header_rows else (),
        rows=tuple(body),
        start=start,
        end=end,
        header_rows=tuple(header_rows),
        caption=_caption(text, lines, first),
    )


def _wikitable(text: str, lines: list[Line], first: int, stop: int) -> Table | None:
    """A MediaWiki table: ``!`` header cells, ``|`` data cells, ``!!``/``||`` on one line, ``|-`` rows."""
    rows: list[tuple[bool, list[Cell]]] = []
    cells: list[Cell] = []
    header = True
    caption: Cell | None = None

    def close_row() -> None:
        nonlocal cells, header
        if cells:
            rows.append((header, cells))
        cells, header = [], True

    for line in lines[first + 1 : stop]:
        body = line.text.lstrip()
        offset = line.start + len(line.text) - len(body)
        if body.startswith("|}"):
            break
        if body.startswith("|+"):
            s, e = strip_span(text, offset + 2, line.end)
            caption = Cell(text[s:e], s, e)
        elif body.startswith("|-"):
            close_row()
        elif body.startswith(("!", "|")):
            header = header and body.startswith("!")
            sep = "!!" if body.startswith("!") and "!!" in body else "||"
            cells += _wiki_cells(text, offset + 1, line.end, sep)
    close_row()
    header_count = 0
    while header_count < len(rows) - 1 and rows[header_count][0]:
        header_count += 1
    body_rows = [_span_row(c) for _, c in rows[header_count:]]
    if not body_rows:
        return None
    header_rows = tuple(_span_row(c) for _, c in rows[:header_count])
    start, end = strip_span(text, lines[first].start, lines[stop - 1].end)
    return Table(
        header=header_rows[0].cells if header_rows else (),
        rows=tuple(body_rows),
        start=start,
        end=end,
        header_rows=header_rows,
        caption=caption,
    )


def _wiki_cells(text: str, start: int, end: int, sep: str) -> list[Cell]:
    cells: list[Cell] = []
    pos = start
    while True:
        cut = text.find(sep, pos, end)
        seg_end = end if cut < 0 else cut
        # `style="..." | value`: attributes sit before a single bar.
        bar = text.find("|", pos, seg_end)
        seg_start = bar + 1 if bar >= 0 and "=" in text[pos:bar] else pos
        s, e = strip_span(text, seg_start, seg_end)
        cells.append(Cell(text[s:e], s, e))
        if cut < 0:
            return cells
        pos = cut + len(sep)


def _span_row(cells: list[Cell]) -> TableRow:
    return TableRow(tuple(cells), min(c.start for c in cells), max(c.end for c in cells))


def _row(text: str, line: Line) -> TableRow:
    start, end = strip_span(text, line.start, line.end)
    inner_start, inner_end = start, end
    if text.startswith("|", inner_start):
        inner_start += 1
    if inner_end > inner_start and text[inner_end - 1] == "|":
        inner_end -= 1
    cells: list[Cell] = []
    pos = inner_start
    while True:
        bar = text.find("|", pos, inner_end)
        seg_end = inner_end if bar < 0 else bar
        s, e = strip_span(text, pos, seg_end)
        cells.append(Cell(text[s:e], s, e))
        if bar < 0:
            break
        pos = bar + 1
    return TableRow(tuple(cells), start, end)


def _is_header_row(row: TableRow) -> bool:
    texts = [c.text for c in row.cells]
    return any(texts) and not any(is_value(t) for t in texts)


def is_value(cell: str) -> bool:
    """A number, a period or a no-value placeholder: what body cells hold and headers do not."""
    p = _patterns()
    cell = _unemphasised(cell)
    return (
        bool(cell) and (p["empty_cell"].match(cell) is not None or p["period_cell"].match(cell) is not None)
    ) or parse_number(cell) is not None


def _caption(text: str, lines: list[Line], first: int) -> Cell | None:
    for k in range(first - 1, max(-1, first - 3), -1):
        line = lines[k]
        if line.blank:
            continue
        if line.words > 12 or is_prose(line.text) or "|" in line.text:
            return None
        m = _CAPTION_DECORATION.match(line.text)
        s = line.start + (m.end() if m else 0)
        s, e = strip_span(text, s, line.end)
        tail = _CAPTION_DECORATION.search(text, s, e)
        while tail and tail.end() == e and tail.start() > s:
            e = tail.start()
            tail = _CAPTION_DECORATION.search(text, s, e)
        return Cell(text[s:e], s, e) if s < e else None
    return None


def parse_number(cell: str) -> int | float | None:
    """The number a cell states ("226,198" -> 226198, "1.5" -> 1.5); None for "–", "" or words."""
    raw = _unemphasised(cell)
    if not _NUMBER.match(raw):
        return None
    digits = re.sub(r"[^\d.+\-−]", "", raw).replace("−", "-")
    try:
        return float(digits) if "." in digits else int(digits)
    except ValueError:
        return None


def _unemphasised(cell: str) -> str:
    """Cell text without Markdown emphasis ("**2020**" -> "2020")."""
    return cell.strip().strip("*_").strip()


def table_records(table: Table) -> list[TableRecord]:
    """Each body row of ``table`` mapped to year / total / sub-columns as far as the header allows."""
    p = _patterns()
    first = [c.text for c in table.header]
    year_col = _column(first, p["year_header"])
    if year_col is None:
        year_col = _period_column(table, p["period_cell"])
    total_col = _column(first, p["total_header"])
    one_line_header = len(table.header_rows) <= 1
    records: list[TableRecord] = []
    for row in table.rows:
        year = row.cells[year_col] if year_col is not None and year_col < len(row.cells) else None
        total = row.cells[total_col] if total_col is not None and total_col < len(row.cells) else None
        columns: list[tuple[str, Cell]] = []
        unmapped: list[Cell] = []
        aligned = one_line_header and len(first) == len(row.cells)
        for k, cell in enumerate(row.cells):
            if k in (year_col, total_col):
                continue
            if aligned and first[k]:
                columns.append((first[k], cell))
            else:
                unmapped.append(cell)
        records.append(TableRecord(row, year, total, tuple(columns), tuple(unmapped)))
    return records


def _column(header: list[str], pattern: re.Pattern[str]) -> int | None:
    for k, name in enumerate(header):
        if pattern.match(_unemphasised(name)):
            return k
    return None


def _period_column(table: Table, period: re.Pattern[str]) -> int | None:
    width = max((len(r.cells) for r in table.rows), default=0)
    for k in range(width):
        cells = [r.cells[k].text for r in table.rows if k < len(r.cells) and r.cells[k].text]
        if cells and all(period.match(_unemphasised(c)) for c in cells):
            return k
    return None
