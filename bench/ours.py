"""The bench's side of the engine: build stores, open them, time our queries.

Everything here goes through timeline's public functions (Store.open,
state_at, names_at, resolve; ingest's build_index). The one thing the bench
does itself is the bulk load of the 10M-event log, see ``load_events``.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import polars as pl
from measure import Timing, best_of, per_call

RECORDED_AT = "2026-01-01T00:00:00+00:00"


class Missing(Exception):
    """A part of the engine the bench needs is not there (yet)."""


# ----------------------------------------------------------------------------- demo store


def build_demo_store(store: Path, examples: Path, out: Path) -> tuple[str, str]:
    """Make the demo store from examples/ (timeline.demo, else `timeline ingest`); return (entity, date)."""
    demo = subprocess.run(
        [sys.executable, "-m", "timeline.demo", "--store", str(store), "--out", str(out), str(examples)],
        capture_output=True,
        text=True,
        check=False,
    )
    if demo.returncode != 0 or not (store / "manifest.json").exists():
        ingest = subprocess.run(
            [sys.executable, "-m", "timeline", "--store", str(store), "ingest", str(examples)],
            capture_output=True,
            text=True,
            check=False,
        )
        if ingest.returncode != 0:
            raise Missing(f"cannot build the demo store: {(ingest.stderr or demo.stderr).strip()[-300:]}")
    listed = subprocess.run(
        [sys.executable, "-m", "timeline", "--store", str(store), "entities", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if listed.returncode != 0:
        raise Missing(f"`timeline entities` failed: {listed.stderr.strip()[-300:]}")
    items = json.loads(listed.stdout)
    names = [str(e.get("name")) for e in items]
    entity = next((n for n in names if "seres" in n.casefold()), names[0] if names else "Seres")
    return entity, "2023-06-01"


# ----------------------------------------------------------------------------- big store


def has_store(store: Path) -> bool:
    """A committed store with an index is there (the load is skipped)."""
    manifest = store / "manifest.json"
    return manifest.exists() and bool(json.loads(manifest.read_text()).get("index"))


def event_table(events: pl.DataFrame) -> pl.DataFrame:
    """Converted events (bench/convert.py) as rows of the store's events table (timeline.schema)."""
    from timeline.schema import EVENT_COLUMNS, SCHEMA

    key = pl.concat_str(["type", "subject", "object", "date", "attributes", "doc"], ignore_nulls=True)
    cols = {
        "schema": pl.lit(SCHEMA, pl.Int16),
        # ids only need to be unique and stable: a 64-bit hash of what the event says
        "id": pl.concat_str([pl.lit("g"), key.hash(7).cast(pl.String).str.zfill(20)]),
        "type": pl.col("type"),
        "subject": pl.col("subject"),
        "object": pl.col("object"),
        "date": pl.col("date"),
        "precision": pl.col("precision"),
        "date_start": pl.col("date_start"),
        "date_end": pl.col("date_end"),
        "date_text": pl.col("date"),
        "attributes": pl.col("attributes"),
        "doc": pl.col("doc"),
        "doc_sha256": pl.lit(""),
        "start": pl.lit(-1, pl.Int64),
        "end": pl.lit(-1, pl.Int64),
        "quote": pl.col("quote"),
        "published": pl.lit(None, pl.String),
        "published_how": pl.lit(None, pl.String),
        "confidence": pl.col("confidence"),
        "rule": pl.lit("curated"),
        "recorded_at": pl.lit(RECORDED_AT),
        "status": pl.lit("asserted"),
        "batch": pl.lit("bench"),
    }
    if [c for c, _ in EVENT_COLUMNS] != list(cols):
        raise Missing("timeline.schema's event columns changed: update bench/ours.py event_table")
    return events.select(**cols)


