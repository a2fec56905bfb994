"""The derived index: the log resolved to entities, one block of rows per entity.

Built from the whole log after each ingest (or from the rows known on a date,
for ``--as-known``). Tables:

- ``entities``: ekey (int32, = row number), id, name, aliases, kind, the
  entity's conflicts, and where its rows and name timeline start below;
- ``names``: name key -> ekey, sorted by key (binary search, no scan);
- ``rows``: every event filed once under each entity it involves, sorted by
  (ekey, effective start, ...): the narrow columns the fold reads, resolved
  keys, the effective interval as int32 days, whether it is folded (not lost to
  a conflict, not a repeat) and ``event``, the row of its full record in
- ``events``: one full row per event (quotes, record time, conflict marks);
- ``timeline``: each entity's names with the day they start (batch as-of look-ups);
- ``surface``: every name as written -> ekey (batch look-ups by name).

On disk each table is an uncompressed Arrow IPC file, read memory-mapped: a
one-shot CLI touches only the pages of one entity and imports only
``pyarrow.ipc`` (about 50 ms, against 140 ms for the parquet reader). A small
store also gets ``index.json``, read with no Arrow import at all.
"""

from __future__ import annotations

import itertools
import json
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from events.errors import DateError
from events.model import DatePoint
from timeline.conflicts import Candidate, Conflict, resolve_all
from timeline.names import name_key
from timeline.registry import UnionFind, entity_id

if TYPE_CHECKING:
    import polars as pl

EPOCH = date(1970, 1, 1)
#: "Since always": the effective start of an undated fact with no reference date.
MIN_DAY = -(2**31) + 1
MAX_DAY = 2**31 - 1
#: Attributes that name another party of the event (resolved like subject/object).
PARTY_KEYS = ("partner", "partners", "buyer", "seller", "person", "counterparty")
TABLE_NAMES = ("entities", "names", "rows", "timeline", "events")


def day(d: date) -> int:
    return (d - EPOCH).days


def from_day(n: int) -> date:
    return date.fromordinal(EPOCH.toordinal() + n)


@dataclass(frozen=True, slots=True)
class Index:
    """The index tables (Arrow tables, polars frames, or column dicts from JSON) and the conflicts."""

    entities: Any
    names: Any
    rows: Any
    timeline: Any
    #: All conflict records; None when read from disk (then ``conflicts_path`` loads them on demand).
    conflicts: tuple[Mapping[str, Any], ...] | None
    #: Every surface name -> ekey (for batch look-ups; written as surface.arrow only).
    surface: Any = None
    conflicts_path: Path | None = None
    #: One full row per event (every column); ``rows.event`` is a row number here.
    events: Any = None
    #: Where the files are (None for an index that was never written).
    directory: Path | None = None

    def all_conflicts(self) -> tuple[Mapping[str, Any], ...]:
        if self.conflicts is not None:
            return self.conflicts
        if self.conflicts_path is None:
            return ()
        return tuple(json.loads(self.conflicts_path.read_text(encoding="utf-8")))


