"""Timing helpers for the bench: best-of-N wall time, in process or of a subprocess."""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Timing:
    """Seconds of each timed run (warm-up runs left out)."""

    runs: tuple[float, ...]

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def best_of(fn: Callable[[], T], *, repeats: int = 5, warmup: int = 1) -> tuple[Timing, T]:
    """Time fn() `repeats` times after `warmup` untimed calls; return the timings and the last result."""
    gc.collect()
    result = fn()
    for _ in range(warmup - 1):
        result = fn()
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - t0)
    return Timing(tuple(runs)), result


def per_call(fn: Callable[[T], object], args: Sequence[T], *, repeats: int = 3) -> Timing:
    """Mean seconds per call of fn over `args`, best of `repeats` passes (one warm-up pass)."""
    for a in args[: max(1, len(args) // 10)]:
        fn(a)
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for a in args:
            fn(a)
        runs.append((time.perf_counter() - t0) / len(args))
    return Timing(tuple(runs))


@dataclass(frozen=True)
class CommandRun:
    """Wall times of one command line run several times, and what its last run printed."""

    timing: Timing
    returncode: int
    stdout: str
    stderr: str


def run_command(argv: Sequence[str], *, repeats: int = 5, env: dict[str, str] | None = None) -> CommandRun:
    """Wall time of a fresh process, interpreter start and imports included (one warm-up run)."""
    full_env = {**os.environ, **(env or {})}
    last = subprocess.run(argv, capture_output=True, text=True, env=full_env, check=False)
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        last = subprocess.run(argv, capture_output=True, text=True, env=full_env, check=False)
        runs.append(time.perf_counter() - t0)
    return CommandRun(Timing(tuple(runs)), last.returncode, last.stdout, last.stderr)
