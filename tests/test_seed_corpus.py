"""The seed corpus (read from ../shared): every event quotes its document exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.pipeline import extract
from events.readers import read_path

SEED = Path(__file__).parents[1].parent / "shared" / "corpus" / "seres"
FILES = sorted(SEED.glob("*.txt")) if SEED.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason="seed corpus ../shared/corpus/seres not present")


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_event_quotes_its_document(path: Path) -> None:
    doc = read_path(path)
    x = extract(doc)
    assert x.events, path.name
    for e in x.events:
        assert doc.text[e.source.start : e.source.end] == e.source.quote
        assert e.source.doc == path.name and e.source.doc_sha256 == doc.sha256
        assert not doc.in_boilerplate(e.source.start, e.source.end)
    for link in x.links:
        assert doc.text[link.source.start : link.source.end] == link.source.quote


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_no_event_from_page_chrome_or_forecasts(path: Path) -> None:
    doc = read_path(path)
    x = extract(doc)
    for e in x.events:
        assert "Lorem ipsum" not in e.source.quote
        assert "sales target" not in e.source.quote
