"""Find proper names in text and compare short and full forms of a name.

A name is a run of capitalised words (digits and CJK allowed after the first
word, "of"/"&" inside, a capitalised parenthesis such as "(Group)") plus a
legal tail ("Co., Ltd").  Leading sentence words ("In", "The") are trimmed.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from events.extract.lexicon import lexicon

_WORD = r"(?:[A-Z\u00C0-\u00DD][\w&+\-]*(?:['’](?!s\b)\w+)*|[\u4e00-\u9fff]+)"
_NEXT = (
    r"(?:[A-Z\u00C0-\u00DD][\w&+\-]*(?:['’](?!s\b)\w+)*|\d[\w+\-]*+(?![:.,]\d|%)|[\u4e00-\u9fff]+"
    r"|\([A-Z][\w'’ &\-]*\))"
)
_LEGAL_TAIL = re.compile(
    r"(?:\.?,?\s*(?:Co\.,?\s*)?(?:Ltd|Limited|Inc|LLC|PLC|plc|GmbH|AG|SE|ASA|AS|AB|ApS|NV|BV|SpA|N\.V|S\.A|a\.s|s\.r\.o)\b\.?|\.)"
)
# Lower-case words inside a name: "Bank of Oslo", "Conservas del Norte", "Van der Berg & Zonen".
_LINK = r"(?:of|&|de|la|del|di|da|do|dos|das|des|du|den|der|von|van|y)"
NAME_RE = re.compile(rf"(?<![\w'’]){_WORD}(?:(?:[ \t]+|[ \t]+{_LINK}[ \t]+){_NEXT})*")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LEGAL_ABBR = {"Co", "Inc", "Corp", "Ltd", "Bros", "Jr"}
# "Leeds-based", "state-owned", "Oslo-listed": a description of a company, never part of its name.
_DESCRIPTIVE = re.compile(
    r"[\w.]+-(?:based|owned|listed|registered|headquartered|born|backed|controlled|run|led|made|focused)[,.]?"
)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str


def _extend_legal(text: str, end: int, last_word: str) -> int:
    if len(last_word) == 1 and last_word.isupper():
        # "Andina S.A.", "Holding N.V.": a dotted legal form whose first letter the name run took.
        dotted = re.match(r"(?:\.[A-Za-z]{1,2})+\.?", text[end:])
        if dotted:
            return end + dotted.end()
    m = _LEGAL_TAIL.match(text, end)
    if m is None:
        return end
    tail = m.group(0)
    if tail == ".":
        return end + 1 if last_word in _LEGAL_ABBR else end
    return m.end()


class Spans:
    """Spans sorted once, so "does any overlap [start, end)?" costs a bisection, not a scan of all
    of a long document's dates."""

    __slots__ = ("_reach", "_starts")

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        # _reach[i]: the furthest end among the first i + 1 spans.
        self._reach: list[int] = []
        far = -1
        for _, e in ordered:
            far = max(far, e)
            self._reach.append(far)

    def overlaps(self, start: int, end: int) -> bool:
        """Some span (s, e) has ``s < end and start < e``."""
        i = bisect_left(self._starts, end)
        return i > 0 and self._reach[i - 1] > start


def trim(
    text: str, start: int, end: int, blocked: Sequence[tuple[int, int]] | Spans = ()
) -> tuple[int, int] | None:
    """Trim leading sentence words and words inside ``blocked`` spans (dates) from a name span."""
    stop = lexicon().leading_stopwords
    spans = blocked if isinstance(blocked, Spans) else Spans(blocked)
    while start < end:
        m = re.match(r"\S+", text[start:end])
        if m is None:
            return None
        word = m.group(0)
        w_end = start + m.end()
        if (
            word in stop
            or word.rstrip(".,") in stop
            or _DESCRIPTIVE.fullmatch(word)
            or word[:1].isdigit()
            or word[:1].islower()
            or spans.overlaps(start, w_end)
        ):
            nxt = re.match(r"\S+\s+", text[start:end])
            if nxt is None:
                return None
            start += nxt.end()
            continue
        break
    # Trailing words inside a date ("Huawei May 2021") go too.
    while start < end and spans.overlaps(start, end):
        cut = text.rfind(" ", start, end)
        if cut <= start:
            return None
        end = cut
    if start >= end or not (text[start].isupper() or has_cjk(text[start])):
        return None
    return start, end


