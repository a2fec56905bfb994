"""Infobox lines (``- Key: value``, ``| key = value``, ``Key: value`` at the top of a page) as fields.

Each field's span covers only the value, so ``text[f.start:f.end] == f.value``.  Keys
are normalised through ``infobox_keys.yaml``.  The facts hold as of the document's
reference date; turning them into events is the extraction's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from events.document import Field, Table
from events.errors import RuleError
from events.readers.data import compile_regex, load
from events.readers.lines import Line, split_lines, strip_span
from events.readers.prose import is_prose

_KEY = r"\*{0,2}([A-Za-z][\w'’&/()\-. ]{0,40}?)\*{0,2}"
_DASH = re.compile(r"^\s*[-*•·]\s+" + _KEY + r"\s*:\*{0,2}[ \t]*(.*)$")
_WIKI = re.compile(r"^\s*\|\s*([A-Za-z][\w ]{0,40}?)\s*=[ \t]*([^|]*)$")
_BARE = re.compile(r"^" + _KEY + r"\s*:\*{0,2}[ \t]+(\S.*)$")
_MAX_KEY_WORDS = 5
_MAX_LINE = 2000


@dataclass(frozen=True, slots=True)
class KeySpec:
    canonical: str
    is_list: bool
    section: bool = False


@dataclass(frozen=True, slots=True)
class Intro:
    """A prose line that opens a bulleted list of ``key`` items, with its examples."""

    key: str
    regex: re.Pattern[str]
    match: tuple[str, ...]
    keep: tuple[str, ...]


@cache
def _key_map() -> dict[str, KeySpec]:
    data = load("infobox_keys.yaml")
    keys = data.get("keys")
    if not isinstance(keys, dict):
        raise RuleError("events/readers/infobox_keys.yaml", None, "needs a `keys` mapping")
    mapping: dict[str, KeySpec] = {}
    for canonical, spec in keys.items():
        aliases = spec.get("aliases") if isinstance(spec, dict) else None
        if not isinstance(aliases, list) or not aliases:
            raise RuleError("events/readers/infobox_keys.yaml", str(canonical), "needs a list of aliases")
        for alias in aliases:
            mapping[_fold(str(alias))] = KeySpec(
                str(canonical), bool(spec.get("list", False)), bool(spec.get("section", False))
            )
    return mapping


@cache
def intros() -> tuple[Intro, ...]:
    """The list-introducing cues of ``infobox_keys.yaml``."""
    out: list[Intro] = []
    for entry in load("infobox_keys.yaml").get("intros") or []:
        cue_key = str(entry.get("key") or "")
        if not cue_key:
            raise RuleError("events/readers/infobox_keys.yaml", None, "an intro needs a `key`")
        examples = entry.get("examples") or {}
        out.append(
            Intro(
                cue_key,
                compile_regex("infobox_keys.yaml", f"intros.{cue_key}", entry.get("regex")),
                tuple(examples.get("match") or ()),
                tuple(examples.get("keep") or ()),
            )
        )
    return tuple(out)


def _fold(key: str) -> str:
    key = key.lower().replace("(s)", "s").replace("’", "'")
    return " ".join(re.split(r"[^a-z0-9']+", key)).strip()


def normalise_key(raw: str) -> str:
    """The canonical key for a raw infobox key ("Subsid" -> "subsidiaries")."""
    folded = _fold(raw)
    spec = _key_map().get(folded)
    return spec.canonical if spec else folded.replace("'", "").replace(" ", "_")


def is_list_key(key: str) -> bool:
    """Whether a canonical key holds several items (owners, subsidiaries, founders...)."""
    return any(spec.is_list for spec in _key_map().values() if spec.canonical == key)


def find_fields(text: str, lines: list[Line] | None = None) -> tuple[Field, ...]:
    """Every infobox field in ``text``, in order of appearance."""
    lines = split_lines(text) if lines is None else lines
    listed = _section_fields(text, lines)
    # "- Brenna Grain Store: 1921–1960" under "Former names" is an item of that list, not a key.
    taken = {line.index for line, _ in listed}
    free = [line for line in lines if line.index not in taken]
    fields: list[Field] = [f for _, f in listed]
    fields += _block_fields(text, free, _DASH, min_run=2, known_only=False)
    fields += _block_fields(text, free, _WIKI, min_run=1, known_only=False)
    top = _top_lines(free)
    fields += _block_fields(text, top, _BARE, min_run=2, known_only=True)
    unique = {(f.start, f.end): f for f in fields}
    return tuple(sorted(unique.values(), key=lambda f: f.start))


_HEADING_LINE = re.compile(
    r"^\s*(?:=+\s*(?P<wiki>[^=]+?)\s*=+|#{1,6}\s+(?P<md>.+?)\s*#*|\*\*(?P<bold>[^*]+?)\*\*\s*:?"
    r"|(?P<label>[A-Za-z][\w'’ ()\-]{0,40}?)\s*:)\s*$"
)
_BULLET = re.compile(r"^\s*[-*•·–]\s+(?P<item>\S.*?)\s*$")


def section_key(line: str) -> str | None:
    """The key a heading or an introducing line gives the bulleted list under it ("Former names")."""
    m = _HEADING_LINE.match(line)
    if m:
        label = next(g for g in m.groups() if g is not None)
        spec = _key_map().get(_fold(label))
        if spec is not None and spec.section and len(label.split()) <= _MAX_KEY_WORDS:
            return spec.canonical
    for intro in intros():
        if intro.regex.search(line):
            return intro.key
    return None


def section_list_lines(lines: list[Line]) -> set[int]:
    """Indexes of the bullet lines listed under a ``section_key`` heading (facts, not a menu)."""
    return {line.index for line, _ in _section_items(lines)}


def _section_items(lines: list[Line]) -> list[tuple[Line, str]]:
    """Bullet lines under a list heading, with the heading's key; a blank line may follow the heading."""
    out: list[tuple[Line, str]] = []
    for i, line in enumerate(lines):
        if line.blank or len(line.text) > 200:
            continue
        key = section_key(line.text)
        if key is None:
            continue
        j = i + 1
        if j < len(lines) and lines[j].blank:
            j += 1
        first = j
        while j < len(lines) and _BULLET.match(lines[j].text):
            out.append((lines[j], key))
            j += 1
        if j == first and j < len(lines) and _is_inline_list(lines[j].text):
            out.append((lines[j], key))  # "A (1946–1978), B (1978–2005), C (since 2005)" on one line
    return out


