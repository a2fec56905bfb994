"""Is a line article prose? Shared by the boilerplate filter and the infobox reader."""

from __future__ import annotations

import re
from functools import cache

from events.readers.data import compile_regex, load


@cache
def _settings() -> tuple[int, re.Pattern[str]]:
    cfg = load("boilerplate.yaml").get("prose") or {}
    return int(cfg.get("min_words", 8)), compile_regex("boilerplate.yaml", "prose", cfg.get("end"))


def is_prose(line: str) -> bool:
    """A line with enough words that ends like a sentence (headlines and labels do not)."""
    min_words, end = _settings()
    stripped = line.strip()
    return len(stripped.split()) >= min_words and end.search(stripped) is not None
