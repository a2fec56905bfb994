"""A document's reference date: the day (or month, or year) it was written.

Relative expressions ("last year", "On July 4") are resolved against it, so
it is found in this order, stopping at the first answer:

1. ``metadata``: a date the file carries (front matter, an HTML meta tag, or
   ``--published`` on ingest).  Parsed at the precision given.
2. ``dateline``: a date line or byline near the top of the article ("May 19,
   2025, 2:36 AM ET", "By Jane Roe | 3 June 2024", "Published: 2024-05-01",
   "BEIJING, March 3 (Reuters) -").
3. ``inferred``: the document cannot predate the latest past event it reports
   ("In February 2026, X announced"), nor a period it reports as finished
   ("full-year 2021 sales", "sold 6,150 cars in December"); relative phrases
   pin it further ("in November last year" next to "In November 2025" puts it
   in 2026; a bare "On July 11" with no year in sight puts it in July).

Page chrome never counts: spans the reader marked as boilerplate, plus lines
this module recognises by itself (teaser lists of dated headlines, "13 hours
ago", copyright and "Register now" lines, lorem ipsum, "SEE ALSO:" links).
Nothing here reads the clock.
"""

from __future__ import annotations

import bisect
import calendar
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from events.errors import DateError, RuleError
from events.model import DatePoint
from events.temporal.timex import Timex

TagFn = Callable[[str, str | None], Sequence[Timex]]

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _i:
        _MONTHS[_name.lower()] = _i
        _MONTHS[_name[:3].lower()] = _i
_MONTHS["sept"] = 9

# Capitalised names only: "march" and "may" in lower case are verbs.  "May" is
# only taken as a month next to a day or a year, or after a preposition.
_MONTH_WORD = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|(?![a-z]))"
)
_M = rf"(?P<mon>{_MONTH_WORD})"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<year>(?:1[6-9]|20)\d\d)"
_NOT_NUM_BEFORE = r"(?<![\d,.$€£¥#/-])"
_NOT_NUM_AFTER = r"(?![\d,.]\d|\s*%|-\d)"

_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+"
_CLOCK = (
    r"(?:T|\s*[,|·•–-]?\s*(?:at\s+)?)[0-2]?\d[:.][0-5]\d(?::[0-5]\d(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*\(?(?:[A-Z]{1,5})?(?:[+-]\d{1,2}(?::?\d\d)?)?\)?)?"
)
_TIME = rf"(?:{_CLOCK})?"

# Absolute mentions: a year is given.  Order matters: longest forms first.
_ABSOLUTE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(rf"{_NOT_NUM_BEFORE}{_Y}-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")),
    # "2024/03/05", and the dotted "2024.03.05" of Korean, Chinese and Japanese pages.
    (
        "iso",
        re.compile(rf"{_NOT_NUM_BEFORE}{_Y}(?P<sep>[/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?![\d.]\d)"),
    ),
    ("dmy", re.compile(rf"\b{_D}\s+(?:of\s+)?{_M},?\s+{_Y}(?!\d)")),
    ("mdy", re.compile(rf"\b{_M}\s+{_D},?\s+{_Y}(?!\d)")),
    ("my", re.compile(rf"\b{_M},?\s+(?:of\s+)?{_Y}(?!\d)")),
    (
        "quarter",
        re.compile(
            rf"\b(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter\s+(?:of\s+)?{_Y}(?!\d)", re.I
        ),
    ),
    ("quarter", re.compile(rf"\bQ(?P<q>[1-4])\s*(?:of\s+)?'?{_Y}(?!\d)")),
    ("quarter", re.compile(rf"\b{_Y}\s*-?\s*Q(?P<q>[1-4])\b")),
    ("half", re.compile(rf"\b(?P<ord>first|second|1st|2nd)[\s-]+half\s+(?:of\s+)?{_Y}(?!\d)", re.I)),
    ("half", re.compile(rf"\bH(?P<h>[12])\s*{_Y}(?!\d)")),
    ("half", re.compile(rf"\b{_Y}\s*-?\s*H(?P<h>[12])\b")),
    (
        "year",
        re.compile(
            rf"{_NOT_NUM_BEFORE}\b{_Y}\b{_NOT_NUM_AFTER}(?!s\b|'s\b)",
        ),
    ),
)

# Month (and day) without a year, possibly qualified ("in June this year").
_QUAL = r"(?:\s*,?\s+(?P<qual>this|last|next|the\s+previous|the\s+following)\s+year)?"
_YEARLESS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b{_M}\s+{_D}\b(?!,?\s*\d)(?![:.]\d){_QUAL}"),
    re.compile(rf"\b{_D}\s+(?:of\s+)?{_M}(?!,?\s*\d){_QUAL}"),
    re.compile(
        rf"(?:\b(?i:(?P<pre>last|this|next|early|late|mid|end\s+of|in|since|by|during|until|from|to|and|through))"
        rf"[\s-]+)(?:(?:early|late|mid)[\s-]+)?{_M}(?!\s*[0-3]?\d\b)(?!,?\s+\d{{4}}){_QUAL}"
    ),
)

_DOC_YEAR = re.compile(r"\b(?P<which>last|this|next)\s+year\b", re.IGNORECASE)
_DOC_YEAR_SHIFT = {"last": -1, "this": 0, "next": 1}