def _is_inline_list(line: str) -> bool:
    """A line of items rather than a sentence: separators between them, no sentence end."""
    text = line.strip()
    return (
        bool(text)
        and len(text) <= 300
        and not text.endswith((".", ":"))
        and bool(re.search(r"[,;•·]", text))
        and not is_prose(text)
    )


def _section_fields(text: str, lines: list[Line]) -> list[tuple[Line, Field]]:
    out: list[tuple[Line, Field]] = []
    for line, key in _section_items(lines):
        m = _BULLET.match(line.text)
        if m is None:
            start, end = strip_span(text, line.start, line.end)
        else:
            start, end = strip_span(text, line.start + m.start("item"), line.start + m.end("item"))
        out.append((line, Field(key, text[start:end], start, end)))
    return out


def table_fields(text: str, tables: Iterable[Table]) -> tuple[Field, ...]:
    """Fields of a two-column fact table ("| Founded | 12 May 1961 |"): most first cells are known keys.

    The header row counts as a row when it holds a key ("| Founded | 1961 |" on top).
    """
    out: list[Field] = []
    for table in tables:
        rows = [table.header, *(r.cells for r in table.rows)]
        history = _name_history_rows(text, table)
        if history:
            out += history
            continue
        pairs = [(r[0], r[1]) for r in rows if len(r) == 2 and r[0].text.strip() and r[1].text.strip()]
        known = [(k, v) for k, v in pairs if _fold(_unbold(k.text)) in _key_map()]
        if len(known) < 2 or len(known) * 2 < len(pairs):
            continue
        for k, v in known:
            out.append(Field(normalise_key(_unbold(k.text)), v.text, v.start, v.end))
    return tuple(out)


_NAME_HEADER = re.compile(r"(?i)^(?:(?:former|previous|company|corporate|trading)\s+)?names?$")
_PERIOD_HEADER = re.compile(r"(?i)^(?:years?|period|dates?|from|used|in\s+use|from\s*[–-]\s*to|since)$")


