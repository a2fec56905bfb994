"""Which words can start a rule's match, read from the rule's own regex.

Scanning every position with one alternation of ~100 rules is slow in Python's
``re``.  Instead the engine walks the text's word tokens and tries only the
rules whose first word can be that token.  The first words are derived from the
compiled pattern (its parse tree), so rule authors write nothing extra.

A trigger is ``("word", w)`` (the first word is exactly ``w``), ``("prefix", p)``
(the first word starts with ``p``), ``("digit", "")`` (a number) or
``("sym", c)`` (a symbol such as ``$``); ``("any", "")`` means "try everywhere".
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

Trigger = tuple[str, str]
_ANY: Trigger = ("any", "")
_MAX_PARTIALS = 20000


class _TooWide(Exception):
    pass


def _class_kind(items: list[tuple[Any, Any]]) -> str:
    """'space' (no word characters), 'digit' (digits only) or 'word' for an IN class."""
    has_word = has_digit_only = False
    for op, av in items:
        if op is C.CATEGORY:
            if av in (C.CATEGORY_SPACE, C.CATEGORY_NOT_WORD):
                continue
            if av is C.CATEGORY_DIGIT:
                has_digit_only = True
                continue
            has_word = True
        elif op is C.LITERAL:
            ch = chr(av)
            if ch.isdigit():
                has_digit_only = True
            elif ch.isalnum() or ch == "_":
                has_word = True
        elif op is C.RANGE:
            lo, hi = av
            if all(chr(c).isdigit() for c in (lo, hi)) and hi - lo < 10:
                has_digit_only = True
            else:
                has_word = True
        elif op is C.NEGATE:
            has_word = True
    if has_word:
        return "word"
    return "digit" if has_digit_only else "space"


def _walk(items: Any, partials: set[str], out: set[Trigger]) -> set[str]:
    """Feed ``partials`` (first-word prefixes so far) through ``items``; return those still open."""
    for op, av in items:
        if not partials:
            return partials
        if len(partials) > _MAX_PARTIALS:
            raise _TooWide
        if op is C.LITERAL:
            ch = chr(av).lower()
            if ch.isalnum() or ch == "_":
                partials = {p + ch for p in partials}
            else:
                for p in partials:
                    out.add(("word", p) if p else ("sym", ch))
                partials = set()
        elif op in (C.IN, C.NOT_LITERAL, C.ANY, C.CATEGORY):
            kind = (
                _class_kind(av)
                if op is C.IN
                else ("space" if op is C.CATEGORY and av is C.CATEGORY_SPACE else "word")
            )
            for p in partials:
                if kind == "space":
                    if not p:
                        raise _TooWide
                    out.add(("word", p))
                elif p:
                    out.add(("prefix", p))
                elif kind == "digit":
                    out.add(("digit", ""))
                else:
                    raise _TooWide
            partials = set()
        elif op is C.SUBPATTERN:
            partials = _walk(av[-1], partials, out)
        elif op is C.BRANCH:
            merged: set[str] = set()
            for branch in av[1]:
                merged |= _walk(branch, set(partials), out)
            partials = merged
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            once = _walk(sub, set(partials), out)
            if hi != 1 and once:
                # More repeats could extend the word: only its prefix is known.
                for p in once:
                    if not p:
                        raise _TooWide
                    out.add(("prefix", p))
                once = set()
            partials = (partials | once) if lo == 0 else once
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        else:
            raise _TooWide
    return partials


def parse(regex: str, flags: int = re.IGNORECASE) -> Any:
    """The parse tree both trigger functions read (parse once, ask twice)."""
    return P.parse(regex, flags)


def triggers(tree: Any) -> frozenset[Trigger]:
    """The possible first words of a parsed regex (``{("any", "")}`` when they cannot be told)."""
    out: set[Trigger] = set()
    try:
        rest = _walk(tree, {""}, out)
    except _TooWide:
        return frozenset({_ANY})
    for p in rest:
        if not p:
            return frozenset({_ANY})
        out.add(("word", p))
    return frozenset(out)


def _close(p: str, out: set[Trigger]) -> set[str]:
    """A separator after state ``p``: the first word ends, or the second word completes."""
    if " " not in p:
        if not p:
            raise _TooWide
        return {p + " "}
    if p.endswith(" "):
        return {p}  # separators between the two words
    out.add(("word", p))
    return set()


def _relevant(states: set[str], first: str) -> set[str]:
    """Only states that can still begin with the word ``first`` matter."""
    return {p for p in states if (p.startswith(first + " ") if " " in p else first.startswith(p))}


def _walk2(items: Any, states: set[str], out: set[Trigger], first: str) -> set[str]:
    """Like :func:`_walk` but for the first two words, written ``"first second"``."""
    for op, av in items:
        states = _relevant(states, first)
        if not states:
            return states
        if len(states) > _MAX_PARTIALS:
            raise _TooWide
        if op is C.LITERAL:
            ch = chr(av).lower()
            if ch.isalnum() or ch == "_":
                states = {p + ch for p in states}
            else:
                nxt: set[str] = set()
                for p in states:
                    if p.endswith(" ") and ch in "$€£¥#'":
                        out.add(("word", p + ch))
                    elif p:
                        nxt |= _close(p, out)
                states = nxt
        elif op in (C.IN, C.NOT_LITERAL, C.ANY, C.CATEGORY):
            kind = (
                _class_kind(av)
                if op is C.IN
                else ("space" if op is C.CATEGORY and av is C.CATEGORY_SPACE else "word")
            )
            nxt = set()
            for p in states:
                if not p:
                    continue  # cannot become ``first`` any more
                if kind == "space":
                    nxt |= _close(p, out)
                elif p.endswith(" ") and kind == "digit":
                    out.add(("digit", p.strip()))
                elif p.endswith(" ") or " " not in p:
                    raise _TooWide
                else:
                    out.add(("prefix", p))
            states = nxt
        elif op is C.SUBPATTERN:
            states = _walk2(av[-1], states, out, first)
        elif op is C.BRANCH:
            merged: set[str] = set()
            for branch in av[1]:
                merged |= _walk2(branch, set(states), out, first)
            states = merged
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            once = _walk2(sub, set(states), out, first)
            if hi != 1 and once:
                for p in once:
                    if p.endswith(" "):
                        continue  # more separators change nothing
                    if " " not in p:
                        raise _TooWide
                    out.add(("prefix", p))  # the second word may run on
                once = {p for p in once if p.endswith(" ")}
            states = (states | once) if lo == 0 else once
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue
        else:
            raise _TooWide
    return _relevant(states, first)


def second_words(tree: Any, first: str) -> frozenset[Trigger] | None:
    """The possible ``"first second"`` word pairs of a parsed regex that start with ``first``.

    None when they cannot be told (the rule must then be tried after every ``first``),
    including when the match may end right after ``first``.
    """
    out: set[Trigger] = set()
    try:
        rest = _walk2(tree, {""}, out, first)
    except _TooWide:
        return None
    for p in rest:
        if p.strip() == first or p == first:
            return None  # the match can end after the first word
        if " " in p.strip():
            out.add(("word", p.strip()))
    mine = {(k, w) for k, w in out if w == first or w.startswith(first + " ")}
    if any(k == "word" and w == first for k, w in mine):
        return None
    return frozenset(mine)