# Wire datelines: "BEIJING, March 3 (Reuters) -", "DUBLIN, 22 November 2018 –",
# "CAMBRIDGE, Mass., Sept. 18, 2020 /PRNewswire/ --".
# Place names in any alphabet ("Tromsø", "Zürich"), starting with a capital.
_PLACE = r"[^\W\d_a-z](?:[^\W\d_]|[.'’ -])*(?:[^\W\d_]|\.)"
_WIRE_HEAD = re.compile(rf"^\s*{_PLACE}(?:\s*,\s*{_PLACE}){{0,2}}\s*,\s+(?:{_WEEKDAY})?")
_WIRE_TAIL = re.compile(
    r"\s*(?:\([^()]{1,40}\)|/[^/]{1,40}/)?\s*(?:(?:-{1,2}|–|—|_|:)(?:\s|$)|(?:--|–|—)(?=[A-Z\"“]))"
)
# US wires put the agency between the place and the date: "AUSTIN, Texas--(Andes Wire)--Mar. 4, 2024--".
_WIRE_AGENCY_HEAD = re.compile(
    rf"^\s*{_PLACE}(?:\s*,\s*{_PLACE}){{0,2}}\s*(?:--|–|—)\s*\([^()]{{1,40}}\)\s*(?:--|–|—)\s*(?:{_WEEKDAY})?"
)
_WIRE_YEARLESS = (re.compile(rf"{_M}\s+{_D}\b"), re.compile(rf"{_D}\s+(?:of\s+)?{_M}"))

_AGE_LINE = re.compile(r"^\s*\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\s*$", re.I)
_CUES = Path(__file__).with_name("reference_cues.yaml")
_LIST_KEYS = (
    "future_before",
    "future_before_modal",
    "future_after",
    "deadline_before",
    "completed_year",
    "report_of_year",
    "period_end_before",
    "results",
    "count_units",
    "published_labels",
    "update_labels",
    "not_date_labels",
    "chrome_anywhere",
    "chrome_call",
    "chrome_line_start",
)


@dataclass(frozen=True, slots=True)
class _Cues:
    """The cue lists of reference_cues.yaml, compiled."""

    future_before: re.Pattern[str]
    future_after: re.Pattern[str]
    deadline: re.Pattern[str]
    completed_year: re.Pattern[str]
    report_of_year: re.Pattern[str]
    period_end: re.Pattern[str]
    results: re.Pattern[str]
    count_unit: re.Pattern[str]
    label: re.Pattern[str]
    updates: frozenset[str]
    not_label: re.Pattern[str]
    edited: re.Pattern[str]
    chrome: re.Pattern[str]
    call: re.Pattern[str]


def _words(phrases: Iterable[str]) -> str:
    """One alternation of whole-word phrases, a space matching any white space, longest first."""
    parts = sorted({r"\s+".join(map(re.escape, p.split())) for p in phrases}, key=len, reverse=True)
    return "(?:" + "|".join(parts) + ")"


@cache
def _cues() -> _Cues:
    try:
        raw: Any = yaml.load(
            _CUES.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except (OSError, yaml.YAMLError) as err:
        raise RuleError(_CUES.name, None, f"cannot be read: {err}") from None
    for key in _LIST_KEYS:
        value = raw.get(key) if isinstance(raw, dict) else None
        if not (isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)):
            raise RuleError(_CUES.name, None, f"{key!r} must be a non-empty list of phrases")
    updates = frozenset(" ".join(u.lower().split()) for u in raw["update_labels"])
    labels = _words([*raw["published_labels"], *raw["update_labels"]])
    return _Cues(
        future_before=re.compile(
            rf"(?i:\b{_words(raw['future_before'])}\b|'ll\b)|\b{_words(raw['future_before_modal'])}\b"
        ),
        future_after=re.compile(rf"(?i)^\s+(?:[\w'’-]+\s+)?{_words(raw['future_after'])}\b"),
        deadline=re.compile(rf"(?i)\b{_words(raw['deadline_before'])}\s+(?:the\s+\w+\s+of\s+(?:the\s+)?)?$"),
        # Right before the year, one word at most between ("full-year 2021", "the whole of fiscal 2021").
        completed_year=re.compile(rf"(?i)\b{_words(raw['completed_year'])}(?![\w-])\s+(?:[\w-]+\s+)?$"),
        report_of_year=re.compile(
            rf"(?i)\b{_words(raw['report_of_year'])}\s+(?:for\s+)?(?:the\s+)?(?:(?:financial|fiscal)\s+)?(?:year\s+)?$"
        ),
        period_end=re.compile(rf"(?i)\b{_words(raw['period_end_before'])}\s+(?:the\s+end\s+of\s+)?$"),
        results=re.compile(rf"(?i)\b{_words(raw['results'])}\b"),
        count_unit=re.compile(rf"(?i)\s*{_words(raw['count_units'])}\b"),
        label=re.compile(rf"(?i)(?<![A-Za-z])(?P<label>{labels})(?:\s+on)?\s*[:\-–]?\s*"),
        updates=updates,
        not_label=re.compile(rf"(?i)\b{_words(raw['not_date_labels'])}\b"),
        edited=re.compile(
            rf"(?i)\b(?P<label>{_words(u for u in raw['update_labels'] if 'last' in u.lower())})"
            r"(?:\s+on)?\s*:?\s*"
        ),
        chrome=re.compile(
            rf"(?i)\b{_words(raw['chrome_anywhere'])}\b|©|\(c\)\s*\d{{4}}"
            rf"|^\W*(?:{_words(raw['chrome_line_start'])}|{_words(raw['chrome_call'])})\b"
        ),
        call=re.compile(rf"(?i)\b{_words(raw['chrome_call'])}\b"),
    )


