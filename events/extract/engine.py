"""Run the event patterns over a document's sentences and build sourced events.

For each sentence every pattern is tried; a match becomes an event once its
clause is dated (the governing temporal expression of the clause, else the
narrative date of the paragraph), its modality checked (plans and forecasts
are not events; announcements are kept with ``status: announced``) and its
arguments read and resolved to entity names.  Afterwards, events about
entities the document does not track are dropped and repeated mentions of one
event inside the document are merged.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache, cached_property
from typing import Any

from events.document import Document
from events.entities import Registry, bare, blank_links, key, namesake
from events.extract import arguments as args
from events.extract.dates import DatedSpan
from events.extract.lexicon import lexicon
from events.extract.names import Mention, Spans, clean, is_generic, trim, words
from events.extract.rules import Pattern, _macros, default_patterns
from events.extract.sentences import Sentence, read_bullet, split_sentences
from events.model import OWNERSHIP_TYPES, DatePoint, Event, NameLink, Source, event_id

# "(NYSE: NRV)": a colon inside brackets is no clause break.
_CLAUSE_CUT = re.compile(
    r";|,\s+(?:and|but|while|whereas|although)\s+|\s+and\s+(?=(?:on|in|at|during)\s+(?:\d|[A-Z]))|:\s(?![^()]*\))"
)
_MODAL = re.compile(
    r"\b(?:will|would|shall|plans?\s+to|planned\s+to|planning\s+to|intends?\s+to|aims?\s+to|expects?\s+to|"
    r"expected\s+to|is\s+to|are\s+to|target(?:s|ed)?\s+(?:of|to)|forecasts?|could|might|may|hopes?\s+to|"
    r"considering|evaluating|seeks?\s+to|proposed|proposal|invitation)\b"
)
_ANNOUNCE = re.compile(
    r"\b(?:announced|announces|said|says|confirmed|disclosed|unveiled|revealed|agreed|decided)\b", re.I
)
_NEGATION = re.compile(
    r"\b(?:not|never|no\s+longer|failed\s+to|denied|refused\s+to|cancell?ed|called\s+off)\b", re.I
)
_CONNECTIVE = re.compile(
    r"^(?:(?:Some|Several|Many|A\s+few)\s+years\s+later|Years\s+later|Subsequently|Meanwhile|"
    r"At\s+the\s+same\s+time|After\s+that|Afterwards|Then|Later|In\s+addition|"
    r"In\s+exchange|While|Also|Thereafter|Following\s+this|Following\s+that)\b",
    re.I,
)
_AFTER_CONNECTIVE = re.compile(
    r"^(?:(?:Some|Several|Many|A\s+few)\s+years\s+later|Years\s+later|Subsequently|After\s+that|Afterwards|"
    r"Then|Later|Thereafter|Following)\b",
    re.I,
)
# What may stand between a verb and the date that follows it ("launched at the end of 2022").
_GLUE = re.compile(
    # "succeeded by P, previously COO, with effect from 1 May": an apposition of the argument may stand
    # between it and its date.
    r"[\s,]*(?:(?:previously|formerly|until\s+then|most\s+recently|who\s+(?:was|had\s+been)|an?|the)\s+[^,;()]{2,80},\s*)?"
    r"(?:\([^()]{1,60}\)\s*)?"  # "bought X (founded in 1990) in 2015"
    r"(?:(?:a|the)\s+(?:change|move|switch|rename)\s+that\s+|which\s+)?"
    r"(?:(?:in|on|at|during|for|from|since|by|the|full|whole|year|of|early|late|effective|took|takes|"
    r"take|effect|with|as|back)\s+)*",
    re.I,
)
_RANGE_BEFORE = re.compile(r"(?:[Ff]rom\s+)?\S+(?:\s+\d{4})?\s+(?:to|through|and|until|-|–)\s+$")
_APPOSED = re.compile(
    r",\s+((?:[A-Z][\w'’&\-]*|\([A-Z][^()]*\))(?:\s+(?:[A-Z0-9][\w'’&\-]*|\([A-Z][^()]*\)))*),"
)
_SELLER_BEFORE = re.compile(r"\b(?:from|by|to)\s+(?:the\s+|its\s+)?(?:[\w\-]+\s+){0,3}$")
_RELATIVE = re.compile(
    r",\s+(?:which|who|whose|known|formerly|previously|once|founded|established|set\s+up|created|formed|"
    r"incorporated|listed|renamed|rebranded|based|headquartered|acquired|bought|purchased)\b[^,;]*,"
)
# ", a carrier it had partnered with since 2004, in 2010": an apposition closed before the date.
_CLOSED_APPOSITION = re.compile(r",\s+(?:an?|the)\s+[^,;()]{2,80},")
# ", an option it had agreed in 2021", ", which it had bought in 2019": a later clause with a verb of
# its own dates that verb, not the match before it.
_TRAILING = re.compile(
    r",\s+(?:which|who|whose|that|an?\s+(?!(?:change|move|switch|rename|deal|transaction|sale|purchase|step)\b)"
    r"[\w\-]+(?:\s+[\w\-]+)?\s+(?:it|they|that|which|the\s+\w+))\b"
)
_REFERENCE_CUE = re.compile(
    r"\b(?:today|this\s+week|has\s+\w+ed|have\s+\w+ed|has\s+(?:set|signed|made|won|sold))\b", re.I
)
_REF_WORD = re.compile(r"^(?:" + _macros()["REF"] + r"|its|their|[Ii]ts(?:\s+[\w\-]+){1,3})$", re.I)
_MONEY_ROLES = frozenset(
    {
        "amount",
        "value",
        "price",
        "revenue",
        "net_income",
        "net_loss",
        "contribution",
        "registered_capital",
        "total_assets",
        "operating_income",
        "operating_loss",
        "pretax_income",
        "pretax_loss",
    }
)
_RESULT_MEASURES = ("revenue", "net_income", "operating_income", "pretax_income")
_STAKE_ROLES = frozenset({"stake", "stake_after", "stake_before", "stake_acquired", "partner_stake"})
_PARTY_ROLES = frozenset({"founder", "from", "buyer", "launcher", "location", "parent"})
_NAME_ROLES = frozenset(
    {"new_name", "old_name", "person", "product", "partner", "seller", "brand", "exchange", "model"}
)
_FAR = date(9999, 12, 31)
_ROLE_ONLY = re.compile(r"(?:the\s+)?(?:new\s+)?" + _macros()["ROLE"], re.I)
# "EDINBURGH, Sept. 7, 2022 /PRNewswire/ -- ": a dateline before a story's first name.
_DATELINE_LEAD = re.compile(
    # "BOSTON--(BUSINESS WIRE)--March 4, 2024--" too.
    r"\s*[A-Z][A-Z .'\-]{2,30}(?:,[^\n]{0,80}?|(?:,\s*[A-Za-z.]+)?--\([^)\n]{2,40}\)--[^\n]{0,40}?)"
    r"(?:--|—|–|-)\s*$"
)
_WHICH_BEFORE = re.compile(r",\s+(?:which|who)\s*$")
_WHICH_BEFORE_VERB = re.compile(r",\s+(?:which|who)\s+[^,;]{3,80}$")
_IN_THE_OFFERING = re.compile(
    r"\b(?:in|during|at|through|via)\s+the\s+(?:offering|IPO|listing|flotation|float|share\s+sale)\b", re.I
)
# "sold its 35% stake": the seller's whole holding, so it held 35% until the sale and nothing after it.
_WHOLE_HOLDING = re.compile(
    r"\b(?:its|their|our)\s+(?:entire\s+|whole\s+|remaining\s+|full\s+)?(" + _macros()["PCT"] + r")\s+"
    r"(?:stake|interest|holding|shareholding)\b",
    re.I,
)
# '"We will grow," said P, who was named CEO': a direct quote closed before a match is the speaker's
# words, not a plan or a denial of what the match tells.
_CLOSED_QUOTE = re.compile(r"[\"“][^\"“”\n]{3,400}?[,.!?]\s*[\"”]")
# "the shares it did not already own": a description, not a negation of the deal.
_NOT_ALREADY_OWN = re.compile(
    r"\b(?:it|they|we)\s+(?:did|does|do)\s+not\s+(?:already\s+)?(?:own|hold)\b", re.I
)
_HONORIFIC = re.compile(r"\b(?:Mr|Ms|Mrs|Miss|Dr|Prof|Sir|Dame)\.?\s*$")
_FORMER_OPENER = re.compile(
    r"\s*(?:[Ff]ormerly|[Pp]reviously|[Oo]riginally|[Oo]nce)(?:\s+(?:known\s+as|called|named))?\s+"
)
# "The deal comes two months after ...": the clause after it is dated back from the news.
_COMES_AFTER = re.compile(
    r"\b(?:comes?|came|follows?|followed|is\s+announced)\s+(?:just\s+|only\s+|some\s+|about\s+)?"
    r"(?P<n>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?P<unit>days?|weeks?|months?|years?)\s+after\s+$"
)
_N_AFTER = re.compile(
    r",\s+(?:just\s+|only\s+|some\s+|about\s+)?(?P<n>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"\s+(?P<unit>days?|weeks?|months?|years?)\s+after\s+$"
)
_SWEPT_AFTER = re.compile(r"an?\s+\w+\s+after\s+")
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# ", with completion expected in the third quarter": a date of what is still to come.
_PENDING = re.compile(r"\b(?:expected|scheduled|due|pending|planned|targeted|slated)\b", re.I)
_WITHIN_THAT = re.compile(r"\b(?:that|the\s+same)\s+(?:year|month|quarter|week|day)\b", re.I)
_OF_PLACE = re.compile(r"\s+of\s+([A-Z][\w ]+)$")
_ITS_STAKE = re.compile(
    r"\b(?:sold|divested|offloaded|disposed\s+of|placed)\s+(?:its|their)\s+(?:stake|holding|shares|interest|shareholding)\s+in\b"
)
_COORDINATED = re.compile(r"\band\s*$")
_PRECISION_RANK = {"day": 6, "month": 5, "quarter": 4, "half": 3, "year": 2, "decade": 1}
# Types that describe one entity; they are kept only when that entity is tracked.
_SINGLE_PARTY = frozenset(
    {
        "sales_figure",
        "financial_result",
        "product_launch",
        "leadership",
        "listed",
        "ipo",
        "delisted",
        "headquarters_moved",
        "other",
    }
)


@dataclass
class _Candidate:
    sentence: Sentence
    pattern: Pattern
    match: re.Match[str]
    start: int  # offsets in the document
    end: int


@dataclass
class _Draft:
    type: str
    subject: str
    object: str | None
    date: DatePoint | None
    date_text: str
    attributes: dict[str, Any]
    sentence: Sentence
    rule: str
    confidence: float
    order: int
    after: bool = False  # date is a lower bound ("Subsequently")
    extra: str = ""
    sources: list[str] = field(default_factory=list)
    match_end: int = -1  # where the pattern's match ends in the document (the quote never stops before it)


def _clauses(s: Sentence) -> list[tuple[int, int]]:
    cuts = [0]
    for m in _CLAUSE_CUT.finditer(s.text):
        cuts.append(m.start())
        cuts.append(m.end())
    cuts.append(len(s.text))
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]


def _clause_of(s: Sentence, pos: int) -> tuple[int, int]:
    for a, b in _clauses(s):
        if a <= pos <= b:
            return a, b
    return 0, len(s.text)


def _anchor_bits(patterns: Sequence[Pattern]) -> tuple[list[tuple[str, int]], list[int]]:
    """Each anchor word with the bits of the word sets it belongs to, and each pattern's bits: a
    sentence passes a pattern's pre-filter when the words it contains cover all its bits (one look
    per distinct word and sentence, not one per pattern)."""
    words: dict[str, int] = {}
    needs: list[int] = []
    n = 0
    for p in patterns:
        need = 0
        for ws in p.anchors or ():
            bit = 1 << n
            n += 1
            need |= bit
            for w in ws:
                words[w] = words.get(w, 0) | bit
        needs.append(need)
    return list(words.items()), needs


def _skip_line(s: Sentence) -> bool:
    t = s.text.lstrip()
    return t.startswith(("=", "|", "- ", "•", "*")) or len(t) < 12


@dataclass
class Extractor:
    doc: Document
    registry: Registry
    dates: Sequence[DatedSpan]
    reference: DatePoint | None
    patterns: Sequence[Pattern] = ()
    sentences: list[Sentence] = field(default_factory=list)
    last_jv: str | None = None
    new_company: tuple[int, str] | None = None
    people: set[str] = field(default_factory=set)  # keys of names the current match casts as persons
    _position: dict[int, int] = field(default_factory=dict)
    bullet_dates: dict[int, DatedSpan] = field(default_factory=dict)  # sentence start -> its line's date

    def __post_init__(self) -> None:
        if not self.patterns:
            self.patterns = default_patterns().patterns
        if not self.sentences:
            self.sentences = [
                s for s in split_sentences(self.doc.text) if not self.doc.in_boilerplate(s.start, s.end)
            ]
            self.sentences = [self._bullet(s) for s in self.sentences]
            # "**Acme Ltd** (formerly B) is": markdown emphasis is not part of any phrase.
            self.sentences = [
                replace(s, text=re.sub(r"\*\*|__", "  ", s.text)) if "**" in s.text or "__" in s.text else s
                for s in self.sentences
            ]
            # "[Kvarn Fisk](https://...) bought", "bought 60%[5] of": a Markdown link reads as its text, a
            # citation mark as spaces (offsets hold).
            self.sentences = [
                replace(s, text=blank_links(s.text)) if "[" in s.text else s for s in self.sentences
            ]
            # A company's own page in the first person: "sold our unit", "renamed ourselves" read as
            # "its"/"itself" (same length, so offsets hold); "our company" stays the page's company.
            self.sentences = [
                replace(s, text=_FIRST_PERSON.sub(_third_person, s.text))
                if _FIRST_PERSON.search(s.text)
                else s
                for s in self.sentences
            ]
        self._position = {s.start: i for i, s in enumerate(self.sentences)}

    def _bullet(self, s: Sentence) -> Sentence:
        """A timeline bullet ("- **2010** – Acquired 60% of X.") read with the page's company as its
        subject and the bullet's date as its date."""
        got = read_bullet(s) if s.start == 0 or self.doc.text[s.start - 1] == "\n" else None
        if got is None:
            return s
        sent, span = got
        if span is None:
            return sent
        a, b = span
        tagged = self._dates_in(a, b)
        year = re.search(r"\d{4}", self.doc.text[a:b])
        if tagged:
            self.bullet_dates[sent.start] = tagged[-1]
        elif year:
            point = DatePoint.parse(year.group(0))
            self.bullet_dates[sent.start] = DatedSpan(a, b, self.doc.text[a:b], point, "at")
        return sent

    # -- dates ------------------------------------------------------------------------------------
    def _dates_in(self, start: int, end: int) -> list[DatedSpan]:
        starts = self._date_starts
        if starts is None:
            return [d for d in self.dates if start <= d.start and d.end <= end]
        lo, hi = bisect_left(starts, start), bisect_right(starts, end)
        return [d for d in self.dates[lo:hi] if d.end <= end]

    # Long documents: dates and names are looked up by position (bisection), never scanned whole.
    @cached_property
    def _date_starts(self) -> list[int] | None:
        """Starts of ``dates`` when they come in order (None: they do not, scan them)."""
        starts = [d.start for d in self.dates]
        return starts if starts == sorted(starts) else None

    @cached_property
    def _name_starts(self) -> list[int] | None:
        starts = [m.start for m in self.registry.names]
        return starts if starts == sorted(starts) else None

    def _names_from(self, start: int) -> Iterator[Mention]:
        """The registry's names, from the first one starting at ``start`` or later when they are in
        order (callers still check every bound)."""
        starts = self._name_starts
        names = self.registry.names
        for i in range(0 if starts is None else bisect_left(starts, start), len(names)):
            yield names[i]

    def _names_in(self, start: int, end: int) -> list[Mention]:
        """Names inside ``[start, end)``, in order."""
        starts = self._name_starts
        names = self.registry.names
        if starts is not None:
            names = names[bisect_left(starts, start) : bisect_right(starts, end)]
        return [m for m in names if start <= m.start and m.end <= end]

    @cached_property
    def _blocked(self) -> Spans:
        return Spans([(d.start, d.end) for d in self.dates] + self.registry.blocked)

    def _governing(self, c: _Candidate, dates: list[DatedSpan]) -> DatedSpan:
        """The clause's date for this match: one right after its verb ("launched in May 2020"), else
        one inside it ("said on Thursday"), else the nearest one before it, else the first after it."""
        text = self.doc.text
        after = [d for d in dates if d.start >= c.end and _GLUE.fullmatch(text[c.end : d.start])]
        if after:
            # "for the full year in 2021": the written-out year beats the relative phrase before it.
            if len(after) > 1 and not after[0].absolute and after[1].absolute:
                return after[1]
            return after[0]
        inside = [d for d in dates if c.start <= d.start and d.end <= c.end]
        before = [d for d in dates if d.end <= c.start + 1 and not _AFTER_CONNECTIVE.match(d.text)]
        if inside:
            return inside[-1]  # "Acme said on Thursday it will ...": the date inside the match
        if before:
            return before[-1]
        return dates[0]

    def _range(self, d: DatedSpan) -> DatePoint:
        """ "From January to June" is the first half; other month ranges keep their first month."""
        text = self.doc.text
        m = _RANGE_BEFORE.search(text, max(0, d.start - 40), d.start)
        if m is None or d.point.precision != "month":
            return d.point
        first = next((x for x in self.dates if x.end <= m.end() and x.end >= m.start() and x is not d), None)
        if first is None or first.point.precision != "month" or first.point.start.year != d.point.start.year:
            return d.point
        m0, m1 = first.point.start.month, d.point.start.month
        y = d.point.start.year
        spans = {(1, 3): "Q1", (4, 6): "Q2", (7, 9): "Q3", (10, 12): "Q4", (1, 6): "H1", (7, 12): "H2"}
        if (m0, m1) in spans:
            return DatePoint.parse(f"{y}-{spans[(m0, m1)]}")
        return first.point

    def _trailing(self, end: int, start: int) -> bool:
        """Text between a match and a later date opens a clause of its own (", an option it had agreed
        in 2021", ", a deal it expects to close in the third quarter"): that date is not the match's."""
        # "acquired by O, which paid $40 million, in 2015": a relative clause closed before the date is
        # no clause of that date.
        between = _CLOSED_APPOSITION.sub(",", _RELATIVE.sub(",", self.doc.text[end:start]))
        return bool(_TRAILING.search(between)) or (
            "," in between and bool(_MODAL.search(between) or _PENDING.search(between))
        )

    def _under_until(self, s: Sentence, d: DatedSpan, point: DatePoint) -> DatePoint:
        """ "traded as A until last year, changed its name to B in September": the bare month sits in
        the year the earlier "until" names, not in the year of the writing."""
        if point.precision != "month" or re.search(r"\d{4}", d.text):
            return point
        bound = [
            x
            for x in self._dates_in(s.start, d.start)
            if x.relation in ("until", "before") and x.point.precision == "year"
        ]
        if not bound or bound[-1].point.start.year == point.start.year:
            return point
        return DatePoint.parse(f"{bound[-1].point.start.year:04d}-{point.start.month:02d}")

    def _narrative(self, idx: int) -> tuple[DatedSpan | None, bool]:
        """The date a sentence without dates inherits from the text before it."""
        s = self.sentences[idx]
        connective = _CONNECTIVE.match(s.text)
        after = bool(_AFTER_CONNECTIVE.match(s.text))
        for back in range(1, 4):
            j = idx - back
            if j < 0:
                break
            prev = self.sentences[j]
            if prev.paragraph != s.paragraph and not connective:
                break
            if prev.paragraph != s.paragraph and prev.paragraph < s.paragraph - 1:
                break
            ds = [d for d in self._dates_in(prev.start, prev.end) if d.relation == "at"]
            if ds:
                return ds[0] if prev.paragraph == s.paragraph and back == 1 else ds[-1], after
            if _skip_line(prev):
                break
        return None, False

    def _date_for(self, c: _Candidate) -> tuple[DatePoint | None, str, bool, str]:
        s = c.sentence
        rel = c.match.start()
        back = _COMES_AFTER.search(s.text, 0, rel)
        if back is not None and self.reference is not None:
            # "The deal comes two months after B sold ...": B's sale was that long before the news.
            point = _shift_back(self.reference, back.group("n"), back.group("unit"))
            if point is not None:
                return point, back.group(0).strip(), False, "at"
        who = c.match.start("subject") if "subject" in c.pattern.roles and c.match.group("subject") else rel
        # "a year after O bought it": the subject slot may have swept "a year after" up as a description.
        swept = _SWEPT_AFTER.match(s.text, who)
        since = _N_AFTER.search(s.text, 0, swept.end() if swept else rel)
        anchor = self._dates_in(s.start, s.start + since.start()) if since is not None else []
        if since is not None and anchor and anchor[-1].point.precision in ("year", "month", "day"):
            # "renamed in 2011, a year after O bought it": O's purchase is dated back from 2011.
            point = _shift_back(anchor[-1].point, since.group("n"), since.group("unit"))
            if point is not None:
                return point, f"{since.group(0).strip()} {anchor[-1].text}", False, "at"
        a, b = _clause_of(s, rel)
        # A date inside "X, which launched the brand in 1998, sold ..." dates the relative clause only.
        relative = [(s.start + r.start(), s.start + r.end()) for r in _RELATIVE.finditer(s.text)]
        in_clause = [
            d
            for d in self._dates_in(s.start + a, s.start + b)
            if not any(rs <= d.start and d.end <= re_ for rs, re_ in relative if c.end > re_)
            and not (d.start >= c.end and self._trailing(c.end, d.start))
        ]
        if not in_clause and s.start in self.bullet_dates:
            in_clause = [self.bullet_dates[s.start]]
        borrowed = False
        if not in_clause and c.pattern.date != "present":
            # A date scopes forward: a later clause of the sentence keeps the date of the one before it.
            earlier = self._dates_in(s.start, s.start + a)
            in_clause = earlier[-1:] if earlier else []
            borrowed = bool(in_clause)
        elif in_clause:
            # "which invested in us in 2017 and held 22%": the date belongs to the verb before "and".
            borrowed = all(d.end <= c.start for d in in_clause)
        subjectless = "subject" in c.pattern.roles and c.match.group("subject") is None
        if (
            borrowed
            and subjectless
            and c.pattern.attributes.get("relation") == "holding"
            and _COORDINATED.search(self.doc.text, max(s.start, c.start - 6), c.start + 1)
            and not re.match(r"\W*(?:[\w\-]+\W+){0,3}?$", self.doc.text[s.start : in_clause[-1].start])
        ):
            # A holding told after a dated verb ("invested in 2017 and held 22%") is known from that date on,
            # not at it; a date opening the sentence ("In 2010 X bought A and held B") dates both.
            d = in_clause[-1]
            return d.point, d.text, True, d.relation
        if in_clause:
            d = self._governing(c, in_clause)
            point = self._range(d)
            point = self._under_until(s, d, point)
            relation = d.relation
            # "held 45% until 2017, when it sold 25%": the sale happened in 2017.
            if relation in ("until", "before") and re.match(
                r"\s*,\s+when\b", self.doc.text[d.end : c.start + 12]
            ):
                relation = "at"
            # "later that year": within that year, not after it.
            later = bool(_AFTER_CONNECTIVE.match(d.text)) and not _WITHIN_THAT.search(d.text)
            return point, d.text, later, relation
        if c.pattern.date == "none":
            return None, "", False, ""
        if c.pattern.date == "present" and self.reference is not None:
            return self.reference, "", False, "reference"  # "X, which holds 18%": as of the writing
        in_sentence = [
            d
            for d in self._dates_in(s.start, s.end)
            if not any(rs <= d.start and d.end <= re_ for rs, re_ in relative)
            and not (d.start >= c.end and self._trailing(c.end, d.start))
        ]
        if not in_sentence:
            inherited, after = self._narrative(self._position[s.start])
            if inherited is not None:
                return inherited.point, inherited.text, after, inherited.relation
        clause_text = s.text[a:b]
        if self.reference is not None and (
            c.pattern.date == "reference" or _REFERENCE_CUE.search(clause_text)
        ):
            return self.reference, "", False, "reference"
        # A dated news report: what it tells without a date of its own happened as reported.
        if self.reference is not None and self.reference.precision == "day" and not in_sentence:
            return self.reference, "", False, "reference"
        return None, "", False, ""

    # -- arguments --------------------------------------------------------------------------------
    def _initial_name(self, s: Sentence, before: int | None = None) -> str | None:
        """The name a sentence is about: its first name, when it opens the main clause."""
        stop = s.end if before is None else s.start + before
        for m in self._names_from(s.start):
            if m.start < s.start:
                continue
            if m.start >= stop:
                break
            if m.text.isupper() and self.doc.text[m.end : m.end + 1] == ",":
                continue  # "EDINBURGH, Sept. 7 --": the dateline's city
            lead = self.doc.text[s.start : m.start]
            if _HONORIFIC.search(lead):
                return None  # "Mr Tom Vik was appointed ...": a person opens the sentence
            if _FORMER_OPENER.fullmatch(lead):
                continue  # "Formerly A, the business ...": A is the name it no longer carries
            # Only a name that opens the sentence or follows a short opening phrase ("In 2020, X ...").
            if (
                lead.strip()
                and not (lead.rstrip().endswith(",") and len(lead.split()) <= 6)
                and len(lead.split()) > 1
                and not _DATELINE_LEAD.match(lead)
            ):
                return None
            name = clean(m.text)
            kind = self.registry.kind(name)
            if kind in ("person", "government"):
                return None
            if kind is None and not self.registry.is_focus(name) and len(name.split()) < 2:
                return None
            return name
        return None

    def other_party(self, s: Sentence, pos: int, subject: str) -> str | None:
        """The latest company before ``pos`` (this sentence, then the one before) other than ``subject``."""
        i = self._position.get(s.start, 0)
        before = self.sentences[i - 1] if i > 0 else None
        if before is not None and (before.paragraph != s.paragraph or s.origin >= 0):
            before = None  # another paragraph, or another line of a timeline, tells another story
        for sent in (s, before):
            if sent is None:
                continue
            stop = sent.start + pos if sent is s else sent.end
            found = [
                m
                for m in self._names_in(sent.start, stop)
                if sent.start <= m.start
                and m.end <= stop
                and not self.registry.same(m.text, subject)
                and self.registry.kind(m.text) not in ("person", "government")
                # "bought ... from the investor X", "sold ... to the group Y": a party, not the object.
                and not _SELLER_BEFORE.search(self.doc.text, max(sent.start, m.start - 40), m.start)
            ]
            if found:
                return self.resolve(found[-1].text)
        return None

    def previous_deal(self, s: Sentence, drafts: Sequence[_Draft], *, agreed: bool = False) -> _Draft | None:
        """The last ownership deal told in this paragraph ("..., which it increased to 30%"); with
        ``agreed``, the last purchase agreed and not yet done ("the purchase was completed in June")."""
        if agreed:
            for d in reversed(drafts):
                if d.sentence.paragraph != s.paragraph:
                    return None
                if d.type == "agreement" and d.object and d.attributes.get("side") != "sell":
                    return d
            return None
        for d in reversed(drafts):
            if d.sentence.paragraph != s.paragraph:
                return None
            if d.type in OWNERSHIP_TYPES and d.object:
                return d
        return None

    def previous_object(
        self, s: Sentence, subject: str, drafts: Sequence[_Draft], pos: int = -1
    ) -> str | None:
        """The company an earlier deal of ``subject`` in the paragraph was about ("raised its holding")."""
        for d in reversed(drafts):
            if d.sentence.paragraph < s.paragraph - 1 or s.origin >= 0:
                break
            if d.type in OWNERSHIP_TYPES and d.object and key(d.subject) == key(subject):
                return d.object
        return self.other_party(s, pos if pos >= 0 else len(s.text), subject)

    def nearest(self, s: Sentence, pos: int) -> str | None:
        """The last name before ``pos`` in the sentence ("for the Aurora X5 ... since its launch")."""
        found = self._names_in(s.start, s.start + pos)
        return self.resolve(found[-1].text) if found else None

    def topic(self, s: Sentence, pos: int | None = None, *, previous: bool = True) -> str | None:
        """What "it" or "the company" means at ``pos``: the subject of this sentence or (``previous``)
        the one before."""
        own = self._initial_name(s, pos)
        if own and key(own) not in self.people:
            # A description ("The Austin robot maker") means the company of the section it stands in.
            return self.resolve(own) if not _REF_WORD.match(clean(own)) else self.resolve(own, s)
        i = self._position.get(s.start, 0)
        if i > 0 and previous:
            prev = self.sentences[i - 1]
            if prev.paragraph == s.paragraph:
                name = self._initial_name(prev)
                if name and key(name) not in self.people:
                    return self.resolve(name)
        return self.registry.topic_at(s.start) or self.registry.focus

    def resolve(
        self, text: str | None, sentence: Sentence | None = None, pos: int | None = None
    ) -> str | None:
        if text is None:
            return None
        name = clean(text)
        if not name:
            return None
        if _REF_WORD.match(name) or name.lower() in ("its subsidiary", "its unit", "its parent"):
            low = name.lower()
            # "the Dunlin group": a company the text names elsewhere; "the Leeds group": the one in focus.
            for word in re.findall(r"\b[A-Z][\w'’]+", name)[1:] if name[:1] in "Tt" else []:
                k = key(word)
                if k in self.registry.parent and not self.registry.is_focus(word):
                    others = [m for m in self.registry.names if key(m.text) == k]
                    if len(others) > 1 or self.registry.find(k) != k:
                        return self.registry.canonical(word)
            if "venture" in low and self.last_jv:
                return self.last_jv
            nc = self.new_company
            here = self._position.get(sentence.start) if sentence is not None else None
            if low == "the company" and nc and nc[0] == here:
                return nc[1]
            if sentence is not None and low in ("it", "they"):
                return self.topic(sentence, pos)
            if sentence is not None and low in ("the company", "the firm"):
                # "the company" names the page's company unless its own sentence opens with another one.
                return self.topic(sentence, pos, previous=False)
            section = self.registry.topic_at(sentence.start) if sentence is not None else None
            return section or self.registry.focus
        low = name.lower()
        if low.startswith("the government of "):
            return name[4:]
        if low.startswith(("the ", "a ", "an ", "its ")):
            name = name.split(" ", 1)[1]
            # "the cider maker Tarn Cider Ltd": the description goes, the name stays.
            if re.search(r"\b[A-Z]", name):
                # "the Dutch group Vantor Aviation", "the Orkney boat builder X": a nationality or place and a
                # description before the name.
                name = re.sub(
                    r"^(?:[A-Z][\w\-]*\s+(?=[a-z]))?(?:[a-z][\w\-]*\s+)+",
                    "",
                    name,
                )
            if name.lower().endswith(" group") and self.registry.same(name[:-6], self.registry.focus or ""):
                return self.registry.focus
        if is_generic(name) or not key(name) or _is_exchange(name):
            return None
        place = _OF_PLACE.search(name)
        if place is not None and _is_place(place.group(1)):
            name = name[: place.start()]  # "Matsuda Kasei of Japan": the company, not its country
        return self.registry.canonical(name)

    def _attributes(self, c: _Candidate) -> dict[str, Any]:
        m = c.match
        attrs: dict[str, Any] = {}
        for k, v in c.pattern.attributes.items():
            ref = re.fullmatch(r"\{(\w+)\}", v) if isinstance(v, str) else None
            if ref is not None:
                if ref.group(1) in c.pattern.roles and m.group(ref.group(1)):
                    attrs[k] = clean(m.group(ref.group(1)))
            else:
                attrs[k] = v
        text = c.sentence.text
        for role in c.pattern.roles:
            if role in ("subject", "object"):
                continue
            value = m.group(role)
            if value is None:
                continue
            before = text[max(0, m.start(role) - 25) : m.start(role)]
            base = role.rstrip("0123456789")
            if base in ("subject", "value", "object"):
                continue
            if base == "split":
                # "owned equally by the two partners": a 50:50 split said in words.
                equal = re.search(r"\bequal", value)
                nums = [1.0, 1.0] if equal else [float(x) for x in re.findall(r"\d+", value)]
                if len(nums) == 2 and sum(nums) > 0:
                    attrs["stake"] = round(nums[0] / sum(nums), 6)
                    attrs["partner_stake"] = round(nums[1] / sum(nums), 6)
                continue
            if base == "new_company":
                attrs["new_company"] = True
                continue
            if base in _STAKE_ROLES or base.endswith(("_pct", "_share")):
                frac = args.fraction(value)
                if frac is not None:
                    attrs[base] = frac
                    if args.is_approximate(before + value[:0]):
                        attrs[f"{base}_approx"] = True
            elif base in _MONEY_ROLES:
                got = args.money(value)
                if got is not None:
                    amount, currency = got
                    if base.endswith("_loss"):
                        attrs[base[: -len("_loss")] + "_income"] = -amount  # a loss is a negative result
                    else:
                        attrs[base] = amount
                    if currency:
                        attrs["currency"] = currency
                    if args.is_approximate(before):
                        attrs["approx"] = True
            elif base == "units":
                n = args.number(value)
                if n is not None:
                    attrs["units"] = args.tidy(n)
                    if args.is_approximate(before):
                        attrs["approx"] = True
            elif base == "all":
                # "its remaining", "its entire", "all of its": the seller's whole holding (not always
                # the whole company, so a named buyer is not thereby the sole owner).
                attrs["all"] = True
                attrs["whole_holding"] = True
            elif base == "role" and "role" not in attrs:
                attrs["role"] = " ".join(value.lower().split())
            elif base in _NAME_ROLES or base in _PARTY_ROLES:
                slot = self._slot(c, role)
                if slot and base == "founder" and "founder" in attrs:
                    attrs["founders"] = [attrs["founder"], clean(slot)]  # "by Ann Lee and Bo Kim"
                elif slot and base == "from" and _REF_WORD.match(clean(slot)):
                    # "..., and that it has sold its X brand to Y": the company "it" stands for.
                    named = self.resolve(slot, c.sentence, m.start(role))
                    if named:
                        attrs[base] = named
                elif slot:
                    # "to Matsuda Kasei of Japan", "Nordic Equity Partners (NEP)": the party's own name.
                    attrs[base] = bare(clean(slot)) if base in _PARTY_ROLES else clean(slot)
            else:
                attrs[base] = " ".join(value.split())
        return attrs

    # -- main -------------------------------------------------------------------------------------
    def candidates(self) -> list[_Candidate]:
        out: list[_Candidate] = []
        words, needs = _anchor_bits(self.patterns)
        for s in self.sentences:
            if _skip_line(s):
                continue
            low = s.text.lower()
            found = 0
            for w, bits in words:
                if w in low:
                    found |= bits
            for p, need in zip(self.patterns, needs, strict=True):
                if found & need != need:
                    continue
                if p.require is not None and not p.require.search(s.text):
                    continue
                for m in p.regex.finditer(s.text):
                    out.append(_Candidate(s, p, m, s.start + m.start(), s.start + m.end()))
        # One reading per span and type: the higher priority, then the longer match wins.
        out.sort(key=lambda c: (-c.pattern.priority, -(c.end - c.start), c.start))
        kept: list[_Candidate] = []
        # Kept spans of one type never overlap, so sorted by start their ends rise too: the one kept
        # span starting last before c's end is the only one to test (empty spans: test them all).
        spans: dict[str, tuple[list[int], list[int]]] = {}
        empty: set[str] = set()
        for c in out:
            # A relative clause ("X, which O bought in 2010, was sold to P") is a reading of its own,
            # nested in the main clause's match.
            t = c.pattern.type + (":relative" if c.match.group(0).startswith(("which ", "who ")) else "")
            starts, ends = spans.setdefault(t, ([], []))
            if c.start >= c.end or t in empty:
                same = [k for k in kept if k.pattern.type == c.pattern.type]
                if any(k.start < c.end and c.start < k.end for k in same):
                    continue
                empty.add(t)
            else:
                i = bisect_left(starts, c.end)
                if i > 0 and ends[i - 1] > c.start:
                    continue
                j = bisect_left(starts, c.start)
                starts.insert(j, c.start)
                ends.insert(j, c.end)
            kept.append(c)
        # A match that takes its company from the deal before it ("bought the rest") comes after every
        # other match of its sentence: "O, which had owned 40% of X since 2012, bought the rest" tells the
        # earlier deal inside the later match.
        kept.sort(
            key=lambda c: (
                c.sentence.start,
                "previous" in (c.pattern.object, c.pattern.subject),
                c.start,
                c.pattern.id,
            )
        )
        return kept

    def _modality(self, c: _Candidate) -> str | None:
        """None: a fact; "announced": an announced plan kept as such; "skip": not an event."""
        s = c.sentence
        a, _ = _clause_of(s, c.match.start())
        window = _CLOSED_QUOTE.sub(" ", _NOT_ALREADY_OWN.sub(" ", s.text[a : c.match.end()]))
        if c.pattern.skip_if is not None and c.pattern.skip_if.search(s.text):
            return "skip"
        if _NEGATION.search(window):
            return "skip"
        modal = _MODAL.search(window)
        if modal is None:
            return None
        if c.pattern.announce:
            return "announced"
        announced = _ANNOUNCE.search(s.text, 0, s.start - s.start + a + modal.start())
        if announced is not None:
            return "announced"
        return "skip"

    def drafts(self) -> list[_Draft]:
        out: list[_Draft] = []
        for order, c in enumerate(self.candidates()):
            mode = self._modality(c)
            if mode == "skip":
                continue
            m = c.match
            p = c.pattern
            s = c.sentence
            # The person of a leadership match is never the company "the company" refers to.
            person_roles = ("object", "person") if p.type == "leadership" else ("founder", "founder2")
            self.people = {key(m.group(r)) for r in person_roles if r in p.roles and m.group(r)}
            coord: tuple[str, _Draft] | None = None
            if p.subject == "focus":
                subject = self.registry.topic_at(s.start) or self.registry.focus
            elif p.subject == "topic":
                subject = self.topic(s, m.start())
            elif p.subject == "previous":
                prev = self.previous_deal(s, out, agreed=p.completes)
                subject = prev.subject if prev else None
            elif p.subject == "near":
                subject = self.nearest(s, m.start()) or self.topic(s, m.start())
            elif m.group(p.subject) is None and (rel := _WHICH_BEFORE.search(s.text, 0, m.start())):
                # "Van Riel, which acquired a majority stake": the name the relative clause hangs on
                # ("The Vigo-based company, which ...": the company the sentence is about).
                subject = self.nearest(s, rel.start()) or self.topic(s, m.start())
            elif m.group(p.subject) is None and (coord := self._coordinated_with(c, out)) is not None:
                subject = coord[0]  # "F, which invested in 2017 and held 22%": F
            elif m.group(p.subject) is None:
                subject = self.topic(s, m.start())  # an optional subject the sentence left out
            else:
                subject = self.resolve(self._slot(c, p.subject), s, m.start(p.subject))
                if m.group(p.subject) == "it" and s.text[: m.start(p.subject)].endswith("of "):
                    # "formed a venture, V, and the name of it was changed": "it" is what the sentence
                    # has just told about (V), not its subject.
                    told = next((d for d in reversed(out) if d.sentence is s and d.object), None)
                    subject = told.object if told is not None else subject
            if p.type == "leadership" and "company" in p.roles and m.group("company"):
                # "P replaced Q as chair of X": X's officer, whoever the sentence opens with.
                subject = self.resolve(self._slot(c, "company"), s, m.start("company")) or subject
            obj: str | None = None
            if p.object == "focus":
                obj = self.registry.topic_at(s.start) or self.registry.focus
            elif p.object == "near":
                obj = self.nearest(s, m.start())  # ", which O acquired": the name "which" hangs on
            elif p.object == "topic":
                obj = self.topic(s, m.start())
                if obj is not None and subject is not None and key(obj) == key(subject):
                    obj = None if self.registry.is_focus(subject) else self.registry.focus
            elif p.object == "previous":
                prev = self.previous_deal(s, out, agreed=p.completes)
                obj = prev.object if prev else None
            elif p.object_fallback and p.object in p.roles and not m.group(p.object):
                obj = self.registry.focus if p.object_fallback == "focus" else self.topic(s, m.start())
            elif p.object:
                role = p.object if m.group(p.object) or f"{p.object}2" not in p.roles else f"{p.object}2"
                where = m.start(role) if m.group(role) else None
                slot_text = clean(self._slot(c, role) or "")
                obj = None
                described = slot_text[:4].lower() == "the " and len(slot_text.split()) > 2
                if p.type in OWNERSHIP_TYPES and subject and described and _REF_WORD.match(slot_text):
                    # "Brevik, which is now the sole owner of the tanker company": a described company is
                    # the one the sentence named before, not the page's company.
                    obj = self.other_party(s, where if where is not None else m.start(), subject)
                if obj is None:
                    obj = self.resolve(self._slot(c, role), s, where)
            if (
                coord is not None
                and coord[1].object
                and key(coord[1].subject) == key(coord[0])
                and p.object in p.roles
                and m.group(p.object)
                and _REF_WORD.match(clean(m.group(p.object)))
            ):
                obj = coord[1].object  # "... invested in us and held 22% of the company": that company
            focus = self.registry.focus
            if (
                obj is not None
                and subject
                and focus
                and key(obj) == key(subject) != key(focus)
                and p.subject in p.roles
                and m.group(p.subject)
                and _REF_WORD.match(clean(self._slot(c, p.subject) or ""))
            ):
                # "X was set up as a subsidiary of the company": the page's company, not X itself.
                subject = focus
            if (
                obj is not None
                and subject
                and key(obj) == key(subject)
                and p.object not in (None, "focus", "previous")
            ):
                # "became the sole owner of the company": the company named before, not the buyer.
                slot = p.object in p.roles and m.group(p.object)
                obj = self.other_party(s, m.start(p.object) if slot else m.end(), subject)
            if obj is None and p.subject == "previous" and subject:
                prev = self.previous_deal(s, out)
                obj = prev.object if prev else None
            if obj is None and p.object == "previous":
                continue  # "bought that stake back" with no deal before it: no company to name
            if (
                obj is None
                and p.type in OWNERSHIP_TYPES
                and self.last_jv
                and re.search(r"\bventure\b", m.group(0))
            ):
                obj = self.last_jv  # "bought out its partner's half of the joint venture"
            if obj is None and p.type in OWNERSHIP_TYPES and p.object in p.roles and subject:
                # "X bought 20% of Y from its founders and became its sole owner": Y, inside the match.
                obj = self.previous_object(s, subject, out, m.end()) or None
                if obj is None and not self.registry.is_focus(subject):
                    # "... when the group H bought a 75% stake": the page's company is what was bought.
                    obj = self.registry.focus
            if p.type == "leadership" and obj and _ROLE_ONLY.fullmatch(obj):
                continue  # "appointed Chief Operating Officer": a title is nobody's name
            named_object = bool(p.object) and any(
                r in p.roles and m.group(r) for r in (p.object, f"{p.object}2")
            )
            if not subject or (named_object and not obj):
                continue
            if obj is not None and key(obj) == key(subject):
                continue
            founder = m.group("founder") if "founder" in p.roles else None
            if p.type == "founded" and founder and self.registry.same(clean(founder), subject):
                continue  # "Pell Foods opens a shop": a company's step, not its founding
            if p.type in OWNERSHIP_TYPES and obj is not None and _is_place(obj):
                continue  # "exited Russia, selling its shares": a market left, not a company sold
            date, date_text, after, relation = self._date_for(c)
            if relation in ("reference", "") and _IN_THE_OFFERING.search(m.group(0)):
                # "sold a 20% stake in the offering": on the day of the listing told before it.
                listing = next((d for d in reversed(out) if d.type in ("listed", "ipo") and d.date), None)
                if listing is not None:
                    date, date_text, relation = listing.date, listing.date_text, "at"
            attrs = self._attributes(c)
            type_ = p.type
            if p.completes and (deal := self.previous_deal(s, out, agreed=True)) is not None:
                stake = deal.attributes.get("stake")
                if isinstance(stake, float) and stake < 0.999:
                    type_, attrs["stake"] = "acquired_stake", stake  # "agreed to buy 30% of X ... completed"
            if p.type == "sold_stake":
                _whole_holding(attrs, m.group(0))
            company = attrs.get("company")
            if p.type == "leadership" and isinstance(company, str) and (employer := self.resolve(company, s)):
                subject = employer  # "P will join Brightline as CTO": Brightline's officer
                del attrs["company"]
            for k, v in list(attrs.items()):
                if v == "{=subject}":
                    attrs[k] = subject
            for k, v in c.pattern.attributes.items():
                if v == "{subject}" and k in attrs:
                    raw = clean(m.group("subject") or "")
                    if _REF_WORD.match(raw) or raw.lower().startswith("the "):
                        del attrs[k]  # "the group was renamed X": the old name comes from the chain
                    elif subject:
                        attrs[k] = subject if key(subject).startswith(key(raw)) else raw
            if p.type == "renamed" and subject:
                new = attrs.get("new_name")
                has_slot = "subject" in p.roles and m.group("subject")
                raw = clean(self._slot(c, "subject") or "") if has_slot else ""
                named = bool(raw) and not _REF_WORD.match(raw) and not raw.lower().startswith("the ")
                kin = (
                    None
                    if named or not isinstance(new, str)
                    else namesake(self.registry, self._names_in(s.start, s.start + m.start()), new, subject)
                )
                if kin is None and not named and self.last_jv:
                    # "... made a joint venture named X, and in 2013 the company name of it was changed to Y".
                    before = self._names_in(s.start, s.start + m.start())
                    jv = self.last_jv
                    kin = next((x for x in reversed(before) if self.registry.same(x.text, jv)), None)
                if kin is not None:
                    # "... a venture named Hansung Parts, and in 2013 it was renamed Hansung Mobility".
                    subject = self.registry.canonical(kin.text)
                    if key(kin.text) != key(new):
                        attrs.setdefault("old_name", kin.text)
                if (
                    named
                    and "old_name" not in attrs
                    and isinstance(new, str)
                    and key(raw) != key(new)
                    and words(new)[: len(words(raw))] != words(raw)  # "Fenwick": the new name, short
                ):
                    attrs["old_name"] = raw  # "Nimbus Charter changed its name to Nimbus Airways"
                if (
                    isinstance(new, str)
                    and self.registry.is_focus(new)
                    and not self.registry.is_focus(subject)
                ):
                    subject = self.registry.focus  # the page's company under its earlier name
            if (
                p.type == "founded"
                and "name_at_event" not in attrs
                and "subject" in p.roles
                and m.group("subject")
            ):
                raw = clean(self._slot(c, "subject") or "")
                former = {key(f) for f in self.registry.former_names()}
                if raw and subject and key(raw) != key(subject) and key(raw) in former:
                    attrs["name_at_event"] = raw  # founded under a name it no longer carries
            if p.subject in ("topic", "near") and subject and "product" not in attrs:
                ws = subject.split()
                if len(ws) > 1 and any(ch.isdigit() for ch in ws[-1]):
                    attrs["product"] = subject
            product = attrs.get("product")
            if isinstance(product, str) and p.type in _SINGLE_PARTY | {"product_launch"}:
                brand = self._brand_of(product)
                if brand is None and p.subject in ("topic", "near") and len(product.split()) > 1:
                    guess = " ".join(product.split()[:-1])
                    # "Pell Uno" launched by Pell Motors stays with Pell Motors.
                    if key(subject or "") == key(product) or not key(subject or "").startswith(key(guess)):
                        brand = guess
                if brand and key(brand) != key(subject or ""):
                    attrs.setdefault("launched_by" if p.type == "product_launch" else "reported_for", subject)
                    subject = brand
            if re.search(r"\b(?:a|the)\s+new\s+company\b", s.text) and obj:
                self.new_company = (self._position.get(s.start, -1), obj)
            a0, _ = _clause_of(s, m.start())
            if mode == "announced" or (p.announce and _ANNOUNCE.search(s.text, a0, m.end())):
                attrs.setdefault("status", "announced")
            if relation and relation not in ("at", "reference"):
                attrs["date_relation"] = relation
            if p.ended and relation in ("until", "before"):
                relation = "at"  # "known as A until 1999": the change came in 1999
                attrs.pop("date_relation", None)
            if relation in ("until", "before") and date is not None:
                # "held 40% until 2015": a state that ended then, not an event of 2015.
                attrs["not_after"] = date.value
                date = None
            if after and date is not None:
                attrs["not_before"] = date.value
                date = None
            if p.type == "joint_venture_formed" and obj:
                self.last_jv = obj
            if not subject:
                continue
            drafts = [
                _Draft(
                    type_,
                    subject,
                    obj,
                    date,
                    date_text,
                    attrs,
                    c.sentence,
                    p.id,
                    p.confidence * (0.8 if date is None else 1.0),
                    order,
                    after,
                    match_end=c.end,
                )
            ]
            second = m.groupdict().get("subject2")
            if second:
                other = self.resolve(second, s, m.start("subject2"))
                if other and key(other) != key(subject):
                    drafts.append(replace(drafts[0], subject=other, attributes=dict(attrs), extra="2"))
            if attrs.pop("respectively", None):
                drafts = self._respectively(drafts[0], c)
            out.extend(drafts)
        return out

    def _coordinated_with(self, c: _Candidate, drafts: Sequence[_Draft]) -> tuple[str, _Draft] | None:
        """Who a subjectless "and <verb>" inside a relative clause is about, and the event of the verb
        it continues: "F, which invested in us in 2017 and held 22% of the company" is F's holding
        (the name "which" hangs on), and "the company" there is the company of F's investment."""
        s = c.sentence
        if not _COORDINATED.search(s.text, max(0, c.match.start() - 6), c.match.start() + 1):
            return None
        prior = next((d for d in reversed(drafts) if d.sentence is s), None)
        rel = _WHICH_BEFORE_VERB.search(s.text, 0, c.match.start())
        if prior is None or rel is None:
            return None
        who = self.nearest(s, rel.start())
        return (who, prior) if who else None

    def _slot(self, c: _Candidate, role: str) -> str | None:
        """A name slot's text without the sentence words or dates the capture swept up ("In 2014 Acme")."""
        m = c.match
        if m.group(role) is None:
            return None
        start, end = c.sentence.start + m.start(role), c.sentence.start + m.end(role)
        raw = m.group(role)
        low = clean(raw).lower()
        # "the former joint venture, Aurora Vans, was renamed": the name in apposition is meant.
        if _REF_WORD.match(clean(raw)):
            named = _APPOSED.match(self.doc.text, end)
            if named is not None:
                return named.group(1)
        if _REF_WORD.match(clean(raw)) or raw[:1].islower() or raw[:1] in "\"“'‘" or low.startswith("its "):
            return raw
        span = trim(self.doc.text, start, end, self._blocked)
        if span is None:
            return None
        return self.doc.text[span[0] : span[1]]

    def _respectively(self, d: _Draft, c: _Candidate) -> list[_Draft]:
        """ "From 2018 to 2020 ... A, B and C respectively": one event per year."""
        m = c.match
        values = [m.group(r) for r in c.pattern.roles if r.startswith("value") and m.group(r)]
        years = [int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", c.sentence.text[: m.start()] + " ")]
        if len(years) < 2 or years[1] - years[0] + 1 != len(values):
            return []
        loss = bool(re.search(r"\blosses\b", m.group(0)))
        out: list[_Draft] = []
        for i, raw in enumerate(values):
            got = args.money(raw)
            if got is None:
                continue
            amount, currency = got
            attrs = {k: v for k, v in d.attributes.items() if not k.startswith("value")}
            attrs["net_income"] = -amount if loss else amount
            if currency:
                attrs["currency"] = currency
            year = DatePoint.parse(str(years[0] + i))
            out.append(
                replace(
                    d,
                    date=year,
                    date_text=f"{years[0]}-{years[-1]} (respectively)",
                    attributes=attrs,
                    extra=str(i),
                )
            )
        return out

    def _brand_of(self, product: str) -> str | None:
        """The brand a product name starts with ("Aurora X5" -> "Aurora"), when the document knows it."""
        ws = product.split()
        for n in range(len(ws) - 1, 0, -1):
            prefix = " ".join(ws[:n])
            k = key(prefix)
            if k in self.registry.brands or self.registry.kind(prefix) == "brand":
                return self.registry.canonical(prefix) if self.registry.kind(prefix) != "brand" else prefix
        return None


def _shift_back(ref: DatePoint, n_text: str, unit: str) -> DatePoint | None:
    """The date ``n`` units before the reference date, at the precision the unit allows."""
    n = int(n_text) if n_text.isdigit() else _NUMBER_WORDS.get(n_text.lower())
    if n is None:
        return None
    day = ref.start
    if unit.startswith("year"):
        return DatePoint.parse(f"{day.year - n:04d}")
    if unit.startswith("month") or ref.precision != "day":
        months = day.year * 12 + day.month - 1 - (n if unit.startswith("month") else 0)
        return DatePoint.parse(f"{months // 12:04d}-{months % 12 + 1:02d}")
    days = n * (7 if unit.startswith("week") else 1)
    return DatePoint.parse((day - timedelta(days=days)).isoformat())


_FIRST_PERSON = re.compile(r"\b(?:[Oo]ur(?!\s+(?:company|group|firm|business)\b)|ourselves)\b")


def _third_person(m: re.Match[str]) -> str:
    word = m.group(0)
    if word == "ourselves":
        return "itself   "
    return "Its" if word[0] == "O" else "its"


_CLAUSE_BREAK = re.compile(r"[,;:]\s|\s[-–—]\s|\s(?:and|but|while|whereas)\s")


def _quote_end(text: str, match_end: int, end: int) -> int:
    """Where an event's quote stops: the sentence's end, unless a later clause of it tells a plan
    ("..., said it would keep the factory open until 2030"): then the clause break before that plan."""
    if match_end < 0 or match_end >= end:
        return end
    tail = text[match_end:end]
    plan = _MODAL.search(tail)
    if plan is None:
        return end
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(tail, 0, plan.start())]
    if not breaks:
        return end
    cut = match_end + breaks[0]
    return cut if text[cut - 1 : cut] != " " else cut - 1


