"""Find temporal expressions in text and normalise them to TIMEX3 values.

One regex, the alternation of every rule (guards first), scans the text once;
each hit is re-matched by its own rule to read the named groups, checked
against the rule's context conditions, then normalised.  Relative
expressions resolve against the document creation time (``dct``) or against
the reference time: the last date the text itself set.  Nothing here reads
the clock.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, partial
from pathlib import Path
from typing import Any

from events.temporal import triggers as trigger_module
from events.temporal.cache import cached_json, digest
from events.temporal.points import GRANS, PRECISION, Point, parse_point, shift
from events.temporal.rules import Macro, Rule, RuleSet, default_rules
from events.temporal.timex import Timex, TimexType
from events.temporal.triggers import parse, second_words, triggers

_TEMPLATE = re.compile(r"\{(\w+)(?::0(\d))?\}")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_TIME_UNITS = {"H", "MIN", "S"}
_GRAN_OF_FIELD = (
    ("day", "day"),
    ("weekday", "day"),
    ("week", "week"),
    ("month", "month"),
    ("season", "season"),
    ("quarter", "quarter"),
    ("half", "half"),
    ("year", "year"),
    ("decade", "decade"),
    ("century", "century"),
)


#: Granularities of a date that can be the period under discussion (see ``focus`` in :func:`tag`).
_FOCUS_GRANS = frozenset({"year", "half", "quarter", "month"})
#: The periods a company reports on: "the latest period", "last year's" compare with them.
_PERIOD_GRANS = frozenset({"half", "quarter"})

_UNKNOWN_PART = {"quarter": "-QX", "half": "-HX", "month": "-XX", "week": "-WXX", "day": "-XX-XX"}


class _Impossible(Exception):
    """The text names a calendar day that does not exist; the match is dropped."""


class _Unresolved(Exception):
    """A relative expression with nothing to anchor it; the caller falls back to an X value."""


@dataclass(frozen=True, slots=True)
class _Index:
    """Rules by the first word they can start with; see :mod:`events.temporal.triggers`."""

    rules: RuleSet
    regexes: tuple[re.Pattern[str], ...]
    exact: Mapping[str, tuple[int, ...]]
    # Rules by a prefix of their first word, grouped by the prefix's first letter.
    prefix_by_first: Mapping[str, tuple[tuple[str, tuple[int, ...]], ...]]
    digit: tuple[int, ...]
    anywhere: tuple[int, ...]
    bound: re.Pattern[str]
    # For "the", "a", "an": rules by the first two words ("the following").
    pairs: Mapping[str, Mapping[str, tuple[int, ...]]]


_TOKEN = re.compile(r"\w+|[$€£¥#']")


def _trigger_tables(patterns: list[str]) -> dict[str, Any]:
    """Rule numbers by the first word (or two) each pattern can start with, as JSON data."""
    exact: dict[str, list[int]] = {}
    prefix: dict[str, list[int]] = {}
    digit: list[int] = []
    anywhere: list[int] = []
    pairs: dict[str, dict[str, list[int]]] = {w: {} for w in _FUNCTION_WORDS}
    for i, pattern in enumerate(patterns):
        tree = parse(pattern)
        for kind, word in triggers(tree):
            if word in _FUNCTION_WORDS and kind == "word":
                seconds = second_words(tree, word)
                if seconds is None:
                    pairs[word].setdefault("*", []).append(i)
                for kind2, pair in seconds or ():
                    key = {"word": "=", "prefix": "^", "digit": "#"}[kind2] + pair
                    pairs[word].setdefault(key, []).append(i)
            elif kind == "word" or kind == "sym":
                exact.setdefault(word, []).append(i)
            elif kind == "prefix":
                prefix.setdefault(word, []).append(i)
            elif kind == "digit":
                digit.append(i)
            else:
                anywhere.append(i)
    return {"exact": exact, "prefix": prefix, "digit": digit, "anywhere": anywhere, "pairs": pairs}


@cache
def _index() -> _Index:
    rs = default_rules()
    regexes = tuple(rule.regex for rule in rs.rules)
    patterns = [r.pattern for r in regexes]
    # Analysing the patterns costs more than tagging a corpus: done once per rule set (and
    # per version of the analyser).
    key = digest([*patterns, *_FUNCTION_WORDS, Path(trigger_module.__file__).read_bytes()])
    tables = cached_json("temporal-triggers", key, lambda: _trigger_tables(patterns))
    exact: dict[str, list[int]] = tables["exact"]
    prefix: dict[str, list[int]] = tables["prefix"]
    digit: list[int] = tables["digit"]
    anywhere: list[int] = tables["anywhere"]
    pairs: dict[str, dict[str, list[int]]] = tables["pairs"]
    return _Index(
        rules=rs,
        regexes=regexes,
        exact={k: tuple(v) for k, v in exact.items()},
        prefix_by_first={
            c: tuple((k, tuple(v)) for k, v in prefix.items() if k[0] == c) for c in {k[0] for k in prefix}
        },
        digit=tuple(digit),
        anywhere=tuple(anywhere),
        pairs={w: {k: tuple(v) for k, v in d.items()} for w, d in pairs.items()},
        bound=re.compile(rf"(?<!\w)({rs.macros['bound'].regex})\s+(?:the\s+)?$", re.IGNORECASE),
    )


_candidates_memo: dict[str, tuple[int, ...]] = {}


_FUNCTION_WORDS = ("the", "a", "an")


def _pair_candidates(ix: _Index, first: str, second: str) -> tuple[int, ...]:
    """Rules that may start at the function word ``first`` followed by ``second``."""
    key = f"{first} {second}"
    found = _candidates_memo.get(key)
    if found is not None:
        return found
    table = ix.pairs[first]
    picked = set(table.get("*", ()))
    pair = f"{first} {second.lower()}"
    picked.update(table.get("=" + pair, ()))
    for n in range(len(first) + 2, len(pair) + 1):
        picked.update(table.get("^" + pair[:n], ()))
    if second[:1].isdigit():
        picked.update(table.get("#" + first, ()))
    found = tuple(sorted(picked))
    _candidates_memo[key] = found
    return found


def _candidates(ix: _Index, token: str) -> tuple[int, ...]:
    """Indices (in scanning order) of the rules that may start at ``token``."""
    found = _candidates_memo.get(token)
    if found is not None:
        return found
    key = token.lower()
    parts = [ix.exact.get(key, ()), ix.anywhere]
    parts += [ids for p, ids in ix.prefix_by_first.get(key[0], ()) if key.startswith(p)]
    if key[0].isdigit():
        parts.append(ix.digit)
    found = tuple(sorted(set().union(*parts)))
    if len(_candidates_memo) > 50000:
        _candidates_memo.clear()
    _candidates_memo[token] = found
    return found


# --- converters: matched text -> value string ---------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").split())


def _lookup(macro: Macro, text: str) -> str:
    key = " ".join(text.lower().split())
    if key in macro.words:
        return macro.words[key]
    return macro.words.get(_norm(text), "")


def _words_number(text: str, macros: Mapping[str, Macro]) -> str:
    words = macros["number_word"].words
    key = " ".join(text.lower().split())
    if key in words:
        return words[key]
    total = 0
    current = 0
    for part in _norm(text).split():
        if part == "and":
            continue
        v = words.get(part)
        if v is None or v == "X":
            return "X"
        n = int(v)
        if n in (100, 1000):
            current = max(current, 1) * n
            if n == 1000:
                total += current
                current = 0
        else:
            current += n
    return str(total + current)


def _number(text: str, macros: Mapping[str, Macro]) -> str:
    m = _DIGITS.search(text.replace(",", ""))
    if m and re.search(r"\d 1/2\b", text):
        return f"{int(m[0])}.5"
    if m:
        num = m[0]
        return num.rstrip("0").rstrip(".") if "." in num else str(int(num))
    return _words_number(text, macros)


def _year(text: str, macros: Mapping[str, Macro]) -> str:
    digits = re.sub(r"\D", "", text)
    if len(digits) == 4:
        return digits
    if len(digits) == 2:
        yy = int(digits)
        return str(1900 + yy if yy >= 30 else 2000 + yy)
    words = _norm(text).split()
    if words and words[0] in ("nineteen", "eighteen", "twenty") and len(words) > 1 and words[1] != "thousand":
        head = int(_words_number(words[0], macros))
        rest = _words_number(" ".join(words[1:]), macros)
        return "" if rest == "X" else str(head * 100 + int(rest))
    n = _words_number(text, macros)
    return "" if n == "X" else n


def _decade(text: str, macros: Mapping[str, Macro]) -> str:
    digits = re.sub(r"\D", "", text)
    if len(digits) == 4:
        return digits[:3]
    if len(digits) == 2:
        return ("19" if int(digits) >= 30 else "20") + digits[0]
    word = _lookup(macros["decade_word"], _norm(text).split()[-1])
    return "19" + word if word else ""


def _clock(text: str, macros: Mapping[str, Macro]) -> str:
    t = text.lower()
    if "noon" in t or "midday" in t:
        return "12:00"
    if "midnight" in t:
        return "24:00"
    nums = re.findall(r"\d+", t)
    if not nums:
        n = _words_number(re.sub(r"o'?clock|[ap]\.?m\.?", "", t).strip(), macros)
        nums = [] if n == "X" else [n]
    if not nums:
        return ""
    hour = int(nums[0])
    minute = int(nums[1]) if len(nums) > 1 else 0
    if re.search(r"p\.?\s*m", t) and hour < 12:
        hour += 12
    elif re.search(r"a\.?\s*m", t) and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def _convert(macro: Macro, text: str, macros: Mapping[str, Macro]) -> str:
    c = macro.convert
    if c == "lookup":
        return _lookup(macro, text)
    if c == "int":
        m = re.search(r"\d+", text)
        return str(int(m[0])) if m else ""
    if c == "number":
        return _number(text, macros)
    if c == "year":
        return _year(text, macros)
    if c == "decade":
        return _decade(text, macros)
    if c == "clock":
        return _clock(text, macros)
    if c == "upper":
        return text.upper()
    return _norm(text)


def _fill(template: str, values: Mapping[str, str]) -> str:
    """Put group values into a template; ``{month:02}`` pads a number to two digits."""

    def one(m: re.Match[str]) -> str:
        value = values.get(m[1], "")
        return value.zfill(int(m[2])) if m[2] and value.isdigit() else value

    return _TEMPLATE.sub(one, template)


# --- context --------------------------------------------------------------------------------


def _sentence(text: str, start: int, end: int, rs: RuleSet) -> tuple[int, int]:
    lo = max(0, start - 200)
    s0 = lo
    for m in rs.sentence_end.finditer(text, lo, start):
        s0 = m.end()
    m2 = rs.sentence_end.search(text, end, min(len(text), end + 200))
    return s0, (m2.start() + 1 if m2 else min(len(text), end + 200))


def _context_ok(rule: Rule, text: str, start: int, end: int, rs: RuleSet) -> bool:
    ctx = rule.context
    if not ctx:
        return True
    before = text[max(0, start - 60) : start]
    after = text[end : end + 60]
    if "before" in ctx and not ctx["before"].search(before):
        return False
    if "not_before" in ctx and ctx["not_before"].search(before):
        return False
    if "after" in ctx and not ctx["after"].search(after):
        return False
    if "not_after" in ctx and ctx["not_after"].search(after):
        return False
    if "sentence" in ctx or "not_sentence" in ctx:
        s0, s1 = _sentence(text, start, end, rs)
        sent = text[s0:s1]
        if "sentence" in ctx and not ctx["sentence"].search(sent):
            return False
        if "not_sentence" in ctx and ctx["not_sentence"].search(sent):
            return False
    return True


def _capital(which: str, m: re.Match[str], start: int, text: str) -> bool:
    """Names must be capitalised: "May 5" is a date, "may" the verb is not."""
    if which == "*":
        return text[start].isupper()
    part = m[which]
    return part is None or part[:1].isupper()


_ADJACENT = re.compile(r"\w+\s+(?:on\s+)?")


def _tense(text: str, start: int, end: int, rs: RuleSet) -> str:
    """The tense around an expression: the cue nearest before it, else the first after it.

    News reports default to the past.
    """
    s0, s1 = _sentence(text, start, end, rs)
    s1 = min(s1, end + 40)
    cues = [(m.start(), "future") for m in rs.future.finditer(text, s0, s1)]
    taken = {p for p, _ in cues}
    cues += [(m.start(), "past") for m in rs.past.finditer(text, s0, s1) if m.start() not in taken]
    before = [c for c in cues if c[0] < start]
    if before:
        at, tense = max(before)
        if tense == "past" and _ADJACENT.fullmatch(text, at, start):
            # "was told Wednesday", "said on Friday": the verb the date modifies is past.
            return "past-adjacent"
        return tense
    after = [c for c in cues if c[0] >= end]
    return min(after)[1] if after else "past"


# --- normalisation --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Resolved:
    value: str
    precision: str | None
    anchor: str | None
    point: Point | None


def _int(v: str) -> int | None:
    try:
        return int(v)
    except ValueError:
        return None


def _resolve_date(
    spec: Mapping[str, object],
    values: Mapping[str, str],
    anchors: Mapping[str, Point | None],
    tense: Callable[[], str],
) -> _Resolved:
    f = {
        k: _fill(str(spec[k]), values)
        for k in spec
        if k not in ("anchor", "shift", "gran", "direction", "unknown", "within")
    }
    f = {k: v for k, v in f.items() if v}
    if "monthday" in f:  # a holiday: "12-25", "11-4#4" (fourth Thursday of November), "04-E-2"
        f["month"], _, f["day"] = f.pop("monthday").partition("-")
        if "#" in f["day"] or f["day"].startswith("E"):
            f["nth"] = f.pop("day")
    gran = _fill(str(spec.get("gran", "")), values)
    year = _int(f.get("year", ""))
    anchor_name: str | None = None
    if "century" in f and year is None:
        c = int(f["century"])
        # The 19th century is 1801-1900, written "18" in TIMEX3.
        p = Point(date(max(1, (c - 1) * 100), 1, 1), "century")
        return _Resolved(p.value(), PRECISION["century"], None, p)
    if "decade" in f and year is None:
        p = Point(date(max(1, int(f["decade"]) * 10), 1, 1), "decade")
        return _Resolved(p.value(), PRECISION["decade"], None, p)
    base: Point | None = None
    if year is None:
        anchor_name = str(spec.get("anchor", "auto"))
        base = anchors.get(anchor_name)
        if base is None:
            raise _Unresolved
        sh = spec.get("shift")
        if isinstance(sh, Mapping):
            by = _int(_fill(str(sh["by"]), values))
            unit = _fill(str(sh["unit"]), values)
            if by is None or unit not in GRANS:
                raise _Unresolved
            if base.gran not in ("day", unit) and GRANS.index(unit) > GRANS.index(base.gran):
                # "yesterday" against a reference date known only to the year: the year is known.
                part = _UNKNOWN_PART.get(gran if gran in _UNKNOWN_PART else unit, "")
                return _Resolved(base.at("year").value() + part, None, anchor_name, None)
            base = shift(base, unit, by)
        within = spec.get("within")
        if isinstance(within, str) and GRANS.index(within) < GRANS.index(base.gran):
            # Only that much of the anchor is meant: "for the week" is some week of its year.
            base = base.at(within)
        year = base.year
        anchor_name = "dct" if anchors.get("dct") is base or anchor_name == "dct" else "narrative"
    direction = str(spec.get("direction", "tense"))
    month = _int(f.get("month", ""))
    day = _int(f.get("day", ""))
    fine_anchor = base is not None and base.gran in ("month", "week", "day")
    if month is not None:
        if base is not None and fine_anchor and "year" not in f and direction != "none":
            year = _pick_year(base, month, day, direction, tense)
        if "nth" in f and f["nth"].startswith("E"):
            # Easter and the days counted from it; the month named is only a guide to the year.
            moved = _easter(year) + timedelta(days=int(f["nth"][1:] or 0))
            month, day = moved.month, moved.day
        elif "nth" in f:
            day = _nth_weekday(year, month, f["nth"])
        try:
            d = date(year, month, day or 1)
        except ValueError:
            # "31 February 2023" names no day: not a date at all.
            raise _Impossible from None
        p = Point(d, "day" if day is not None else "month")
        if gran == "week" and p.gran == "day":
            p = p.at("week")  # "the week of March 6"
    elif "weekday" in f:
        if base is None or base.gran != "day":
            raise _Unresolved
        p = Point(_pick_weekday(base.day, int(f["weekday"]), direction, tense), "day")
        if gran == "weekend":
            p = p.at("weekend")
    elif "quarter" in f:
        q = int(f["quarter"])
        if base is not None and fine_anchor and "year" not in f and direction != "none":
            here = base.year * 4 + (base.day.month - 1) // 3
            years = [base.year - 1, base.year, base.year + 1]
            offsets = [y * 4 + q - 1 - here for y in years]
            if direction == "tense" and -1 in offsets:
                # The quarter just ended is the one being reported, whatever the verbs around
                # it look forward to ("plans to restructure after a third-quarter loss").
                year = years[offsets.index(-1)]
            else:
                year = years[offsets.index(_choose(offsets, direction, tense, _AGAINST_TENSE_QUARTER))]
        p = Point(date(year, (q - 1) * 3 + 1, 1), "quarter")
    elif "half" in f:
        p = Point(date(year, 1 if f["half"] == "1" else 7, 1), "half")
    elif "season" in f:
        s = f["season"]
        p = Point(date(year, {"SP": 3, "SU": 6, "FA": 9, "WI": 12}.get(s, 1), 1), "season", s)
    elif "week" in f:
        try:
            p = Point(date.fromisocalendar(year, int(f["week"]), 1), "week")
        except ValueError:
            raise _Unresolved from None
    elif base is not None and "year" not in f:
        p = Point(base.day, base.gran, base.season)
        if gran and gran != "anchor" and gran != p.gran:
            if GRANS.index(gran) > GRANS.index(p.gran) and p.gran != "day":
                # "the quarter" when the text has only named the year: the year is known, the rest not.
                return _Resolved(p.at("year").value() + _UNKNOWN_PART.get(gran, ""), None, anchor_name, None)
            p = p.at(gran)
    else:
        p = Point(date(year, 1, 1), "year")
        if gran and gran != "anchor" and GRANS.index(gran) < GRANS.index("year"):
            p = p.at(gran)
        held = anchors.get(str(spec.get("anchor", "")))
        if gran == "anchor" and held is not None and held.gran in ("half", "quarter"):
            # "the 1988 period" while a quarter is under discussion: that quarter of 1988.
            p = shift(held, "year", year - held.year)
    if "time" in f:
        p = Point(p.day, p.gran, p.season, f["time"])
    return _Resolved(p.value(), PRECISION.get(p.gran) if not p.time else None, anchor_name, p)


#: How much farther a date against the tense may be and still win ("Friday" in a past-tense
#: sentence is the Friday before, unless next Friday is much closer).
_AGAINST_TENSE = 2.5
#: ... unless the past-tense verb is right before the date ("was told Wednesday" on a Tuesday
#: is six days back, not tomorrow).
_AGAINST_ADJACENT_PAST = 10.0
#: Quarters are reported once they are over: "the first quarter" in a past-tense sentence in
#: October is that year's, not next year's, though next year's is nearer.
_AGAINST_TENSE_QUARTER = 3.5


def _choose(
    offsets: list[int], direction: str, tense: Callable[[], str], weight: float = _AGAINST_TENSE
) -> int:
    """Pick one signed offset from the anchor: the nearest, weighed by tense, or one side of it."""
    if direction == "past":
        return max(o for o in offsets if o <= 0)
    if direction == "future":
        return min(o for o in offsets if o >= 0)
    if direction == "before":
        return max(o for o in offsets if o < 0)
    if direction == "after":
        return min(o for o in offsets if o > 0)

    if 0 in offsets:
        return 0
    looking = tense()
    if looking == "past-adjacent":
        weight = max(weight, _AGAINST_ADJACENT_PAST)

    def cost(o: int) -> float:
        against = (o > 0 and looking.startswith("past")) or (o < 0 and looking.startswith("future"))
        return abs(o) * (weight if against else 1.0)

    return min(offsets, key=cost)


def _pick_year(base: Point, month: int, day: int | None, direction: str, tense: Callable[[], str]) -> int:
    """The year of a month (and day) given without one, seen from ``base``."""
    years = [base.year - 1, base.year, base.year + 1]
    if day is None or base.gran != "day":
        here = base.year * 12 + base.day.month
        offsets = [y * 12 + month - here for y in years]
    else:
        offsets = []
        for y in years:
            try:
                offsets.append((date(y, month, day) - base.day).days)
            except ValueError:
                offsets.append(10**6)
    return years[offsets.index(_choose(offsets, direction, tense))]


def _pick_weekday(anchor: date, weekday: int, direction: str, tense: Callable[[], str]) -> date:
    back = (anchor.isoweekday() - weekday) % 7
    fwd = (weekday - anchor.isoweekday()) % 7
    offsets = [-back, fwd, -back - 7, fwd + 7]
    return anchor + timedelta(days=_choose(offsets, direction, tense))


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * ll) // 433
    month = (h + ll - 7 * m + 90) // 25
    return date(year, month, (h + ll - 7 * m + 33 * month + 19) % 32)


def _nth_weekday(year: int, month: int, spec: str) -> int:
    """The day of month of weekday ``W`` number ``n`` (``"4#4"``; ``n = -1`` is the last).

    ``"1#1+1"`` adds a day: the Tuesday after the first Monday.
    """
    weekday, _, nth = spec.partition("#")
    nth, _, plus = nth.partition("+")
    wd, n = int(weekday), int(nth)
    return _nth(year, month, wd, n) + int(plus or 0)


def _nth(year: int, month: int, wd: int, n: int) -> int:
    first = date(year, month, 1).isoweekday()
    day = 1 + (wd - first) % 7 + 7 * (n - 1)
    if n < 0:
        last = calendar.monthrange(year, month)[1]
        day = last - (date(year, month, last).isoweekday() - wd) % 7
    return day


def _unresolved_value(spec: Mapping[str, object], values: Mapping[str, str]) -> str:
    if "unknown" in spec:
        return _fill(str(spec["unknown"]), values)
    f = {
        k: _fill(str(spec[k]), values)
        for k in ("month", "day", "weekday", "quarter", "season", "half", "time")
        if k in spec
    }
    f = {k: v for k, v in f.items() if v}
    if "monthday" in spec:
        f["month"], _, f["day"] = _fill(str(spec["monthday"]), values).partition("-")
        if f["day"].startswith("E"):  # Easter moves between March and April
            return "XXXX-WXX" if spec.get("gran") == "week" else "XXXX-XX-XX"
        if "#" in f["day"]:
            del f["day"]
    if "month" in f:
        text = f"XXXX-{int(f['month']):02d}" + (f"-{int(f['day']):02d}" if "day" in f else "")
    elif "weekday" in f:
        text = f"XXXX-WXX-{f['weekday']}"
    elif "quarter" in f:
        text = f"XXXX-Q{f['quarter']}"
    elif "half" in f:
        text = f"XXXX-H{f['half']}"
    elif "season" in f:
        text = f"XXXX-{f['season']}"
    else:
        gran = _fill(str(spec.get("gran", "year")), values)
        text = {
            "month": "XXXX-XX",
            "week": "XXXX-WXX",
            "day": "XXXX-XX-XX",
            "quarter": "XXXX-QX",
            "half": "XXXX-HX",
        }.get(gran, "XXXX")
    return text + ("T" + f["time"] if "time" in f else "")


#: Half of a unit, in the next smaller one ("2 1/2 years" is P2Y6M).
_HALF = {"Y": ("M", 6), "M": ("D", 15), "W": ("D", 3.5), "D": ("H", 12), "H": ("MIN", 30), "MIN": ("S", 30)}


def _duration_part(n: str, unit: str) -> str:
    return f"{n}{'M' if unit == 'MIN' else unit}"


def _duration(spec: Mapping[str, str], values: Mapping[str, str]) -> str:
    """``P3Y``, ``PT5H``, ``PXM``; a unit may carry a factor (``10Y`` for a decade)."""
    n = _fill(spec["n"], values) or "X"
    raw_unit = _fill(spec["unit"], values) or "X"
    factor_text, unit = re.fullmatch(r"(\d*)(\D+)", raw_unit).groups()  # type: ignore[union-attr]
    parts: list[tuple[str, str]] = []
    try:
        amount = float(n) * (int(factor_text) if factor_text else 1)
    except ValueError:  # "several years": an unknown amount
        amount = -1.0
    if amount < 0:
        parts.append(("X", unit))
    else:
        whole = int(amount)
        if whole:
            parts.append((str(whole), unit))
        if amount - whole and unit in _HALF:
            smaller, size = _HALF[unit]
            parts.append((f"{size * (amount - whole) * 2:g}", smaller))
        if not parts:
            parts.append((f"{amount:g}", unit))
    date_part = "".join(_duration_part(a, u) for a, u in parts if u not in _TIME_UNITS)
    time_part = "".join(_duration_part(a, u) for a, u in parts if u in _TIME_UNITS)
    return "P" + date_part + ("T" + time_part if time_part else "")


def _new_focus(
    p: Point,
    focus: Point | None,
    period: Point | None,
    rule: Rule,
    dct: Point | None,
    tense: Callable[[], str],
) -> bool:
    """Does the date ``p`` become the period under discussion?

    A comparison ("a year earlier") is not a new topic, and neither is a date one year before
    a topic that is not in the future: "the 1988 period" or "last year" after the third
    quarter of 1989 is the comparison period.
    """
    if p.gran not in _FOCUS_GRANS or rule.date is None or rule.date.get("anchor") == "focus":
        return False
    if dct is not None and dct.gran == "day":
        # A forecast ("record earnings in 1990", "will take a fourth-quarter charge") is not
        # what the report reports on.  A quarter still running on the calendar is, if it is
        # the first one named and not looked forward to: a fiscal quarter ("reported
        # fourth-quarter net" in November).
        if p.day > dct.day:
            return False
        running = p.gran in _PERIOD_GRANS and shift(p, p.gran, 1).day > dct.day
        if running and (period is not None or tense().startswith("future")):
            return False
    if focus is None:
        return True
    earlier_period = focus.gran in _PERIOD_GRANS and p.gran in _PERIOD_GRANS and p.day < focus.day
    if earlier_period and rule.focus != "topic":
        # After the third quarter, "a flat second quarter" or "the first half" is a comparison.
        return (focus.day - p.day).days > 366
    if p.year != focus.year - 1:
        return True
    return dct is not None and focus.day > dct.day


def _focus_is(when: str, focus: Point | None, period: Point | None) -> bool:
    """Is the period under discussion right now a quarter (or half, for ``period``)?

    ``no_period``: the text has not named a quarter or half to report on yet.
    """
    if when == "no_period":
        return period is None
    if focus is None:
        return False
    return focus.gran == when or (when == "period" and focus.gran in _PERIOD_GRANS)


def _bound(ix: _Index, text: str, start: int) -> str | None:
    """The mod an open-interval preposition just before a date gives it ("since 2023")."""
    m = ix.bound.search(text, max(0, start - 24), start)
    return _lookup(ix.rules.macros["bound"], m[1]) if m else None


# --- the tagger -----------------------------------------------------------------------------


def tag(text: str, dct: str | None, *, narrative: bool = False) -> list[Timex]:
    """Find and normalise the temporal expressions in ``text``.

    ``dct`` is the document's creation/reference date as ISO text at any
    precision (``1998-08-13``, ``2022-07``, ``2026``) or None.  News-style
    expressions ("last year", "on Friday") resolve against it; narrative ones
    ("the following year", "a year earlier") against the last date the text
    set.  With ``narrative=True`` bare months and weekdays also resolve against
    that last date.  Returns ``[]`` when nothing is found; offsets index ``text``.
    """
    ix = _index()
    rs = ix.rules
    memo = _candidates_memo
    dct_point = parse_point(dct) if dct else None
    ref: Point | None = None
    ref_named = False  # the text named the reference time's year itself
    # The period under discussion: the last calendar point any date named, relative ones
    # included ("sales in December ... up from a year ago" is the December before).
    focus: Point | None = None
    # The quarter or half under discussion: a month or year named in passing leaves it be.
    period: Point | None = None
    out: list[Timex] = []
    pos = 0
    for tok in _TOKEN.finditer(text):
        # Most words start no rule: one dictionary look-up says so.
        token = tok[0]
        found = memo.get(token)
        if found == ():
            continue
        start = tok.start()
        if start < pos:
            continue
        word = token.lower()
        if word in _FUNCTION_WORDS:
            after = _TOKEN.search(text, tok.end())
            nxt = after[0] if after else None
            cands = _pair_candidates(ix, word, nxt) if nxt else ix.pairs[word].get("*", ())
        else:
            cands = _candidates(ix, token) if found is None else found
        for i in cands:
            rule = rs.rules[i]
            m = ix.regexes[i].match(text, start)
            if m is None:
                continue
            end = m.end()
            if (
                (rule.only and rule.only != ("narrative" if narrative else "news"))
                or (rule.when and not _focus_is(rule.when, focus, period))
                or (rule.capitalised and not _capital(rule.capitalised, m, start, text))
                or not _context_ok(rule, text, start, end, rs)
            ):
                continue
            break
        else:
            continue
        pos = end
        if rule.guard:
            continue
        values = {
            g.split("__")[0]: _convert(mac, m[g], rs.macros)
            for g, mac in rule.groups.items()
            if m[g] is not None
        }
        anchors = {
            "dct": dct_point,
            "ref": ref or dct_point,
            "auto": (ref or dct_point) if narrative else dct_point,
            "focus": focus or ref or dct_point,
            "period": period or focus or ref or dct_point,
            "day": ref if ref is not None and ref.gran == "day" else dct_point,
        }
        precision: str | None = None
        anchor: str | None = None
        if rule.date is not None:
            try:
                tense_here = partial(_tense, text, start, end, rs)
                res = _resolve_date(rule.date, values, anchors, tense_here)
            except _Impossible:
                continue
            except _Unresolved:
                value = _unresolved_value(rule.date, values)
            else:
                value, precision, anchor = res.value, res.precision, res.anchor
                p = res.point
                if p is not None and _new_focus(p, focus, period, rule, dct_point, tense_here):
                    focus = Point(p.day, p.gran, p.season)
                    if focus.gran in _PERIOD_GRANS:
                        period = focus
                # A bare "June" read against the document date does not pull a story the text
                # set in another year ("formed in 2016") to today; after other guesses, or
                # within the year, it moves the story on.
                guessed = res.anchor == "dct" and ref_named
                held = guessed and ref is not None and p is not None and ref.year != p.year
                if rule.sets_ref and p is not None and p.gran not in ("century", "decade") and not held:
                    ref = Point(p.day, p.gran, p.season)
                    ref_named = res.anchor is None
        elif rule.duration is not None:
            value = _duration(rule.duration, values)
            now = dct_point or ref
            if rule.focus in GRANS and now is not None:
                # "For the nine months, net rose ... from a year earlier": the year is the topic.
                focus = now.at(rule.focus)
        else:
            value = _fill(str(rule.value), values)
        if not value:
            continue
        mod = (_fill(rule.mod, values) or None) if rule.mod else None
        if mod is None and rule.type == "DATE" and rule.date is not None:
            mod = _bound(ix, text, start)
        rtype: TimexType = rule.type  # type: ignore[assignment]
        out.append(Timex(start, end, text[start:end], rtype, value, precision, rule.id, anchor, mod))
    return out


__all__ = ["tag"]
