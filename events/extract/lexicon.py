"""The word lists of lexicon.yaml, loaded once and checked."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from events.errors import RuleError

_FILE = "lexicon.yaml"


@dataclass(frozen=True, slots=True)
class Lexicon:
    legal_suffixes: frozenset[str]
    descriptors: frozenset[str]
    leading_stopwords: frozenset[str]
    places: tuple[str, ...]
    government_words: tuple[str, ...]
    person_roles: tuple[str, ...]
    nationalities: frozenset[str]
    exchange_words: frozenset[str]


@cache
def lexicon() -> Lexicon:
    """The lexicon shipped with the package (RuleError when the file is malformed)."""
    raw = yaml.safe_load(resources.files("events.extract").joinpath(_FILE).read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise RuleError(_FILE, None, "expected a mapping of word lists")
    lists: dict[str, list[str]] = {}
    for key in (
        "legal_suffixes",
        "descriptors",
        "leading_stopwords",
        "places",
        "government_words",
        "person_roles",
        "nationalities",
        "exchange_words",
    ):
        value = raw.get(key)
        if isinstance(value, str):
            value = value.split()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RuleError(_FILE, key, "expected a list of words")
        lists[key] = value
    return Lexicon(
        legal_suffixes=frozenset(w.lower().rstrip(".") for w in lists["legal_suffixes"]),
        descriptors=frozenset(w.lower() for w in lists["descriptors"]),
        leading_stopwords=frozenset(lists["leading_stopwords"]),
        # Longest first so "Santa Clara" wins over a shorter prefix.
        places=tuple(sorted(lists["places"], key=len, reverse=True)),
        government_words=tuple(lists["government_words"]),
        person_roles=tuple(sorted(lists["person_roles"], key=len, reverse=True)),
        nationalities=frozenset(w.lower() for w in lists["nationalities"]),
        exchange_words=frozenset(w.lower() for w in lists["exchange_words"]),
    )