def find_names(
    text: str, start: int = 0, end: int | None = None, blocked: Sequence[tuple[int, int]] = ()
) -> list[Mention]:
    """Capitalised names in ``text[start:end]`` (trimmed), in order."""
    stop_at = len(text) if end is None else end
    out: list[Mention] = []
    pos = start
    spans = Spans(blocked)
    while True:
        m = NAME_RE.search(text, pos, stop_at)
        if m is None:
            break
        s, e = m.start(), m.end()
        pos = e
        last = m.group(0).split()[-1]
        e = min(_extend_legal(text, e, last), stop_at)
        pos = max(pos, e)
        span = trim(text, s, e, spans)
        if span is None:
            continue
        s, e = span
        out.append(Mention(s, e, text[s:e]))
    return out


def clean(name: str) -> str:
    """A name without surrounding quotes, spaces and possessive marks."""
    name = name.strip().strip("\"'“”‘’").strip()
    name = re.sub(r"(?:['’]s|['’])$", "", name)
    return name.strip().rstrip(",;:")


def words(name: str) -> list[str]:
    """Lower-cased words of a name, punctuation removed (CJK kept)."""
    return list(_words(name))


@cache
def _words(name: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKC", name).casefold().replace("’", "'")
    text = re.sub(r"'s\b", "", text).replace("'", "")
    text = re.sub(r"\ba\.s\.?", "as", text)
    out: list[str] = []
    for w in re.findall(r"[\w\u4e00-\u9fff]+", text):
        # "a.s." and "N.V." arrive as single letters: one word.
        if (
            len(w) == 1
            and w.isalpha()
            and out
            and len(out[-1]) < 3
            and out[-1].isalpha()
            and out[-1] not in "ai"
        ):
            out[-1] += w
        else:
            out.append(w)
    return tuple(out)


def core_words(name: str) -> list[str]:
    """Words of a name without a leading "the" and trailing legal forms ("the X Group Co." -> [x])."""
    lex = lexicon()
    ws = words(name)
    if len(ws) > 1 and ws[0] == "the":
        ws = ws[1:]
    while len(ws) > 1 and ws[-1] in lex.legal_suffixes:
        ws.pop()
    # "Automobiles" and "Automobile" are one name.
    return [w[:-1] if w.endswith("s") and w[:-1] in lex.descriptors else w for w in ws]


def place_prefix(ws: list[str]) -> int:
    """How many leading words of ``ws`` name a place (0 when none)."""
    for n in (3, 2, 1):
        if len(ws) > n and tuple(ws[:n]) in _place_words():
            return n
    return 0


@cache
def _place_words() -> frozenset[tuple[str, ...]]:
    return frozenset(_words(p) for p in lexicon().places)


def is_generic(name: str) -> bool:
    """A "name" made only of a place, business words and sentence words ("Automobiles", "Chongqing")."""
    ws = words(name)
    generic = _generic_words()
    rest = [w for w in ws if w not in generic]
    if not rest:
        return True
    return " ".join(rest) in _place_keys()


@cache
def _generic_words() -> frozenset[str]:
    lex = lexicon()
    stop = {w.lower() for w in lex.leading_stopwords}
    return lex.legal_suffixes | lex.descriptors | lex.nationalities | stop


@cache
def _place_keys() -> frozenset[str]:
    return frozenset(" ".join(w) for w in _place_words())


def has_cjk(name: str) -> bool:
    return bool(_CJK.search(name))
