"""Curated events files (``*.events.jsonl``): events written by hand or by another tool.

One JSON object per line. An event line needs ``type``, ``subject`` (a name)
and ``date`` (ISO at its precision, or null for an undated fact); it may
carry ``object``, ``attributes``, ``date_text``, ``evidence`` (words that
say it, in the file's own words), ``published``, ``confidence`` and
``source {doc, quote[, start, end]}``. Two more line
kinds describe names rather than events:

- ``{"link": ["Old Name", "New Name"], "kind": "former_name"}``: two names of one entity;
- ``{"entity": "AITO", "kind": "brand"}``: what an entity is.

Without a ``source`` the evidence is the line's ``evidence`` (or
``date_text``) words, located in the file, else the whole line.
A malformed line is an InputError naming the file and line; nothing from the
file is kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from events.errors import DateError, InputError
from events.model import (
    EVENT_TYPES,
    DatePoint,
    EntityInfo,
    Event,
    Extraction,
    NameLink,
    Source,
    event_id,
    sha256_bytes,
)

_EVENT_KEYS = frozenset(
    {
        "evidence",
        "type",
        "subject",
        "object",
        "date",
        "date_text",
        "attributes",
        "source",
        "published",
        "confidence",
        "rule",
    }
)
_FRACTIONS = ("stake", "stake_after")


def read_events_file(name: str, data: bytes) -> Extraction:
    """Parse a curated events file; raise InputError (file, line) on the first bad line."""
    if not data.strip():
        raise InputError(name, "the events file is empty")
    if b"\x00" in data:
        raise InputError(name, "this is a binary file, not a JSON Lines events file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"not UTF-8 text (bad byte at offset {exc.start})") from None
    sha = sha256_bytes(data)
    events: list[Event] = []
    links: list[NameLink] = []
    entities: list[EntityInfo] = []
    offset = 0
    # Lines end at "\n" only: str.splitlines would also cut a JSON string holding U+2028.
    for number, line in enumerate(re.split(r"(?<=\n)", text), start=1):
        start, offset = offset, offset + len(line)
        body = line.strip()
        if not body:
            continue
        lead = len(line) - len(line.lstrip())
        here = Source(name, sha, start + lead, start + lead + len(body), body)
        try:
            obj = json.loads(body)
        except json.JSONDecodeError as exc:
            raise InputError(name, f"not valid JSON ({exc.msg} at column {exc.colno})", number) from None
        if not isinstance(obj, dict):
            raise InputError(name, "each line must be a JSON object", number)
        try:
            if "link" in obj:
                links.append(_link(obj, here))
            elif "entity" in obj and "type" not in obj:
                entities.append(_entity(obj, here))
            else:
                events.append(_event(obj, here))
        except DateError as exc:
            raise InputError(name, str(exc), number) from None
        except _LineError as exc:
            raise InputError(name, str(exc), number) from None
    if not (events or links or entities):
        raise InputError(name, "the events file has no events")
    return Extraction(name, sha, text, None, None, tuple(events), tuple(links), tuple(entities))


class _LineError(Exception):
    """A problem with one line; read_events_file adds the file and line number."""


def _optional(obj: Mapping[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _LineError(f"'{key}' must be a non-empty string")
    return value.strip()


def _required(obj: Mapping[str, Any], key: str) -> str:
    value = _optional(obj, key)
    if value is None:
        raise _LineError(f"'{key}' is required")
    return value


def _event(obj: Mapping[str, Any], here: Source) -> Event:
    unknown = sorted(set(obj) - _EVENT_KEYS)
    if unknown:
        raise _LineError(f"unknown field {unknown[0]!r}")
    type_ = _required(obj, "type")
    if type_ not in EVENT_TYPES:
        raise _LineError(f"unknown event type {type_!r}")
    subject = _required(obj, "subject")
    obj_name = _optional(obj, "object")
    if "date" not in obj:
        raise _LineError("'date' is required (null for an undated fact)")
    raw_date = obj["date"]
    if raw_date is not None and not isinstance(raw_date, str):
        raise _LineError("'date' must be an ISO date string or null")
    when = DatePoint.parse(raw_date) if raw_date is not None else None
    attributes = obj.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise _LineError("'attributes' must be an object")
    for key in _FRACTIONS:
        value = attributes.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1
        ):
            raise _LineError(f"attributes.{key} must be a fraction between 0 and 1, not {value!r}")
    for key in ("not_before", "not_after"):
        if attributes.get(key) is not None:
            DatePoint.parse(str(attributes[key]))
    if type_ == "renamed" and not attributes.get("new_name"):
        raise _LineError("a renamed event needs attributes.new_name")
    published = obj.get("published")
    if published is not None:
        DatePoint.parse(str(published))
    confidence = obj.get("confidence", 1.0)
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
        raise _LineError("'confidence' must be a number between 0 and 1")
    source = _source(obj.get("source"), _narrow(here, obj.get("evidence") or obj.get("date_text")))
    # The id hashes the line's content, not its position: editing one line of a
    # curated file and ingesting it again adds only that line.
    canonical = json.dumps(obj, sort_keys=True, ensure_ascii=False)
    return Event(
        id=event_id(_content_hash(canonical), 0, 0, type_),
        type=type_,
        subject=subject,
        object=obj_name,
        date=when,
        date_text=str(obj.get("date_text") or (raw_date or "")),
        attributes=attributes,
        source=source,
        published=str(published) if published is not None else None,
        published_how="curated" if published is not None else None,
        confidence=float(confidence),
        rule=str(obj.get("rule") or "curated"),
    )


def _content_hash(canonical: str) -> str:
    return sha256_bytes(canonical.encode())


def _narrow(here: Source, words: object) -> Source:
    """The span of the line's own evidence words (``evidence`` or ``date_text``), else the whole line.

    Quoting the words rather than the JSON keeps ``file_text[start:end] == quote``
    and gives a reader something to read.
    """
    if not isinstance(words, str) or not words.strip():
        return here
    at = here.quote.find(json.dumps(words, ensure_ascii=False)[1:-1])
    if at < 0 or json.dumps(words, ensure_ascii=False)[1:-1] != words:
        return here
    return Source(here.doc, here.doc_sha256, here.start + at, here.start + at + len(words), words)


def _source(raw: object, here: Source) -> Source:
    if raw is None:
        return here
    if not isinstance(raw, dict):
        raise _LineError("'source' must be an object with doc and quote")
    doc = _required(raw, "doc")
    quote = _required(raw, "quote")
    start, end = raw.get("start", -1), raw.get("end", -1)
    if not isinstance(start, int) or not isinstance(end, int):
        raise _LineError("source.start and source.end must be integers")
    return Source(doc, str(raw.get("doc_sha256") or ""), start, end, quote)


def _link(obj: Mapping[str, Any], here: Source) -> NameLink:
    pair = obj["link"]
    if not (
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(n, str) and n.strip() for n in pair)
    ):
        raise _LineError("'link' must be a list of two names")
    kind = str(obj.get("kind") or "alias")
    until = obj.get("until")
    return NameLink(
        pair[0].strip(),
        pair[1].strip(),
        kind,
        _source(obj.get("source"), here),
        DatePoint.parse(str(until)) if until is not None else None,
    )


def _entity(obj: Mapping[str, Any], here: Source) -> EntityInfo:
    return EntityInfo(_required(obj, "entity"), _required(obj, "kind"), _source(obj.get("source"), here))
