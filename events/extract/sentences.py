"""Split text into sentences and paragraphs without losing offsets.

A sentence ends at ``.``, ``!`` or ``?`` followed by space and a capital,
digit or quote, or at a line break.  Abbreviations ("Co., Ltd", "Aug.",
"U.S.", "Inc.") and initials do not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that end with a dot without ending the sentence.
_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "co",
        "corp",
        "inc",
        "ltd",
        "llc",
        "plc",
        "bros",
        "dept",
        "est",
        "no",
        "nos",
        "vs",
        "etc",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "gen",
        "gov",
        "sen",
        "rep",
        "rev",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "ca",
        "cf",
        "e.g",
        "i.e",
        "fig",
        "vol",
        "al",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
    }
)

_CLOSING = frozenset({"ltd", "inc", "llc", "plc"})
_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s)")
_TOKEN_BEFORE = re.compile(r"([\w.]+)$")
_NEXT_START = re.compile(r"\s+([\"'“‘(]?)(\S)")


@dataclass(frozen=True, slots=True)
class Sentence:
    """``text == doc_text[start:end]``; ``paragraph`` counts blank-line or line-break blocks."""

    start: int
    end: int
    text: str
    paragraph: int
    index: int


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _TOKEN_BEFORE.search(text, 0, dot)
    if m is None:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in _ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J. Smith", "U.S.", "S.p.A."
    return (len(word) == 1 and word.isalpha()) or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def _ends_here(text: str, punct_start: int, punct_end: int) -> bool:
    if text[punct_start] == "." and _is_abbreviation(text, punct_start):
        nxt = _NEXT_START.match(text, punct_end)
        before = _TOKEN_BEFORE.search(text, 0, punct_start)
        word = before.group(1).lower() if before else ""
        # "... Co., Ltd. Aurora is ...": a closing legal form ends the sentence before a capital.
        if word in _CLOSING and nxt is not None and nxt.group(2).isupper():
            return True
        # "Co., Ltd" and "Inc. announced": an abbreviation ends a sentence only
        # before a capitalised word that starts a new clause after a line break.
        return bool(nxt and "\n" in text[punct_end : nxt.start(2)])
    nxt = _NEXT_START.match(text, punct_end)
    if nxt is None:
        return True
    ch = nxt.group(2)
    return ch.isupper() or ch.isdigit() or bool(nxt.group(1)) or "\n" in text[punct_end : nxt.start(2)]


def _blocks(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Lines of ``text[start:stop]``, a hard-wrapped line joined to the next when it runs on
    (no closing punctuation, and the next line starts in lower case)."""
    lines = [(start + m.start(), start + m.end()) for m in re.finditer(r"[^\n]+", text[start:stop])]
    out: list[tuple[int, int]] = []
    for ls, le in lines:
        if out:
            ps, pe = out[-1]
            gap = text[pe:ls]
            prev = text[ps:pe].rstrip()
            nxt = text[ls:le].lstrip()
            if gap.count("\n") == 1 and prev and prev[-1] not in ".!?:;|" and nxt[:1].islower():
                out[-1] = (ps, le)
                continue
        out.append((ls, le))
    return out


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of ``text[start:end]`` with offsets into ``text``; line breaks end them
    unless a hard-wrapped line runs on."""
    stop = len(text) if end is None else end
    out: list[Sentence] = []
    paragraph = 0
    for n, (ls, le) in enumerate(_blocks(text, start, stop)):
        paragraph = n
        cut = ls
        for m in _END.finditer(text, ls, le):
            if _ends_here(text, m.start(), m.end()):
                _add(out, text, cut, m.end(), paragraph)
                cut = m.end()
        _add(out, text, cut, le, paragraph)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], paragraph, len(out)))
