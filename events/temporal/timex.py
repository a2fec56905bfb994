"""A temporal expression found in text, normalised to a TIMEX3 value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]


@dataclass(frozen=True, slots=True)
class Timex:
    """``text == source_text[start:end]``; ``value`` is a TIMEX3 value.

    ``precision`` is the event-model precision (day, month, quarter, half, year,
    decade) for DATE values that name a calendar interval, else None.
    ``rule_id`` names the rule that matched.  ``anchor`` says what a relative
    expression was resolved against ("dct", "narrative", or None if absolute).
    ``mod`` carries TIMEX3 modifiers (START, MID, END, APPROX, BEFORE, AFTER).
    """

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    precision: str | None
    rule_id: str
    anchor: str | None = None
    mod: str | None = None