def load_events(store: Path, parts: Iterable[pl.DataFrame]) -> tuple[int, float]:
    """Write converted events into a new store, one segment per part; return (events, seconds).

    The ingest path (``timeline ingest x.events.jsonl``) makes one Python Event
    per line, which for 15M lines needs far more memory than this machine has;
    so the bench writes the events segments directly in the store's schema and
    lets the engine do the rest (index build, manifest commit) exactly as ingest
    does.
    """
    import pyarrow.parquet as pq

    from timeline import index as index_mod
    from timeline.ingest import build_index
    from timeline.store import Manifest, arrow_schema, commit, read_manifest, writer_lock

    t0 = time.perf_counter()
    store.mkdir(parents=True, exist_ok=True)
    total = 0
    with writer_lock(store):
        old = read_manifest(store)
        if not old.empty:
            raise Missing(f"{store} already holds a log; remove it to load again")
        (store / "log").mkdir(exist_ok=True)
        segments: list[dict[str, Any]] = []
        for gen, part in enumerate(parts, start=1):
            table = event_table(part).sort("subject", "date_start", "id")
            rel = f"log/events-{gen:06d}.parquet"
            data = table.to_arrow().cast(arrow_schema("events"))
            pq.write_table(data, store / rel, compression="zstd", row_group_size=64_000)
            segments.append(
                {
                    "batch": f"bench-{gen}",
                    "recorded_at": RECORDED_AT,
                    "files": {"events": rel},
                    "doc_sha256": [],
                    "events": table.height,
                }
            )
            total += table.height
            del table, data
        new = Manifest(len(segments), tuple(segments), f"index-{len(segments):06d}")
        idx = build_index(store, new)
        index_mod.write(idx, store / str(new.index))
        commit(store, old, new)
    mark_built(store)
    return total, time.perf_counter() - t0


def engine_fingerprint() -> str:
    """A hash of timeline/'s code: an index built by other code may not be readable by this one."""
    import hashlib

    import timeline

    digest = hashlib.sha256()
    for path in sorted(Path(timeline.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


FINGERPRINT = "bench-engine.txt"


def mark_built(store: Path) -> None:
    (store / FINGERPRINT).write_text(engine_fingerprint() + "\n")


def is_stale(store: Path) -> bool:
    """timeline/ changed since the store's index was built."""
    marker = store / FINGERPRINT
    return not (marker.exists() and marker.read_text().strip() == engine_fingerprint())


def reindex(store: Path) -> float:
    """Build the index again from the stored log (a new manifest generation); return the seconds."""
    from timeline import index as index_mod
    from timeline.ingest import build_index
    from timeline.store import Manifest, commit, read_manifest, writer_lock

    t0 = time.perf_counter()
    with writer_lock(store):
        old = read_manifest(store)
        gen = old.generation + 1
        new = Manifest(gen, old.segments, f"index-{gen:06d}")
        index_mod.write(build_index(store, new), store / str(new.index))
        commit(store, old, new)
    mark_built(store)
    return time.perf_counter() - t0


def open_store(store: Path) -> Any:
    from timeline.store import Store

    return Store.open(store)


def state(handle: Any, entity: str, at: dt.date) -> dict[str, Any]:
    """The state JSON of one entity on one date."""
    result: dict[str, Any] = handle.state_at(entity, at)
    return result


def time_single(handle: Any, pairs: Sequence[tuple[str, dt.date]], *, repeats: int) -> Timing:
    """Mean seconds of Store.state_at over the (entity name, date) pairs."""
    return per_call(lambda p: handle.state_at(p[0], p[1]), pairs, repeats=repeats)


def time_names(
    handle: Any, queries: pl.DataFrame, labels: dict[str, str], *, repeats: int
) -> list[tuple[str, Timing, pl.DataFrame, str]]:
    """Names of (entity, date) queries through Store.names_at: [(variant, timing, qid -> name, how)].

    Once by entity name (what a user passes) and once by the int entity keys
    resolved beforehand (what join_asof gets).
    """
    names_at = getattr(handle, "names_at", None)
    if names_at is None:
        raise Missing("timeline has no batch name look-up (Store.names_at)")
    by_name = queries.select(
        pl.col("entity_id").replace_strict(labels).alias("entity"), pl.col("d").alias("at")
    )
    ekeys = {e: handle.resolve(labels[e]) for e in queries["entity_id"].unique().to_list()}
    by_key = queries.select(
        pl.col("entity_id").replace_strict(ekeys, return_dtype=pl.Int32).alias("entity"),
        pl.col("d").alias("at"),
    )
    out = []
    for variant, pairs in (("by name", by_name), ("by int key", by_key)):
        timing, answer = best_of(lambda pairs=pairs: names_at(pairs), repeats=repeats)
        frame = pl.DataFrame({"qid": queries["qid"], "value": pl.Series(list(answer), dtype=pl.String)})
        how = "entities by name" if variant == "by name" else "entities by int key resolved before"
        out.append((variant, timing, frame, f"Store.names_at, one batch, {how}"))
    return out
