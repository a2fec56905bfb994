"""Helpers shared by the engine tests: write curated events files, ingest them, hash a store."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from timeline.ingest import IngestReport, ingest_paths

RECORDED = "2026-01-10T09:00:00+00:00"


def write_events(path: Path, lines: Iterable[Mapping[str, Any] | str]) -> Path:
    """A curated events file, one JSON object (or raw text) per line."""
    text = "".join((ln if isinstance(ln, str) else json.dumps(ln, ensure_ascii=False)) + "\n" for ln in lines)
    path.write_text(text, encoding="utf-8")
    return path


def ingest(store: Path, *paths: Path, recorded_at: str = RECORDED) -> IngestReport:
    return ingest_paths(store, list(paths), recorded_at=recorded_at)


def store_digest(store: Path) -> dict[str, str]:
    """sha256 of every file under the store (empty when it does not exist)."""
    if not store.exists():
        return {}
    return {
        str(p.relative_to(store)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(store.rglob("*"))
        if p.is_file()
    }


def ev(
    type_: str, subject: str, date: str | None, obj: str | None = None, **attributes: Any
) -> dict[str, Any]:
    """One curated event line."""
    line: dict[str, Any] = {"type": type_, "subject": subject, "date": date}
    if obj is not None:
        line["object"] = obj
    if attributes:
        line["attributes"] = attributes
    return line