def _whole_holding(attrs: dict[str, Any], text: str) -> None:
    """A sale of "its 35% stake" ends the seller's holding; the 35% it held before is kept as
    ``stake_before`` (the state before the sale can be inferred from it). "10% of its 30% stake"
    leaves 20%."""
    part, before = args.fraction(str(attrs.get("part", ""))), attrs.get("stake_before")
    if "stake" not in attrs and part is not None and isinstance(before, float):
        # "offloaded half of its 20% stake": 10% sold, 10% kept.
        attrs["stake"] = round(before * part, 6)
        attrs.setdefault("stake_after", round(before - before * part, 6))
        return
    if "stake" not in attrs and "part" not in attrs and _ITS_STAKE.search(text):
        attrs.setdefault("all", True)  # "sold its stake in X": all of it
        attrs["whole_holding"] = True
        return
    m = _WHOLE_HOLDING.search(text)
    stake = attrs.get("stake")
    held = args.fraction(m.group(1)) if m is not None else None
    if held is None or not isinstance(stake, float) or stake > held:
        return
    attrs["stake_before"] = held
    if stake == held:
        attrs.setdefault("all", True)
    else:
        attrs.setdefault("stake_after", round(held - stake, 6))


def _rest_bought(attrs: dict[str, Any], type_: str) -> None:
    """The holding before a deal that gives both its size and the holding after it: "bought the remaining
    30%" held 70% before, "bought 10%, lifting its stake to 35%" held 25%, "sold 20%, reducing its holding
    to 35%" held 55%."""
    stake, after = attrs.get("stake"), attrs.get("stake_after")
    if "stake_before" in attrs or not isinstance(stake, float) or not isinstance(after, float):
        return
    if type_ in ("became_sole_owner", "acquired_stake", "investment") and 0 < stake < after:
        attrs["stake_before"] = round(after - stake, 6)
    elif type_ == "sold_stake" and stake + after <= 1.0:
        attrs["stake_before"] = round(after + stake, 6)


