"""Split text into sentences and paragraphs without losing offsets.

A sentence ends at ``.``, ``!`` or ``?`` followed by space and a capital,
digit or quote, or at a line break.  Abbreviations ("Co., Ltd", "Aug.",
"U.S.", "Inc.") and initials do not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

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
    """``text == doc_text[start:end]``; ``paragraph`` counts blank-line or line-break blocks.

    A timeline bullet ("- 2001 – Renamed Foo Systems.") is read as a sentence with its subject
    spelt out ("It was renamed Foo Systems."): then ``text`` is that reading, its words after the
    added ones sit at ``start + i`` in the document as usual, and ``origin`` is where the
    document's own text of the line starts (the quote runs from there).
    """

    start: int
    end: int
    text: str
    paragraph: int
    index: int
    origin: int = -1

    @property
    def quote_start(self) -> int:
        return self.origin if self.origin >= 0 else self.start


def _token_before(text: str, dot: int) -> re.Match[str] | None:
    """``_TOKEN_BEFORE`` ending at ``dot``, searched from the start of its run of word
    characters and dots only: searching from 0 cost time linear in the document per dot."""
    # ``$`` also matches before a final newline, so the run may end one character early.
    end = dot - 1 if dot > 0 and text[dot - 1] == "\n" else dot
    begin = end
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "._"):
        begin -= 1
    return _TOKEN_BEFORE.search(text, begin, dot)


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _token_before(text, dot)
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
        before = _token_before(text, punct_start)
        word = before.group(1).lower() if before else ""
        # "... Co., Ltd. Aurora is ...": a closing legal form ends the sentence before a capital.
        if word in _CLOSING and nxt is not None and nxt.group(2).isupper() and nxt.group(1) != "(":
            return True  # but "Acme, Inc. (NYSE: ACME), a maker of ..." goes on
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


# "- **1995** – Founded as ...", "* 2001: Renamed ...", "2014 — Listed on ...", "- May 2019: ...",
# and a milestones table's row "| 1995 | Founded as ... |".
_BULLET = re.compile(
    r"(?:[-*•]\s+|\|\s*)?(?:\*\*|__)?(?:[Ss]ince\s+|[Ff]rom\s+)?(?P<when>(?:[A-Z][a-z]{2,8}\.?\s+)?(?:1[6-9]|20)\d{2})"
    # "2009–2018: P, CEO": a period opens the line; it starts at its first year.
    r"(?:\s*[–—-]\s*(?:(?:1[6-9]|20)\d{2}|present|today|now)(?=\s*[:|]))?(?:\*\*|__)?"
    r"\s*(?:[-–—:|]|\*\*)\s*(?:\*\*\s*)?(?=\S)"
)
# "- Acquired Kelda Analytics in 2010.", "* Founded in 1995 as X": a bullet without a leading date
# (never a "- Key: value" field line).
_PLAIN_BULLET = re.compile(r"[-*•]\s+(?:\*\*|__)?(?![\w ,'’&()]{1,40}:\s)(?=[A-Z])")
# Past tenses that open a bullet without a subject; participles read as passives.
_IRREGULAR = frozenset(
    [
        "sold",
        "bought",
        "took",
        "set",
        "began",
        "became",
        "won",
        "made",
        "built",
        "grew",
        "went",
        "led",
        "spun",
        "held",
        "paid",
        "left",
        "ran",
        "split",
    ]
)
_PASSIVE = frozenset(
    [
        "renamed",
        "rebranded",
        "listed",
        "delisted",
        "floated",
        "registered",
        "reincorporated",
    ]
)
_PASSIVE_BEFORE_PREP = frozenset(
    [
        "founded",
        "established",
        "formed",
        "created",
        "incorporated",
        "started",
        "set",
    ]
)
_PREPS = frozenset(
    [
        "as",
        "in",
        "on",
        "at",
        "by",
        "under",
        "from",
        "with",
    ]
)


# Milestone rows in the present ("| 2012 | Takes over the cable maker T |"): the past tense they stand for.
_PRESENT = {
    "takes": "took",
    "becomes": "became",
    "acquires": "acquired",
    "buys": "bought",
    "sells": "sold",
    "opens": "opened",
    "launches": "launched",
    "lists": "listed",
    "moves": "moved",
    "merges": "merged",
    "changes": "changed",
    "renames": "renamed",
    "sets": "set",
    "forms": "formed",
    "founds": "founded",
    "establishes": "established",
    "completes": "completed",
    "joins": "joined",
    "appoints": "appointed",
    "names": "named",
    "floats": "floated",
    "spins": "spun",
    "enters": "entered",
    "adopts": "adopted",
    "invests": "invested",
    "raises": "raised",
    "reduces": "reduced",
    "increases": "increased",
    "relocates": "relocated",
    "goes": "went",
    "signs": "signed",
    "introduces": "introduced",
    "demerges": "demerged",
    "divests": "divested",
    "transfers": "transferred",
}


def bullet_date(text: str) -> tuple[int, int] | None:
    """Span of the date that opens a timeline bullet line (its text must follow it)."""
    m = _BULLET.match(text)
    return (m.start("when"), m.end("when")) if m else None


def read_bullet(s: Sentence) -> tuple[Sentence, tuple[int, int] | None] | None:
    """A bullet as a sentence with its subject ("It") spelt out, and the span of the date it opens
    with ("- 2001 – Renamed X."), if any.

    Only a body that opens with a past-tense verb gets the subject; one that names its own
    subject ("P retired; Q became chief executive") keeps it.  "- Key: value" lines are fields.
    """
    m = _BULLET.match(s.text)
    when: tuple[int, int] | None = None
    if m is not None:
        when = (s.start + m.start("when"), s.start + m.end("when"))
    else:
        m = _PLAIN_BULLET.match(s.text)
        if m is None:
            return None
    body_at = m.end()
    body = s.text[body_at:]
    if s.text.startswith("|"):
        # A table row: the milestone is the next cell only.
        cell = body.split("|", 1)[0].rstrip()
        s = replace(s, end=s.start + body_at + len(cell), text=s.text[: body_at + len(cell)])
        body = cell
    words_ = re.findall(r"[A-Za-z]+", body[:40])
    if not words_:
        return None
    first = words_[0]
    nxt = words_[1].lower() if len(words_) > 1 else ""
    low = first.lower()
    past = _PRESENT.get(low) if first[:1].isupper() and body.startswith(first) else None
    if past is not None:
        # "Takes over T": read as "It took over T"; the words after the verb keep their offsets.
        lead = f"It {past}"
        at = s.start + body_at + len(first) - len(lead)
        if at < 0:
            return None
        return replace(s, start=at, text=lead + body[len(first) :], origin=s.start), when
    if not first[:1].isupper() or not (low in _IRREGULAR or (low.endswith("ed") and len(low) > 4)):
        return replace(s, start=s.start + body_at, text=body, origin=s.start), when
    passive = (
        low in _PASSIVE
        or nxt in ("by", "to", "into")
        or (
            low in _PASSIVE_BEFORE_PREP
            and (nxt in _PREPS or (nxt == "up" and len(words_) > 2 and words_[2].lower() in _PREPS))
        )
    )
    lead = "It was " if passive else "It "
    if s.start + body_at < len(lead):
        return None
    text = lead + body[:1].lower() + body[1:]
    return replace(s, start=s.start + body_at - len(lead), text=text, origin=s.start), when