@cache
def _foreign() -> tuple[dict[str, int], re.Pattern[str]]:
    """Foreign month names (reference_cues.yaml ``foreign_months``) and a day-month-year pattern."""
    raw: Any = yaml.load(
        _CUES.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )
    table = raw.get("foreign_months") if isinstance(raw, dict) else None
    if not isinstance(table, dict):
        raise RuleError(_CUES.name, None, "'foreign_months' must map month numbers to lists of names")
    months = {str(name).lower(): int(number) for number, names in table.items() for name in names or ()}
    names = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    pattern = re.compile(
        rf"(?i)(?:(?:le|den|am|el|il|o)\s+)?(?P<day>[0-3]?\d)(?:\.|º|er)?\s+(?:de\s+|den\s+)?(?P<mon>{names})\.?,?\s+(?:de\s+|del\s+)?"
        rf"(?P<year>(?:1[6-9]|20)\d\d)(?!\d)"
    )
    return months, pattern


def _foreign_date(m: re.Match[str]) -> DatePoint | None:
    try:
        return DatePoint.parse(f"{m['year']}-{_foreign()[0][m['mon'].lower()]:02d}-{int(m['day']):02d}")
    except DateError:
        return None


@dataclass(frozen=True, slots=True)
class _Mention:
    """A date found in the text: the interval it names and how it may bound the reference date."""

    start: int
    end: int
    first: date
    last: date
    precision: str
    future: bool
    completed: bool


@dataclass(frozen=True, slots=True)
class _Yearless:
    """A month (maybe with its day) given without a year."""

    start: int
    month: int
    day: int | None
    qual: str | None
    completed: bool


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str


def infer_reference_date(
    text: str,
    *,
    metadata: str | None = None,
    title: str | None = None,
    boilerplate: Iterable[tuple[int, int]] = (),
    tag: TagFn | None = None,
) -> tuple[DatePoint | None, str | None]:
    """The document's reference date and how it was found ("metadata", "dateline", "inferred").

    ``boilerplate`` spans (from the reader) are ignored; ``title`` helps find
    where the article starts.  ``tag`` (``events.temporal.tag``) may add absolute
    dates the built-in patterns miss.  Returns ``(None, None)`` when the text
    gives no date at all.  Raises DateError if ``metadata`` is not a date.
    """
    if metadata is not None and metadata.strip():
        return parse_published(metadata), "metadata"
    lines = _lines(text)
    chrome = _chrome(lines, tuple(boilerplate))
    body = [ln for i, ln in enumerate(lines) if i not in chrome]
    mentions = _absolute_mentions(text, body)
    if tag is not None:
        mentions.extend(_tagged_mentions(text, body, tag))
    mentions.extend(_anniversary(text, body, title))
    inferred = _infer(text, body, mentions)
    dateline = _dateline(lines, chrome, title, inferred)
    if dateline is not None:
        return dateline, "dateline"
    if inferred is not None:
        return inferred, "inferred"
    return None, None


def parse_published(value: str) -> DatePoint:
    """Read a published date given by metadata or the user: ISO at any precision, or "May 19, 2025".

    ISO date-times (``2024-05-01T10:20:00+02:00``) keep their calendar day.
    """
    raw = value.strip()
    iso = re.match(r"^(\d{4}(?:-\d{2}(?:-\d{2})?|-Q[1-4]|-H[12])?)(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?$", raw)
    if iso:
        return DatePoint.parse(iso[1])
    compact = re.match(r"^(\d{4})(\d{2})(\d{2})$", raw)
    if compact:
        return DatePoint.parse(f"{compact[1]}-{compact[2]}-{compact[3]}")
    point = _date_at_start(raw, whole=True)
    if point is not None:
        return point
    raise DateError(f"{value!r} is not a date (expected e.g. 2025-05-19, 2025-05, 2025 or May 19, 2025)")


# ---------------------------------------------------------------- lines and chrome


def _lines(text: str) -> list[_Line]:
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        out.append(_Line(pos, pos + len(body), body))
        pos += len(raw)
    return out


_GLUED_DATE = re.compile(
    rf"{_MONTH_WORD}\s+[0-3]?\d,?\s+\d{{4}}|\b[0-3]?\d\s+{_MONTH_WORD},?\s+\d{{4}}|\b\d{{4}}-[01]\d-[0-3]\d\b"
)
_AGE = re.compile(
    r"^\s*(?:updated\s+)?\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\s*$", re.I
)


def _is_date_line(line: str) -> bool:
    """A short line that is mostly a date: a timestamp, an age ("2 days ago"), a teaser's "By Name<date>"."""
    stripped = line.strip()
    if not stripped or len(stripped) > 70 or len(stripped.split()) > 9:
        return False
    # Scraped teasers glue the author to the date ("By Jo DoeJanuary 31, 2026"): no word boundary.
    return bool(_GLUED_DATE.search(stripped) or _AGE.match(stripped))


