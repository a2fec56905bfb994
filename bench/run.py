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
then runs bench/tag_speed.py (tagger against dateparser) when it exists, and
bench/ingest_big.py (seed ingest; 1 MB and 10 MB plain text: wall, peak RSS).

The big log is generated once and kept, with the store made from it, under
--workdir (keyed by --events/--entities/--seed). The full default run takes
about 7 minutes and ~12 GB of memory while the store is built: it is for
`make bench` by hand, never CI. Small:
    .venv/bin/python bench/run.py --events 200000 --entities 2000 --queries 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import convert
import ingest_big
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
    rows = [Row("(a) `timeline state`, demo store, CLI wall", ok, 0.300, "imports ~0.2 s", note)]
    return rows + bench_exports(args, store)


def bench_exports(args: argparse.Namespace, store: Path) -> list[Row]:
    """Each exporter on the demo store's events, repeated (new ids) to --export-events records."""
    from exports import EXPORTERS
    from timeline.query import event_records

    base = event_records(store)
    if not base:
        return []
    copies = -(-args.export_events // len(base))
    records = [{**r, "id": f"{r['id']}-{i}"} for i in range(copies) for r in base][: args.export_events]
    rows = []
    for fmt in sorted(EXPORTERS):
        timing, data = best_of(lambda fmt=fmt: EXPORTERS[fmt](records), repeats=args.repeats)
        per = timing.best / len(records)
        note = f"{per * 1e6:,.0f} µs per event, {len(data) / 2**20:.1f} MiB; the demo store's events repeated"
        rows.append(Row(f"export {len(records):,} events as {fmt}", timing.best, None, "-", note))
    return rows


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
    ref_owners = reference.owners_at(compact, singles)
    del compact
    labels = dict(convert.founding_names(convert.apply_retractions(raw)).iter_rows())
    ref_row = Row(
        f"(c) {args.queries:,} name look-ups, polars join_asof (reference)",
        t_ref.best,
        None,
        "0.105 s (int key), 0.17 s (str key)",
    )

    del raw  # the child that builds the store needs the memory
    store = work / f"store-{args.events}-{args.entities}-{args.seed}"
    if args.rebuild:
        shutil.rmtree(store, ignore_errors=True)
    if not ours.has_store(store):
        rows += build_in_child(args, work, store)
        if not ours.has_store(store):
            return [*rows, ref_row]
    elif ours.is_stale(store):
        rows += build_in_child(args, work, store, stage="reindex")

    t0 = time.perf_counter()
    handle = ours.open_store(store)
    t_open = time.perf_counter() - t0
    rows.append(Row("open the big store (in process)", t_open, 1.5, "load 0.45-0.7 s"))

    pairs = [(labels[e], d) for e, d in zip(singles["entity_id"], singles["d"], strict=True)]
    single = ours.time_single(handle, pairs, repeats=args.repeats)
    rows.append(
        Row(
            "(b) state of one entity at one date, in process",
            single.best,
            0.005,
            "0.1 ms memory / 2 ms bucket file",
            f"mean over {len(pairs)} random (entity, date) queries, best of {args.repeats}; "
            + owners_agreement(handle, pairs, ref_owners),
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
    try:
        named = ours.time_names(handle, queries, labels, repeats=args.repeats)
    except ours.Missing as exc:
        named = []
        rows.append(Row(f"(c) {args.queries:,} name look-ups, ours", None, 2 * t_ref.best, "-", str(exc)))
    for variant, timing, answer, how in named:
        rows.append(
            Row(
                f"(c) {args.queries:,} name look-ups, ours ({variant})",
                timing.best,
                2 * t_ref.best,
                "2x join_asof",
                f"{how}; {agreement(answer, ref_answer)}",
            )
        )
    rows.append(memory_in_child(args, work, store, queries, pairs, labels))
    rows.append(ingest_into_big(store, work, args.cli_repeats))
    return rows


def ingest_into_big(store: Path, work: Path, repeats: int) -> Row:
    """`timeline ingest` of one short document into a copy of the big store: what one new
    document costs at this size (the index is built again from the whole log)."""
    doc = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "docs" / "aurora-motors.txt"
    copy = work / "ingest-into"
    runs = []
    for _ in range(max(1, repeats)):
        shutil.rmtree(copy, ignore_errors=True)
        # The log's segments are never rewritten: hard links copy the store in no time.
        (copy / "log").mkdir(parents=True)
        for seg in (store / "log").iterdir():
            os.link(seg, copy / "log" / seg.name)
        shutil.copy(store / "manifest.json", copy / "manifest.json")
        runs.append(ingest_big.run_ingest_into(copy, [doc]))
    shutil.rmtree(copy, ignore_errors=True)
    best = min(runs, key=lambda r: r.seconds)
    note = f"{doc.name} into a copy of the store, best of {len(runs)}"
    note += f"; peak RSS {best.peak_rss / 2**30:.2f} GiB"
    if best.returncode:
        note += f"; exit {best.returncode}: {best.stderr.strip()[:200]}"
    ok = best.seconds if best.returncode == 0 else None
    return Row("ingest one short document into the big store, CLI wall", ok, None, "index rebuilt", note)


def memory_in_child(
    args: argparse.Namespace,
    work: Path,
    store: Path,
    queries: pl.DataFrame,
    pairs: list[tuple[str, dt.date]],
    labels: dict[str, str],
) -> Row:
    """Peak resident memory of a fresh process that opens the store and runs (b) and (c) once."""
    batch = queries.select(
        pl.col("entity_id").replace_strict(labels).alias("entity"), pl.col("d").alias("at")
    )
    batch.write_parquet(work / "batch.parquet")
    singles = pl.DataFrame({"entity": [e for e, _ in pairs], "at": [d for _, d in pairs]})
    singles.write_parquet(work / "singles.parquet")
    cmd = [sys.executable, __file__, "--stage", "memory", "--workdir", str(work), "--store", str(store)]
    child = subprocess.run(cmd, capture_output=True, text=True, check=False)
    name = "peak memory of a process answering (b) and (c)"
    if child.returncode != 0 or not child.stdout.strip():
        return Row(name, None, 3.0, "1.5-2.1 GiB", child.stderr.strip()[-300:], unit="GiB")
    got = json.loads(child.stdout.strip().splitlines()[-1])
    note = (
        f"fresh process: open the store, {len(pairs)} states, one batch of {queries.height:,} names; "
        f"peak RSS {got['peak_gib']:.2f} GiB, {got['base_gib']:.2f} GiB of it before opening (imports); "
        f"at the end {got.get('RssAnon', 0):.2f} GiB allocated + {got.get('RssFile', 0):.2f} GiB of "
        "memory-mapped store pages (page cache, shared)"
    )
    return Row(name, got["peak_gib"], 3.0, "1.5-2.1 GiB", note, unit="GiB")


def stage_memory(args: argparse.Namespace) -> int:
    """Child: open the store, answer the saved queries, print the peak RSS as one JSON line."""
    base = peak_rss()
    handle = ours.open_store(args.store)
    for entity, at in pl.read_parquet(args.workdir / "singles.parquet").iter_rows():
        ours.state(handle, entity, at)
    handle.names_at(pl.read_parquet(args.workdir / "batch.parquet"))
    with open("/proc/self/status") as fh:
        kinds = {
            k: int(v.split()[0]) * 1024
            for k, v in (x.split(":", 1) for x in fh)
            if k in ("RssAnon", "RssFile")
        }
    out = {"peak_gib": peak_rss() / 2**30, "base_gib": base / 2**30}
    out.update({k: v / 2**30 for k, v in kinds.items()})
    print(json.dumps(out))
    return 0


def build_in_child(args: argparse.Namespace, work: Path, store: Path, stage: str = "build") -> list[Row]:
    """Convert the log and load it into a new store (or only rebuild its index, stage "reindex")
    in a child process: its memory is its own."""
    cmd = [
        sys.executable,
        __file__,
        "--stage",
        stage,
        "--events",
        str(args.events),
        "--entities",
        str(args.entities),
        "--seed",
        str(args.seed),
        "--workdir",
        str(work),
        "--max-rss-gb",
        str(args.max_rss_gb),
        "--ingest-sample",
        str(args.ingest_sample),
        "--buckets",
        str(args.buckets),
    ]
    t0 = time.perf_counter()
    child = subprocess.run(cmd, capture_output=True, text=True, check=False)
    sys.stderr.write(child.stderr)
    if child.returncode != 0 or not child.stdout.strip():
        last = (child.stderr.strip().splitlines() or ["no message"])[-1]
        why = f"{stage} failed after {seconds(time.perf_counter() - t0)} (exit {child.returncode}): {last}"
        return [Row(f"{stage} the store of {args.events:,} generator events", None, 30.0, "-", why)]
    got = json.loads(child.stdout.strip().splitlines()[-1])
    if stage == "reindex":
        note = (
            "timeline/ changed since the store was built: its index was built again from the log; "
            f"peak RSS {got['peak_gib']:.1f} GiB"
        )
        return [Row("rebuild the big store's index", got["index_s"], 30.0, "compact rebuild 12-20 s", note)]
    rows = [
        Row(
            f"convert the generator's log to {got['events']:,} of our events",
            got["convert_s"],
            None,
            "-",
            "bench/convert.py, one-off, not the engine's",
        ),
        Row(
            f"load {got['events']:,} events and build the index",
            got["load_s"],
            30.0,
            "compact rebuild 12-20 s",
            "bench/ours.py load_events: segments written, then timeline.ingest.build_index + commit; "
            f"peak RSS {got['peak_gib']:.1f} GiB",
        ),
    ]
    if got.get("ingest_s"):
        n = got["ingest_events"]
        rows.append(
            Row(
                f"`timeline ingest` of {n:,} curated events (CLI)",
                got["ingest_s"],
                None,
                "-",
                f"{n / got['ingest_s']:,.0f} events/s through the real ingest path, for scale",
            )
        )
    return rows


def stage_build(args: argparse.Namespace) -> int:
    """Child: convert the generator's log, load it, print the timings as one JSON line."""
    work = args.workdir
    store = work / f"store-{args.events}-{args.entities}-{args.seed}"
    if args.stage == "reindex":
        print(json.dumps({"index_s": ours.reindex(store), "peak_gib": peak_rss() / 2**30}))
        return 0
    raw = pl.read_parquet(generated_log(args, work))
    out: dict[str, object] = {}
    if args.ingest_sample:
        # whole entities, about ingest_sample events' worth, so every event's names resolve
        few = raw["entity_id"].unique().sort().head(max(1, args.entities * args.ingest_sample // raw.height))
        sample = convert.to_events(raw.filter(pl.col("entity_id").is_in(few.implode())))
        path = work / "sample.events.jsonl"
        path.write_text("\n".join(convert.curated_lines(sample)) + "\n")
        target = Path(tempfile.mkdtemp(prefix="ingest-", dir=work))
        t0 = time.perf_counter()
        cmd = [*timeline_cli(), "--store", str(target / "s"), "ingest", str(path)]
        run = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if run.returncode == 0:
            out.update(ingest_s=time.perf_counter() - t0, ingest_events=sample.height)
        else:
            print(f"`timeline ingest` of the sample failed: {run.stderr.strip()[-300:]}", file=sys.stderr)
        shutil.rmtree(target, ignore_errors=True)

    # convert bucket by bucket to parquet parts, then load them: the peak stays a bucket's worth
    for stale in work.glob("events-*"):  # left by a build the memory guard stopped
        shutil.rmtree(stale, ignore_errors=True)
    parts_dir = Path(tempfile.mkdtemp(prefix="events-", dir=work))
    t0 = time.perf_counter()
    paths = []
    for i, part in enumerate(convert.to_event_parts(raw, args.buckets)):
        paths.append(parts_dir / f"part-{i:03d}.parquet")
        part.write_parquet(paths[-1])
    out["convert_s"] = time.perf_counter() - t0
    del raw, part
    n, out["load_s"] = ours.load_events(store, (pl.read_parquet(p) for p in paths))
    out["events"] = n
    shutil.rmtree(parts_dir, ignore_errors=True)
    out["peak_gib"] = peak_rss() / 2**30
    print(json.dumps(out))
    return 0


#: The largest resident memory guard_memory's watcher has seen in this process. (ru_maxrss
#: will not do: a child started by a big parent inherits the parent's figure.)
_PEAK = [0]


def peak_rss() -> int:
    """This process's peak resident memory in bytes, sampled every 50 ms."""
    return max(_PEAK[0], current_rss())


def current_rss() -> int:
    """This process's resident memory now, in bytes (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def guard_memory(limit_gib: float) -> None:
    """Stop this process when its resident memory passes the limit: the machine is shared."""

    def watch() -> None:
        while True:
            rss = current_rss()
            _PEAK[0] = max(_PEAK[0], rss)
            if rss > limit_gib * 2**30:
                print(
                    f"bench: stopped at {rss / 2**30:.1f} GiB resident (--max-rss-gb {limit_gib})",
                    file=sys.stderr,
                    flush=True,
                )
                os._exit(3)
            time.sleep(0.05)

    if Path("/proc/self/statm").exists():
        threading.Thread(target=watch, daemon=True).start()


def owners_agreement(handle: object, pairs: list[tuple[str, dt.date]], ref: list[dict[str, float]]) -> str:
    """How many states list exactly the generator's owners with its stakes (to 4 places)."""
    same = 0
    for (entity, at), want in zip(pairs, ref, strict=True):
        got = {}
        for owner in ours.state(handle, entity, at)["owners"]:
            name = str(owner["holder"]["name"])
            holder = name.rsplit(" [", 1)[1].rstrip("]") if name.endswith("]") else name
            got[holder] = None if owner["stake"] is None else round(owner["stake"], 4)
        same += got == {k: round(v, 4) for k, v in want.items()}
    return f"owners and stakes as the generator's in {same}/{len(pairs)} states"


def agreement(answer: pl.DataFrame, ref: pl.DataFrame) -> str:
    """How often our name (id suffix removed) is the generator's, as a sentence for the notes.

    Before an entity's first event the generator has no name and timeline gives
    the first name it knows; those queries are counted apart.
    """
    ours_names = answer.select("qid", pl.col("value").str.replace(r" \[[EP]\d+\]$", "").alias("ours"))
    both = ref.join(ours_names, on="qid", how="inner")
    named = both.filter(pl.col("value").is_not_null())
    if named.height == 0:
        return "no answers to compare"
    same = named.select(pl.col("value").eq_missing(pl.col("ours")).sum()).item()
    return (
        f"the generator's name for {same / named.height:.2%} of {named.height:,} queries "
        f"({both.height - named.height:,} more fall before the entity's first event)"
    )


# ----------------------------------------------------------------------------- tagger


def bench_tagger(args: argparse.Namespace) -> list[Row]:
    """bench/tag_speed.py (the reference agent's): `timeline tag` against dateparser on TimeML."""
    if not (Path(__file__).parent / "tag_speed.py").exists():
        return [Row("tagger against dateparser", None, None, "-", "bench/tag_speed.py is not there")]
    import tag_speed

    measure = getattr(tag_speed, "measure", None)
    if measure is None:  # an older tag_speed: let it print its own lines
        tag_speed.main([])
        return []
    result = measure(["timebank", "aquaint"], args.tag_limit, args.repeats, 2)
    ours_s, theirs_s = result["timeline"]["seconds"], result["dateparser"]["seconds"]
    ratio = getattr(tag_speed, "TARGET_RATIO", 10.0)
    note = (
        f"{result['docs']} TimeML documents, {result['chars']:,} chars: timeline "
        f"{result['timeline']['chars_per_s']:,.0f} chars/s (whole process), dateparser "
        f"{result['dateparser']['chars_per_s']:,.0f} chars/s; {result['ratio']:.1f}x"
    )
    return [
        Row(
            f"`timeline tag` on TimeML (target: {ratio:.0f}x dateparser)",
            ours_s,
            theirs_s / ratio,
            f"dateparser {seconds(theirs_s)}",
            note,
        )
    ]


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
        choices=["demo", "big", "tagger", "ingest"],
        action="append",
        help="run only these parts (repeatable; default all)",
    )
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    ap.add_argument(
        "--max-rss-gb",
        type=float,
        default=14.0,
        help="stop when a bench process holds more memory than this (default 14)",
    )
    ap.add_argument(
        "--ingest-sample",
        type=int,
        default=20_000,
        help="converted events also ingested through `timeline ingest`, for its rate (0: skip)",
    )
    ap.add_argument("--buckets", type=int, default=8, help="parts the big log is converted in (default 8)")
    ap.add_argument("--export-events", type=int, default=20_000, help="records each exporter is timed on")
    ap.add_argument("--tag-limit", type=int, default=None, help="TimeML documents for the tagger part")
    ap.add_argument("--rebuild", action="store_true", help="build the big store again (engine changed)")
    ap.add_argument("--stage", choices=["build", "reindex", "memory"], help=argparse.SUPPRESS)
    ap.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    guard_memory(args.max_rss_gb)
    if args.stage == "memory":
        return stage_memory(args)
    if args.stage:
        return stage_build(args)
    parts = args.only or ["demo", "big", "tagger", "ingest"]
    args.workdir.mkdir(parents=True, exist_ok=True)

    rows: list[Row] = []
    if "demo" in parts:
        demo_work = Path(tempfile.mkdtemp(prefix="demo-", dir=args.workdir))
        try:
            rows += bench_demo(args, demo_work)
        finally:
            shutil.rmtree(demo_work, ignore_errors=True)
    # The small parts run before the big one: a child's ru_maxrss starts at its parent's
    # resident size when it was started, and after the big part this process holds gigabytes.
    if "tagger" in parts:
        rows += bench_tagger(args)
    if "ingest" in parts:
        ingest_work = Path(tempfile.mkdtemp(prefix="ingest-", dir=args.workdir))
        try:
            rows += ingest_big.rows([1.0, 10.0], args.repeats, ingest_work)
        finally:
            shutil.rmtree(ingest_work, ignore_errors=True)
    if "big" in parts:
        rows += bench_big(args, args.workdir)
    scale = f" ({args.events:,} events, {args.entities:,} entities)" if "big" in parts else ""
    print(f"\n## timeline bench{scale}\n")
    print(table(rows), flush=True)
    if args.json:
        args.json.write_text(json.dumps([{**r.__dict__, "verdict": r.verdict} for r in rows], indent=1))
    return 0  # a report, not a gate: FAIL rows are in the table


if __name__ == "__main__":
    sys.exit(main())
