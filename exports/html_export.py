"""HTML export: one self-contained page, an SVG timeline above a table of every event.

Named ``html_export`` so that ``import html`` keeps meaning the standard library.

Choices:
- One file, no script, no stylesheet or font fetched: it opens offline, from a
  mail attachment or a due-diligence data room, and shows the same everywhere.
- In the SVG each dated event is a bar from the first to the last day of its
  interval, so a "2021" figure is a year-long bar and a "2021-12-02" deal a
  tick: the precision is seen, not hidden. A bar's tooltip (``<title>``) gives
  the sentence, the date as the source gave it and the document.
- The table lists every event, undated ones too, with its source document,
  character span and quote: each line on the page can be checked.
- Events the state does not use (lost a conflict, repeat a more precise source,
  retracted) are drawn hollow and marked in the table: the disagreement stays visible.
- Every name and quote is escaped: a document cannot put markup into the page.
The same records give the same bytes (no clock, no random ids).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape
from typing import Any

from exports.record import attributes, headline, iso_date, source

WIDTH = 960
LANE = 14
MARGIN = 40
#: Shortest bar drawn, in pixels, so a one-day event stays visible on a 50-year axis.
MIN_BAR = 3.0

_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
td.quote{color:#555;font-style:italic}
tr.unused td{color:#888}
svg text{font-size:11px;fill:#555}
.bar{fill:#3b6ea5}.bar.unused{fill:none;stroke:#999;stroke-dasharray:2 2}
"""


def _standing(record: Mapping[str, Any]) -> str:
    """'' for an event the state uses, else why not (retracted, lost a conflict, repeats a source)."""
    status = str(record.get("status") or "asserted")
    if status != "asserted":
        return status
    if record.get("folded") is False:
        return "lost a conflict" if record.get("conflict") else "repeats another source"
    return ""


def _axis(records: Sequence[Mapping[str, Any]]) -> tuple[date, date] | None:
    firsts = [d for r in records if (d := iso_date(r.get("date_start"))) is not None]
    lasts = [iso_date(r.get("date_end")) or iso_date(r.get("date_start")) for r in records]
    ends = [d for d in lasts if d is not None]
    if not firsts:
        return None
    lo, hi = min(firsts), max(ends)
    return date(lo.year, 1, 1), date(hi.year + 1, 1, 1)


def _svg(records: Sequence[Mapping[str, Any]]) -> str:
    dated = [r for r in records if iso_date(r.get("date_start")) is not None]
    axis = _axis(dated)
    if axis is None:
        return ""
    lo, hi = axis
    span = max((hi - lo).days, 1)
    inner = WIDTH - 2 * MARGIN

    def x(d: date) -> float:
        return MARGIN + inner * (d - lo).days / span

    height = MARGIN + LANE * len(dated) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="timeline of {len(dated)} dated events">'
    ]
    step = max(1, (hi.year - lo.year) // 12)
    for year in range(lo.year, hi.year + 1, step):
        tx = x(date(year, 1, 1))
        parts.append(f'<line x1="{tx:.1f}" y1="{MARGIN - 12}" x2="{tx:.1f}" y2="{height}" stroke="#eee"/>')
        parts.append(f'<text x="{tx:.1f}" y="{MARGIN - 16}" text-anchor="middle">{year}</text>')
    for i, r in enumerate(dated):
        first = iso_date(r.get("date_start"))
        last = iso_date(r.get("date_end")) or first
        if first is None or last is None:
            continue
        x0, x1 = x(first), x(date.fromordinal(max(first, last).toordinal() + 1))
        unused = " unused" if _standing(r) else ""
        tip = f"{headline(r)} \u2014 {r.get('date')} ({r.get('precision') or 'day'}), {source(r).get('doc')}"
        width = max(x1 - x0, MIN_BAR)
        ident = escape(str(r.get("id")))
        parts.append(
            f'<rect class="bar{unused}" x="{x0:.1f}" y="{MARGIN + i * LANE}" width="{width:.1f}"'
            f' height="{LANE - 4}" data-event="{ident}"><title>{escape(tip)}</title></rect>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _row(record: Mapping[str, Any]) -> str:
    src = source(record)
    attrs = attributes(record)
    why = _standing(record)
    span = f" ({src['start']}\u2013{src['end']})" if src.get("start") is not None else ""
    details = ", ".join(f"{k}={attrs[k]}" for k in sorted(attrs))
    cells = [
        escape(str(record.get("date") or "undated")),
        escape(str(record.get("precision") or "")),
        escape(headline(record)) + (f" <em>({escape(why)})</em>" if why else ""),
        escape(details),
        escape(str(src.get("doc") or "")) + escape(span),
        escape(str(src.get("quote") or "")),
    ]
    classes = "event unused" if why else "event"
    tds = "".join(
        f'<td class="{c}">{v}</td>'
        for c, v in zip(("date", "precision", "what", "details", "doc", "quote"), cells, strict=True)
    )
    return f'<tr class="{classes}" id="ev-{escape(str(record.get("id")))}">{tds}</tr>'


def export(records: Sequence[Mapping[str, Any]]) -> bytes:
    """Records -> one HTML page (UTF-8): SVG timeline of the dated events, table of all."""
    undated = sum(1 for r in records if iso_date(r.get("date_start")) is None)
    summary = f"{len(records)} events" + (
        f", {undated} of them undated (in the table only)" if undated else ""
    )
    head = "".join(f"<th>{h}</th>" for h in ("date", "precision", "event", "details", "source", "quote"))
    page = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>timeline events</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>timeline events</h1>",
        f"<p>{escape(summary)}</p>",
        _svg(records),
        f"<table><thead><tr>{head}</tr></thead><tbody>",
        *(_row(r) for r in records),
        "</tbody></table></body></html>",
    ]
    return ("\n".join(page) + "\n").encode("utf-8")
