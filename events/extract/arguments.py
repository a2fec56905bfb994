"""Read argument text as typed values: stakes as fractions, money with currency, counts."""

from __future__ import annotations

import re

_SCALE = {
    "trillion": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "k": 1e3,
}
_CURRENCY = (
    (re.compile(r"HK\$|Hong\s+Kong\s+dollars?|HKD", re.I), "HKD"),
    (re.compile(r"C\$|Canadian\s+dollars?|CAD", re.I), "CAD"),
    (re.compile(r"A\$|Australian\s+dollars?|AUD", re.I), "AUD"),
    (re.compile(r"S\$|Singapore\s+dollars?|SGD", re.I), "SGD"),
    (re.compile(r"NZ\$|NZD", re.I), "NZD"),
    (re.compile(r"\b(?:NOK|SEK|DKK|CHF|CZK|PLN|INR|KRW)\b"), ""),
    (re.compile(r"US\$|US\s+dollars?|USD|\$|dollars?", re.I), "USD"),
    (re.compile(r"€|euros?|EUR", re.I), "EUR"),
    (re.compile(r"£|pounds?|GBP", re.I), "GBP"),
    (re.compile(r"yuan|RMB|CNY|renminbi", re.I), "CNY"),
    (re.compile(r"¥|yen|JPY", re.I), "JPY"),
)
_NUMBER = re.compile(
    r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(trillion|billion|bn|million|mn|m|thousand|k)?\b", re.I
)
_APPROX = re.compile(
    r"\b(?:around|about|approximately|roughly|nearly|almost|some|circa|more\s+than|over|less\s+than|under|at\s+least|"
    r"above|below)\s*$",
    re.I,
)
_LOWER = re.compile(r"\b(?:more\s+than|over|at\s+least)\s*$", re.I)


def number(text: str) -> float | None:
    """The first number in ``text`` with its scale word ("1.5 million" -> 1500000.0)."""
    m = _NUMBER.search(text)
    if m is None:
        return None
    whole = float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
    scale = (m.group(3) or "").lower()
    return whole * _SCALE.get(scale, 1.0)


def tidy(value: float) -> int | float:
    """Whole numbers as int, others rounded to remove float noise."""
    r = round(value, 6)
    return int(r) if r == int(r) else r


def currency_of(text: str) -> str | None:
    """The ISO code of the currency a text names ("Revenue (£m)" -> GBP), if any."""
    for rx, code in _CURRENCY:
        hit = rx.search(text)
        if hit:
            return code or hit.group(0).upper()
    return None


_SHARE_WORDS = {
    "half": 0.5,
    "a half": 0.5,
    "one half": 0.5,
    "a third": 1 / 3,
    "one third": 1 / 3,
    "two thirds": 2 / 3,
    "a quarter": 0.25,
    "one quarter": 0.25,
    "three quarters": 0.75,
}


def fraction(text: str) -> float | None:
    """A percentage as a fraction of one: "26.1%" -> 0.261, "wholly owned" -> 1.0, "a third" -> 0.333333."""
    m = re.search(r"(\d+(?:\.\d+)?)\s*(?:%|percent|per\s+cent)", text, re.I)
    if m is None:
        # "a wholly owned subsidiary": the whole company said in words.
        if re.search(r"\b(?:wholly|fully)[- ]owned\b|^(?:wholly|fully|entirely)$", text, re.I):
            return 1.0
        share = _SHARE_WORDS.get(" ".join(text.lower().replace("-", " ").split()))
        return None if share is None else round(share, 6)
    return round(float(m.group(1)) / 100.0, 6)


def money(text: str) -> tuple[int | float, str | None] | None:
    """An amount and its ISO currency: "621 million euros" -> (621000000, "EUR")."""
    # A converted figure in brackets ("($4.86)") is not the amount.
    main = re.sub(r"\([^)]*\)", "", text)
    value = number(main)
    if value is None:
        return None
    for rx, code in _CURRENCY:
        hit = rx.search(main)
        if hit:
            return tidy(value), code or hit.group(0).upper()
    return tidy(value), None


def is_approximate(before: str) -> bool:
    """True when the words before a figure hedge it ("around", "more than")."""
    return bool(_APPROX.search(before))


def is_lower_bound(before: str) -> bool:
    return bool(_LOWER.search(before))
