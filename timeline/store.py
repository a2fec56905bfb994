"""The store on disk: an append-only log of parquet segments, a manifest, a lock.

Layout of ``--store DIR``::

    manifest.json              the commit point: segments and index generation
    log/<table>-NNNNNN.parquet one segment per batch and table (events, links,
                               entities, docs); zstd, sorted by subject and date
    index-NNNNNN/              derived per-entity index (see timeline.index)
    .lock                      flock'ed by the one writer

A batch is written as new files (temp file + ``os.replace``), then the new
manifest replaces the old one in one ``os.replace``: a crash at any point
leaves the previous manifest, which names only complete files.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from events.errors import StoreError
from timeline.schema import SCHEMA, TABLES

if TYPE_CHECKING:
    import polars as pl
    import pyarrow as pa

MANIFEST = "manifest.json"
LOCK = ".lock"


def default_store() -> Path:
    """``$TIMELINE_STORE`` or ``./.timeline``."""
    return Path(os.environ.get("TIMELINE_STORE") or ".timeline")


@dataclass(frozen=True, slots=True)
class Manifest:
    """What the store holds: committed segments per table and the current index."""

    generation: int
    segments: tuple[Mapping[str, Any], ...]
    index: str | None

    @property
    def empty(self) -> bool:
        return not self.segments

    def files(self, table: str) -> list[str]:
        return [s["files"][table] for s in self.segments if table in s["files"]]

    def doc_hashes(self) -> set[str]:
        return {h for s in self.segments for h in s.get("doc_sha256", ())}

    def to_json(self) -> str:
        body = {
            "schema": SCHEMA,
            "generation": self.generation,
            "index": self.index,
            "segments": list(self.segments),
        }
        return json.dumps(body, indent=1, sort_keys=True) + "\n"


def read_manifest(root: Path) -> Manifest:
    """The committed manifest, or an empty one when the store does not exist yet."""
    path = root / MANIFEST
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if root.exists() and not root.is_dir():
            raise StoreError(f"{root} is not a directory, so it cannot be a store") from None
        return Manifest(0, (), None)
    except OSError as exc:
        raise StoreError(f"{path} cannot be read: {exc.strerror}") from None
    try:
        body = json.loads(raw)
        if body.get("schema") != SCHEMA:
            raise StoreError(f"{path} has store schema {body.get('schema')}, this engine reads {SCHEMA}")
        return Manifest(int(body["generation"]), tuple(body["segments"]), body.get("index"))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise StoreError(f"{path} is damaged: it is not a store manifest") from None


@contextlib.contextmanager
def writer_lock(root: Path) -> Iterator[None]:
    """Hold the store's single-writer lock; a second writer gets a StoreError at once."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise StoreError(
                    f"the store {root} is being written by another timeline process;"
                    " try again when it is done"
                ) from None
            raise
        yield
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old or the new content, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def arrow_schema(table: str) -> pa.Schema:
    import pyarrow as pa

    types = {"int16": pa.int16(), "int64": pa.int64(), "float64": pa.float64(), "string": pa.string()}
    types["date32"] = pa.date32()
    return pa.schema([(name, types[t]) for name, t in TABLES[table]])


