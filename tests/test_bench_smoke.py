"""`make bench` runs end to end on a tiny log: every measurement gets a number.

Speeds are not asserted here (they go to `make bench`); what is asserted is
that the bench can build both stores, query them through the API and the CLI,
and that our names and owners agree with the generator's reference.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_BENCH = ROOT.parent / "shared" / "bench" / "make_eventlog.py"


@pytest.mark.skipif(not SHARED_BENCH.exists(), reason="../shared/bench is not beside the repo")
def test_bench_measures_everything_on_a_tiny_log(tmp_path: Path) -> None:
    out = tmp_path / "rows.json"
    cmd = [
        sys.executable,
        str(ROOT / "bench" / "run.py"),
        "--events", "4000",
        "--entities", "40",
        "--queries", "3000",
        "--single", "20",
        "--repeats", "1",
        "--cli-repeats", "1",
        "--ingest-sample", "200",
        "--export-events", "300",
        "--workdir", str(tmp_path),
        "--only", "demo",
        "--only", "big",
        "--json", str(out),
    ]  # fmt: skip
    run = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    rows = {r["name"]: r for r in json.loads(out.read_text())}
    unmeasured = {name: r["note"] for name, r in rows.items() if r["ours"] is None}
    assert not unmeasured
    wanted = (
        "(a) `timeline state`",
        "(b) state of one entity at one date, in process",
        "(b) state of one entity at one date, CLI",
        "name look-ups, ours",
        "polars join_asof",
        "export 300 events as ics",
    )
    for part in wanted:
        assert any(part in name for name in rows), (part, list(rows))
    batch = next(r for name, r in rows.items() if "name look-ups, ours" in name)
    share = float(batch["note"].split("the generator's name for ")[1].split("%")[0])
    assert share > 95.0, batch["note"]
    single = rows["(b) state of one entity at one date, in process"]
    same, asked = single["note"].split("as the generator's in ")[1].split(" ")[0].split("/")
    assert int(same) >= 0.8 * int(asked), single["note"]
    assert "| measurement | ours | target | anchor | result |" in run.stdout
