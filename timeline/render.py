"""Output: rich tables for people, JSON / JSON Lines / CSV for programs.

Every function takes query results (plain data) and returns the text to print.
rich is imported only for tables, so JSON output stays quick to start.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable, Mapping, Sequence
from typing import Any

Row = Mapping[str, Any]


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def to_jsonl(records: Sequence[Row]) -> str:
    from exports import EXPORTERS

    return EXPORTERS["jsonl"](records).decode("utf-8")


def to_csv(records: Sequence[Row]) -> str:
    """CSV for stdout: the exporter's bytes without the BOM it adds for Excel files.

    On a pipe a BOM glues itself to the first header (``\ufeffid``) and breaks ``head``,
    ``cut`` and csvkit; ``export csv --out FILE`` keeps it.
    """
    from exports import EXPORTERS

    return EXPORTERS["csv"](records).decode("utf-8").removeprefix("\ufeff")


def _tables(build: Callable[[Any], None]) -> str:
    from rich.console import Console

    buf = io.StringIO()
    width = max(100, shutil.get_terminal_size((140, 24)).columns)
    console = Console(file=buf, width=width, highlight=False, soft_wrap=False)
    build(console)
    return buf.getvalue()


def _e(value: object) -> str:
    """Data shown inside rich markup: "[E0001]" in a name must not be read as a style tag."""
    from rich.markup import escape

    return escape(str(value))


def _table(title: str, columns: Sequence[str]) -> Any:
    from rich.table import Table
    from rich.text import Text

    class PlainTable(Table):
        """A table whose string cells are plain text, never markup."""

        def add_row(self, *cells: Any, **kw: Any) -> None:
            super().add_row(*(Text(c) if isinstance(c, str) else c for c in cells), **kw)

    table = PlainTable(title=title, title_justify="left", show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    return table


def _pct(stake: float | None) -> str:
    return "?" if stake is None else f"{stake * 100:.4g}%"


def _src(sources: Sequence[Row]) -> str:
    docs = sorted({str(s.get("doc")) for s in sources})
    return ", ".join(docs)


def _period(e: Row) -> str:
    """``Name (from 2007-05-01 until 2023-10-01)``; the first known name has no start."""
    if not e.get("until"):
        return _e(e["name"])
    since = f"from {e['from']} " if e.get("from") else ""
    return f"{_e(e['name'])} ({since}until {e['until']})"


def state_table(s: Row) -> str:
    """A person's view of one state: the name, then owners, holdings, people and figures."""

    def build(console: Any) -> None:
        ent = s["entity"]
        console.print(
            f"[bold]{_e(s['name'])}[/bold]  on {s['at']}"
            + (f"  (as known on {s['as_known']})" if s["as_known"] else "")
        )
        console.print(
            f"entity {ent['id']}; also called: {_e(', '.join(a for a in ent['aliases'] if a != s['name']))}"
        )
        if s.get("before_first_known"):
            first = s["first_known_event"]
            console.print(
                f"[yellow]before anything dated:[/yellow] the first dated event about it is"
                f" {first['type']} {first['date']}; the name shown is only the first one known"
            )
        if s.get("name_sources"):
            told = "; ".join(f"{n['doc']} ({n['date'] or 'undated'})" for n in s["name_sources"])
            console.print(f"name from: {_e(told)}")
        if s["earlier_names"]:
            console.print("earlier names: " + "; ".join(_period(e) for e in s["earlier_names"]))
        if s.get("founded"):
            f = s["founded"]
            console.print(f"founded: {f['date'] or 'undated'} ({_e(_src(f['sources']))})")
        if s.get("headquarters"):
            hq = s["headquarters"]
            since = f" since {hq['since']}" if hq.get("since") else ""
            console.print(f"headquarters: {_e(hq['location'])}{since} ({_e(_src(hq['sources']))})")
        for u in s["uncertain"]:
            if u["field"] == "name":
                console.print(
                    f"[yellow]uncertain:[/yellow] renamed from {_e(u['before'])} to {_e(u['after'])}"
                    f" some time up to {u['interval_end']}"
                )
            elif "of" in u:
                console.print(
                    f"[yellow]uncertain:[/yellow] {u['type']} {u['date']} ({_e(u['of'])})"
                    " may or may not have happened by this date"
                )
            else:
                what = f"{u['role']}: " if u.get("role") else ""
                before = f"{_e(u['before'])} or " if u.get("before") else "not yet or "
                console.print(
                    f"[yellow]uncertain:[/yellow] {u['type']} {u['date']}: {what}{before}{_e(u['after'])}"
                    f" (settled on {u['interval_end']})"
                )
        for title, key, party in (("Owners", "owners", "holder"), ("Holdings", "holdings", "target")):
            t = _table(title, [party, "stake", "since", "sources"])
            for o in s[key]:
                note = " (uncertain)" if o.get("uncertain") else ""
                since = o["since"] or (
                    f"before {o['inferred']['before']}" if o.get("inferred") else "undated"
                )
                t.add_row(o[party]["name"] + note, _pct(o["stake"]), since, _src(o["sources"]))
            console.print(t)
        if s["people"]:
            t = _table("People", ["role", "person", "since", "sources"])
            for p in s["people"]:
                alts = "; ".join(
                    f"or {a['person']} ({_src(a['sources'])})" for a in p.get("alternatives", [])
                )
                person = f"{p['person']}{' (uncertain)' if p.get('uncertain') else ''}  {alts}".strip()
                # The office ("chief executive officer") and, where it differs, the words of the source.
                office = p.get("office", p["role"])
                role = office if p["role"] == office else f"{office} (as written: {p['role']})"
                role += " (interim)" if p.get("interim") else ""
                t.add_row(role, person, p["since"] or "undated", _src(p["sources"]))
            console.print(t)
        if s["listings"]:
            t = _table("Listings", ["exchange", "since", "sources"])
            for li in s["listings"]:
                note = " (uncertain)" if li.get("uncertain") else ""
                t.add_row(li["exchange"] + note, li["since"] or "undated", _src(li["sources"]))
            console.print(t)
        if s["figures"]:
            t = _table("Latest figures", ["figure", "value", "period", "sources"])
            for f in s["figures"]:
                t.add_row(
                    f"{f['type']} ({f['measure']})",
                    f"{f['value']} {f.get('currency') or ''}".strip(),
                    str(f["period"]),
                    _src(f["sources"]),
                )
            console.print(t)
        for title, key, what in (("Products", "products", "product"), ("Agreements", "agreements", "with")):
            if s.get(key):
                t = _table(title, [what, "date", "sources"])
                for p in s[key]:
                    t.add_row(str(p[what]), p["date"] or "undated", _src(p.get("sources") or []))
                console.print(t)
        if s["conflicts"]:
            # Already rendered: print it as it is, not as markup.
            console.print(conflicts_table(s["conflicts"]), end="", markup=False, highlight=False)

    return _tables(build)


