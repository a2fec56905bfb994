"""Front matter (``---`` fenced ``key: value`` lines at the top of a file): date and title."""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.readers.data import load
from events.readers.dates import normalise_date

_FENCE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_KEY_VALUE = re.compile(r"^([A-Za-z][\w.-]*)[ \t]*:[ \t]*(.*?)[ \t]*\r?$", re.MULTILINE)
# Front matter is a few lines; a fence further away is a Markdown horizontal rule.
_MAX_FRONT_MATTER = 20_000


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The fenced block's span (kept in the text, marked as boilerplate) and what it says."""

    start: int
    end: int
    published: str | None
    title: str | None
    updated: str | None = None


def read_front_matter(text: str) -> FrontMatter | None:
    """The front matter at the top of ``text``, or None when the file has none."""
    opening = _FENCE.match(text)
    if not opening:
        return None
    closing = _CLOSE.search(text, opening.end(), min(len(text), _MAX_FRONT_MATTER))
    if not closing:
        return None
    cfg = load("metadata.yaml")["front_matter"]
    date_keys = {k.lower() for k in cfg["date_keys"]}
    update_keys = {k.lower() for k in cfg.get("update_keys") or ()}
    title_keys = {k.lower() for k in cfg["title_keys"]}
    published: str | None = None
    updated: str | None = None
    title: str | None = None
    for m in _KEY_VALUE.finditer(text, opening.end(), closing.start()):
        key, value = m.group(1).lower(), _unquote(m.group(2))
        if key in date_keys and published is None:
            published = normalise_date(value)
        elif key in update_keys and updated is None:
            updated = normalise_date(value)
        elif key in title_keys and title is None and value:
            title = value
    return FrontMatter(0, closing.end(), published, title, updated)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value