def _name_history_rows(text: str, table: Table) -> list[Field]:
    """A table of names and the years each was used ("| Haldor Industrier | 1978–2005 |"), under a
    "Former names" caption or a Name / Years header: one former_name field per row, name to period."""
    header = [_unbold(c.text) for c in table.header]
    caption = _key_map().get(_fold(_unbold(table.caption.text))) if table.caption is not None else None
    titled = caption is not None and caption.section and caption.canonical == "former_name"
    headed = len(header) >= 2 and _NAME_HEADER.match(header[0]) and _PERIOD_HEADER.match(header[1])
    if not (titled or headed):
        return []
    rows = [r.cells for r in table.rows] if headed else [table.header, *(r.cells for r in table.rows)]
    out: list[Field] = []
    for cells in rows:
        if len(cells) >= 2 and cells[0].text.strip() and cells[1].text.strip():
            # The field spans the row from the name to the years; name_period reads it through the bar.
            start, end = cells[0].start, cells[1].end
            out.append(Field("former_name", text[start:end], start, end))
    return out


def _unbold(cell: str) -> str:
    return cell.strip().strip("*_").rstrip(":").strip()


def _top_lines(lines: list[Line]) -> list[Line]:
    """Lines before the first paragraph of prose: where a page puts its fact sheet."""
    for i, line in enumerate(lines):
        if is_prose(line.text):
            return lines[:i]
    return lines


def _block_fields(
    text: str, lines: list[Line], pattern: re.Pattern[str], *, min_run: int, known_only: bool
) -> list[Field]:
    found: list[Field] = []
    run: list[Field] = []
    prev_index = -2
    for line in lines:
        field = _match(text, line, pattern, known_only) if len(line.text) <= _MAX_LINE else None
        if field is None:
            continue
        if line.index != prev_index + 1:
            if len(run) >= min_run:
                found += run
            run = []
        prev_index = line.index
        # An empty value ("Traded As: ,") still continues the block; it yields no field.
        run.append(field)
    if len(run) >= min_run:
        found += run
    return [f for f in found if f.value]


def _match(text: str, line: Line, pattern: re.Pattern[str], known_only: bool) -> Field | None:
    m = pattern.match(line.text)
    if not m:
        return None
    raw_key = m.group(1).strip()
    if not raw_key or len(raw_key.split()) > _MAX_KEY_WORDS:
        return None
    if known_only and _fold(raw_key) not in _key_map():
        return None
    start, end = strip_span(text, line.start + m.start(2), line.start + m.end(2))
    value = text[start:end]
    # Separators left over when the page dropped a value ("Traded As: ,") are not a value.
    if not any(ch.isalnum() for ch in value):
        return Field(normalise_key(raw_key), "", start, start)
    return Field(normalise_key(raw_key), value, start, end)


def split_values(text: str, field: Field) -> tuple[Field, ...]:
    """Cut a list-valued field ("A (note) , B , C") into one field per item, spans kept.

    Splits at top-level commas and semicolons (not inside parentheses, not in
    "13,238"), at " / " and bullets, and between "Name (role) Name (role)" pairs;
    parentheses stay with their item.  Fields whose key is not a list key come back whole.
    """
    if not is_list_key(field.key):
        return (field,)
    value = text[field.start : field.end]
    cuts: list[tuple[int, int]] = []
    depth = 0
    item_start = 0
    for i, ch in enumerate(value):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
            # "Zhang Xinghai (Founder) Zhang Zhengping (...)": a closed note, then a new name.
            if depth == 0 and value[i + 1 : i + 2] == " " and value[i + 2 : i + 3].isupper():
                cuts.append((item_start, i + 1))
                item_start = i + 1
        elif depth == 0 and _is_separator(value, i):
            cuts.append((item_start, i))
            item_start = i + 1
    cuts.append((item_start, len(value)))
    items: list[Field] = []
    for s, e in cuts:
        start, end = strip_span(text, field.start + s, field.start + e)
        if any(ch.isalnum() for ch in text[start:end]):
            items.append(Field(field.key, text[start:end], start, end))
    return tuple(items) if items else (field,)


def _is_separator(value: str, i: int) -> bool:
    ch = value[i]
    if ch == ",":
        # A thousands separator ("13,238") joins digits; it does not end an item.
        return not (i > 0 and value[i - 1].isdigit() and value[i + 1 : i + 4].isdigit())
    if ch in ";•":
        return True
    return ch in "/·" and value[i - 1 : i] == " " and value[i + 1 : i + 2] == " "