def _chrome(lines: Sequence[_Line], boilerplate: tuple[tuple[int, int], ...]) -> set[int]:
    """Indexes of lines that are page chrome rather than the article."""
    # Boilerplate spans in order, with the furthest end so far: a line's overlap is one bisection.
    spans = sorted((s, e) for s, e in boilerplate if s < e)
    starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))

    def in_boilerplate(ln: _Line) -> bool:
        i = bisect.bisect_left(starts, ln.end)
        return i > 0 and reach[i - 1] > ln.start

    chrome = {
        i
        for i, ln in enumerate(lines)
        if _cues().chrome.search(ln.text)
        or (len(ln.text.split()) <= 25 and _cues().call.search(ln.text))
        or _AGE_LINE.match(ln.text)
        or in_boilerplate(ln)
    }
    # Teaser lists: three or more dated lines a few lines apart, with the
    # headlines between them and the one before the first.  A dateline stands alone.
    dated = [i for i, ln in enumerate(lines) if _is_date_line(ln.text)]
    run: list[int] = []
    for i in [*dated, 10**9]:
        # Teasers repeat with a steady period; a longer gap ends the list.
        limit = max((b - a for a, b in itertools.pairwise(run)), default=6) + 1
        if run and i - run[-1] > min(limit, 7):
            if len(run) >= 3:
                gaps = sorted(b - a for a, b in itertools.pairwise(run))
                chrome.update(range(max(0, run[0] - gaps[len(gaps) // 2] + 1), run[-1] + 1))
            run = []
        run.append(i)
    return chrome


# ---------------------------------------------------------------- mentions


def _point(kind: str, m: re.Match[str]) -> DatePoint | None:
    """The DatePoint a match of one of the ``_ABSOLUTE`` patterns names (None if impossible)."""
    g = m.groupdict()
    year = g.get("year")
    if year is None:
        return None
    try:
        if kind == "iso":
            return DatePoint.parse(f"{year}-{int(g['m']):02d}-{int(g['d']):02d}")
        if kind in ("dmy", "mdy"):
            month = _MONTHS[g["mon"].rstrip(".").lower()]
            return DatePoint.parse(f"{year}-{month:02d}-{int(g['day']):02d}")
        if kind == "my":
            return DatePoint.parse(f"{year}-{_MONTHS[g['mon'].rstrip('.').lower()]:02d}")
        if kind == "quarter":
            q = g.get("q") or _ORD[g["ord"][:2].lower()]
            return DatePoint.parse(f"{year}-Q{q}")
        if kind == "half":
            h = g.get("h") or _ORD[g["ord"][:2].lower()]
            return DatePoint.parse(f"{year}-H{h}")
        return DatePoint.parse(year)
    except DateError:
        return None


_ORD = {"fi": "1", "1s": "1", "se": "2", "2n": "2", "th": "3", "3r": "3", "fo": "4", "4t": "4"}


def _sentence_before(text: str, pos: int, limit: int = 160) -> str:
    """Text from the start of the sentence holding ``pos`` up to ``pos`` (at most ``limit`` chars)."""
    window = text[max(0, pos - limit) : pos]
    cut = max(window.rfind("\n"), *(window.rfind(p + " ") for p in ".!?"))
    return window[cut + 1 :] if cut >= 0 else window


def _sentence(text: str, pos: int) -> str:
    before = _sentence_before(text, pos, 240)
    after = re.match(r"[^\n]*?(?:[.!?](?=\s)|$)", text[pos : pos + 240], re.MULTILINE)
    return before + (after[0] if after else "")


def _is_future(text: str, start: int, end: int) -> bool:
    """A date the sentence looks forward to (a target, a deadline, a plan), not one that happened."""
    before = _sentence_before(text, start)
    cues = _cues()
    if cues.future_before.search(before):
        return True
    return bool(cues.deadline.search(before) or cues.future_after.search(text[end : end + 60]))


def _absolute_mentions(text: str, body: Sequence[_Line]) -> list[_Mention]:
    out: list[_Mention] = []
    for ln in body:
        taken: list[tuple[int, int]] = []
        for kind, pattern in _ABSOLUTE:
            for m in pattern.finditer(ln.text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                point = _point(kind, m)
                if point is None or (kind == "year" and _cues().count_unit.match(ln.text, m.end())):
                    continue
                taken.append((m.start(), m.end()))
                start, end = ln.start + m.start(), ln.start + m.end()
                out.append(_mention(text, start, end, point))
    return out


def _mention(text: str, start: int, end: int, point: DatePoint) -> _Mention:
    future = _is_future(text, start, end)
    if point.precision == "year":
        # "full-year 2021 sales": the year is over.
        before = text[max(0, start - 40) : start].split(".")[-1]
        # "full-year 2021 sales" and "Annual Report and Accounts 2023": the year is over.
        completed = bool(_cues().completed_year.search(before) or _cues().report_of_year.search(before))
    elif point.precision in ("month", "day"):
        # "the six months to December 2023": a reporting period that ended then, its results out
        # ("through" there closes a period, not a deadline).
        completed = bool(_cues().period_end.search(text[max(0, start - 60) : start]))
        if completed:
            cues = _cues()
            future = bool(
                cues.future_before.search(_sentence_before(text, start))
                or cues.future_after.search(text[end : end + 60])
            )
    else:
        # Results for a quarter or a half are told once it is over.
        completed = point.precision in ("quarter", "half") and bool(
            _cues().results.search(_sentence(text, start))
        )
    return _Mention(start, end, point.start, point.end, point.precision, future, completed and not future)


def _tagged_mentions(text: str, body: Sequence[_Line], tag: TagFn) -> list[_Mention]:
    """Absolute DATE timexes from the tagger (no reference date needed for them)."""
    out = []
    for ln in body:
        if not ln.text.strip():
            continue
        for t in tag(ln.text, None):
            if t.type != "DATE" or t.anchor is not None or t.precision is None:
                continue
            try:
                point = DatePoint.parse(t.value)
            except DateError:
                continue
            out.append(_mention(text, ln.start + t.start, ln.start + t.end, point))
    return out


@cache
def _anniversary_cues() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw: Any = yaml.load(_CUES.read_text(encoding="utf-8"), Loader=loader)
    cfg = raw.get("anniversary") if isinstance(raw, dict) else None
    if not isinstance(cfg, dict) or not all(cfg.get(k) for k in ("verbs", "words", "founded")):
        raise RuleError(_CUES.name, None, "'anniversary' needs verbs, words and founded")
    words = {" ".join(str(w).lower().split()): int(n) for w, n in cfg["words"].items()}
    count = (
        rf"(?:(?P<n>\d{{1,3}})(?:st|nd|rd|th)?[\s-]+(?:anniversary|birthday|years?)\b"
        rf"|(?P<w>{_words(words)})\b)"
    )
    verb = re.compile(rf"(?i)\b{_words(cfg['verbs'])}\s+(?:its\s+|their\s+|our\s+|the\s+)?{count}")
    founded = re.compile(
        rf"(?i)\b{_words(cfg['founded'])}\s+(?:[\w,]+\s+){{0,4}}?in\s+(?P<y>(?:1[6-9]|20)\d\d)\b"
    )
    return verb, founded, words


def _anniversary(text: str, body: Sequence[_Line], title: str | None) -> list[_Mention]:
    """The year an anniversary told in the present falls in: the founding year plus its count."""
    verb, founded, words = _anniversary_cues()
    # (offset in the text, line); a metadata title has no place in the text: offset 0.
    parts = [(ln.start, ln.text) for ln in body] + ([(-1, title)] if title else [])
    years = [int(f["y"]) for _, t in parts for f in founded.finditer(t)]
    if not years:
        return []
    out: list[_Mention] = []
    for start, t in parts:
        for m in verb.finditer(t):
            n = int(m["n"]) if m["n"] else words.get(" ".join(m["w"].lower().split()), 0)
            year = min(years) + n
            if n and 1600 <= year <= 2100:
                at = max(start, 0) + (m.start() if start >= 0 else 0)
                out.append(_Mention(at, at, date(year, 1, 1), date(year, 12, 31), "year", False, False))
    return out


def _yearless_mentions(text: str, body: Sequence[_Line]) -> list[_Yearless]:
    out: list[_Yearless] = []
    for ln in body:
        taken: list[tuple[int, int]] = []
        for pattern in _YEARLESS:
            for m in pattern.finditer(ln.text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                g = m.groupdict()
                mon = g["mon"]
                if (
                    mon.startswith("May")
                    and g.get("day") is None
                    and (g.get("pre") or "") in ("", "and", "to")
                ):
                    continue
                taken.append((m.start(), m.end()))
                qual = g.get("qual")
                pre = (g.get("pre") or "").lower()
                if qual is None and pre in ("last", "this", "next"):
                    qual = pre
                day = int(g["day"]) if g.get("day") else None
                start = ln.start + m.start()
                if qual != "last" and _is_future(text, start, ln.start + m.end()):
                    continue
                completed = day is None and bool(_cues().results.search(_sentence(text, start)))
                out.append(
                    _Yearless(
                        start, _MONTHS[mon.rstrip(".").lower()], day, qual and qual.split()[-1], completed
                    )
                )
    out.sort(key=lambda y: y.start)
    return out


# ---------------------------------------------------------------- inference


def _month_after(d: date) -> date:
    return (d.replace(day=1) + timedelta(days=32)).replace(day=1)


_FINER = ("year", "half", "quarter", "month")


def _infer(text: str, body: Sequence[_Line], mentions: Sequence[_Mention]) -> DatePoint | None:
    """The earliest reference date every past date in the text allows, at the precision that pins it."""
    past = [m for m in mentions if not m.future]
    if not past:
        return None
    # Lower bound and the precision it carries: a reported date has happened;
    # a period reported as over (full-year sales, first-half revenue) has ended,
    # and the document is in the period after it.
    bound, precision = date.min, "year"
    for m in past:
        if m.completed:
            # After a period that ended on a day, the month after it is as fine as the bound gets.
            finest = "month" if m.precision == "day" else m.precision
            low, prec = m.last + timedelta(days=1), finest if finest in _FINER else "year"
        else:
            low, prec = m.first, "month" if m.precision in ("month", "day") else "year"
        if low > bound or (low == bound and _FINER.index(prec) > _FINER.index(precision)):
            bound, precision = low, prec
    year = bound.year
    yearless = _yearless_mentions(text, body)

    # "in November last year" beside "In November 2025": the same month, a year on.
    by_month: dict[int, set[int]] = {}
    for m in past:
        if m.precision in ("month", "day"):
            by_month.setdefault(m.first.month, set()).add(m.first.year)
    for y in yearless:
        if y.qual in ("last", "this"):
            shift = 1 if y.qual == "last" else 0
            later = [yr + shift for yr in by_month.get(y.month, set()) if yr + shift > year]
            if later:
                year = min(later)
                bound, precision = date(year, 1, 1), "year"

    # A month named without a year, told while the story is in the document's
    # own year, has begun (or, if its results are out, ended) by then.
    story = sorted(
        [(m.start, m.first.year) for m in mentions]
        + [
            (ln.start + r.start(), year + _DOC_YEAR_SHIFT[r["which"].lower()])
            for ln in body
            for r in _DOC_YEAR.finditer(ln.text)
        ]
    )
    told_at = [pos for pos, _ in story]
    for y in yearless:
        if y.qual in ("last", "next"):
            continue
        n_before = bisect.bisect_left(told_at, y.start)
        told_in = year if y.qual == "this" or not n_before else story[n_before - 1][1]
        if told_in not in (year, year - 1):
            continue
        begun = date(told_in, y.month, 1)
        if y.completed:
            begun = _month_after(begun)
        if begun.year == year and (begun > bound or (begun == bound and precision != "month")):
            bound, precision = begun, "month"
    if precision == "month":
        return DatePoint.parse(f"{bound.year:04d}-{bound.month:02d}")
    if precision == "quarter":
        return DatePoint.parse(f"{bound.year:04d}-Q{(bound.month - 1) // 3 + 1}")
    if precision == "half":
        return DatePoint.parse(f"{bound.year:04d}-H{1 if bound.month <= 6 else 2}")
    return DatePoint.parse(f"{year:04d}")


# ---------------------------------------------------------------- datelines


def _body_start(lines: Sequence[_Line], chrome: set[int], first: int) -> int:
    """Index of the first prose line (twenty words or more): the article's first paragraph."""
    for i in range(first, len(lines)):
        if i not in chrome and len(lines[i].text.split()) >= 20:
            return i
    return len(lines) - 1


def _is_title(line: str, title: str) -> bool:
    """The line shows the title, perhaps without the site name a ``<title>`` adds ("Vans | Daily Wheel")."""
    a, b = " ".join(line.split()).lower(), " ".join(title.split()).lower()
    return a == b or (len(a) >= 15 and b.startswith(a))


def _dateline(
    lines: Sequence[_Line], chrome: set[int], title: str | None, inferred: DatePoint | None
) -> DatePoint | None:
    first = 0
    if title and title.strip():
        first = next((i for i, ln in enumerate(lines) if _is_title(ln.text, title)), 0)
    last = _body_start(lines, chrome, first)
    header = [i for i in range(first, min(last + 1, len(lines))) if i not in chrome]
    # Best kind first; among bare date lines the one nearest the article (a
    # masthead may show the day the page was fetched).
    found = [
        (kind, -i if kind == _BARE else i, point)
        for i in header
        for kind, point in _line_date(lines[i].text, inferred)
    ]
    if found:
        return min(found, key=lambda f: (f[0], f[1]))[2]
    # A labelled date below the article ("Published on 3 June 2024") still counts.
    for i in range(last + 1, len(lines)):
        if i in chrome:
            continue
        line = lines[i].text.lstrip(" •*-–—|_")
        label = _cues().label.match(line) or _cues().edited.search(line)
        if label and label.group("label").lower() != "date":
            below = _date_at_start(line[label.end() :])
            if below is not None:
                return below
    return _footer_date(lines, chrome) if last < len(lines) - 1 else None


_NUMERIC = re.compile(r"(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)(?!\d)")


def _date_at_start(text: str, *, whole: bool = False) -> DatePoint | None:
    """The date (with a year) ``text`` begins with, allowing a weekday or a time in front.

    With ``whole``, nothing but a time of day and a zone may follow it.
    """
    s = text.strip()
    lead = re.match(rf"(?:{_CLOCK}\s*[,|·•–-]?\s*)?(?:{_WEEKDAY})?", s)
    if lead:
        s = s[lead.end() :]
    for kind, pattern in _ABSOLUTE[:5]:
        m = pattern.match(s)
        if m and (not whole or re.fullmatch(_TIME + r"\s*", s[m.end() :])):
            return _point(kind, m)
    m = _NUMERIC.match(s)
    if m and (not whole or re.fullmatch(_TIME + r"\s*", s[m.end() :])):
        return _numeric(m)
    m = _foreign()[1].match(s)
    if m and (not whole or re.fullmatch(_TIME + r"\s*", s[m.end() :])):
        return _foreign_date(m)
    m = _CJK_DATE.match(s)
    if m and (not whole or re.fullmatch(_TIME + r"\s*", s[m.end() :])):
        try:
            return DatePoint.parse(f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}")
        except DateError:
            return None
    return None


_CJK_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>[01]?\d)\s*月\s*(?P<d>[0-3]?\d)\s*日")
# "Posted by Admin on March 5, 2024", "Written by Jo Park, 5 March 2024", "On March 5, 2024".
_BY_ON = re.compile(
    r"(?i)^(?:(?:(?:posted|written|published|filed|submitted|reported)\s+)?by\s+[^|·•]{2,60}?\s*(?:\s+on|,)\s+|on\s+)"
)


def _numeric(m: re.Match[str]) -> DatePoint | None:
    """``31.05.2024`` (dots: day first) or ``05/31/2024`` / ``31/05/2024`` when a part over 12 says which."""
    a, b = int(m["a"]), int(m["b"])
    if m["sep"] == "/":
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        else:
            return None
    else:
        day, month = a, b
    try:
        return DatePoint.parse(f"{m['year']}-{month:02d}-{day:02d}")
    except DateError:
        return None


def _wire_date(rest: str, inferred: DatePoint | None) -> tuple[bool, DatePoint] | None:
    """The date a wire dateline gives after its place names; a missing year comes from the text."""
    for kind, pattern in _ABSOLUTE[:4]:
        m = pattern.match(rest)
        if m and _WIRE_TAIL.match(rest, m.end()):
            point = _point(kind, m)
            return (False, point) if point is not None else None
    m = _foreign()[1].match(rest)
    if m and _WIRE_TAIL.match(rest, m.end()):
        point = _foreign_date(m)
        return (False, point) if point is not None else None
    for pattern in _WIRE_YEARLESS:
        m = pattern.match(rest)
        if m and _WIRE_TAIL.match(rest, m.end()):
            if inferred is None:
                return None
            month, day = _MONTHS[m["mon"].rstrip(".").lower()], int(m["day"])
            # The first such day not before the text's own dates.
            year = inferred.start.year
            if (month, day) < (inferred.start.month, inferred.start.day):
                year += 1
            try:
                return False, DatePoint.parse(f"{year:04d}-{month:02d}-{day:02d}")
            except DateError:
                return None
    return None


_LABELLED, _BYLINE, _BARE, _UPDATED = range(4)
_ITEM_SEP = re.compile(r"\s[|·•—–]\s|\s?\|\s?")
# At most two words before a date that fills the rest of the line; none of them says the date
# is a period's end or an event's ("Results for the year ended 31 December 2023").
_SHORT_LABEL = re.compile(
    r"^(?P<label>[^\W\d_a-z][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*)?),?\s+(?=\d|[A-Z][a-z]{2})"
)
# A signature block: its last few lines, none of them a sentence of prose.
_FOOTER_LINES = 4
_FOOTER_WORDS = 10


def _line_date(line: str, inferred: DatePoint | None) -> list[tuple[int, DatePoint]]:
    """The date a header line gives, with its kind: labelled, byline or wire, bare date line, update."""
    s = line.strip()
    if not s:
        return []
    label = _cues().label.search(s)
    if label and label.start() < 40:
        point = _date_at_start(s[label.end() :])
        if point is not None:
            name = " ".join(label.group("label").lower().split())
            return [(_UPDATED if name in _cues().updates else _LABELLED, point)]
    bare = _date_at_start(s.rstrip(" |·•"), whole=True)
    if bare is not None:
        return [(_BARE, bare)]
    by_on = _BY_ON.match(s)
    if by_on and len(s.split()) <= 16:
        point = _date_at_start(s[by_on.end() :].rstrip(" ."), whole=True)
        if point is not None:
            return [(_BYLINE if by_on.group(0).lower().strip() != "on" else _BARE, point)]
    # "By Jane Roe | May 19, 2025", "By Jane Roe, 19 May 2025", "Jane Roe · 4 min read · Mar 3, 2024".
    # A line of separated items is ranked like a bare date line: it may be a masthead.
    byline = re.match(r"(?i)by\s+\S", s)
    if (byline or re.search(r"[|·•—–]", s)) and len(s) < 120 and len(s.split()) <= 16:
        for kind, pattern in _ABSOLUTE[:4]:
            m = pattern.search(s)
            if m and re.fullmatch(_TIME + r"\s*", s[m.end() :]):
                point = _point(kind, m)
                return [(_BYLINE if byline else _BARE, point)] if point is not None else []
        # "March 5, 2024 | 3 min read", "5 March 2024 · Company news": one item is the date; not a
        # table row ("| Founded | 12 May 1961 |"), nor an item labelled as another date.
        items = [item.strip(" ,") for item in _ITEM_SEP.split(s)]
        other_date = any(_cues().not_label.search(item) for item in items)
        for item in items if not s.startswith("|") and not other_date else ():
            point = _date_at_start(item, whole=True) if item else None
            if point is not None:
                return [(_BYLINE if byline else _BARE, point)]
    labelled = _SHORT_LABEL.match(s)
    if labelled and not _cues().not_label.search(labelled.group("label")):
        # "Stockholm 5 March 2024", "Press release 5 March 2024": a place or a label, then the date.
        point = _date_at_start(s[labelled.end() :], whole=True)
        if point is not None:
            return [(_BYLINE, point)]
    for head in (_WIRE_HEAD, _WIRE_AGENCY_HEAD):
        wire = head.match(s)
        if wire is None:
            continue
        found = _wire_date(s[wire.end() :], inferred)
        if found is not None:
            return [(_BYLINE, found[1])]
        # "Bergen, 6 March 2024" alone on its line: where and when a notice was issued.
        placed = _date_at_start(s[wire.end() :].rstrip(" ."), whole=True)
        if placed is not None:
            return [(_BYLINE, placed)]
    return []


def _footer_date(lines: Sequence[_Line], chrome: set[int]) -> DatePoint | None:
    """A report signed at its end: "Leeds, 14 March 2024" (or a bare date) among the last short lines.

    Only the signature block counts: the lines after the date's line, and the few
    between it and the last paragraph of prose, are short (names, titles, places).
    """
    tail = [i for i, ln in enumerate(lines) if i not in chrome and ln.text.strip()]
    for i in reversed(tail[-_FOOTER_LINES:]):
        text = lines[i].text.strip()
        if len(text.split()) > _FOOTER_WORDS:
            return None  # prose: the signature block is over
        for kind, point in _line_date(text, None):
            if kind in (_BYLINE, _BARE):
                return point
    return None


def narrative_mode(reference: str | None) -> bool:
    """Whether bare dates ("On July 4", "in April") should follow the story rather than the reference date.

    A reference date with a month or a day places a bare date near it (news
    style).  One with only a year (or none) cannot place "July 4" by itself,
    so the dates the text has just set decide.
    """
    if reference is None:
        return True
    try:
        return DatePoint.parse(reference).precision in ("year", "decade")
    except DateError:
        return True


# ---------------------------------------------------------------- timex -> event date

_YEAR_PART = {"START": "Q1", "EARLY": "Q1", "END": "Q4", "LATE": "Q4"}


def timex_date(t: Timex) -> DatePoint | None:
    """The event-model date a DATE (or TIME) timex names, or None (durations, sets, X values, seasons).

    Follows the event conventions: "the end of 2023" (a year with mod END) is
    ``2023-Q4``, "early 2024" ``2024-Q1``; "mid-2022" stays ``2022``; a time
    of day keeps its calendar day.
    """
    if t.type not in ("DATE", "TIME"):
        return None
    value = t.value.split("T", 1)[0]
    try:
        point = DatePoint.parse(value)
    except DateError:
        return None
    part = _YEAR_PART.get(t.mod or "")
    if part and point.precision == "year":
        return DatePoint.parse(f"{value}-{part}")
    return point


def event_date(timexes: Sequence[Timex]) -> str | None:
    """The event date one date phrase gives, from the timexes inside it, in the gold conventions.

    One date gives its value.  Several ("In January and February", "From
    January to June") give the interval from the first to the last, written
    ``2025-01/2025-02``, or the quarter, half or year it fills exactly
    (January to June 2022 is ``2022-H1``).
    """
    points = [p for p in (timex_date(t) for t in sorted(timexes, key=lambda t: t.start)) if p is not None]
    if not points:
        return None
    first, last = points[0], points[-1]
    if len(points) == 1 or all(p.value == first.value for p in points):
        return first.value
    lo, hi = min(p.start for p in points), max(p.end for p in points)
    if lo.year == hi.year and lo.day == 1 and (hi + timedelta(days=1)).day == 1:
        months = hi.month - lo.month + 1
        if months == 12:
            return f"{lo.year:04d}"
        if months == 6 and lo.month in (1, 7):
            return f"{lo.year:04d}-H{1 if lo.month == 1 else 2}"
        if months == 3 and lo.month in (1, 4, 7, 10):
            return f"{lo.year:04d}-Q{(lo.month - 1) // 3 + 1}"
    return f"{first.value}/{last.value}"


# "the six months to December 2023", "the three months ended 30 June 2024": a reporting period.
_PERIOD_LINK = re.compile(r"^\s+(?:to|ended|ending|through|thru)\s+(?:the\s+end\s+of\s+)?$", re.I)
_SPAN_MONTHS = {"P3M": 3, "P6M": 6, "P12M": 12, "P1Y": 12, "P13W": 3, "P26W": 6, "P52W": 12}


def period_ending(duration: Timex, end: Timex, between: str) -> DatePoint | None:
    """The calendar quarter, half or year a span ending on a date names ("the six months to
    December 2023" is ``2023-H2``), or None when ``between`` does not join them so or the
    period is not a calendar one (a fiscal year to March, nine months)."""
    months = _SPAN_MONTHS.get(duration.value) if duration.type == "DURATION" else None
    point = timex_date(end)
    if months is None or point is None or not _PERIOD_LINK.match(between):
        return None
    last = point.end
    if point.precision not in ("month", "day") or (last + timedelta(days=1)).day != 1:
        return None  # a period ends with its month
    first = last.month - months + 1
    if first < 1:
        return None
    if months == 12:
        return DatePoint.parse(f"{last.year:04d}")
    if months == 6 and last.month in (6, 12):
        return DatePoint.parse(f"{last.year:04d}-H{last.month // 6}")
    if months == 3 and last.month % 3 == 0:
        return DatePoint.parse(f"{last.year:04d}-Q{last.month // 3}")
    return None