def _is_place(name: str) -> bool:
    """A country or city name alone ("Russia"), which no deal buys or sells."""
    return clean(name).lower() in _places()


@cache
def _places() -> frozenset[str]:
    return frozenset(p.lower() for p in lexicon().places)


def _is_exchange(name: str) -> bool:
    """ "Euronext Dublin", "the Main Board": where shares trade, never a party to a deal."""
    return bool({w.lower() for w in re.findall(r"\w+", name)} & lexicon().exchange_words)


def _compatible(a: _Draft, b: _Draft) -> bool:
    if a.date is None or b.date is None:
        return True
    if a.after or b.after:
        first, second = (a, b) if a.after else (b, a)
        return bool(first.date and second.date and second.date.end >= first.date.start)
    return a.date.start <= b.date.end and b.date.start <= a.date.end


def _rank(d: _Draft) -> tuple[int, int, float]:
    prec = _PRECISION_RANK.get(d.date.precision, 0) if d.date else -1
    return (prec - (3 if d.after else 0), len(d.attributes), d.confidence)


def _identity(d: _Draft) -> tuple[str, ...]:
    attrs = d.attributes
    return (
        d.type,
        key(d.subject),
        key(d.object or ""),
        key(str(attrs.get("new_name", ""))),
        key(str(attrs.get("product", ""))),
        str(attrs.get("units", "")) if d.type == "sales_figure" else "",
    )


