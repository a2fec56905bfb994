"""JSON documents: one object holding the article text, with its date and title beside it.

``Document.text`` is the text value (HTML inside it goes through the HTML reader), so
offsets point into that string, not into the JSON file.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from events.document import Document
from events.errors import InputError
from events.readers.data import load
from events.readers.dates import normalise_date
from events.readers.html import looks_like_html, read_html
from events.readers.text import read_text


def read_json(name: str, sha256: str, source: str) -> Document:
    """A JSON object with a text field (``text``, ``content``, ``body``...); InputError otherwise."""
    try:
        data: Any = json.loads(source)
    except json.JSONDecodeError as exc:
        raise InputError(
            name, f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    if not isinstance(data, dict):
        raise InputError(name, "is JSON but not one object holding a document's text")
    cfg = load("metadata.yaml")["json"]
    text = _first_string(data, cfg["text_keys"])
    if text is None or not text.strip():
        keys = ", ".join(cfg["text_keys"][:3])
        raise InputError(name, f"is JSON without a document text (expected a string under {keys} or similar)")
    inner = read_html(name, sha256, text) if looks_like_html(text) else read_text(name, sha256, text)
    date = _first_string(data, cfg["date_keys"])
    published = normalise_date(date) if date else None
    edited = _first_string(data, cfg.get("update_keys") or [])
    updated = (normalise_date(edited) if edited else None) or inner.updated
    title = _first_string(data, cfg["title_keys"])
    return dataclasses.replace(
        inner,
        format="json",
        published=published or inner.published,
        published_how="metadata" if (published or inner.published) else None,
        title=title.strip() if title and title.strip() else inner.title,
        updated=None if (published or inner.published) else updated,
    )


_MAX_DEPTH = 3


def _first_string(data: dict[str, Any], keys: list[str], depth: int = 0) -> str | None:
    """The first of ``keys`` holding text: in ``data`` itself, else in the objects it nests
    (``{"article": {"body": ...}}``); a list of strings (paragraphs) is joined by blank lines."""
    for key in keys:
        value = data.get(key)
        if isinstance(value, str):
            return value
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return "\n\n".join(value)
    if depth >= _MAX_DEPTH:
        return None
    for value in data.values():
        if isinstance(value, dict):
            found = _first_string(value, keys, depth + 1)
            if found is not None:
                return found
    return None
