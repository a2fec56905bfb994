"""The project's shared benchmark kit (../shared/bench): the log generator and the anchor code.

bench/ reuses them rather than copying them: make_eventlog.generate makes the
synthetic log, asof_bench.compact the state-interval table the anchors were
measured on, so our reference numbers come from the same code as
notes/perf-anchors.md.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

SHARED_BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"


def load(name: str) -> ModuleType:
    """Import make_eventlog or asof_bench from ../shared/bench (clear error when it is missing)."""
    if not (SHARED_BENCH / f"{name}.py").is_file():
        raise SystemExit(
            f"bench: {SHARED_BENCH / name}.py is missing; the bench needs ../shared/bench beside the repo"
        )
    if str(SHARED_BENCH) not in sys.path:
        sys.path.insert(0, str(SHARED_BENCH))
    return importlib.import_module(name)
