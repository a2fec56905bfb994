"""Mark page chrome in scraped text (menus, teaser lists, banners, legal lines) as spans.

Nothing is removed: ``Document.boilerplate`` lists spans that extraction ignores, so
offsets stay those of the text.  The cues live in ``boilerplate.yaml``; this module
only applies them:

- a *line* cue marks its line;
- a *section* heading ("Most Popular", "Latest in Tech") marks itself and the lines
  after it until article prose resumes;
- a *menu* is a run of short bullet items with its label lines;
- a *teaser* run is a stretch without prose holding several headline + dated byline items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from events.errors import RuleError
from events.readers.data import compile_regex, load
from events.readers.infobox import section_list_lines
from events.readers.lines import Line, merge_spans, split_lines, strip_span
from events.readers.prose import is_prose

_FILE = "boilerplate.yaml"
# Cue regexes only see lines up to this length; longer lines are article text.
_MAX_CUE_LINE = 1000
_MAX_HEADING_WORDS = 25
_MAX_SECTION_HEADING_WORDS = 8
# Words on every line of a hard-wrapped paragraph (a headline list has shorter lines).
_MIN_WRAPPED_WORDS = 6
_DECORATION = re.compile(r"^[#=*\s]+|[=*\s:]+$")
_INFOBOX_ITEM = re.compile(r"^\s*[-*•·]\s+\*{0,2}[A-Za-z][\w'’&/()\-. ]{0,40}?\*{0,2}\s*:")


@dataclass(frozen=True, slots=True)
class Cue:
    """One regex cue with the example lines it must and must not flag."""

    id: str
    kind: str
    regex: re.Pattern[str]
    match: tuple[str, ...]
    keep: tuple[str, ...]
    takes_heading: bool = False
    takes_paragraphs: bool = False


@dataclass(frozen=True, slots=True)
class Cues:
    line: tuple[Cue, ...]
    section: tuple[Cue, ...]
    menu_bullet: re.Pattern[str]
    menu_max_words: int
    menu_min_run: int
    label_max_words: int
    byline: re.Pattern[str]
    date: re.Pattern[str]
    headline_min_words: int
    teaser_min_items: int
    teaser_match: tuple[str, ...]
    teaser_keep: tuple[str, ...]
    bare_max_words: int = 3
    bare_min_run: int = 4
    bare_min_share: float = 0.5
    bare_words: frozenset[str] = frozenset()
    bare_match: tuple[str, ...] = ()
    bare_keep: tuple[str, ...] = ()


@cache
def cues() -> Cues:
    """The cues of ``boilerplate.yaml``, validated (RuleError names a bad cue)."""
    data = load(_FILE)
    menu: dict[str, Any] = data.get("menu") or {}
    teaser: dict[str, Any] = data.get("teaser") or {}
    examples = teaser.get("examples") or {}
    bare: dict[str, Any] = data.get("bare_menu") or {}
    bare_examples = bare.get("examples") or {}
    return Cues(
        line=_cue_list(data, "line"),
        section=_cue_list(data, "section"),
        menu_bullet=compile_regex(_FILE, "menu.bullet", menu.get("bullet")),
        menu_max_words=int(menu.get("max_words", 6)),
        menu_min_run=int(menu.get("min_run", 3)),
        label_max_words=int(menu.get("label_max_words", 2)),
        byline=compile_regex(_FILE, "teaser.byline", teaser.get("byline")),
        date=compile_regex(_FILE, "teaser.date", teaser.get("date")),
        headline_min_words=int(teaser.get("headline_min_words", 4)),
        teaser_min_items=int(teaser.get("min_items", 2)),
        teaser_match=tuple(examples.get("match") or ()),
        teaser_keep=tuple(examples.get("keep") or ()),
        bare_max_words=int(bare.get("max_words", 3)),
        bare_min_run=int(bare.get("min_run", 4)),
        bare_min_share=float(bare.get("min_share", 0.5)),
        bare_words=frozenset(str(w).lower() for w in bare.get("words") or ()),
        bare_match=tuple(bare_examples.get("match") or ()),
        bare_keep=tuple(bare_examples.get("keep") or ()),
    )


def _cue_list(data: dict[str, Any], kind: str) -> tuple[Cue, ...]:
    entries = data.get(kind)
    if not isinstance(entries, list):
        raise RuleError(f"events/readers/{_FILE}", None, f"needs a `{kind}` list of cues")
    result: list[Cue] = []
    for entry in entries:
        cue_id = str(entry.get("id") or "")
        if not cue_id:
            raise RuleError(f"events/readers/{_FILE}", None, f"a `{kind}` cue has no id")
        examples = entry.get("examples") or {}
        if not examples.get("match"):
            raise RuleError(f"events/readers/{_FILE}", cue_id, "needs at least one `match` example")
        result.append(
            Cue(
                cue_id,
                kind,
                compile_regex(_FILE, cue_id, entry.get("regex")),
                tuple(examples.get("match") or ()),
                tuple(examples.get("keep") or ()),
                bool(entry.get("takes_heading", False)),
                bool(entry.get("takes_paragraphs", False)),
            )
        )
    return tuple(result)


def clean(line: str) -> str:
    """The line as cues see it: stripped of whitespace and heading marks (``== See also ==``)."""
    # A line made only of marks ("###", a press release's end) is kept as it is.
    return _DECORATION.sub("", line) or line.strip()


def line_cue(line: str) -> str | None:
    """The id of the line cue that flags ``line`` as chrome, if any."""
    cue = _line_cue(line)
    return cue.id if cue else None


@dataclass(frozen=True, slots=True)
class _Prefilter:
    """The line cues folded into three alternations, so a line no cue flags is cheap.

    Cues anchored at the line start are tried only there (``match``); case-insensitive
    cues written in lower case run case-sensitively on the lowered line, which Python's
    regex engine scans several times faster than an IGNORECASE alternation.
    """

    anchored: re.Pattern[str]
    lowered: re.Pattern[str]
    floating: re.Pattern[str]

    def may_match(self, text: str) -> bool:
        return bool(
            self.anchored.match(text) or self.lowered.search(text.lower()) or self.floating.search(text)
        )


_ESCAPE = re.compile(r"\\.")


@cache
def _prefilter() -> _Prefilter | None:
    groups: dict[str, list[str]] = {"anchored": [], "lowered": [], "floating": []}
    for cue in cues().line:
        pattern = cue.regex.pattern
        insensitive = pattern.startswith("(?i)")
        if insensitive:
            pattern = pattern[4:]
        elif pattern.startswith("(?"):
            return None  # other inline flags cannot be scoped; check cue by cue
        if pattern.startswith("^"):
            groups["anchored"].append(f"(?i:{pattern})" if insensitive else f"(?:{pattern})")
        elif insensitive and not any(ch.isupper() for ch in _ESCAPE.sub("", pattern)):
            groups["lowered"].append(f"(?:{pattern})")
        else:
            groups["floating"].append(f"(?i:{pattern})" if insensitive else f"(?:{pattern})")
    never = r"(?!)"
    anchored, lowered, floating = (re.compile("|".join(g) or never) for g in groups.values())
    return _Prefilter(anchored, lowered, floating)


def _line_cue(line: str) -> Cue | None:
    if len(line) > _MAX_CUE_LINE:
        return None
    text = clean(line)
    if not text:
        return None
    prefilter = _prefilter()
    if prefilter is not None and not prefilter.may_match(text):
        return None
    for cue in cues().line:
        if cue.regex.search(text):
            return cue
    return None


def section_cue(line: str) -> str | None:
    """The id of the section cue whose heading ``line`` is, if any."""
    cue = _section_cue(line)
    return cue.id if cue else None


def _section_cue(line: str) -> Cue | None:
    if len(line) > _MAX_CUE_LINE:
        return None
    text = clean(line)
    for cue in cues().section:
        if text and cue.regex.search(text):
            return cue
    return None


def find_boilerplate(text: str, lines: list[Line] | None = None) -> tuple[tuple[int, int], ...]:
    """Spans of chrome in ``text``, merged and sorted; ``text`` itself is untouched."""
    lines = split_lines(text) if lines is None else lines
    line_cues = [_line_cue(line.text) for line in lines]
    flagged = [cue is not None for cue in line_cues]
    for i in range(len(lines) - 1):
        # A caption scraped twice, once bare and once with its photo credit glued on.
        if flagged[i + 1] and not lines[i].blank and lines[i + 1].text.startswith(lines[i].text):
            flagged[i] = True
    prose = [not flagged[i] and is_prose(line.text) for i, line in enumerate(lines)]
    _mark_wrapped_paragraphs(lines, flagged, prose)
    for i, cue in enumerate(line_cues):
        if cue is not None and cue.takes_heading:
            above = _heading_above(lines, prose, i)
            if above is not None:
                flagged[above] = True
    anchors = _teaser_anchors(lines)
    marked = set(i for i, f in enumerate(flagged) if f)
    marked |= _sections(lines, prose, anchors)
    # A short list under "Former names" is a fact sheet, not navigation.
    marked |= _menus(lines) - section_list_lines(lines)
    marked |= bare_menus(lines)
    marked |= _repeated(lines, prose)
    marked |= _teaser_runs(lines, prose, anchors)
    spans = [strip_span(text, lines[i].start, lines[i].end) for i in sorted(marked)]
    return merge_spans(text, spans)


def _mark_wrapped_paragraphs(lines: list[Line], flagged: list[bool], prose: list[bool]) -> None:
    """Hard-wrapped paragraphs (plain-text mail, old archives) are prose line by line.

    A block of two or more long lines with no chrome among them whose last line ends
    a sentence is one paragraph, even though its inner lines end mid-sentence.
    """
    i = 0
    while i < len(lines):
        if lines[i].blank:
            i += 1
            continue
        j = i
        while j < len(lines) and not lines[j].blank:
            j += 1
        block = range(i, j)
        if (
            j - i >= 2
            and prose[j - 1]
            and all(not flagged[k] and lines[k].words >= _MIN_WRAPPED_WORDS for k in block)
            and not any(cues().menu_bullet.match(lines[k].text) for k in block)
        ):
            for k in block:
                prose[k] = True
        i = j


def _heading_above(lines: list[Line], prose: list[bool], i: int) -> int | None:
    """The short non-prose line just above line ``i`` (one blank line allowed), if any."""
    k = i - 1
    if k >= 0 and lines[k].blank:
        k -= 1
    if k < 0 or lines[k].blank or prose[k] or lines[k].words > _MAX_HEADING_WORDS:
        return None
    return k


def _sections(lines: list[Line], prose: list[bool], anchors: dict[int, int]) -> set[int]:
    marked: set[int] = set()
    i = 0
    while i < len(lines):
        cue = None if lines[i].blank else _section_cue(lines[i].text)
        if cue is None:
            i += 1
            continue
        marked.add(i)
        j = i + 1
        while j < len(lines):
            if cue.takes_paragraphs:
                if _is_heading(lines, prose, j):
                    break
            # A teaser's dek or photo caption is followed by its byline within a few lines;
            # article prose is not.
            elif prose[j] and not any(k in anchors for k in range(j + 1, j + 5)):
                break
            if not lines[j].blank:
                marked.add(j)
            j += 1
        i = j
    return marked


def _is_heading(lines: list[Line], prose: list[bool], j: int) -> bool:
    """A short non-prose line after a blank line: where the next part of a page starts."""
    line = lines[j]
    return (
        not line.blank
        and j > 0
        and lines[j - 1].blank
        and not prose[j]
        and line.words <= _MAX_SECTION_HEADING_WORDS
    )


def _menus(lines: list[Line]) -> set[int]:
    c = cues()
    is_item = [
        line.words <= c.menu_max_words + 1
        and c.menu_bullet.match(line.text) is not None
        and _INFOBOX_ITEM.match(line.text) is None
        and not line.stripped.endswith(".")
        for line in lines
    ]
    marked: set[int] = set()
    i = 0
    while i < len(lines):
        if not is_item[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and is_item[j]:
            j += 1
        if j - i >= c.menu_min_run:
            marked.update(range(i, j))
            if i > 0 and _is_label(lines[i - 1], c.label_max_words):
                marked.add(i - 1)
            k = j
            while k < len(lines) and k < j + 3 and _is_label(lines[k], c.label_max_words):
                marked.add(k)
                k += 1
        i = j
    return marked


_MIN_REPEATS = 3
_MAX_REPEATED_CHARS = 90


def _repeated(lines: list[Line], prose: list[bool]) -> set[int]:
    """Running heads of a paged document: a short line seen three times or more; the first stays (a title)."""
    seen: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        text = " ".join(line.stripped.split())
        if text and len(text) <= _MAX_REPEATED_CHARS and not prose[i] and any(ch.isalpha() for ch in text):
            seen.setdefault(text, []).append(i)
    return {i for where in seen.values() if len(where) >= _MIN_REPEATS for i in where[1:]}


def bare_menus(lines: list[Line]) -> set[int]:
    """Runs of very short lines without bullets, most of them site-section words ("Home", "News")."""
    c = cues()
    marked: set[int] = set()
    i = 0
    while i < len(lines):
        j = i
        while (
            j < len(lines)
            and not lines[j].blank
            and lines[j].words <= c.bare_max_words
            and not lines[j].stripped.endswith((".", ":"))
        ):
            j += 1
        if j - i >= c.bare_min_run:
            nav = sum(1 for k in range(i, j) if " ".join(lines[k].stripped.lower().split()) in c.bare_words)
            if nav >= c.bare_min_share * (j - i):
                marked.update(range(i, j))
        i = max(j, i + 1)
    return marked


def _is_label(line: Line, max_words: int) -> bool:
    text = line.stripped
    return (
        bool(text) and line.words <= max_words and not any(ch.isdigit() for ch in text) and text[-1].isalnum()
    )


def _teaser_anchors(lines: list[Line]) -> dict[int, int]:
    """Byline lines that carry a date or are followed by one: line index -> last line of the anchor."""
    c = cues()
    anchors: dict[int, int] = {}
    for i, line in enumerate(lines):
        text = line.stripped
        if len(text) > 200 or not c.byline.match(text):
            continue
        if c.date.search(text):
            anchors[i] = i
            continue
        k = i + 1
        while k < len(lines) and k <= i + 2 and lines[k].blank:
            k += 1  # rendered HTML puts a blank line between blocks
        if k < len(lines) and _is_dateline(lines[k], c.date):
            anchors[i] = k
    return anchors


def _is_dateline(line: Line, date: re.Pattern[str]) -> bool:
    return line.words <= 8 and date.search(line.stripped) is not None


def _teaser_runs(lines: list[Line], prose: list[bool], anchors: dict[int, int]) -> set[int]:
    c = cues()
    marked: set[int] = set()
    ordered = sorted(anchors)
    next_anchor = 0
    i = 0
    while i < len(lines):
        if prose[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and not prose[j]:
            j += 1
        items = 0
        floor = i
        while next_anchor < len(ordered) and ordered[next_anchor] < j:
            a = ordered[next_anchor]
            next_anchor += 1
            if a < i:
                continue
            before = [lines[k] for k in range(max(floor, a - 3), a) if not lines[k].blank]
            if any(line.words >= c.headline_min_words for line in before):
                items += 1
            floor = anchors[a] + 1
        if items >= c.teaser_min_items:
            marked.update(k for k in range(i, j) if not lines[k].blank)
        i = j
    return marked