def merge_repeats(drafts: Sequence[_Draft]) -> list[_Draft]:
    """One event per real event per document: the most precise mention wins, attributes are pooled."""
    kept: list[_Draft] = []
    # Where in ``kept`` each identity sits (a merged draft keeps its twin's identity), so a draft is
    # compared with its possible twins only, not with every event of a long document.
    slots: dict[tuple[str, ...], list[int]] = {}
    for d in sorted(drafts, key=lambda x: x.order):
        same = slots.setdefault(_identity(d), [])
        twin = next((kept[j] for j in same if _compatible(kept[j], d)), None)
        if twin is None:
            same.append(len(kept))
            kept.append(d)
            continue
        best, other = (d, twin) if _rank(d) > _rank(twin) else (twin, d)
        merged = {**other.attributes, **best.attributes}
        merged.pop("not_before", None) if not best.after else None
        kept[next(j for j in same if kept[j] == twin)] = replace(best, attributes=merged)
    return sorted(kept, key=lambda x: x.order)


def buyer_side(drafts: list[_Draft], ex: Extractor) -> list[_Draft]:
    """A sale of a whole company to a named buyer makes the buyer its sole owner ("Rheintal sold Wendel
    to Auerbach in 2004"). A stake sold to a buyer stays one event: the state fold credits the buyer."""
    out = list(drafts)
    for d in drafts:
        buyer = d.attributes.get("buyer")
        if d.type != "sold_stake" or not d.object or not isinstance(buyer, str):
            continue
        who = ex.resolve(buyer)
        if not who or key(who) == key(d.object):
            continue
        whole_company = d.attributes.get("all") is True and not d.attributes.get("whole_holding")
        if not whole_company or "stake" in d.attributes:
            continue
        type_, attrs = "became_sole_owner", {"stake": 1.0}
        if any(
            o.type == type_ and key(o.subject) == key(who) and key(o.object or "") == key(d.object)
            for o in drafts
        ):
            continue
        out.append(replace(d, type=type_, subject=who, attributes=attrs, extra="buyer", sources=[]))
    return out


