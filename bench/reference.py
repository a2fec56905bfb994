"""The reference for batch name look-ups: polars join_asof on the anchors' compact table.

Same code path as notes/perf-anchors.md ("polars join_asof by ekey (int32)",
0.105 s for 1M queries there): shared/bench/asof_bench.compact builds the
state-interval table, and the name chain is its ``name`` rows.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
from kit import load

END = dt.date(2026, 1, 1)


def compact(raw: pl.DataFrame) -> pl.DataFrame:
    """The anchors' compact table (retractions applied, int keys, valid_until)."""
    asof_bench = load("asof_bench")
    table: pl.DataFrame = asof_bench.compact(raw)
    return table


def name_chain(table: pl.DataFrame) -> pl.DataFrame:
    """ekey, entity_id, valid_from, valid_until, value of the name rows, sorted by valid_from."""
    return (
        table.filter(pl.col("attribute") == "name")
        .select("ekey", "entity_id", "valid_from", "valid_until", "value")
        .sort("valid_from")
    )


def draw_queries(table: pl.DataFrame, n: int, seed: int) -> pl.DataFrame:
    """n (entity, date) queries as the anchors draw them: entity uniform, date uniform in
    [the entity's first event - 1 year, 2026-01-01)."""
    rng = np.random.default_rng(seed)
    first = table.group_by("ekey", "entity_id").agg(pl.col("valid_from").min()).sort("ekey")
    ek = first["ekey"].to_numpy()
    lo = first["valid_from"].cast(pl.Int32).to_numpy() - 365
    hi = (END - dt.date(1970, 1, 1)).days
    i = rng.integers(0, len(ek), n)
    d = (lo[i] + rng.random(n) * (hi - lo[i])).astype(np.int32)
    return pl.DataFrame(
        {
            "qid": np.arange(n, dtype=np.int64),
            "ekey": ek[i],
            "entity_id": first["entity_id"].gather(i),
            "d": d,
        }
    ).with_columns(pl.col("d").cast(pl.Date))


def names_join_asof(queries: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    """qid -> the name on date d (null before founding), by join_asof on the int entity key."""
    valid = pl.when(pl.col("valid_until").is_null() | (pl.col("d") < pl.col("valid_until"))).then("value")
    return (
        queries.select("qid", "ekey", "d")
        .sort("d")
        .join_asof(
            names.drop("entity_id"), left_on="d", right_on="valid_from", by="ekey", check_sortedness=False
        )
        .select("qid", valid.alias("value"))
    )


def owners_at(table: pl.DataFrame, queries: pl.DataFrame) -> list[dict[str, float]]:
    """The generator's owners {holder id: stake} of each (entity_id, d) query, in query order."""
    rows = (
        queries.select("qid", "entity_id", "d")
        .join(table.filter(pl.col("attribute").str.starts_with("owner:")), on="entity_id")
        .filter(
            (pl.col("valid_from") <= pl.col("d"))
            & (pl.col("valid_until").is_null() | (pl.col("valid_until") > pl.col("d")))
        )
        .select("qid", "value", "stake")
    )
    out: list[dict[str, float]] = [{} for _ in range(queries.height)]
    index = {q: i for i, q in enumerate(queries["qid"].to_list())}
    for qid, holder, stake in rows.iter_rows():
        out[index[qid]][holder] = stake
    return out
