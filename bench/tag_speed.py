"""Tagger speed: `timeline tag` (a whole process) against dateparser's `search_dates`, same text, one run.

Input: the TimeML documents of shared/data/timeml (timebank + aquaint by
default), each with its document creation time.  `timeline tag` gets them all
as JSONL on stdin, and its time is the wall time of the whole process
(interpreter start, imports, JSON in and out).  dateparser (the `bench`
extra) runs in this process on the same texts with the same reference dates,
as shared/eval/run_peers.py calls it; its language data is loaded before the
clock starts, so the comparison favours dateparser.  Prints both speeds in
chars/s and their ratio (target: timeline >= 10x dateparser).

    .venv/bin/python bench/tag_speed.py [--split timebank,aquaint] [--limit N] [--repeats 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TIMEML = ROOT.parent / "shared" / "data" / "timeml"
TARGET_RATIO = 10.0


@dataclass(frozen=True, slots=True)
class Speed:
    """One tool's best time over the corpus and what it found."""

    tool: str
    seconds: float
    chars: int
    found: int

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.seconds if self.seconds > 0 else float("inf")


def load_docs(root: Path, splits: Sequence[str], limit: int | None = None) -> list[dict[str, Any]]:
    """The TimeML records ``{doc_id, dct, text, ...}`` of ``splits``, in file-name order."""
    docs: list[dict[str, Any]] = []
    for split in splits:
        folder = root / split
        if not folder.is_dir():
            raise SystemExit(f"{folder}: no such TimeML split (see shared/notes/temporal-peers.md)")
        docs.extend(json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json")))
    return docs[:limit] if limit else docs


def timeline_command() -> list[str]:
    """`timeline tag` beside this interpreter (the project's .venv), else through `python -m`."""
    script = Path(sys.executable).parent / "timeline"
    base = [str(script)] if script.exists() else [sys.executable, "-m", "timeline.cli"]
    return [*base, "tag"]


def time_timeline(docs: Sequence[dict[str, Any]], repeats: int) -> Speed:
    """Best wall time of a fresh `timeline tag` process over all ``docs``."""
    stdin = "".join(
        json.dumps({"doc_id": d["doc_id"], "dct": d["dct"], "text": d["text"]}) + "\n" for d in docs
    ).encode()
    best = float("inf")
    found = 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        proc = subprocess.run(timeline_command(), input=stdin, capture_output=True, check=False)
        elapsed = time.perf_counter() - t0
        if proc.returncode != 0:
            raise SystemExit(f"timeline tag failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
        best = min(best, elapsed)
        found = sum(1 for line in proc.stdout.splitlines() if line.strip())
    return Speed("timeline tag (whole process)", best, sum(len(d["text"]) for d in docs), found)


def time_dateparser(docs: Sequence[dict[str, Any]], repeats: int) -> Speed:
    """Best in-process time of dateparser's `search_dates` over all ``docs`` (imports excluded)."""
    try:
        from dateparser.search import search_dates
    except ImportError:
        raise SystemExit("dateparser is not installed: pip install -e '.[bench]'") from None

    def run(text: str, base: dt.datetime) -> int:
        settings = {"RELATIVE_BASE": base, "RETURN_TIME_AS_PERIOD": True}
        return len(search_dates(text, languages=["en"], add_period=True, settings=settings) or [])

    run("It rained on May 3, 1998 and again last week.", dt.datetime(1998, 5, 10))  # load language data
    best = float("inf")
    found = 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        found = sum(run(d["text"], dt.datetime.fromisoformat(d["dct"])) for d in docs)
        best = min(best, time.perf_counter() - t0)
    return Speed("dateparser search_dates (in process)", best, sum(len(d["text"]) for d in docs), found)


def measure(
    splits: Sequence[str], limit: int | None, repeats: int, dateparser_repeats: int
) -> dict[str, Any]:
    """Both speeds and their ratio, as a dict (for bench/run.py or --json)."""
    docs = load_docs(TIMEML, splits, limit)
    ours = time_timeline(docs, repeats)
    theirs = time_dateparser(docs, dateparser_repeats)
    return {
        "docs": len(docs),
        "chars": ours.chars,
        "splits": list(splits),
        "timeline": {"seconds": ours.seconds, "chars_per_s": ours.chars_per_s, "timexes": ours.found},
        "dateparser": {"seconds": theirs.seconds, "chars_per_s": theirs.chars_per_s, "dates": theirs.found},
        "ratio": ours.chars_per_s / theirs.chars_per_s,
        "target_ratio": TARGET_RATIO,
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="timebank,aquaint", help="TimeML splits (default timebank,aquaint)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents (same for both)")
    ap.add_argument("--repeats", type=int, default=3, help="timeline processes run; best reported")
    ap.add_argument("--dateparser-repeats", type=int, default=2, help="dateparser passes; best reported")
    ap.add_argument("--json", action="store_true", help="print the measurements as JSON")
    args = ap.parse_args(argv)
    result = measure(args.split.split(","), args.limit, args.repeats, args.dateparser_repeats)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        ours, theirs = result["timeline"], result["dateparser"]
        print(f"{result['docs']} documents, {result['chars']:,} chars ({'+'.join(result['splits'])})")
        print(
            f"timeline tag (whole process): {ours['seconds']:.3f} s  {ours['chars_per_s']:>12,.0f} chars/s"
            f"  ({ours['timexes']} timexes)"
        )
        print(
            f"dateparser search_dates:      {theirs['seconds']:.3f} s  "
            f"{theirs['chars_per_s']:>12,.0f} chars/s  ({theirs['dates']} dates)"
        )
        verdict = "meets" if result["ratio"] >= TARGET_RATIO else "MISSES"
        print(f"ratio: {result['ratio']:.1f}x ({verdict} the {TARGET_RATIO:.0f}x target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