def tracked(drafts: Sequence[_Draft], registry: Registry) -> list[_Draft]:
    """Drop events about entities the document does not follow (other companies' sales, market figures).

    Only a document with a clear subject (named at least twice) has entities it does not follow.
    """
    focus_mentions = sum(1 for m in registry.names if registry.is_focus(m.text))
    if focus_mentions < 2:
        return list(drafts)
    core: set[str] = set(registry.owned)
    if registry.focus:
        core.add(key(registry.focus))
    # Entities the focus owns, launched or founded join it; then brands and units they launched.
    for _ in range(2):
        for d in drafts:
            s, o = key(d.subject), key(d.object or "")
            launcher = key(str(d.attributes.get("launched_by", "")))
            if d.type == "product_launch" and launcher in core:
                core.add(s)
            seller = key(str(d.attributes.get("from", "")))
            if d.type == "trademark_transferred" and seller and _is_core(seller, core, registry):
                core.add(s)  # "X sold its Crumbly brand to Y": the seller's brand is news about the seller
            if d.type in OWNERSHIP_TYPES | {"brand_launched", "trademark_transferred", "founded", "merged"}:
                if s in core and o:
                    core.add(o)
                if o in core and d.type in ("brand_launched", "trademark_transferred"):
                    core.add(s)
    partners = {key(d.object or "") for d in drafts if key(d.subject) in core and d.object} | {
        key(d.subject) for d in drafts if key(d.object or "") in core
    }
    out: list[_Draft] = []
    heads = _word_prefixes(core)
    for d in drafts:
        s, o = key(d.subject), key(d.object or "")
        about_core = _is_core(s, core, registry, heads) or bool(o and _is_core(o, core, registry, heads))
        # "B sold its unit U to P" where P is the page's company (or a company it follows): P's deal too.
        party = key(str(d.attributes.get("buyer") or "")) if d.type in OWNERSHIP_TYPES else ""
        about_core = about_core or bool(party and _is_core(party, core, registry, heads))
        partner_deal = d.type in ("investment", "acquired_stake", "agreement") and o in partners
        # A founding or a change of name is news about whoever it names, wherever it is told.
        if about_core or partner_deal or d.type in ("founded", "renamed", "name_change_proposed"):
            out.append(d)
    return out