_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_WHEN = r"(?:(?P<{g}m>[A-Z][a-z]{{2,8}}\.?)\s+)?(?P<{g}y>1[7-9]\d\d|20\d\d)"
_SINCE_WORD = r"(?:since|from|as\s+of|after)"
_UNTIL_WORD = r"(?:until|till|to|before|up\s+to)"
_NOW = r"(?:present|now|today|date|current(?:ly)?)"
_PERIOD = re.compile(
    rf"^(?:(?:{_SINCE_WORD}\s+)?{_WHEN.format(g='a')}\s*(?:[–—-]|to|until|till)\s*(?:{_WHEN.format(g='b')}|{_NOW})?"
    rf"|{_SINCE_WORD}\s+{_WHEN.format(g='c')}(?:\s+(?:on(?:wards?)?|to\s+{_NOW}))?"
    rf"|{_WHEN.format(g='d')}\s+(?:on(?:wards?)?|to\s+{_NOW})"
    rf"|(?:[–—-]\s*|{_UNTIL_WORD}\s+){_WHEN.format(g='e')}"
    rf"|(?P<cur>current|{_NOW}))$",
    re.I,
)
_PERIOD_AFTER = re.compile(
    r"^(?P<name>.+?)\s*(?:[(\[](?P<p1>[^()\[\]]+)[)\]]|[,:|]\s+(?P<p2>[^,:|]+?)|\s[–—-]\s+(?P<p3>.+?))$"
)
_NOT_ONE_NAME = re.compile(r"[()\[\];•·|]|\b1[7-9]\d\d\b|\b20\d\d\b")
_PERIOD_SEP = re.compile(r"\s*(?::|\s[–—-]|[–—-]\s|\|)\s*")


@dataclass(frozen=True, slots=True)
class NamePeriod:
    """One item of a name history ("Haldor Industrier (1978–2005)"): the name's span and its years.

    ``since``/``until`` are ISO dates at year or month precision; ``current`` marks a name
    whose period has no end ("since 2005", "2005–present").
    """

    name: str
    start: int
    end: int
    since: str | None
    until: str | None
    current: bool


def name_period(text: str, item: Field) -> NamePeriod | None:
    """The name and the period an item of a name list gives, or None when it gives no period."""
    value = text[item.start : item.end]
    # (period, name start, name end) readings: "Name (1946–1978)", "Name, 1946–1978", "1946–1978: Name".
    readings: list[tuple[str, int, int]] = []
    m = _PERIOD_AFTER.match(value)
    if m is not None:
        period = next((m.group(g) for g in ("p1", "p2", "p3") if m.group(g)), "")
        readings.append((period, m.start("name"), m.end("name")))
    for sep in _PERIOD_SEP.finditer(value):
        readings.append((value[: sep.start()].strip("* "), sep.end(), len(value)))
    for period, s, e in readings:
        p = _PERIOD.match(period.strip())
        if p is None:
            continue
        start, end = strip_span(text, item.start + s, item.start + e)
        while end > start and text[end - 1] == "*":
            end -= 1
        while start < end and text[start] == "*":
            start += 1
        name = text[start:end]
        if not any(ch.isalpha() for ch in name) or _NOT_ONE_NAME.search(name):
            continue  # several items ("A (1946–1978); B"), or a year left in the name
        since = _when(p, "a") or _when(p, "c") or _when(p, "d")
        until = _when(p, "b") or _when(p, "e")
        # "since 2005", "2005–present", "(current)", even "2005–": the name it carries now.
        return NamePeriod(text[start:end], start, end, since, until, until is None)
    return None


def _when(m: re.Match[str], g: str) -> str | None:
    year = m.group(f"{g}y")
    if year is None:
        return None
    month = (m.group(f"{g}m") or "").rstrip(".").lower()
    number = next((i for i, name in enumerate(_MONTH_NAMES, 1) if month and name.startswith(month)), None)
    if month and len(month) >= 3 and number is not None:
        return f"{year}-{number:02d}"
    return year


def name_periods(text: str, field: Field) -> list[tuple[Field, NamePeriod]]:
    """The dated items of a name-history field: the whole value ("Brenna Mills, from 1994"), else
    each of its list items ("A (1946–1978), B (1978–2005)"); undated items are left out."""
    whole = name_period(text, field)
    if whole is not None:
        return [(field, whole)]
    return [(item, p) for item in split_values(text, field) if (p := name_period(text, item)) is not None]
