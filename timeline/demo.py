"""`make run`: ingest the example folder, show the group's names and two states, write the exports.

    python -m timeline.demo --store .timeline-demo --out out examples

A document that this build cannot read yet is reported and skipped, so the
demo still works from the curated ``*.events.jsonl`` file alone.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from events.errors import TimelineError

GROUP = "Seres Group"
DATES = ("2010-06-01", "2023-01-01")


def run(store: Path, out: Path, paths: list[str]) -> None:
    from exports import EXPORTERS, SUFFIXES, left_out
    from timeline import query, render
    from timeline.ingest import collect, ingest_parsed, parse_file
    from timeline.store import atomic_write_bytes

    parsed = []
    for f in collect(paths):
        try:
            parsed.append(parse_file(f, None))
        except TimelineError as exc:
            print(f"skipped: {exc}", file=sys.stderr)
    if not parsed:
        raise SystemExit("demo: nothing could be read from " + ", ".join(paths))
    report = ingest_parsed(store, parsed, recorded_at=datetime.now(UTC).isoformat(timespec="microseconds"))
    print(
        f"ingested {report.documents} file(s) into {store}: {report.events} new events"
        + (f" ({len(report.skipped)} already there)" if report.skipped else ""),
        file=sys.stderr,
    )
    history = query.history(store, GROUP)
    print(render.names_table(history))
    for at in DATES:
        print()
        print(render.state_table(query.state(store, GROUP, at)))
    records = query.event_records(store)
    out.mkdir(parents=True, exist_ok=True)
    for fmt in sorted(EXPORTERS):
        target = out / f"events{SUFFIXES.get(fmt, '.' + fmt)}"
        atomic_write_bytes(target, EXPORTERS[fmt](records))
        print(f"wrote {target} ({len(records) - left_out(fmt, records)} events)", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, default=Path(".timeline-demo"))
    ap.add_argument("--out", type=Path, default=Path("out"))
    ap.add_argument("paths", nargs="*", default=["examples"])
    args = ap.parse_args(argv)
    try:
        run(args.store, args.out, args.paths)
    except TimelineError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
