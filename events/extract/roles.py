"""A written leadership role ("Group CEO", "president and chief executive") read as canonical offices.

The vocabulary is data (roles.yaml); this module only normalises the text and looks it up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from events.errors import RuleError

_FILE = "roles.yaml"
# "president and chief executive", "chairman & CEO", "CEO/founder", "chair, president"
_JOIN = re.compile(r"\s*(?:\band\b|&|/|\+|,)\s*")


@dataclass(frozen=True, slots=True)
class Office:
    """One office a written role names."""

    name: str  # canonical office ("chief executive officer")
    written: str  # the role as the source wrote it ("Group CEO")
    known: bool = True  # False: not in the vocabulary, the office is the normalised text
    interim: bool = False  # "interim CEO", "acting chair": the office holder, for now
    shared: bool = False  # "co-CEO", "joint MD", or an office many hold at once (directors)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    offices: dict[str, str]  # normalised variant -> canonical office
    many: frozenset[str]  # offices several people hold at once
    interim: tuple[str, ...]
    shared: tuple[str, ...]
    same_office: tuple[str, ...]
    deputy: dict[str, str]
    filler: frozenset[str]
    other: tuple[re.Pattern[str], ...]  # offices known by their form ("chief risk officer")


def _words(raw: dict[str, Any], key: str) -> list[str]:
    value = raw.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(_FILE, key, "expected a list of words")
    return [_norm(v) for v in value]


@cache
def vocabulary() -> Vocabulary:
    """The role vocabulary shipped with the package (RuleError when the file is malformed)."""
    raw = yaml.safe_load(resources.files("events.extract").joinpath(_FILE).read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("offices"), dict):
        raise RuleError(_FILE, None, "expected a mapping with 'offices'")
    quals = raw.get("qualifiers")
    if not isinstance(quals, dict) or not isinstance(quals.get("deputy"), dict):
        raise RuleError(_FILE, "qualifiers", "expected interim, shared, same_office and deputy")
    offices: dict[str, str] = {}
    many: set[str] = set()
    for name, spec in raw["offices"].items():
        variants = spec.get("variants") if isinstance(spec, dict) else spec
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            raise RuleError(_FILE, str(name), "expected a list of variants")
        if isinstance(spec, dict) and spec.get("many"):
            many.add(str(name))
        for v in [str(name), *variants]:
            other = offices.setdefault(_norm(v), str(name))
            if other != name:
                raise RuleError(_FILE, str(name), f"variant {v!r} is already an office of {other!r}")
    return Vocabulary(
        offices=offices,
        many=frozenset(many),
        interim=tuple(_words(quals, "interim")),
        shared=tuple(_words(quals, "shared")),
        same_office=tuple(_words(quals, "same_office")),
        deputy={_norm(k): str(v) for k, v in quals["deputy"].items()},
        filler=frozenset(_words(raw, "filler")),
        other=tuple(_pattern(p) for p in raw.get("other_offices") or []),
    )


def _pattern(p: object) -> re.Pattern[str]:
    try:
        return re.compile(str(p))
    except re.error as e:
        raise RuleError(_FILE, "other_offices", f"bad regex {p!r}: {e}") from e


def _norm(text: str) -> str:
    """Lower case, one space, no abbreviation dots ("C.E.O." -> "ceo"), "co-"/"vice-" as words."""
    t = text.lower().replace("’", "'")
    t = re.sub(r"\b(\w)\.(?=\w\b)", r"\1", t)  # c.e.o. -> ceo. (the last dot goes below)
    t = re.sub(r"\b(co|vice)-(?=\w)", r"\1 ", t)
    t = re.sub(r"[^\w&/+,\- ]", " ", t)
    return " ".join(t.split())


def _strip(words: list[str], voc: Vocabulary) -> tuple[list[str], bool, bool]:
    """Drop leading filler and qualifiers that keep the office ("the new interim Group ...").

    Returns the rest, whether the holder is interim, and whether the office is shared (co-/joint).
    Stops at the first word that is no qualifier, or where the rest is itself an office
    ("executive director" is not "director").
    """
    interim = shared = False
    while words and " ".join(words) not in voc.offices:
        head = words[0]
        if head in voc.filler or head in voc.same_office:
            pass
        elif head in voc.interim:
            interim = True
        elif head in voc.shared:
            shared = True
        else:
            break
        words = words[1:]
    return words, interim, shared


def _one(text: str, written: str, voc: Vocabulary) -> Office | None:
    """The office of one role (no 'and'), or None when it is not in the vocabulary."""
    words, interim, shared = _strip(text.split(), voc)
    rest = " ".join(words)
    if rest in voc.offices:
        name = voc.offices[rest]
    elif len(words) > 1 and words[0] in voc.deputy:
        base = _one(" ".join(words[1:]), written, voc)
        if base is None:
            return None
        name = f"{voc.deputy[words[0]]} {base.name}"
        interim, shared = interim or base.interim, shared or base.shared
    else:
        return None
    return Office(name, written, True, interim, shared or name in voc.many)


def offices(written: str) -> tuple[Office, ...]:
    """The canonical offices a written role names, each keeping the written text.

    "CEO" -> chief executive officer; "president and chief executive" -> president and chief
    executive officer (two offices, one holder); "interim chair" -> chair, marked interim;
    "deputy CEO" -> deputy chief executive officer (another office). A role outside the
    vocabulary is one office named by its text without qualifiers (``known`` False unless
    its form is an office's, "chief risk officer").
    """
    voc = vocabulary()
    text = _norm(written)
    if not text:
        return ()
    whole = _one(text, written, voc)
    if whole is not None:
        return (whole,)
    parts = [p for p in _JOIN.split(text) if p]
    found = [o for o in (_one(p, written, voc) for p in parts) if o is not None]
    if len(parts) > 1 and len(found) == len(parts):
        # A qualifier before the first part ("interim chairman and CEO") covers every part.
        interim = found[0].interim
        both: dict[str, Office] = {}
        for o in found:
            both.setdefault(o.name, Office(o.name, written, True, o.interim or interim, o.shared))
        return tuple(both.values())
    words, interim, shared = _strip(text.split(), voc)
    rest = " ".join(words) or text
    known = any(p.fullmatch(rest) for p in voc.other)
    return (Office(rest, written, known, interim, shared),)


def is_role(label: str) -> bool:
    """Whether a label ("CEO", "Chair", "Finance director") names an office in the vocabulary."""
    found = offices(label)
    return bool(found) and all(o.known for o in found)