def _is_core(k: str, core: set[str], registry: Registry, heads: set[str] | None = None) -> bool:
    if k in core:
        return True
    # A model of a tracked brand ("Aurora X5" for the brand Aurora), or the brand of a tracked model.
    if heads is not None:
        # ``heads``: the leading words of every core name, so no scan of the core per name.
        return bool(k) and (k in heads or any(k[:i] in core for i in _spaces(k)))
    return any(k.startswith(c + " ") or c.startswith(k + " ") for c in core if c and k)


def _spaces(k: str) -> list[int]:
    """Where the spaces of ``k`` are, after its first character."""
    return [i for i in range(1, len(k)) if k[i] == " "]


def _word_prefixes(names: set[str]) -> set[str]:
    """Every ``n[:i]`` that is followed by a space in ``n`` (the leading words of the names)."""
    return {n[:i] for n in names if n for i in _spaces(n)}


def fill_old_names(drafts: list[_Draft], registry: Registry | None = None) -> None:
    """A rename without the old name takes it from the rename (or founding name) before it."""
    by_subject: dict[str, list[_Draft]] = {}
    for d in drafts:
        if d.type in ("renamed", "founded"):
            by_subject.setdefault(key(d.subject), []).append(d)
    for chain in by_subject.values():
        chain.sort(key=_when)
        current: str | None = None
        for i, d in enumerate(chain):
            if d.type == "renamed" and d.date is None and "not_before" in d.attributes:
                nxt = next((x for x in chain[i + 1 :] if x.type == "renamed" and x.date is not None), None)
                if nxt is not None and nxt.date is not None:
                    d.attributes.setdefault("not_after", nxt.date.value)
            if d.type == "founded":
                current = str(d.attributes.get("name_at_event") or current or "") or None
                continue
            new = key(str(d.attributes.get("new_name")))
            if "old_name" not in d.attributes and current and key(current) != new:
                d.attributes["old_name"] = current
            elif "old_name" not in d.attributes and registry is not None and registry.is_focus(d.subject):
                # The first rename the text tells: the old name is the former name the page gives.
                former = registry.former_names()
                olds = [f for f in former if key(f) != new]
                if len(olds) == 1:
                    d.attributes["old_name"] = olds[0]
            current = str(d.attributes.get("new_name") or current)
    if registry is None:
        return
    for d in drafts:
        dropped, new_name = d.attributes.get("dropped"), d.attributes.get("new_name")
        if d.type != "renamed" or "old_name" in d.attributes:
            continue
        if not isinstance(dropped, str) or not isinstance(new_name, str):
            continue
        # "dropped 'Textiles' from its name and is now simply Tolvan": the old name is the new one with the
        # word back, as the document itself spells it somewhere (never a name the text does not give).
        for old in (f"{new_name} {dropped}", f"{dropped} {new_name}"):
            k = key(old)
            if k and k != key(new_name) and k in registry.parent:
                d.attributes["old_name"] = registry.surface.get(k, clean(old))
                break


