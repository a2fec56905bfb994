"""The bench's result table: measurement, ours, target, anchor, pass/fail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One measurement against its target; ``ours`` None means it could not be measured."""

    name: str
    ours: float | None
    target: float | None
    anchor: str
    note: str = ""
    unit: str = "s"  # or "GiB"

    @property
    def verdict(self) -> str:
        if self.ours is None:
            return "n/a"
        if self.target is None:
            return "info"
        return "pass" if self.ours <= self.target else "FAIL"


def seconds(x: float | None) -> str:
    """Seconds in a readable unit."""
    if x is None:
        return "-"
    if x >= 1:
        return f"{x:.2f} s"
    if x >= 1e-3:
        return f"{x * 1e3:.1f} ms"
    return f"{x * 1e6:.0f} µs"


def gib(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f} GiB"


def table(rows: Sequence[Row]) -> str:
    """A markdown table of the rows, then their notes."""
    lines = [
        "| measurement | ours | target | anchor | result |",
        "|---|---:|---:|---|:-:|",
    ]
    notes: list[str] = []
    for row in rows:
        mark = ""
        if row.note:
            notes.append(row.note)
            mark = f" [{len(notes)}]"
        show = seconds if row.unit == "s" else gib
        target = "< " + show(row.target) if row.target is not None else "-"
        lines.append(f"| {row.name}{mark} | {show(row.ours)} | {target} | {row.anchor} | {row.verdict} |")
    if notes:
        lines.append("")
        lines.extend(f"[{i}] {n}" for i, n in enumerate(notes, 1))
    return "\n".join(lines)
