"""Event patterns as data: one YAML file per event type under ``patterns/``.

A file holds ``type`` and a list of ``patterns``; each pattern has an ``id``,
a ``regex`` written with ``{MACRO}`` / ``{MACRO:role}`` slots (macros in
``patterns/_macros.yaml``), optional defaults and fixed attributes, and at
least three ``examples`` with the event they must give.  Everything is
checked at load: a bad file raises RuleError naming the file and rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from events.errors import RuleError
from events.model import EVENT_TYPES

_SLOT = re.compile(r"\{([A-Z_]+)(?::(\w+))?\}")
_MIN_EXAMPLES = 3
_ROLE_DEFAULTS = ("focus", "topic", "near", "previous", "none")
_DATES = ("clause", "reference", "present", "none")
_KEYS = {
    "id",
    "regex",
    "subject",
    "object",
    "attributes",
    "examples",
    "confidence",
    "date",
    "skip_if",
    "require",
    "priority",
    "announce",
    "note",
    "type",
    "ended",
    "completes",
}


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence and the event (or events) the pattern must find in it; ``expect: null`` = none."""

    text: str
    expect: tuple[Mapping[str, Any], ...]
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    type: str
    source: str  # the expanded regex; compiled on first use (most patterns never meet their anchor)
    roles: tuple[str, ...]
    subject: str  # a role name, or "focus"
    object: str | None  # a role name, "focus", or None
    attributes: Mapping[str, Any]
    examples: tuple[Example, ...]
    confidence: float = 0.8
    date: str = "clause"
    skip_if: re.Pattern[str] | None = None
    require: re.Pattern[str] | None = None
    priority: int = 0
    announce: bool = False
    file: str = ""
    # The match names a state that ended at its date ("known as A until 1999"): the change happened then.
    ended: bool = False
    anchors: tuple[tuple[str, ...], ...] | None = None  # a match has one word of each set (lower case)
    # The match completes a deal agreed before it ("the purchase was completed on 1 June"): its parties
    # are that agreement's.
    completes: bool = False
    object_fallback: str = ""  # "topic" or "focus": the object when the pattern's object slot is empty

    @property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.source, self.file, self.id)


@cache
def _compile(source: str, file: str, rule_id: str) -> re.Pattern[str]:
    try:
        return re.compile(source)
    except re.error as exc:
        raise RuleError(file, rule_id, f"bad regex: {exc}") from exc


@dataclass(frozen=True, slots=True)
class PatternSet:
    patterns: tuple[Pattern, ...]
    macros: Mapping[str, str] = field(default_factory=dict)


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(name: str) -> Any:
    return yaml.load(resources.files("events.extract").joinpath("patterns", name).read_text("utf-8"), _Loader)


def expand(source: str, macros: Mapping[str, str], file: str, rule_id: str | None) -> tuple[str, list[str]]:
    """Replace ``{MACRO}`` and ``{MACRO:role}`` slots; returns the regex and its roles in order."""
    roles: list[str] = []

    def sub(m: re.Match[str]) -> str:
        name, role = m.group(1), m.group(2)
        if name not in macros:
            raise RuleError(file, rule_id, f"unknown macro {{{name}}}")
        body = macros[name]
        if role is None:
            return f"(?:{body})"
        if role in roles:
            raise RuleError(file, rule_id, f"role {role!r} appears twice")
        roles.append(role)
        return f"(?P<{role}>{body})"

    for _ in range(5):  # macros may use macros
        new = _SLOT.sub(sub, source)
        if new == source:
            break
        source = new
    return source, roles


@cache
def _macros() -> dict[str, str]:
    raw = _read("_macros.yaml")
    if not isinstance(raw, dict):
        raise RuleError("_macros.yaml", None, "expected a mapping of macro names to regexes")
    out: dict[str, str] = {}
    for key, value in raw.items():
        if not isinstance(value, str):
            raise RuleError("_macros.yaml", str(key), "a macro is a regex string")
        out[str(key)] = value
    # Expand macros inside macros once, so patterns see plain regex.
    for key in list(out):
        out[key], _ = expand(out[key], {k: v for k, v in out.items() if k != key}, "_macros.yaml", key)
    return out


