"""Ingest: files in, one atomic batch appended to the store.

Every file is read and extracted before the store is touched, so a bad file
anywhere leaves the store exactly as it was. Documents already ingested (same
sha256) and events already logged (same id) are skipped: ingesting twice adds
nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from events.errors import InputError, StoreError
from events.model import DatePoint, Extraction
from timeline import index as index_mod
from timeline.schema import doc_row, entity_row, event_row, link_row
from timeline.store import (
    Manifest,
    commit,
    read_manifest,
    read_table,
    scan_events,
    write_segment,
    writer_lock,
)

#: Suffixes picked up when a folder is ingested (a file named explicitly is always read).
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json")
CURATED_SUFFIX = ".events.jsonl"

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class Parsed:
    """One input file after reading and extraction."""

    path: str
    kind: str  # "curated" or "document"
    extraction: Extraction
    published: str | None


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest added: counts, and the files skipped because they were already in."""

    files: int
    documents: int
    events: int
    links: int
    skipped: tuple[str, ...]


def collect(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders (recursively, sorted; hidden files skipped); a missing path is an InputError."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.is_file() and not any(part.startswith(".") for part in rel) and _wanted(f):
                    out.append(f)
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(str(p), "no such file or folder")
    return out


def _wanted(f: Path) -> bool:
    return f.name.endswith(CURATED_SUFFIX) or f.suffix.lower() in DOCUMENT_SUFFIXES


def parse_file(path: Path, published: str | None) -> Parsed:
    """Read one file: curated events files directly, documents through the reader and extractor."""
    if path.name.endswith(CURATED_SUFFIX):
        from events.curated import read_events_file

        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(str(path), f"cannot be read ({exc.strerror})") from None
        return Parsed(str(path), "curated", read_events_file(path.name, data), published)
    try:
        from events.parts import extract_path
    except ImportError as exc:
        missing = getattr(exc, "name", "") or ""
        if missing.startswith("events.") or "cannot import name" in str(exc):
            raise InputError(
                str(path), "documents cannot be read by this build yet (only *.events.jsonl files)"
            ) from None
        raise
    # Long documents are extracted a part at a time (flat memory); others whole.
    return Parsed(str(path), "document", extract_path(path, published), published)


def parse_all(paths: Sequence[Path], published: str | None, progress: Progress | None = None) -> list[Parsed]:
    if published is not None:
        DatePoint.parse(published)
    out = []
    for i, p in enumerate(paths):
        out.append(parse_file(p, published))
        if progress:
            progress(i + 1, len(paths), p.name)
    return out


def ingest_paths(
    store_dir: str | Path,
    paths: Iterable[str | Path],
    *,
    recorded_at: str,
    published: str | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Read every path, then append what is new to the store as one batch."""
    files = collect(paths)
    if not files:
        raise InputError(", ".join(str(p) for p in paths) or ".", "no documents or events files found")
    return ingest_parsed(store_dir, parse_all(files, published, progress), recorded_at=recorded_at)


def ingest_parsed(store_dir: str | Path, parsed: Sequence[Parsed], *, recorded_at: str) -> IngestReport:
    """Append already-parsed files (skipping known documents and events) and rebuild the index."""
    root = Path(store_dir)
    with writer_lock(root):
        old = read_manifest(root)
        known_docs = old.doc_hashes()
        known_ids = _logged_ids(root, old, {e.id for p in parsed for e in p.extraction.events})
        batch = hashlib.sha256(f"{recorded_at}|{old.generation}".encode()).hexdigest()[:12]
        rows: dict[str, list[dict[str, object]]] = {"events": [], "links": [], "entities": [], "docs": []}
        skipped: list[str] = []
        fresh: set[str] = set()
        for p in parsed:
            x = p.extraction
            if x.doc_sha256 in known_docs or x.doc_sha256 in fresh:
                skipped.append(p.path)
                continue
            fresh.add(x.doc_sha256)
            kw = {"recorded_at": recorded_at, "batch": batch}
            for e in x.events:
                if e.id not in known_ids:
                    known_ids.add(e.id)
                    rows["events"].append(event_row(e, **kw))
            rows["links"] += [link_row(link, **kw) for link in x.links]
            rows["entities"] += [entity_row(info, **kw) for info in x.entities]
            rows["docs"].append(doc_row(x, kind=p.kind, published=p.published, **kw))
        report = IngestReport(
            len(parsed), len(rows["docs"]), len(rows["events"]), len(rows["links"]), tuple(skipped)
        )
        if not rows["docs"]:
            return report
        gen = old.generation + 1
        files = {}
        for table, table_rows in rows.items():
            if table_rows:
                rel = f"log/{table}-{gen:06d}.parquet"
                write_segment(root / rel, table, table_rows)
                files[table] = rel
        segment = {
            "batch": batch,
            "recorded_at": recorded_at,
            "files": files,
            "doc_sha256": sorted(fresh),
            "events": len(rows["events"]),
        }
        new = Manifest(gen, (*old.segments, segment), f"index-{gen:06d}")
        idx = build_index(root, new)
        index_mod.write(idx, root / str(new.index))
        commit(root, old, new)
        return report


def _logged_ids(root: Path, manifest: Manifest, ids: set[str]) -> set[str]:
    """Which of ``ids`` the log already holds (only the id column is read, never the quotes)."""
    import polars as pl

    if manifest.empty or not ids:
        return set()
    try:
        logged = scan_events(root, manifest).select("id").filter(pl.col("id").is_in(sorted(ids))).collect()
    except (OSError, pl.exceptions.ComputeError) as exc:
        raise StoreError(f"the store {root} has a damaged segment: {exc}") from None
    return set(logged.get_column("id").to_list())


def build_index(root: Path, manifest: Manifest, as_known: str | None = None) -> index_mod.Index:
    """Build the index of the committed log into a new directory and open it.

    With ``as_known`` (a day) only the rows recorded by then count, and the index is
    built in a temporary directory outside the store (``--as-known`` is the slow path).
    ``index.write(built, root / manifest.index)`` then moves it into place.
    """
    import polars as pl

    known = pl.col("recorded_at").str.slice(0, 10) <= as_known if as_known is not None else None
    tables = {t: read_table(root, manifest, t) for t in ("links", "entities", "docs")}
    source = scan_events(root, manifest)
    if known is not None:
        tables = {t: df.filter(known) for t, df in tables.items()}
        source = source.filter(known)
    source = source.with_row_index("event").with_columns(pl.col("event").cast(pl.Int64))
    log: dict[str, object] = {
        "source": source,
        "events": source.select(index_mod.BUILD_COLUMNS).collect(),
        **tables,
    }
    if as_known is None:
        out = root / f".index-build-{os.getpid()}"
        shutil.rmtree(out, ignore_errors=True)
        index_mod.build(log, out)
        return index_mod.read(out)
    with tempfile.TemporaryDirectory(prefix="timeline-as-known-") as tmp:
        index_mod.build(log, Path(tmp) / "index")
        # Memory-mapped files stay readable after the directory is removed.
        return index_mod.read(Path(tmp) / "index", eager=True)