def _party_names(attrs: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    for k in PARTY_KEYS:
        v = attrs.get(k)
        if isinstance(v, str) and v.strip():
            out.append(v.strip())
        elif isinstance(v, list):
            out.extend(x.strip() for x in v if isinstance(x, str) and x.strip())
    return out


def _date_start(value: object) -> int | None:
    if value is None:
        return None
    try:
        return day(DatePoint.parse(str(value)).start)
    except DateError:
        return None


def _date_end(value: object) -> int | None:
    if value is None:
        return None
    try:
        return day(DatePoint.parse(str(value)).end)
    except DateError:
        return None


#: The event columns the build computes with; the wide ones (quotes, hashes, record
#: time) are streamed from the log straight into events.arrow at the end.
BUILD_COLUMNS = (
    "event",
    "id",
    "type",
    "subject",
    "object",
    "date",
    "date_start",
    "date_end",
    "attributes",
    "published",
    "doc_sha256",
    "status",
    "confidence",
)


#: The columns of rows.arrow, in order (every bucket is written with the same schema).
ROW_COLUMNS = (
    "ekey",
    "role",
    "event",
    "id",
    "type",
    "subject",
    "object",
    "subject_key",
    "object_key",
    "date",
    "eff_start",
    "eff_end",
    "folded",
    "shared",
    "attributes",
)
#: Of ROW_COLUMNS, those computed while rows are filed (the rest come straight from the events).
FILED_COLUMNS = ("ekey", "role", "shared")


def build(log: dict[str, Any], out: Path) -> None:
    """Resolve names to entities, choose among conflicting events, file rows per entity.

    ``log`` holds ``source`` (a LazyFrame over every event column, with ``event``,
    the row number), ``events`` (its BUILD_COLUMNS, collected), and the ``links``,
    ``entities`` and ``docs`` frames. The tables are written into ``out``, a new
    directory; the build never holds the quotes of the whole log in memory.
    """
    import polars as pl
    import pyarrow as pa

    source = log.pop("source")
    events, links, infos, docs = (log.pop(t) for t in ("events", "links", "entities", "docs"))
    out.mkdir(parents=True, exist_ok=False)

    # Retractions: curated rows may retract an earlier event by id; nothing is deleted.
    retracted = set(events.filter(pl.col("status") != "asserted")["id"].to_list())
    with_retracts = events.filter(pl.col("attributes").str.contains('"retracts"'))
    for a in with_retracts["attributes"].to_list():
        target = json.loads(a).get("retracts")
        if isinstance(target, str):
            retracted.add(target)

    # --- names and the union-find over name keys -------------------------------
    uf = UnionFind()
    surface: Counter[str] = Counter()
    key_of: dict[str, str] = {}

    def key(name: str) -> str:
        k = key_of.get(name)
        if k is None:
            k = name_key(name) or name.strip().casefold()
            key_of[name] = k
            uf.add(k)
        return k

    for col in ("subject", "object"):
        counts = events.filter(pl.col(col).is_not_null()).group_by(col).len()
        for n, c in zip(counts[col].to_list(), counts["len"].to_list(), strict=True):
            key(n)
            surface[n] += c
    for n in infos["name"].to_list():
        key(n)
    for a, b in zip(links["name"].to_list(), links["other"].to_list(), strict=True):
        uf.union(key(a), key(b))
    renaming = events.filter(
        pl.col("type").is_in(["renamed", "name_change_proposed"]) & ~pl.col("id").is_in(list(retracted))
    ).select(
        "subject",
        pl.col("attributes").str.json_path_match("$.old_name").str.strip_chars().alias("old"),
        pl.col("attributes").str.json_path_match("$.new_name").str.strip_chars().alias("new"),
    )
    for subj, old, new in renaming.iter_rows():
        for other in (old, new):
            if other:
                uf.union(key(subj), key(other))
                surface[other] += 0
    # Rows whose attributes name other parties (a partner, a buyer): few, so Python is fine.
    special = events.filter(
        pl.col("attributes").str.contains('"(partner|partners|buyer|seller|person|counterparty)"')
    ).select("id", "attributes")
    attr_parties: dict[str, list[str]] = {}
    for eid, a in special.iter_rows():
        parties = _party_names(json.loads(a))
        if parties:
            attr_parties[eid] = parties
            for party in parties:
                key(party)
                surface[party] += 1

    groups = uf.groups()
    ids = sorted((entity_id(members), root) for root, members in groups.items())
    ekey_of_root = {root: i for i, (_, root) in enumerate(ids)}
    ekey_of_name = {n: ekey_of_root[uf.find(k)] for n, k in key_of.items()}
    n_entities = len(ids)

    # --- resolve rows -------------------------------------------------------------
    name_map = pl.DataFrame(
        {"name": list(ekey_of_name), "ekey": list(ekey_of_name.values())},
        schema={"name": pl.String, "ekey": pl.Int32},
    )
    ref = _reference_days(docs)
    pub_days = {p: _date_start(p) for p in events["published"].drop_nulls().unique().to_list()}
    # Joins run on narrow frames and their results are stacked beside the events: a left
    # join keeps the left order, and the wide columns (quotes) are never copied.
    subject_key = events.select("subject").join(
        name_map.rename({"name": "subject", "ekey": "subject_key"}),
        on="subject",
        how="left",
        maintain_order="left",
    )["subject_key"]
    object_key = events.select("object").join(
        name_map.rename({"name": "object", "ekey": "object_key"}),
        on="object",
        how="left",
        maintain_order="left",
    )["object_key"]
    ref_day = events.select("doc_sha256").join(ref, on="doc_sha256", how="left", maintain_order="left")[
        "_ref"
    ]
    ev = events.with_columns(
        subject_key,
        object_key,
        ref_day,
        pl.col("date_start").cast(pl.Int32).alias("_ds"),
        pl.col("date_end").cast(pl.Int32).alias("_de"),
        pl.col("published").replace_strict(pub_days, default=None, return_dtype=pl.Int32).alias("_pub"),
    ).with_columns(pl.coalesce("_pub", "_ref").alias("published_day"))
    # Undated facts: bounded by not_before/not_after when the text gives them, else
    # they hold from the document's reference date on ("as of" the page), since unknown.
    undated = ev.filter(pl.col("date").is_null()).select("id", "attributes", "published_day")
    bounds: dict[str, tuple[int, int]] = {}
    bounded: list[str] = []
    for eid, a, pub in undated.iter_rows():
        attrs = json.loads(a)
        nb, na = _date_start(attrs.get("not_before")), _date_end(attrs.get("not_after"))
        if nb is not None or na is not None:
            bounded.append(eid)
            bounds[eid] = (nb if nb is not None else MIN_DAY, na if na is not None else (pub or MAX_DAY))
        else:
            start = pub if pub is not None else MIN_DAY
            bounds[eid] = (start, start)
    bounds_df = pl.DataFrame(
        {
            "id": list(bounds),
            "_bs": [b[0] for b in bounds.values()],
            "_be": [b[1] for b in bounds.values()],
        },
        schema={"id": pl.String, "_bs": pl.Int32, "_be": pl.Int32},
    )
    bound = ev.select("id").join(bounds_df, on="id", how="left", maintain_order="left")
    ev = ev.with_columns(
        pl.coalesce(pl.col("_ds"), bound["_bs"]).alias("eff_start"),
        pl.coalesce(pl.col("_de"), bound["_be"]).alias("eff_end"),
        pl.col("date").is_null().alias("undated"),
    ).drop("_ds", "_de", "_pub", "_ref")
    del events

    # --- conflicts ----------------------------------------------------------------------
    from timeline.conflicts import ONE_OFF, REPEATABLE

    # Only the columns the chooser reads: filtering the wide frame would copy every quote.
    compared = ev.select(
        "id",
        "type",
        "subject_key",
        "object_key",
        "date",
        "undated",
        "eff_start",
        "eff_end",
        "attributes",
        "published_day",
        "confidence",
    ).filter(pl.col("type").is_in(sorted(ONE_OFF | REPEATABLE)) & ~pl.col("id").is_in(list(retracted)))
    new_names = (
        compared.filter(pl.col("type").is_in(sorted(_NAMED)))["attributes"]
        .str.json_path_match("$.new_name")
        .drop_nulls()
        .unique()
        .to_list()
    )
    detail = {n: name_key(n) for n in new_names}
    fact = ["type", "subject_key", "object_key", "_detail"]
    one_off = compared.filter(pl.col("type").is_in(sorted(ONE_OFF))).with_columns(
        pl.col("attributes")
        .str.json_path_match("$.new_name")
        .replace_strict(detail, default=None, return_dtype=pl.String)
        .fill_null("")
        .alias("_detail")
    )
    dup_keys = one_off.group_by(fact).len().filter(pl.col("len") > 1).drop("len")
    # Repeatable facts (stakes, figures) are one fact only where their dates overlap, and
    # renames to other spellings ("Seres" in 2022, "Seres Group Co., Ltd" in 2022-07) are one
    # rename only where their dates nest: keep just the rows that overlap a neighbour.
    spanned = compared.filter(pl.col("type").is_in(sorted(REPEATABLE | _NAMED)))
    repeat = spanned.join(_overlapping(spanned), on="id", how="semi")
    maybe = pl.concat(
        [one_off.join(dup_keys, on=fact, how="semi", nulls_equal=True).drop("_detail"), repeat],
        how="vertical_relaxed",
    ).unique("id", maintain_order=True)
    maybe = maybe.select(
        "id",
        "type",
        "subject_key",
        "object_key",
        "date",
        pl.when(pl.col("undated")).then(None).otherwise(pl.col("eff_start")).alias("_s"),
        pl.when(pl.col("undated")).then(None).otherwise(pl.col("eff_end")).alias("_e"),
        "attributes",
        "published_day",
        "confidence",
    )
    wanted = ev.filter(pl.col("id").is_in(maybe["id"].implode()))["event"]
    quotes = (
        source.select("event", "doc", "start", "end", "quote")
        .filter(pl.col("event").is_in(wanted.implode()))
        .collect()
    )
    maybe = maybe.join(
        ev.select("id", "event").join(quotes, on="event", how="inner").drop("event"), on="id", how="left"
    )
    cands = [
        Candidate(
            id=r[0],
            type=r[1],
            subject=r[2],
            object=r[3],
            date=r[4],
            start=r[5],
            end=r[6],
            attributes=json.loads(r[7]),
            published_start=r[8],
            confidence=r[9],
            doc=r[10],
            source={"doc": r[10], "start": r[11], "end": r[12], "quote": r[13]},
        )
        for r in maybe.iter_rows()
    ]
    resolution = resolve_all(cands)
    suppressed, conflicts = dict(resolution.suppressed), list(resolution.conflicts)
    # A rename told twice ("Seres" in 2022, "Seres Group Co., Ltd" in 2022-07) shows its fullest name.
    shown_name = {i: n["new_name"] for i, n in resolution.names.items() if "new_name" in n}
    not_folded = {**{i: "" for i in retracted}, **suppressed}
    conflict_of: dict[str, str] = {}
    for c in conflicts:
        conflict_of[c.chosen["event"]] = c.id
        for alt in c.alternatives:
            conflict_of[alt["event"]] = c.id
    flagged = sorted(set(not_folded) | set(conflict_of))
    flags = pl.DataFrame(
        {
            "id": flagged,
            "same_as": [not_folded.get(i) or None for i in flagged],
            "conflict": [conflict_of.get(i) for i in flagged],
            "_nf": [i in not_folded for i in flagged],
        },
        schema={"id": pl.String, "same_as": pl.String, "conflict": pl.String, "_nf": pl.Boolean},
    )
    flag = ev.select("id").join(flags, on="id", how="left", maintain_order="left")
    ev = ev.with_columns(
        flag["same_as"],
        flag["conflict"],
        ((pl.col("status") == "asserted") & ~flag["_nf"].fill_null(False)).alias("folded"),
    )

    # --- file each row under every entity it involves --------------------------------
    # Narrow rows (what the fold reads) point at the event's full row by its index.
    party_rows = [(eid, ekey_of_name[p]) for eid, ps in attr_parties.items() for p in ps]
    party_df = pl.DataFrame(
        {"id": [p[0] for p in party_rows], "ekey": [p[1] for p in party_rows]},
        schema={"id": pl.String, "ekey": pl.Int32},
    ).unique()
    whole = pl.col("attributes").str.contains(r'"stake(_after)?":\s*(1(\.0*)?|0\.999\d*)\s*[,}]|"buyer"')
    narrow = ev.select(
        whole.alias("_whole"),
        pl.col("id").hash(seed=0).alias("_h"),
        *(c for c in ROW_COLUMNS if c not in FILED_COLUMNS),
    )
    # "shared": the row can set or end *another* holder's stake (a sole owner, a brand
    # transfer, a partner, a buyer, a stake of 100%), so every holder's fold reads it.
    shared = (
        pl.col("type").is_in(
            ["became_sole_owner", "trademark_transferred", "joint_venture_formed", "brand_launched"]
        )
        | (pl.col("role") == "party")
        | pl.col("_whole")
    )
    # Filed one range of entities at a time and appended to rows.arrow, so that only a
    # slice of the (doubled) rows is ever in memory.
    n_buckets = max(1, narrow.height // 1_000_000 + 1)
    edges = [n_entities * b // n_buckets for b in range(n_buckets + 1)]
    row_counts: dict[int, int] = {}
    # Filter first, then add the filing columns: a literal added to the whole frame
    # would be materialised for every event, once per range.
    objects = narrow.filter(
        pl.col("object_key").is_not_null() & (pl.col("object_key") != pl.col("subject_key"))
    )
    parties = narrow.join(party_df, on="id", how="inner").filter(
        (pl.col("ekey") != pl.col("subject_key"))
        & ((pl.col("ekey") != pl.col("object_key")) | pl.col("object_key").is_null())
    )
    with _IpcAppender(out / "rows.arrow") as rows_out:
        for lo, hi in itertools.pairwise(edges):
            part = pl.concat(
                [
                    narrow.filter(pl.col("subject_key").is_between(lo, hi, closed="left")).with_columns(
                        pl.col("subject_key").alias("ekey"), pl.lit("subject").alias("role")
                    ),
                    objects.filter(pl.col("object_key").is_between(lo, hi, closed="left")).with_columns(
                        pl.col("object_key").alias("ekey"), pl.lit("object").alias("role")
                    ),
                    parties.filter(pl.col("ekey").is_between(lo, hi, closed="left")).with_columns(
                        pl.lit("party").alias("role")
                    ),
                ],
                how="diagonal_relaxed",
            )
            # Ties on (entity, start, end) are broken by a hash of the event id: deterministic
            # whatever the ingest order, and an integer sort rather than a string one.
            part = (
                part.with_columns(pl.col("ekey").cast(pl.Int32), shared.alias("shared"))
                .drop("_whole")
                .select(*ROW_COLUMNS, "_h")
                .sort("ekey", "eff_start", "eff_end", "_h")
                .drop("_h")
            )
            for k, c in part.group_by("ekey").len().iter_rows():
                row_counts[k] = c
            rows_out.append(part)
            del part
    del narrow, objects, parties
    counts_keys = sorted(row_counts)
    offsets = _offsets(n_entities, counts_keys, [row_counts[k] for k in counts_keys])

    # --- names over time ---------------------------------------------------------------
    surf = pl.DataFrame(
        {
            "name": list(ekey_of_name),
            "ekey": list(ekey_of_name.values()),
            "n": [surface[n] for n in ekey_of_name],
        },
        schema={"name": pl.String, "ekey": pl.Int32, "n": pl.Int64},
    )
    # The name an entity goes by when no rename says otherwise: its most used, then longest.
    default = (
        surf.with_columns(pl.col("name").str.len_chars().alias("_len"))
        .sort(["ekey", "n", "_len", "name"], descending=[False, True, True, True])
        .unique("ekey", keep="first", maintain_order=True)
        .select("ekey", pl.col("name").alias("_default"))
    )
    renames = (
        # Undated renames only link names, unless the text bounds when they happened.
        ev.filter(
            pl.col("folded")
            & (pl.col("type") == "renamed")
            & (~pl.col("undated") | pl.col("id").is_in(bounded))
        )
        .select(
            pl.col("subject_key").alias("ekey"),
            pl.col("eff_start").alias("valid_from"),
            pl.col("eff_end").alias("change_end"),
            pl.col("attributes").str.json_path_match("$.old_name").alias("_old"),
            pl.coalesce(
                pl.col("id").replace_strict(shown_name, default=None, return_dtype=pl.String),
                pl.col("attributes").str.json_path_match("$.new_name"),
            ).alias("name"),
            pl.col("id").alias("event"),
            pl.lit(1).alias("_order"),
        )
        .sort("ekey", "valid_from", "change_end", "event")
    )
    first_old = (
        renames.filter(pl.col("_old").is_not_null())
        .unique("ekey", keep="first", maintain_order=True)
        .select("ekey", "_old")
    )
    initial = (
        pl.DataFrame({"ekey": range(n_entities)}, schema={"ekey": pl.Int32})
        .join(first_old, on="ekey", how="left")
        .join(default, on="ekey", how="left")
        .select(
            "ekey",
            pl.lit(MIN_DAY, pl.Int32).alias("valid_from"),
            pl.lit(MIN_DAY, pl.Int32).alias("change_end"),
            pl.coalesce("_old", "_default", pl.lit("")).alias("name"),
            pl.lit(None, pl.String).alias("event"),
            pl.lit(0).alias("_order"),
        )
    )
    tl = (
        pl.concat([initial, renames.drop("_old")], how="vertical_relaxed")
        .sort("ekey", "valid_from", "_order", "change_end", "event")
        .with_columns(pl.col("name").forward_fill().over("ekey"))
        .drop("_order")
    )
    current = tl.group_by("ekey", maintain_order=True).last().sort("ekey")["name"].to_list()
    tl_counts = tl.group_by("ekey").len().sort("ekey")
    tl_offsets = _offsets(n_entities, tl_counts["ekey"].to_list(), tl_counts["len"].to_list())

    kinds = _kinds(infos, ev, ekey_of_name)
    # Each entity carries its own conflicts, so a state reads them with the entity's row.
    conflict_records = tuple(_conflict_json(c) for c in conflicts)
    by_entity_conflicts: dict[int, list[Mapping[str, Any]]] = {}
    for rec in conflict_records:
        for party in {rec["subject"], rec["object"]} - {None}:
            by_entity_conflicts.setdefault(party, []).append(rec)
    aliases = (
        pl.DataFrame({"ekey": range(n_entities)}, schema={"ekey": pl.Int32})
        .join(surf.group_by("ekey").agg(pl.col("name").sort().alias("aliases")), on="ekey", how="left")
        .sort("ekey")
        .to_arrow(compat_level=pl.CompatLevel.oldest())
        .column("aliases")
        .cast(pa.list_(pa.string()))
    )
    entities = pa.table(
        {
            "ekey": pa.array(range(n_entities), pa.int32()),
            "id": pa.array([i for i, _ in ids], pa.string()),
            "name": pa.array(current, pa.string()),
            "aliases": aliases,
            "kind": pa.array([kinds.get(ek) for ek in range(n_entities)], pa.string()),
            "conflicts": pa.array(
                [
                    json.dumps(by_entity_conflicts[ek], ensure_ascii=False)
                    if ek in by_entity_conflicts
                    else None
                    for ek in range(n_entities)
                ],
                pa.string(),
            ),
            "row_offset": pa.array([o for o, _ in offsets], pa.int64()),
            "row_count": pa.array([c for _, c in offsets], pa.int64()),
            "tl_offset": pa.array([o for o, _ in tl_offsets], pa.int64()),
            "tl_count": pa.array([c for _, c in tl_offsets], pa.int64()),
        }
    )
    keys = sorted({(k, ekey_of_root[uf.find(k)]) for k in key_of.values()})
    names = pa.table(
        {
            "key": pa.array([k for k, _ in keys], pa.string()),
            "ekey": pa.array([e for _, e in keys], pa.int32()),
        }
    )
    surface_table = pa.table(
        {
            "name": pa.array(list(ekey_of_name), pa.string()),
            "ekey": pa.array(list(ekey_of_name.values()), pa.int32()),
        }
    )
    # The full event rows: the log's columns streamed through, with what the build computed.
    computed = ev.select(
        "event",
        "subject_key",
        "object_key",
        "published_day",
        "eff_start",
        "eff_end",
        "undated",
        "same_as",
        "conflict",
        "folded",
    )
    del ev
    source.join(computed.lazy(), on="event", how="left", maintain_order="left").sink_ipc(
        out / "events.arrow", compression="uncompressed", compat_level=pl.CompatLevel.oldest()
    )
    del computed
    _write_arrow(out / "entities.arrow", entities)
    _write_arrow(out / "names.arrow", names)
    _write_arrow(out / "surface.arrow", surface_table)
    tl.write_ipc(out / "timeline.arrow", compression="uncompressed", compat_level=pl.CompatLevel.oldest())
    (out / "conflicts.json").write_text(
        json.dumps(list(conflict_records), ensure_ascii=False, sort_keys=True), encoding="utf-8"
    )
    if sum(row_counts.values()) <= SMALL_ROWS:
        _write_small(out)


class _IpcAppender:
    """Append polars frames to one Arrow IPC file (the schema comes from the first frame)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sink: Any = None
        self.writer: Any = None
        self.schema: Any = None

    def __enter__(self) -> _IpcAppender:
        return self

    def append(self, frame: pl.DataFrame) -> None:
        import polars as pl
        import pyarrow as pa
        import pyarrow.ipc as ipc

        table = frame.to_arrow(compat_level=pl.CompatLevel.oldest())
        if self.writer is None:
            self.schema = table.schema
            self.sink = pa.OSFile(str(self.path), "wb")
            self.writer = ipc.new_file(self.sink, self.schema)
        self.writer.write_table(table.cast(self.schema), max_chunksize=1 << 20)

    def __exit__(self, *exc: object) -> None:
        if self.writer is not None:
            self.writer.close()
            self.sink.close()


def _write_arrow(path: Path, table: Any) -> None:
    import pyarrow as pa
    import pyarrow.ipc as ipc

    with pa.OSFile(str(path), "wb") as sink, ipc.new_file(sink, table.schema) as w:
        w.write_table(table, max_chunksize=1 << 20)


#: One-off facts whose detail is a name: other spellings of it may state the same fact.
_NAMED = frozenset({"renamed", "name_change_proposed"})


def _overlapping(compared: pl.DataFrame) -> pl.DataFrame:
    """Ids of the rows whose dates overlap another row of the same (type, subject, object).

    Undated rows overlap everything. Sorted by fact then start, a row overlaps an earlier
    one when it starts before the running maximum end of its fact. Each fact's days are
    shifted into their own range (group number * 2^33), so one global cum_max serves every
    fact without a window.
    """
    import polars as pl

    from timeline.conflicts import ONE_OFF, REPEATABLE

    rfact = ["type", "subject_key", "object_key"]
    # Sort keys as integers: the type as its position in the vocabulary, no string compares.
    type_code = pl.col("type").replace_strict(
        {t: i for i, t in enumerate(sorted(ONE_OFF | REPEATABLE))}, default=None, return_dtype=pl.Int8
    )
    spans = (
        compared.select(
            "id",
            type_code.alias("type"),
            "subject_key",
            "object_key",
            pl.when(pl.col("undated"))
            .then(MIN_DAY)
            .otherwise(pl.col("eff_start"))
            .cast(pl.Int64)
            .alias("_lo"),
            pl.when(pl.col("undated")).then(MAX_DAY).otherwise(pl.col("eff_end")).cast(pl.Int64).alias("_hi"),
        )
        .sort([*rfact, "_lo"], nulls_last=True)
        .with_columns(
            pl.any_horizontal(*[pl.col(c).ne_missing(pl.col(c).shift(1)) for c in rfact])
            .cum_sum()
            .alias("_g")
        )
        .with_columns(
            (pl.col("_lo") + pl.col("_g") * (1 << 33)).alias("_lo"),
            (pl.col("_hi") + pl.col("_g") * (1 << 33)).alias("_hi"),
        )
        .with_columns((pl.col("_lo") <= pl.col("_hi").cum_max().shift(1)).fill_null(False).alias("_ov"))
    )
    return spans.filter(pl.col("_ov") | pl.col("_ov").shift(-1).fill_null(False)).select("id")


def _write_small(directory: Path) -> None:
    """index.json: the same tables as column lists, for a store small enough to read whole."""
    import pyarrow as pa
    import pyarrow.ipc as ipc

    small = {}
    for name in TABLE_NAMES:
        with pa.memory_map(str(directory / f"{name}.arrow"), "r") as source:
            small[name] = ipc.open_file(source).read_all().to_pydict()
    (directory / "index.json").write_text(json.dumps(small, default=_iso_day), encoding="utf-8")


def _offsets(n: int, keys: list[int], lens: list[int]) -> list[tuple[int, int]]:
    out = [(0, 0)] * n
    pos = 0
    for k, c in zip(keys, lens, strict=True):
        out[k] = (pos, c)
        pos += c
    return out


def _reference_days(docs: pl.DataFrame) -> pl.DataFrame:
    import polars as pl

    rows: dict[str, int] = {}
    for sha, ref, pub in docs.select("doc_sha256", "reference_date", "published").iter_rows():
        d = _date_start(pub) if pub else _date_start(ref)
        if d is not None:
            rows[sha] = d
    return pl.DataFrame(
        {"doc_sha256": list(rows), "_ref": list(rows.values())},
        schema={"doc_sha256": pl.String, "_ref": pl.Int32},
    )


def _kinds(infos: pl.DataFrame, ev: pl.DataFrame, ekey_of_name: Mapping[str, int]) -> dict[int, str]:
    """An entity's kind: what documents say it is (majority), else what its events imply."""
    import polars as pl

    votes: dict[int, Counter[str]] = {}
    for n, k in infos.select("name", "kind").iter_rows():
        votes.setdefault(ekey_of_name[n], Counter())[k] += 1
    out = {e: c.most_common(1)[0][0] for e, c in votes.items()}
    brands = ev.filter(pl.col("type").is_in(["brand_launched", "trademark_transferred"]))[
        "subject_key"
    ].to_list()
    for e in brands:
        out.setdefault(e, "brand")
    return out


def _conflict_json(c: Conflict) -> dict[str, Any]:
    return {
        "id": c.id,
        "kind": c.kind,
        "type": c.type,
        "subject": c.subject,
        "object": c.object,
        "field": c.field,
        "chosen": dict(c.chosen),
        "rule": c.rule,
        "alternatives": [dict(a) for a in c.alternatives],
    }


# --- persistence ----------------------------------------------------------------------------


#: Up to this many rows the index is also written as one JSON file, read without pyarrow.
SMALL_ROWS = 20_000


def write(index: Index, directory: Path) -> None:
    """Put a built index at ``directory`` (a rename: the build already wrote the files)."""
    if index.directory is None:
        raise ValueError("this index was not built into a directory")
    os.replace(index.directory, directory)


def _num_rows(table: Any) -> int:
    return int(table.num_rows) if hasattr(table, "num_rows") else int(table.height)


def _columns(table: Any) -> dict[str, list[Any]]:
    """Column name -> Python values, for an Arrow table or a polars frame."""
    if hasattr(table, "to_pydict"):
        return dict(table.to_pydict())
    return dict(table.to_dict(as_series=False))


def _iso_day(v: object) -> str:
    if isinstance(v, date):
        return v.isoformat()
    raise TypeError(f"cannot write {type(v).__name__} to the JSON index")


def read(directory: Path, *, eager: bool = False) -> Index:
    """Open an index: the JSON file when there is one, else memory-mapped Arrow.

    ``eager`` loads the conflict records now (for an index in a temporary directory).
    """
    conflicts_path = directory / "conflicts.json"
    conflicts = tuple(json.loads(conflicts_path.read_text(encoding="utf-8"))) if eager else None
    small = directory / "index.json"
    if small.exists():
        t = json.loads(small.read_text(encoding="utf-8"))
        tables = {name: t[name] for name in TABLE_NAMES}
    else:
        import pyarrow as pa
        import pyarrow.ipc as ipc

        tables = {}
        for name in TABLE_NAMES:
            source = pa.memory_map(str(directory / f"{name}.arrow"), "r")
            tables[name] = ipc.open_file(source).read_all()
    return Index(
        tables["entities"],
        tables["names"],
        tables["rows"],
        tables["timeline"],
        conflicts,
        conflicts_path=conflicts_path,
        events=tables["events"],
        directory=directory,
    )
