"""Infobox lines (``- Key: value``, ``| key = value``, ``Key: value`` at the top of a page) as fields.

Each field's span covers only the value, so ``text[f.start:f.end] == f.value``.  Keys
are normalised through ``infobox_keys.yaml``.  The facts hold as of the document's
reference date; turning them into events is the extraction's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from events.document import Field
from events.errors import RuleError
from events.readers.data import load
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
            mapping[_fold(str(alias))] = KeySpec(str(canonical), bool(spec.get("list", False)))
    return mapping


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
    fields: list[Field] = []
    fields += _block_fields(text, lines, _DASH, min_run=2, known_only=False)
    fields += _block_fields(text, lines, _WIKI, min_run=1, known_only=False)
    top = _top_lines(lines)
    fields += _block_fields(text, top, _BARE, min_run=2, known_only=True)
    unique = {(f.start, f.end): f for f in fields}
    return tuple(sorted(unique.values(), key=lambda f: f.start))


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
