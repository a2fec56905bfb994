"""Long text documents read and extracted a part at a time, so memory stays flat in their size.

The whole text is held (every quote is a slice of it), but the reader's lines, the dates, names,
sentences and matches of extraction exist for one part at a time: a plain-text or Markdown
document longer than ``PART_CHARS`` characters is cut at paragraph breaks into parts of at most
that size, each part is read and extracted as a document of its own, and what it found is moved
back to offsets in the whole text. A shorter document (and any HTML or JSON one) is read whole,
exactly as ``read_path`` and ``extract`` read it.

What a part cannot see: names and "the company" resolve within their part; the reference date is
the first part's (a dateline or front matter sits at the top) and every later part is read from
it, as is the document's title. A fact a later part repeats (same type, parties, date, figures)
is dropped, as repeats within one part are.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable, Iterator
from dataclasses import replace
from pathlib import Path

from events.document import Document
from events.errors import InputError
from events.model import EntityInfo, Event, Extraction, NameLink, Source
from events.pipeline import extract
from events.readers import READERS, choose_format, read_path
from events.readers.decode import check_size, decode

#: Parts are at most this many characters: about the largest document read whole.
PART_CHARS = 1_000_000

# Readers whose text is the file's text, so it can be cut anywhere a paragraph ends.
_CUTTABLE = ("text", "markdown")

Extract = Callable[[Document, "str | None"], Extraction]


def extract_path(path: Path, published: str | None = None, *, part_chars: int | None = None) -> Extraction:
    """``extract(read_path(path), published)``, a part at a time when the document is long
    (longer than ``part_chars``, by default ``PART_CHARS``)."""
    part_chars = PART_CHARS if part_chars is None else part_chars
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size <= part_chars or not path.is_file():
        return extract(read_path(path), published)
    try:
        check_size(str(path), size)
        data = path.read_bytes()
    except OSError:
        return extract(read_path(path), published)  # read_path words the error
    name = path.name or str(path)
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        text = decode(name, data)
    except InputError as exc:
        raise InputError(str(path), exc.reason) from None
    del data
    fmt = choose_format(text, path.suffix)
    if fmt not in _CUTTABLE or len(text) <= part_chars:
        return extract(READERS[fmt](name, sha256, text), published)
    return extract_parts(name, sha256, text, READERS[fmt], published, extract, part_chars=part_chars)


def extract_parts(
    name: str,
    sha256: str,
    text: str,
    reader: Callable[[str, str, str], Document],
    published: str | None,
    extract: Extract = extract,
    *,
    part_chars: int = PART_CHARS,
) -> Extraction:
    """Read and extract ``text`` a part at a time; offsets, quotes and hashes are the whole text's."""
    events: dict[Hashable, Event] = {}
    links: dict[Hashable, NameLink] = {}
    entities: dict[Hashable, EntityInfo] = {}
    first: Document | None = None
    head: Extraction | None = None
    for start, end in cuts(text, part_chars):
        # Ids hash the document and the offsets in it: each part hashes as its own document.
        part = reader(name, _part_hash(sha256, start), text[start:end])
        if first is None:
            first = part
        else:
            known = head.reference_date if head is not None else None
            part = replace(
                part,
                title=first.title,
                published=known.value if known is not None else None,
                published_how=head.reference_how if known is not None and head is not None else None,
            )
        got = extract(part, published)
        del part
        if head is None:
            head = got
        for e in got.events:
            e = replace(e, source=_moved(e.source, sha256, start))
            events.setdefault(_event_key(e), e)
        for link in got.links:
            link = replace(link, source=_moved(link.source, sha256, start))
            links.setdefault((link.name, link.other, link.kind, link.until), link)
        for info in got.entities:
            info = replace(info, source=_moved(info.source, sha256, start))
            entities.setdefault((info.name, info.kind), info)
    if head is None:
        raise InputError(name, "is empty")
    return Extraction(
        doc=name,
        doc_sha256=sha256,
        text=text,
        reference_date=head.reference_date,
        reference_how=head.reference_how,
        events=tuple(events.values()),
        links=tuple(links.values()),
        entities=tuple(entities.values()),
    )


def cuts(text: str, part_chars: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of consecutive parts covering ``text``, each at most ``part_chars`` long,
    ending after a blank line when one falls in its second half, else after a line break, else
    at the limit."""
    n = len(text)
    start = 0
    while start < n:
        end = n if n - start <= part_chars else _cut(text, start, start + part_chars)
        yield start, end
        start = end


def _cut(text: str, start: int, limit: int) -> int:
    half = start + (limit - start) // 2
    for mark in ("\n\n", "\n\r\n", "\n"):  # a blank line (LF or CRLF), else a line break
        at = text.rfind(mark, half, limit - len(mark) + 1)
        # A part starting with a "---" line would read as front matter: cut before that paragraph.
        while at >= 0 and text.startswith("---", at + len(mark)):
            at = text.rfind(mark, half, at)
        if at >= 0:
            return at + len(mark)
    return limit


def _part_hash(sha256: str, start: int) -> str:
    return sha256 if start == 0 else hashlib.sha256(f"{sha256}|{start}".encode()).hexdigest()


def _moved(source: Source, sha256: str, offset: int) -> Source:
    return replace(source, doc_sha256=sha256, start=source.start + offset, end=source.end + offset)


def _event_key(e: Event) -> Hashable:
    figures = json.dumps(dict(e.attributes), sort_keys=True, default=str)
    return (e.type, e.subject, e.object, e.date, e.date_text, figures)