def _when(d: _Draft) -> date:
    if d.date is not None:
        return d.date.start
    nb = d.attributes.get("not_before")
    if isinstance(nb, str):
        try:
            return DatePoint.parse(nb).end
        except Exception:
            return _FAR
    return _FAR


def as_subsidiaries(drafts: list[_Draft], registry: Registry, extra: Sequence[str] = ()) -> None:
    """ "X was founded" about a known subsidiary of the focus is the focus establishing it."""
    focus = registry.focus
    if not focus:
        return
    subs = [
        d.object
        for d in drafts
        if d.type == "established_subsidiary" and registry.is_focus(d.subject) and d.object
    ]
    subs += list(extra)
    heads = {_head(s) for s in subs if _head(s)}
    keys = {key(s) for s in subs}
    roots = {registry.find(k) for k in keys}
    # A unit whose creation the text already tells as a deal (a joint venture) keeps that reading.
    dealt = {
        key(d.object)
        for d in drafts
        if d.type in OWNERSHIP_TYPES and d.object and registry.is_focus(d.subject)
    }
    found: list[_Draft] = []
    for d in drafts:
        if d.type != "founded" or registry.is_focus(d.subject) or key(d.subject) in dealt:
            continue
        if key(d.subject) in keys or registry.find(key(d.subject)) in roots or _head(d.subject) in heads:
            # Both readings: the unit was founded, and the group set it up.
            found.append(
                replace(
                    d,
                    type="established_subsidiary",
                    subject=focus,
                    object=d.subject,
                    attributes=dict(d.attributes),
                    extra="subsidiary",
                )
            )
    drafts.extend(found)


