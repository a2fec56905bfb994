"""Events from a document's structure: infobox fields and figure tables.

Infobox facts carry no date of their own: they hold as of the document's
reference date, so they are emitted undated (the store dates them by the
reference date).  A yearly figure table gives one event per year for its
total column.
"""

from __future__ import annotations

import re
from typing import Any

from events.document import Document, Field, Table
from events.entities import Registry, key
from events.extract import arguments as args
from events.extract.names import clean
from events.extract.roles import is_role, offices
from events.model import DatePoint, Event, Source, event_id
from events.readers.infobox import name_periods

_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*$")
_PAREN = re.compile(r"\s*\(([^()]*)\)")
_PCT = re.compile(r"\((?:[^()]*?\D)?(\d{1,3}(?:\.\d+)?)\s*(?:%|per\s*cent|percent)[^()]*\)")
_ROLE_PERSON = re.compile(r"(?P<person>[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,3})\s*\((?P<role>[^()]+)\)")
_FIGURES = {
    "revenue": "revenue",
    "net_income": "net_income",
    "assets": "total_assets",
    "operating_income": "operating_income",
}
_PERSON = re.compile(r"[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,3}")
_OFFICER_KEYS = {"ceo": "chief executive", "chairman": "chairman"}
# "(since 2018)", "(from March 2020)", "(2019–present)", "(2019-)": when the holder took the office.
_SINCE = re.compile(
    r"\s*\(\s*(?:(?:since|from)\s+(?P<a>[^()]*?\d{4})|(?P<b>[^()]*?\d{4})\s*[–—-]\s*(?:present|today|now)?)\s*\)"
)
_TOTAL = re.compile(r"^(?:total|all|overall|sum)\b", re.I)
_SALES_CAPTION = re.compile(r"\b(?:sales|deliveries|units|volume|shipments)\b", re.I)


def _items(value: str) -> list[tuple[str, int, int]]:
    """Comma- or semicolon-separated items with their offsets inside ``value``."""
    out: list[tuple[str, int, int]] = []
    for m in re.finditer(r"[^,;]+", value):
        raw = m.group(0)
        text = raw.strip()
        if not text:
            continue
        start = m.start() + raw.index(text)
        out.append((text, start, start + len(text)))
    return out


def _event(
    doc: Document,
    type_: str,
    subject: str,
    obj: str | None,
    date: DatePoint | None,
    date_text: str,
    attrs: dict[str, Any],
    start: int,
    end: int,
    rule: str,
    published: str | None,
    how: str | None,
    confidence: float = 0.9,
) -> Event:
    extra = f"{key(subject)}|{key(obj or '')}"
    return Event(
        id=event_id(doc.sha256, start, end, type_, extra),
        type=type_,
        subject=subject,
        object=obj,
        date=date,
        date_text=date_text,
        attributes=attrs,
        source=Source(doc.name, doc.sha256, start, end, doc.text[start:end]),
        published=published,
        published_how=how,
        confidence=confidence,
        rule=rule,
    )


