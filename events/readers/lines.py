"""Line spans of a text, computed once so every analysis shares the same offsets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text: ``text`` is ``source[start:end]`` without its line break."""

    index: int
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def words(self) -> int:
        return len(self.text.split())


def split_lines(text: str) -> list[Line]:
    """Split on ``\\n`` only (``str.splitlines`` also breaks on form feeds and U+2028,
    which would desynchronise offsets from what editors and the evaluation count)."""
    lines: list[Line] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        stop = end - 1 if end > pos and text[end - 1] == "\r" else end
        lines.append(Line(len(lines), pos, stop, text[pos:stop]))
        if nl < 0:
            break
        pos = nl + 1
    return lines


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def merge_spans(text: str, spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sort spans and join those separated only by whitespace, so a block of chrome is one span."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if merged:
            last_start, last_end = merged[-1]
            if start <= last_end or not text[last_end:start].strip():
                merged[-1] = (last_start, max(last_end, end))
                continue
        merged.append((start, end))
    return tuple(merged)