def _examples(raw: Any, file: str, rule_id: str) -> tuple[Example, ...]:
    if not isinstance(raw, list) or len(raw) < _MIN_EXAMPLES:
        raise RuleError(file, rule_id, f"needs at least {_MIN_EXAMPLES} examples")
    out: list[Example] = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise RuleError(file, rule_id, "an example needs a 'text' and an 'expect'")
        expect = item.get("expect")
        if expect is None:
            exp: tuple[Mapping[str, Any], ...] = ()
        elif isinstance(expect, dict):
            exp = (expect,)
        elif isinstance(expect, list) and all(isinstance(e, dict) for e in expect):
            exp = tuple(expect)
        else:
            raise RuleError(file, rule_id, "'expect' is a mapping, a list of mappings or null")
        pub = item.get("published")
        out.append(Example(item["text"], exp, None if pub is None else str(pub)))
    return tuple(out)


def _pattern(raw: Any, type_: str, file: str, macros: Mapping[str, str]) -> Pattern:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise RuleError(file, None, "every pattern needs an 'id'")
    rid = raw["id"]
    unknown = set(raw) - _KEYS
    if unknown:
        raise RuleError(file, rid, f"unknown keys {sorted(unknown)}")
    if not isinstance(raw.get("regex"), str):
        raise RuleError(file, rid, "needs a 'regex'")
    source, roles = expand(raw["regex"], macros, file, rid)
    # Plain named groups ("(?P<role>chairman|CEO)") are arguments too.
    roles += [g for g in re.findall(r"\(\?P<(\w+)>", source) if g not in roles]
    subject = str(raw.get("subject", "subject" if "subject" in roles else "focus"))
    obj_raw = raw.get("object", "object" if "object" in roles else None)
    obj = None if obj_raw in (None, "none") else str(obj_raw)
    # "object|topic": the slot when the text fills it, else what the sentence is about.
    obj, _, obj_fallback = (obj or "").partition("|")
    obj = obj or None
    if obj_fallback and obj_fallback not in _ROLE_DEFAULTS:
        raise RuleError(file, rid, f"object fallback {obj_fallback!r} is not one of {_ROLE_DEFAULTS}")
    for role in (subject, obj):
        if role is not None and role not in roles and role not in _ROLE_DEFAULTS:
            raise RuleError(file, rid, f"role {role!r} is neither a slot nor one of {_ROLE_DEFAULTS}")
    date = str(raw.get("date", "clause"))
    if date not in _DATES:
        raise RuleError(file, rid, f"date must be one of {_DATES}")
    attrs = raw.get("attributes") or {}
    if not isinstance(attrs, dict):
        raise RuleError(file, rid, "'attributes' is a mapping")

    def opt_regex(key: str) -> re.Pattern[str] | None:
        value = raw.get(key)
        if value is None:
            return None
        try:
            return re.compile(expand(str(value), macros, file, rid)[0], re.IGNORECASE)
        except re.error as exc:
            raise RuleError(file, rid, f"bad {key}: {exc}") from exc

    return Pattern(
        id=rid,
        type=str(raw.get("type", type_)),
        source=source,
        roles=tuple(roles),
        subject=subject,
        object=obj,
        attributes=dict(attrs),
        examples=_examples(raw.get("examples"), file, rid),
        confidence=float(raw.get("confidence", 0.8)),
        date=date,
        skip_if=opt_regex("skip_if"),
        require=opt_regex("require"),
        priority=int(raw.get("priority", 0)),
        announce=bool(raw.get("announce", False)),
        file=file,
        ended=bool(raw.get("ended", False)),
        completes=bool(raw.get("completes", False)),
        object_fallback=obj_fallback,
        anchors=(lambda cs: tuple(tuple(w.lower() for w in c) for c in cs) if cs else None)(
            anchor_words(raw["regex"])
        ),
    )


