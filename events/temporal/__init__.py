"""Temporal expressions: find them in text and normalise them to TIMEX3 values."""

from events.temporal.engine import tag
from events.temporal.timex import Timex

__all__ = ["Timex", "tag"]
