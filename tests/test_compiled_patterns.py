"""Event patterns compiled on an earlier run come back from the cache and match as re.compile's do."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.extract import compiled
from events.extract.rules import default_patterns

SENTENCE = "In May 2019 Tamsin Holdings (formerly Kessel Mills) bought a 40% stake in Orla Foods Ltd."


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIMELINE_REGEX_CACHE", str(tmp_path))
    monkeypatch.setattr(compiled, "_loaded", None)
    monkeypatch.setattr(compiled, "_added", {})
    return tmp_path


def _fresh_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a new process sees: nothing loaded, nothing added."""
    monkeypatch.setattr(compiled, "_loaded", None)
    monkeypatch.setattr(compiled, "_added", {})


def test_a_cached_pattern_matches_like_a_compiled_one(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = next(p.source for p in default_patterns().patterns if p.type == "acquired_stake")
    first = compiled.compile_pattern(source)
    path = compiled._cache_file()
    assert path is not None
    compiled._save(path)
    assert path.exists()
    _fresh_run(monkeypatch)
    again = compiled.compile_pattern(source)
    assert compiled._added == {}  # read back, not compiled again
    assert again.groupindex == first.groupindex
    assert [m.groupdict() for m in again.finditer(SENTENCE)] == [
        m.groupdict() for m in first.finditer(SENTENCE)
    ]


def test_a_damaged_cache_file_is_ignored(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = compiled._cache_file()
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a cache")
    got = compiled.compile_pattern(r"(?P<n>[A-Z]\w+) Ltd")
    match = got.search(SENTENCE)
    assert match is not None and match.group("n") == "Foods"


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_REGEX_CACHE", "off")
    assert compiled._cache_file() is None
    assert compiled.compile_pattern(r"\d+%").findall(SENTENCE) == ["40%"]