def infobox_events(doc: Document, reg: Registry, published: str | None, how: str | None) -> list[Event]:
    """Owners, subsidiaries, key people and yearly figures of the infobox about the focus."""
    focus = reg.focus
    if not focus or not doc.fields:
        return []
    fields: dict[str, Field] = {}
    for f in doc.fields:
        fields.setdefault(f.key, f)
    out: list[Event] = []
    as_of = {"as_of": published} if published else {}
    # A listed owner holds the focus; a listed subsidiary is held by it. The focus never owns itself.
    for field_key, type_, relation, item_holds in (
        ("owners", "acquired_stake", "owner", True),
        ("parent", "acquired_stake", "owner", True),
        ("subsidiaries", "established_subsidiary", "subsidiary", False),
    ):
        listed = fields.get(field_key)
        if listed is None:
            continue
        for text, s, e in _items(listed.value):
            name = clean(_PAREN.sub("", text))
            if not (name and key(name) and key(name) != key(focus)):
                continue
            item = reg.canonical(name)
            # "Kvarn Invest AS (35%)": the share the page gives the holding.
            pct = _PCT.search(text)
            share = {"stake": round(float(pct.group(1)) / 100, 4)} if pct else {}
            out.append(
                _event(
                    doc,
                    type_,
                    item if item_holds else focus,
                    focus if item_holds else item,
                    None,
                    "",
                    {"relation": relation, "undated_state": True, **share, **as_of},
                    listed.start + s,
                    listed.start + e,
                    f"infobox.{field_key}",
                    published,
                    how,
                )
            )
    people = fields.get("key_people")
    if people is not None:
        for m in _ROLE_PERSON.finditer(people.value):
            role = " ".join(m.group("role").lower().split())
            if role in ("founder", "co-founder"):
                continue
            out.append(
                _event(
                    doc,
                    "leadership",
                    focus,
                    m.group("person"),
                    None,
                    "",
                    {"role": role, "person": m.group("person"), "undated_state": True, **as_of},
                    people.start + m.start(),
                    people.start + m.end(),
                    "infobox.key_people",
                    published,
                    how,
                )
            )
    # "CEO: Ines Roa", "Chair: Tom Vik (since 2019)", "Finance director: Ola Berg": an officer's own
    # field, wherever the role vocabulary (roles.yaml) knows the label; a start date in brackets dates it.
    for role_key, officer in fields.items():
        office_role = _OFFICER_KEYS.get(role_key) or _officer_label(doc.text, officer)
        person = _PERSON.match(officer.value.strip()) if office_role else None
        if office_role is None or person is None:
            continue
        name = person.group(0)
        start = officer.start + officer.value.index(name)
        since = _SINCE.match(officer.value, officer.value.index(name) + len(name))
        when_text = (since.group("a") or since.group("b")) if since else ""
        point = _field_date(when_text) if since else None
        if since is None or point is None:
            dated: dict[str, Any] = {"undated_state": True, **as_of}
            end, when_text = start + len(name), ""
        else:
            dated, end = {}, officer.start + since.end()
        out.append(
            _event(
                doc,
                "leadership",
                focus,
                name,
                point,
                when_text,
                {"role": office_role, "person": name, **dated},
                start,
                end,
                f"infobox.{role_key}",
                published,
                how,
            )
        )
    founded = fields.get("founded")
    if founded is not None and founded.value.strip():
        point = _field_date(founded.value)
        if point is not None:
            founders = (
                [clean(_PAREN.sub("", v)) for v, _, _ in _items(fields["founders"].value)]
                if "founders" in fields
                else []
            )
            attrs_f: dict[str, Any] = {"founders": founders} if founders else {}
            out.append(
                _event(
                    doc,
                    "founded",
                    focus,
                    None,
                    point,
                    founded.value.strip(),
                    attrs_f,
                    founded.start,
                    founded.end,
                    "infobox.founded",
                    published,
                    how,
                )
            )
    traded = fields.get("traded_as")
    if traded is not None:
        for text, s, e in _items(traded.value):
            exchange = clean(_PAREN.sub("", text).split(":")[0])
            if exchange and any(ch.isalpha() for ch in exchange):
                out.append(
                    _event(
                        doc,
                        "listed",
                        focus,
                        None,
                        None,
                        "",
                        {"exchange": exchange, "undated_state": True, **as_of},
                        traded.start + s,
                        traded.start + e,
                        "infobox.traded_as",
                        published,
                        how,
                    )
                )
    out += _name_history(doc, reg, published, how)
    for fkey, attr in _FIGURES.items():
        figure = fields.get(fkey)
        year_field = fields.get(f"{fkey}_year")
        if figure is None or year_field is None or not _YEAR.match(year_field.value):
            continue  # a figure without its year is not a dated fact
        got = args.money(figure.value)
        if got is None:
            continue
        amount, currency = got
        date = DatePoint.parse(year_field.value.strip())
        attrs: dict[str, Any] = {attr: amount, "scale_note": "as printed in the infobox"}
        if currency:
            attrs["currency"] = currency
        out.append(
            _event(
                doc,
                "financial_result",
                focus,
                None,
                date,
                f"{year_field.value}",
                attrs,
                figure.start,
                year_field.end,
                f"infobox.{fkey}",
                published,
                how,
            )
        )
    return out


def _name_history(doc: Document, reg: Registry, published: str | None, how: str | None) -> list[Event]:
    """Renames a dated name list gives ("- Haldor Industrier (1978–2005)"): each name to the next."""
    dated = [fp for f in doc.fields if f.key == "former_name" for fp in name_periods(doc.text, f)]
    dated.sort(key=lambda fp: fp[1].since or fp[1].until or "9999")
    out: list[Event] = []
    for i, (item, old) in enumerate(dated):
        nxt = dated[i + 1][1] if i + 1 < len(dated) else None
        when = old.until or (nxt.since if nxt else None)
        # The last dated former name gave way to the name the page is about.
        new = nxt.name if nxt else (reg.focus if old.until and not reg.is_focus(old.name) else None)
        if when is None or new is None or key(new) == key(old.name):
            continue
        attrs: dict[str, Any] = {"old_name": old.name, "new_name": new}
        out.append(
            _event(
                doc,
                "renamed",
                reg.canonical(old.name),
                None,
                DatePoint.parse(when),
                when,
                attrs,
                item.start,
                item.end,
                "infobox.name_history",
                published,
                how,
            )
        )
    return out


def _officer_label(text: str, f: Field) -> str | None:
    """The field's label as written ("Finance director") when it names an office other than founder."""
    line = text[text.rfind("\n", 0, f.start) + 1 : f.start]
    label = re.sub(r"^[\s\-*•|_]+|[\s*_|:–—-]+$", "", line)
    found = offices(label) if label and is_role(label) else ()
    if not found or all(o.name == "founder" for o in found):
        return None
    return " ".join(label.lower().split())


