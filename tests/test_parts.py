"""events.parts: long text documents extracted a part at a time, with whole-text offsets."""

from __future__ import annotations

import hashlib
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.model import Event
from events.parts import cuts, extract_path
from events.pipeline import extract
from events.readers import read_path

DOCS = Path(__file__).parent / "corpus" / "docs"


def _facts(events: tuple[Event, ...]) -> set[tuple[object, ...]]:
    return {(e.type, e.subject, e.object, e.date, e.source.start, e.source.quote) for e in events}


@pytest.mark.parametrize("size", [80, 120, 1000])
def test_cuts_cover_the_text_at_paragraph_breaks(size: int) -> None:
    text = "".join(f"Paragraph {i} runs on for a while.\nIt has two lines.\n\n" for i in range(30))
    parts = list(cuts(text, size))
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(a < b and b - a <= size for a, b in parts)
    assert all(b == c for (_, b), (c, _) in pairwise(parts))
    # Every cut but the last falls after a line break, after a blank line when one is close.
    assert all(text[b - 1] == "\n" for _, b in parts[:-1])
    if size >= 120:
        assert all(text[b - 2 : b] == "\n\n" for _, b in parts[:-1])


def test_windows_line_ends_are_cut_after_a_blank_line() -> None:
    text = "".join(f"Paragraph {i} runs on.\r\nIt has two lines.\r\n\r\n" for i in range(30))
    parts = list(cuts(text, 150))
    assert len(parts) > 1
    assert all(text[b - 4 : b] == "\r\n\r\n" for _, b in parts[:-1])


@given(st.text(alphabet="ab -\n\r", min_size=1, max_size=400), st.integers(min_value=4, max_value=120))
def test_cuts_always_tile_the_text_in_bounded_parts(text: str, size: int) -> None:
    parts = list(cuts(text, size))
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(0 < b - a <= size for a, b in parts)
    assert all(b == c for (_, b), (c, _) in pairwise(parts))


def test_a_text_without_line_breaks_is_cut_at_the_limit() -> None:
    assert list(cuts("x" * 25, 10)) == [(0, 10), (10, 20), (20, 25)]


def test_a_part_never_starts_with_a_front_matter_fence() -> None:
    text = "Intro line one.\n\n" * 4 + "---\ntitle: not front matter\n---\n\n" + "More text here.\n\n" * 4
    fence = text.index("---")
    for size in range(30, len(text), 7):
        assert all(a != fence for a, _ in cuts(text, size))


def test_a_short_document_is_read_whole(tmp_path: Path) -> None:
    doc = DOCS / "aurora-motors.txt"
    whole = extract(read_path(doc), "2024-06-01")
    assert extract_path(doc, "2024-06-01") == whole
    # Longer in bytes than a part but short enough in characters: still one reading.
    assert extract_path(doc, "2024-06-01", part_chars=len(doc.read_text("utf-8"))) == whole


def test_a_repeated_document_gives_its_events_once_at_whole_text_offsets(tmp_path: Path) -> None:
    one = (DOCS / "aurora-motors.txt").read_text("utf-8").rstrip("\n") + "\n\n"
    long_doc = tmp_path / "aurora-three-times.txt"
    long_doc.write_text(one * 3, encoding="utf-8")
    alone = extract(read_path(DOCS / "aurora-motors.txt"))
    assert alone.events

    got = extract_path(long_doc, part_chars=len(one) + 10)

    text = one * 3
    assert got.text == text
    assert got.doc_sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert (got.reference_date, got.reference_how) == (alone.reference_date, alone.reference_how)
    # Every part read the same facts: kept once, quoted from the first copy.
    assert _facts(got.events) == _facts(alone.events)
    assert len({e.id for e in got.events}) == len(got.events)
    for e in got.events:
        assert e.source.doc == long_doc.name and e.source.doc_sha256 == got.doc_sha256
        assert text[e.source.start : e.source.end] == e.source.quote
    assert {(n.name, n.other, n.kind) for n in got.links} == {(n.name, n.other, n.kind) for n in alone.links}
    assert {(i.name, i.kind) for i in got.entities} == {(i.name, i.kind) for i in alone.entities}


def test_later_parts_are_dated_from_the_first_and_quoted_in_the_whole_text(tmp_path: Path) -> None:
    first = (DOCS / "aurora-motors.txt").read_text("utf-8").rstrip("\n") + "\n\n"
    second = (DOCS / "halcyon-therapeutics.txt").read_text("utf-8").rstrip("\n") + "\n"
    path = tmp_path / "two.txt"
    path.write_text(first + second, encoding="utf-8")

    got = extract_path(path, part_chars=max(len(first), len(second)) + 5)

    head = extract(read_path(DOCS / "aurora-motors.txt"))
    assert got.reference_date == head.reference_date
    later = [e for e in got.events if e.source.start >= len(first)]
    assert later, "the second part's events are kept"
    assert all(e.published == (head.reference_date.value if head.reference_date else None) for e in later)
    for e in got.events:
        assert (first + second)[e.source.start : e.source.end] == e.source.quote
    for link in got.links:
        assert (first + second)[link.source.start : link.source.end] == link.source.quote


def test_an_unreadable_long_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"plain words\n" * 20 + b"\xff\xfe broken")
    with pytest.raises(Exception, match=str(path)):
        extract_path(path, part_chars=50)