def events_table(records: Sequence[Row]) -> str:
    def build(console: Any) -> None:
        t = _table(f"{len(records)} events", ["date", "type", "subject", "object", "details", "source"])
        for r in records:
            obj = r["object"]["name"] if r["object"] else ""
            details = ", ".join(f"{k}={v}" for k, v in sorted(r["attributes"].items()))
            flag = ""
            if r.get("status", "asserted") != "asserted":
                flag = f" ({r['status']})"
            elif not r["folded"]:
                flag = " (lost a conflict)" if r.get("conflict") else " (repeats another source)"
            t.add_row(
                r["date"] or "undated",
                r["type"] + flag,
                r["subject"]["name"],
                obj,
                details,
                r["source"]["doc"],
            )
        console.print(t)

    return _tables(build)


def names_table(h: Row) -> str:
    """The names an entity carried, each with the day it started and ended."""

    def build(console: Any) -> None:
        ent = h["entity"]
        console.print(f"[bold]{_e(ent['name'])}[/bold]  ({ent['id']})")
        t = _table("Names", ["name", "from", "until", "sources"])
        for n in h["names"]:
            told = n.get("sources") or []
            said = "new_name" if n["from"] else "old_name"  # the first name is a rename's old name
            sources = "".join(
                ("\nalso " if j else "") + f"{s['doc']} ({s['date'] or 'undated'}, {s.get(said)})"
                for j, s in enumerate(told)
            )
            t.add_row(n["name"], n["from"] or "(first known)", n["until"] or "", sources)
        console.print(t)

    return _tables(build)


def history_table(h: Row) -> str:
    return names_table(h) + events_table(h["events"])


def entities_table(items: Sequence[Row]) -> str:
    def build(console: Any) -> None:
        t = _table(f"{len(items)} entities", ["id", "name", "kind", "other names", "events"])
        for e in items:
            others = ", ".join(a for a in e["aliases"] if a != e["name"])
            t.add_row(e["id"], e["name"], e["kind"] or "", others, str(e["events"]))
        console.print(t)

    return _tables(build)


def _said(entry: Row, width: int = 90) -> str:
    """A value and who says it: ``2018-11 [doc] "quote..."``."""
    quote = " ".join(str(entry["source"]["quote"]).split())
    if len(quote) > width:
        quote = quote[: width - 1] + "…"
    value = entry["value"]
    shown = ", ".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else str(value)
    published = f", published {entry['published']}" if entry.get("published") else ""
    return f'{shown}  [{entry["source"]["doc"]}{published}] "{quote}"'


def conflicts_table(items: Sequence[Row]) -> str:
    def build(console: Any) -> None:
        t = _table(f"{len(items)} conflicts", ["fact", "chosen", "rule", "alternatives"])
        for c in items:
            obj = f" → {c['object']['name']}" if c.get("object") else ""
            fact = f"{c['type']} {c['subject']['name']}{obj} ({c['field']})"
            alts = "\n".join(_said(a) for a in c["alternatives"])
            also = c["chosen"].get("also_said_by") or []
            chosen = _said(c["chosen"]) + "".join(f"\nalso {_said(a)}" for a in also)
            t.add_row(fact, chosen, c["rule"], alts)
        console.print(t)

    return _tables(build)
