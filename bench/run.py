"""`make bench`: timeline's speed against the targets and anchors of notes/perf-anchors.md.

Measures
  (a) `timeline state` on the demo store, wall time of a fresh process
      (interpreter start and imports included); target < 300 ms;
  (b) the state of one entity at one date on the big store (default 10M
      events over 100k entities, shared/bench/make_eventlog.py): in process
      after opening the store (target < 5 ms; anchors 0.1 ms in memory, 2 ms
      from bucketed parquet) and through the CLI (target < 500 ms);
  (c) 1M (entity, date) name look-ups in one batch; target within 2x of polars
      join_asof on the same data, measured in the same run;
then runs bench/tag_speed.py (tagger against dateparser) when it exists.

The big log is generated once and kept, with the store made from it, under
--workdir (keyed by --events/--entities/--seed). The full default run takes
minutes and ~6 GB of memory: it is for `make bench` by hand, never CI. Small:
    .venv/bin/python bench/run.py --events 200000 --entities 2000 --queries 100000
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import convert
import ours
import polars as pl
import reference
from kit import load
from measure import best_of, run_command
from report import Row, seconds, table

ROOT = Path(__file__).resolve().parents[1]


def timeline_cli() -> list[str]:
    """The installed `timeline` command beside this interpreter, else `python -m timeline.cli`."""
    script = Path(sys.executable).parent / "timeline"
    return [str(script)] if script.exists() else [sys.executable, "-m", "timeline.cli"]


# ----------------------------------------------------------------------------- (a) demo store


def bench_demo(args: argparse.Namespace, work: Path) -> list[Row]:
    """`timeline state` on a store made from examples/, as a user runs it."""
    store = work / "demo-store"
    try:
        entity, at = ours.build_demo_store(store, ROOT / "examples", work / "demo-out")
    except ours.Missing as exc:
        return [Row("(a) `timeline state`, demo store, CLI wall", None, 0.300, "imports ~0.2 s", str(exc))]
    cmd = [*timeline_cli(), "--store", str(store), "state", entity, "--at", at]
    run = run_command(cmd, repeats=args.cli_repeats)
    note = f"`timeline state {entity!r} --at {at}`, best of {args.cli_repeats}"
    note += f", median {seconds(run.timing.median)}"
    if run.returncode != 0:
        note += f"; exit {run.returncode}: {run.stderr.strip()[:200]}"
    ok = run.timing.best if run.returncode == 0 else None
    return [Row("(a) `timeline state`, demo store, CLI wall", ok, 0.300, "imports ~0.2 s", note)]


# ----------------------------------------------------------------------------- (b, c) big store


def generated_log(args: argparse.Namespace, work: Path) -> Path:
    """The generator's log for these parameters (made once, then reused)."""
    path = work / f"eventlog-{args.events}-{args.entities}-{args.seed}.parquet"
    if not path.exists():
        make_eventlog = load("make_eventlog")
        t0 = time.perf_counter()
        frame = make_eventlog.generate(args.events, args.entities, args.seed)
        frame.write_parquet(path)
        print(
            f"generated {frame.height:,} events in {time.perf_counter() - t0:.1f} s -> {path}",
            file=sys.stderr,
        )
    return path