def write_segment(path: Path, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """One parquet segment, sorted so that an entity's rows sit together in date order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = pa.Table.from_pylist(list(rows), schema=arrow_schema(table))
    if table == "events":
        data = data.sort_by([("subject", "ascending"), ("date_start", "ascending"), ("id", "ascending")])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    pq.write_table(data, tmp, compression="zstd", row_group_size=64_000)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_table(root: Path, manifest: Manifest, table: str) -> pl.DataFrame:
    """All committed rows of one table, in record order (empty frame with the schema if none)."""
    import polars as pl

    files = [root / f for f in manifest.files(table)]
    empty = pl.from_arrow(arrow_schema(table).empty_table())
    assert isinstance(empty, pl.DataFrame)
    if not files:
        return empty
    try:
        frames = [pl.read_parquet(f) for f in files]
    except (OSError, pl.exceptions.ComputeError) as exc:
        raise StoreError(f"the store {root} has a damaged segment: {exc}") from None
    return pl.concat([empty, *frames], how="vertical_relaxed")


def scan_events(root: Path, manifest: Manifest) -> pl.LazyFrame:
    """The committed events as one LazyFrame, in record order (segments in manifest order)."""
    import polars as pl

    empty = pl.from_arrow(arrow_schema("events").empty_table())
    assert isinstance(empty, pl.DataFrame)
    frames = [empty.lazy(), *(pl.scan_parquet(root / f) for f in manifest.files("events"))]
    return pl.concat(frames, how="vertical_relaxed")


def commit(root: Path, old: Manifest, new: Manifest) -> None:
    """Make ``new`` the store's state, then remove what only ``old`` referenced."""
    atomic_write_bytes(root / MANIFEST, new.to_json().encode())
    if old.index and old.index != new.index:
        shutil.rmtree(root / old.index, ignore_errors=True)
    _remove_orphans(root, new)


def _remove_orphans(root: Path, manifest: Manifest) -> None:
    """Drop files a crashed writer left behind (never referenced by a manifest)."""
    keep = {f for s in manifest.segments for f in s["files"].values()}
    log = root / "log"
    if log.is_dir():
        for p in log.iterdir():
            if f"log/{p.name}" not in keep:
                p.unlink(missing_ok=True)
    for p in [*root.glob("index-*"), *root.glob(".index-build-*")]:
        if p.name != manifest.index:
            shutil.rmtree(p, ignore_errors=True)


class Store:
    """An opened store: ``Store.open(dir)``, then ``state_at``, ``events``, ``names_at``.

    Opening reads the manifest and memory-maps the index; queries then touch only
    the rows of the entities they ask about.
    """

    def __init__(self, root: Path, manifest: Manifest) -> None:
        from timeline.index import read
        from timeline.view import View

        self.root = root
        self.manifest = manifest
        self._batch: tuple[pl.DataFrame, pl.DataFrame] | None = None
        if manifest.index is None:
            raise StoreError(f"the store {root} is empty: ingest documents first (`timeline ingest PATH`)")
        try:
            self.view = View(read(root / manifest.index))
        except FileNotFoundError:
            raise StoreError(f"the store {root} is missing its index {manifest.index}") from None

    @classmethod
    def open(cls, root: str | Path) -> Store:
        """Open an existing store; StoreError when there is none or it is empty."""
        path = Path(root)
        for _attempt in range(3):
            manifest = read_manifest(path)
            if manifest.index is None:
                break
            try:
                return cls(path, manifest)
            except StoreError:
                # A writer may have replaced the index between our two reads: read again.
                continue
        return cls(path, read_manifest(path))

    def known_view(self, as_known: str | None) -> Any:
        """The view of the log as it was known on ``as_known`` (all of it when None)."""
        if as_known is None:
            return self.view
        from timeline.ingest import build_index
        from timeline.view import View

        return View(build_index(self.root, self.manifest, as_known))

    def resolve(self, name: str) -> int:
        return int(self.view.resolve(name))

    def state_at(self, entity: str, at: str | Any, as_known: str | None = None) -> dict[str, Any]:
        """The state JSON of one entity on one date (ISO string or ``datetime.date``)."""
        from timeline.query import state

        return state(self, entity, at, as_known=as_known)

    def names_at(self, pairs: pl.DataFrame) -> pl.Series:
        """Names of many (entity, day) pairs in one batch, in the pairs' order.

        ``pairs`` has a column ``entity`` (any name an entity carried, or its int
        ekey) and a column ``at`` (dates). Names are matched as written first, then
        by their key; an unknown name gives null. Each entity's names cover time
        without gaps or overlaps, so one hash join on the int key plus an interval
        filter answers every pair, with no sort (quicker here than ``join_asof``).
        """
        import polars as pl

        tl, surface = self._batch_tables()
        q = pairs.select(pl.col("entity"), pl.col("at").cast(pl.Date).cast(pl.Int32).alias("_d"))
        if q.schema["entity"] == pl.String:
            # Resolve each distinct name once, then map the pairs: a batch names few entities
            # many times, and the big string join is the costly step.
            names = q.select(pl.col("entity").unique()).join(
                surface, left_on="entity", right_on="name", how="left"
            )
            missing = names.filter(pl.col("ekey").is_null())["entity"].to_list()
            if missing:
                found = {n: self._try_resolve(n) for n in missing if n is not None}
                fill = pl.DataFrame(
                    {"entity": list(found), "_k": list(found.values())},
                    schema={"entity": pl.String, "_k": pl.Int32},
                )
                names = names.join(fill, on="entity", how="left").select(
                    "entity", pl.coalesce("ekey", "_k").alias("ekey")
                )
            q = q.join(names, on="entity", how="left", maintain_order="left")
        else:
            q = q.with_columns(pl.col("entity").cast(pl.Int32).alias("ekey"))
        out = q.select("_d", "ekey").join(tl, on="ekey", how="left", maintain_order="left")
        inside = (pl.col("valid_from") <= pl.col("_d")) & (pl.col("_d") < pl.col("valid_until"))
        return out.filter(pl.col("ekey").is_null() | inside)["name"]

    def _try_resolve(self, name: str) -> int | None:
        from events.errors import UnknownEntityError

        try:
            return int(self.view.resolve(name))
        except UnknownEntityError:
            return None

    def _batch_tables(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        cached = self._batch
        if cached is None:
            import polars as pl

            directory = self.root / str(self.manifest.index)
            tl = (
                pl.read_ipc(directory / "timeline.arrow")
                .select("ekey", "valid_from", "name")
                .sort("ekey", "valid_from")
                .with_columns(
                    pl.col("valid_from").shift(-1).over("ekey").fill_null(2**31 - 1).alias("valid_until")
                )
            )
            surface = pl.read_ipc(directory / "surface.arrow")
            cached = (tl, surface)
            self._batch = cached
        return cached