def load_file(name: str, data: Any, macros: Mapping[str, str]) -> list[Pattern]:
    """Patterns of one parsed YAML file."""
    if not isinstance(data, dict) or not isinstance(data.get("patterns"), list):
        raise RuleError(name, None, "expected 'type' and a list of 'patterns'")
    type_ = str(data.get("type", ""))
    if type_ not in EVENT_TYPES:
        raise RuleError(name, None, f"unknown event type {type_!r}")
    out = [_pattern(p, type_, name, macros) for p in data["patterns"]]
    for p in out:
        if p.type not in EVENT_TYPES:
            raise RuleError(name, p.id, f"unknown event type {p.type!r}")
    return out


@cache
def default_patterns() -> PatternSet:
    """Every pattern shipped in events/extract/patterns (ids are unique across files)."""
    macros = _macros()
    folder = resources.files("events.extract").joinpath("patterns")
    patterns: list[Pattern] = []
    seen: set[str] = set()
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml") or entry.name.startswith("_"):
            continue
        for p in load_file(entry.name, yaml.load(entry.read_text("utf-8"), _Loader), macros):
            if p.id in seen:
                raise RuleError(entry.name, p.id, "duplicate pattern id")
            seen.add(p.id)
            patterns.append(p)
    return PatternSet(tuple(patterns), macros)


def iter_examples(ps: PatternSet | None = None) -> Sequence[tuple[Pattern, Example]]:
    """(pattern, example) pairs for the tests."""
    ps = ps or default_patterns()
    return [(p, ex) for p in ps.patterns for ex in p.examples]


_LITERAL = re.compile(r"[A-Za-z]{3,}")


def anchor_words(source: str) -> tuple[tuple[str, ...], ...] | None:
    """Word sets every match of the (unexpanded) pattern must meet: one word of each set appears.

    Optional groups (``(...)?``, ``*``, ``{0,n}``), lookarounds, character
    classes, escapes and ``{MACRO}`` slots never count.  Each required literal
    word is a set of its own; a required alternation whose every branch has a
    required word gives the set of those words.  A sentence failing any set
    cannot match: a cheap pre-filter before the regex runs.
    """
    text = re.sub(r"\{[A-Z_]+(?::\w+)?\}", " ", source)
    text = re.sub(r"\\.", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    text = re.sub(r"\(\?(?:<[=!]|[=!])", "(#", text)
    text = re.sub(r"\(\?(?:P<\w+>|:|i:)", "(", text)
    found = _constraints(text)
    return tuple(found) if found else None


def _split_top(s: str, sep: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(s):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(s[start:i])
            start = i + 1
    parts.append(s[start:])
    return parts


def _required(s: str) -> tuple[str, ...] | None:
    """One word set every match of ``s`` meets (the branches' words for an alternation), or None."""
    branches = _split_top(s, "|")
    if len(branches) > 1:
        found = [_required(b) for b in branches]
        if any(f is None for f in found):
            return None
        return tuple(w for f in found if f for w in f)
    sets = _constraints(s)
    if not sets:
        return None
    return min(sets, key=lambda o: (len(o), -min(len(w) for w in o)))


def _constraints(s: str) -> list[tuple[str, ...]]:
    """The word sets a match of a sequence ``s`` (no top-level alternation) must meet."""
    if len(_split_top(s, "|")) > 1:
        one = _required(s)
        return [one] if one else []
    plain: list[str] = []
    out: list[tuple[str, ...]] = []
    depth, start, last = 0, 0, 0
    for i, ch in enumerate(s):
        if ch == "(":
            if depth == 0:
                plain.append(s[last:i])
                start = i
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return []
            if depth == 0:
                inner = s[start + 1 : i]
                j = i + 1
                optional = inner.startswith("#") or (j < len(s) and (s[j] in "?*" or s.startswith("{0", j)))
                if not optional:
                    got = _required(inner)
                    if got:
                        out.append(got)
                last = j
    plain.append(s[last:])
    text = " ".join(plain)
    for m in _LITERAL.finditer(text):
        if text[m.end() : m.end() + 1] not in ("?", "*", "{"):
            out.append((m.group(0),))
    return out