def _head(name: str) -> str:
    """The first distinctive word of a name (after a place): "Chongqing Ruichi Automobile" -> "ruichi"."""
    from events.extract.names import core_words, place_prefix

    ws = core_words(name)
    ws = ws[place_prefix(ws) :]
    return ws[0] if ws and len(ws[0]) >= 4 and not is_generic(ws[0]) else ""


_BRAND_OF = re.compile(r"\b(?:is|was)\s+(?:the|a)\s+brand\s+of\s+(?P<owner>[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+)*)")
_JV_BRAND = re.compile(r"\bjoint\s+venture\s+brand\s+with\s+(?P<partner>[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+)*)")


def brand_facts(ex: Extractor, drafts: list[_Draft]) -> None:
    """A launch without a launcher takes the owner its paragraph names ("the brand of X").

    "A joint venture brand with Y" adds Y as a partner holder.
    """
    for d in drafts:
        if d.type != "brand_launched":
            continue
        para = [s for s in ex.sentences if s.paragraph == d.sentence.paragraph]
        text = " ".join(s.text for s in para)
        if d.object is None:
            m = _BRAND_OF.search(text)
            if m:
                d.object = ex.resolve(m.group("owner"))
        j = _JV_BRAND.search(text)
        if j and "partners" not in d.attributes:
            partner = ex.resolve(j.group("partner"))
            if partner:
                d.attributes["partners"] = [partner]


def attach_stakes(drafts: list[_Draft]) -> list[_Draft]:
    """Details told in their own sentence ("Aurora holds 60% of the venture", "its stake will fall to
    32%") join the deal before them: same holder, same paragraph, at most two sentences back."""
    out: list[_Draft] = []
    for d in drafts:
        if d.rule.endswith(".attach"):
            near = [
                p
                for p in reversed(out)
                if p.type in OWNERSHIP_TYPES
                and p.sentence.paragraph == d.sentence.paragraph
                and d.sentence.start - p.sentence.start <= 600
                and (key(p.subject) == key(d.subject) or p.sentence is d.sentence)
            ]
            # Shares of a venture go to the venture's formation, a stake change to the deal before it.
            same = [p for p in near if p.type == d.type]
            # Shares of a venture go to a venture only ("O owned 60% of X" is no venture's split).
            pool = same if d.type == "joint_venture_formed" else (same or near)
            target = pool[0] if pool else None
            if target is not None:
                for k, v in d.attributes.items():
                    if k not in ("status",) and (
                        k not in target.attributes or k.startswith(("stake", "partner"))
                    ):
                        target.attributes[k] = v
                continue
            if d.type == "joint_venture_formed":
                continue  # shares of a venture the text never formed
        out.append(d)
    return out


def to_events(doc: Document, drafts: Sequence[_Draft], published: str | None, how: str | None) -> list[Event]:
    events: list[Event] = []
    seen: set[str] = set()
    for d in drafts:
        s = d.sentence
        figures = "|".join(
            str(d.attributes.get(k, "")) for k in ("units", "stake", "stake_after", "new_name")
        )
        when = d.date.value if d.date else ""
        extra = f"{key(d.subject)}|{key(d.object or '')}|{figures}|{when}|{d.extra}"
        eid = event_id(doc.sha256, s.start, s.end, d.type, extra)
        if eid in seen:
            continue
        end = _quote_end(doc.text, d.match_end, s.end)
        seen.add(eid)
        events.append(
            Event(
                id=eid,
                type=d.type,
                subject=d.subject,
                object=d.object,
                date=d.date,
                date_text=d.date_text,
                attributes=dict(d.attributes),
                source=Source(doc.name, doc.sha256, s.quote_start, end, doc.text[s.quote_start : end]),
                published=published,
                published_how=how,
                confidence=round(d.confidence, 3),
                rule=d.rule,
            )
        )
    return events


def extract_events(
    doc: Document,
    registry: Registry,
    dates: Sequence[DatedSpan],
    reference: DatePoint | None,
    *,
    published: str | None = None,
    published_how: str | None = None,
    patterns: Sequence[Pattern] = (),
    subsidiaries: Sequence[str] = (),
) -> tuple[list[Event], list[NameLink]]:
    """Events of ``doc`` found by the patterns (infobox and tables are read elsewhere), and the
    name links the events imply.

    ``subsidiaries`` names the focus's subsidiaries known from elsewhere in the document (its infobox).
    """
    ex = Extractor(doc, registry, dates, reference, patterns)
    drafts = ex.drafts()
    drafts = attach_stakes(drafts)
    brand_facts(ex, drafts)
    as_subsidiaries(drafts, registry, subsidiaries)
    drafts = tracked(drafts, registry)
    drafts = buyer_side(drafts, ex)
    drafts = merge_repeats(drafts)
    for d in drafts:
        _rest_bought(d.attributes, d.type)
        a = d.attributes
        since = a.get("relation") == "holding" and a.get("date_relation") == "since"
        if since and "stake" not in a and isinstance(a.get("stake_after"), float):
            a["stake"] = a["stake_after"]  # "has owned 12.5% of T since 2013": it began then, that size
        if d.type == "financial_result" and "metric" not in d.attributes:
            # The figure's name keeps a year's revenue and its profit two facts, not rival values of one.
            named = [k for k in _RESULT_MEASURES if k in d.attributes]
            if len(named) == 1:
                d.attributes["metric"] = named[0]
    fill_old_names(drafts, registry)
    return to_events(doc, drafts, published, published_how), rename_short_links(ex, drafts)


def rename_short_links(ex: Extractor, drafts: Sequence[_Draft]) -> list[NameLink]:
    """A short form of a name the focus took ("Aurora Tech" for "Aurora Tech Innovation (Group)")
    names the focus too, when it names nothing else in the document."""
    reg = ex.registry
    if not reg.focus:
        return []
    names: set[str] = set()
    for d in drafts:
        if d.type in ("renamed", "founded") and reg.is_focus(d.subject):
            for k in ("new_name", "old_name", "name_at_event"):
                v = d.attributes.get(k)
                if isinstance(v, str):
                    names.add(v)
    out: list[NameLink] = []
    for d in drafts:
        old = d.attributes.get("name_at_event")
        if d.type == "founded" and isinstance(old, str) and key(old) != key(d.subject):
            s = d.sentence
            out.append(
                NameLink(
                    name=d.subject,
                    other=old,
                    kind="former_name",
                    source=Source(
                        ex.doc.name, ex.doc.sha256, s.quote_start, s.end, ex.doc.text[s.quote_start : s.end]
                    ),
                )
            )
    seen: set[str] = set()
    # The focus's names by first word, in the set's order: a mention looks only at those it may start.
    by_first: dict[str, list[str]] = {}
    for full in names:
        fw = full.split()
        if fw:
            by_first.setdefault(fw[0], []).append(full)
    for m in reg.names:
        ws = m.text.split()
        if len(ws) < 2 or m.text in seen or reg.is_focus(m.text):
            continue
        k = key(m.text)
        members = reg.members(k) if k in reg.parent else [k]
        if len(members) > 1:
            continue
        for full in by_first.get(ws[0], ()):
            fw = full.split()
            if len(fw) > len(ws) and fw[: len(ws)] == ws:
                seen.add(m.text)
                src = Source(ex.doc.name, ex.doc.sha256, m.start, m.end, ex.doc.text[m.start : m.end])
                out.append(NameLink(name=full, other=m.text, kind="short_name", source=src))
                break
    return out


__all__ = ["Extractor", "extract_events"]