def bench_big(args: argparse.Namespace, work: Path) -> list[Row]:
    """Single and batch queries on the store made from the generator's log."""
    rows: list[Row] = []
    raw = pl.read_parquet(generated_log(args, work))
    n_events = raw.height

    # the reference first, while only the raw log is in memory
    compact = reference.compact(raw)
    names = reference.name_chain(compact)
    queries = reference.draw_queries(compact, args.queries, args.seed + 1)
    singles = reference.draw_queries(compact, args.single, args.seed + 2)
    t_ref, ref_answer = best_of(lambda: reference.names_join_asof(queries, names), repeats=args.repeats)
    del compact
    labels = dict(convert.founding_names(convert.apply_retractions(raw)).iter_rows())
    ref_row = Row(
        f"(c) {args.queries:,} name look-ups, polars join_asof (reference)",
        t_ref.best,
        None,
        "0.105 s (int key), 0.17 s (str key)",
    )

    store = work / f"store-{args.events}-{args.entities}-{args.seed}"
    built = ours.has_store(store)
    if not built:
        t0 = time.perf_counter()
        events = convert.to_events(raw)
        t_convert = time.perf_counter() - t0
        del raw
        try:
            t_load = ours.load_events(store, events, work)
        except ours.Missing as exc:
            rows.append(Row(f"load {n_events:,} generator events into our store", None, None, "-", str(exc)))
            rows.append(
                Row("(c) 1M name look-ups, polars join_asof (reference)", t_ref.best, None, "0.105 s")
            )
            return rows
        rows.append(
            Row(
                f"convert + load {events.height:,} events into our store",
                t_convert + t_load,
                30.0,
                "compact rebuild 12-20 s",
                f"convert {seconds(t_convert)} (bench/convert.py), load {seconds(t_load)}",
            )
        )
        del events
    else:
        del raw

    t0 = time.perf_counter()
    handle = ours.open_store(store)
    t_open = time.perf_counter() - t0
    rows.append(Row("open the big store (in process)", t_open, 1.5, "load 0.45-0.7 s"))

    pairs = [(labels[e], d) for e, d in zip(singles["entity_id"], singles["d"], strict=True)]
    single = ours.time_single(handle, pairs, repeats=args.repeats)
    rows.append(
        Row(
            "(b) state of one entity at one date, in process",
            single.best if single else None,
            0.005,
            "0.1 ms memory / 2 ms bucket file",
            f"mean over {len(pairs)} random (entity, date) queries, best of {args.repeats}",
        )
    )

    entity, at = pairs[0][0], pairs[0][1].isoformat()
    cmd = [*timeline_cli(), "--store", str(store), "state", entity, "--at", at]
    run = run_command(cmd, repeats=args.cli_repeats)
    note = (
        f"`timeline state {entity!r} --at {at}` on {n_events:,} events, median {seconds(run.timing.median)}"
    )
    if run.returncode != 0:
        note += f"; exit {run.returncode}: {run.stderr.strip()[:200]}"
    rows.append(
        Row(
            "(b) state of one entity at one date, CLI wall",
            run.timing.best if run.returncode == 0 else None,
            0.500,
            "~0.2 s imports + 2 ms",
            note,
        )
    )

    rows.append(ref_row)
    timing, answer, how = ours.time_names(
        handle, queries, labels, repeats=args.repeats, sample=args.py_sample
    )
    agree = agreement(answer, ref_answer)
    rows.append(
        Row(
            f"(c) {args.queries:,} name look-ups, ours",
            timing.best,
            2 * t_ref.best,
            "2x join_asof",
            f"{how}; the generator's name for {agree:.1%} of {answer.height:,} answers",
        )
    )
    return rows


def agreement(answer: pl.DataFrame, ref: pl.DataFrame) -> float:
    """Share of queries where our name (generator name, id suffix removed) equals the reference."""
    ours_names = answer.select("qid", pl.col("value").str.replace(r" \[[EP]\d+\]$", "").alias("ours"))
    both = ref.join(ours_names, on="qid", how="inner")
    if both.height == 0:
        return 0.0
    same = both.select((pl.col("value").eq_missing(pl.col("ours"))).sum()).item()
    return float(same) / both.height


# ----------------------------------------------------------------------------- tagger


def bench_tagger() -> None:
    """bench/tag_speed.py's main(), when the reference agent's module is there."""
    if not (Path(__file__).parent / "tag_speed.py").exists():
        print("\n(tagger speed: bench/tag_speed.py not present)")
        return
    import tag_speed

    print("\n## Tagger speed (bench/tag_speed.py)\n", flush=True)
    tag_speed.main([])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--events", type=int, default=10_000_000, help="events in the big log (default 10M)")
    ap.add_argument("--entities", type=int, default=100_000, help="entities in the big log (default 100k)")
    ap.add_argument("--queries", type=int, default=1_000_000, help="batch size for (c) (default 1M)")
    ap.add_argument("--single", type=int, default=200, help="random single queries for (b) (default 200)")
    ap.add_argument(
        "--py-sample",
        type=int,
        default=50_000,
        help="queries (c) runs one by one when the engine has no batch call, then scales",
    )
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeats", type=int, default=3, help="timed repeats; the best is reported (default 3)")
    ap.add_argument("--cli-repeats", type=int, default=5, help="timed CLI runs (default 5)")
    ap.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "timeline-bench-ours",
        help="where the log and store are kept between runs (default: %(default)s)",
    )
    ap.add_argument(
        "--only",
        choices=["demo", "big", "tagger"],
        action="append",
        help="run only these parts (repeatable; default all)",
    )
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = ap.parse_args(argv)
    parts = args.only or ["demo", "big", "tagger"]
    args.workdir.mkdir(parents=True, exist_ok=True)

    rows: list[Row] = []
    if "demo" in parts:
        demo_work = Path(tempfile.mkdtemp(prefix="demo-", dir=args.workdir))
        try:
            rows += bench_demo(args, demo_work)
        finally:
            shutil.rmtree(demo_work, ignore_errors=True)
    if "big" in parts:
        rows += bench_big(args, args.workdir)
    print(f"\n## timeline bench ({args.events:,} events, {args.entities:,} entities)\n")
    print(table(rows), flush=True)
    if args.json:
        args.json.write_text(json.dumps([{**r.__dict__, "verdict": r.verdict} for r in rows], indent=1))
    if "tagger" in parts:
        bench_tagger()
    return 0  # a report, not a gate: FAIL rows are in the table


if __name__ == "__main__":
    sys.exit(main())