def _field_date(value: str) -> DatePoint | None:
    """The date an infobox value gives ("April 1978", "1952", "12 May 2003"), if any."""
    from events.extract.dates import to_point
    from events.temporal import tag

    for t in tag(value, None):
        point = to_point(t)
        if point is not None:
            return point
    return None


def _header_names(table: Table) -> list[str]:
    return [c.text.strip() for c in table.header]


_MONEY_HEADER = re.compile(
    r"\b(?:revenue|revenues|turnover|net\s+(?:income|profit|loss)|operating\s+(?:income|profit)|ebitda|profit)\b",
    re.I,
)
_UNITS_HEADER = re.compile(
    r"\b(?:total|units|sold|sales|deliveries|delivered|volume|shipments|vehicles|cars|bikes)\b", re.I
)
_SCALE_HEADER = (
    (re.compile(r"\b(?:bn|billion|billions)\b", re.I), 1e9),
    (re.compile(r"(?:\bm\b|\bmn\b|million|\d?m\))", re.I), 1e6),
    (re.compile(r"\b(?:k|thousand|thousands)\b", re.I), 1e3),
)


def _money_column(header: str) -> tuple[str, float, str | None] | None:
    """(attribute, scale, currency) of a money column such as "Revenue (£m)" or "Net income (CZK million)"."""
    m = _MONEY_HEADER.search(header)
    if m is None:
        return None
    word = " ".join(m.group(0).lower().split())
    attr = {
        "revenues": "revenue",
        "turnover": "revenue",
        "profit": "net_income",
        "net profit": "net_income",
        "net loss": "net_income",
        "operating profit": "operating_income",
    }.get(word, word.replace(" ", "_"))
    unit = header[m.end() :]
    scale = next((f for rx, f in _SCALE_HEADER if rx.search(unit)), 1.0)
    return attr, scale, args.currency_of(unit)


def table_events(doc: Document, reg: Registry, published: str | None, how: str | None) -> list[Event]:
    """Yearly figure tables: one sales_figure per year for the units column (the total when there is
    one), and one financial_result per year for each money column ("Revenue (£m)")."""
    focus = reg.focus
    out: list[Event] = []
    if not focus:
        return out
    for table in doc.tables:
        header = _header_names(table)
        if not header or not re.match(r"^\s*(?:year|fiscal\s+year|fy)\s*$", header[0], re.I):
            continue
        caption = table.caption.text if table.caption is not None else ""
        money_cols = {i: got for i, h in enumerate(header) if i and (got := _money_column(h))}
        units_cols = [
            i for i, h in enumerate(header) if i and i not in money_cols and _UNITS_HEADER.search(h)
        ]
        total_col = next(
            (i for i in units_cols if _TOTAL.match(header[i])), units_cols[0] if units_cols else None
        )
        if total_col is None and not money_cols and _SALES_CAPTION.search(caption) and len(header) > 1:
            total_col = 1
        sub_cols = _unambiguous_columns(table, total_col) if total_col is not None else []
        for row in table.rows:
            cells = row.cells
            if not cells or not _YEAR.match(cells[0].text):
                continue
            year = cells[0].text.strip()
            point = DatePoint.parse(year)
            if total_col is not None and len(cells) > total_col:
                units = args.number(cells[total_col].text)
                if units is not None:
                    attrs: dict[str, Any] = {
                        "units": args.tidy(units),
                        "metric": header[total_col].lower() or "units",
                    }
                    for i, name in sub_cols:
                        if i < len(cells) and i not in money_cols:
                            n = args.number(cells[i].text)
                            if n is not None:
                                attrs.setdefault("breakdown", {})[name] = args.tidy(n)
                    out.append(
                        _event(
                            doc,
                            "sales_figure",
                            focus,
                            None,
                            point,
                            year,
                            attrs,
                            row.start,
                            row.end,
                            "table.sales_total",
                            published,
                            how,
                        )
                    )
            for i, (attr, scale, currency) in money_cols.items():
                if i >= len(cells):
                    continue
                n = args.number(cells[i].text)
                if n is None:
                    continue
                fin: dict[str, Any] = {attr: args.tidy(n * scale), "column": header[i]}
                if currency:
                    fin["currency"] = currency
                out.append(
                    _event(
                        doc,
                        "financial_result",
                        focus,
                        None,
                        point,
                        year,
                        fin,
                        row.start,
                        row.end,
                        f"table.{attr}",
                        published,
                        how,
                    )
                )
    return out


def _unambiguous_columns(table: Table, total_col: int | None) -> list[tuple[int, str]]:
    """Sub-columns named by a single header row; none when headers span several rows (ambiguous)."""
    if len(table.header_rows) > 1:
        return []
    return [(i, h) for i, h in enumerate(_header_names(table)) if i not in (0, total_col) and h]
