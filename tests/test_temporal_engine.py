"""The temporal tagger as a whole: spans, anchoring, direction, guards, open intervals."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from events.temporal import Timex, tag
from events.temporal.reference import timex_date

ROOT = Path(__file__).resolve().parents[1]


def found(text: str, dct: str | None, *, narrative: bool = False) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in tag(text, dct, narrative=narrative)]


# Phrases the seed documents date their events with, in sentences of our own.
@pytest.mark.parametrize(
    ("sentence", "dct", "phrase", "value"),
    [
        ("In May 2007 the carmaker took its present name.", "2026-02", "May 2007", "2007-05"),
        ("The shares began trading on 27 June 2003.", "2026-02", "27 June 2003", "2003-06-27"),
        ("Output stopped at the end of 2021.", "2026", "the end of 2021", "2021"),
        ("Sales doubled in the first quarter of 2024.", "2026", "the first quarter of 2024", "2024-Q1"),
        ("Profit recovered in the first half of 2021.", "2026", "the first half of 2021", "2021-H1"),
        ("The brand was refreshed in mid-2022.", "2026", "mid-2022", "2022"),
        ("Exports tripled last year.", "2025-05-19", "last year", "2024"),
        (
            "On December 23 last year the first coupe shipped.",
            "2022-07",
            "December 23 last year",
            "2021-12-23",
        ),
        ("The founder retired nineteen years ago.", "2022-07", "nineteen years ago", "2003"),
        ("It opened a Hong Kong listing in November last year.", "2026", "November last year", "2025-11"),
        ("In March this year the plant added a shift.", "2022-07", "March this year", "2022-03"),
        ("By June 2021 the group had 900 dealers.", "2026", "June 2021", "2021-06"),
        ("Earlier this year the board said so.", "2025-05-19", "Earlier this year", "2025"),
        ("Shares have been frozen since August 28, 2023.", "2026", "August 28, 2023", "2023-08-28"),
        ("Deliveries slipped in first quarter.", "2025-05-19", "first quarter", "2025-Q1"),
    ],
    ids=lambda v: str(v)[:30],
)
def test_seed_style_phrases(sentence: str, dct: str, phrase: str, value: str) -> None:
    assert (phrase, "DATE", value) in found(sentence, dct)


def test_offsets_index_the_original_text() -> None:
    text = (
        "Résumé\u00a0— Zhōng\u00a0Motors (formerly Nørd) was set up on 3 March 1998.\n\n"
        "It moved to Chongqing in June 2004 and, two years later, listed in Shanghai. "
        "Net income in the third quarter rose 8% from a year earlier, the company said Friday."
    )
    timexes = tag(text, "2006-10-20")
    assert [t.text for t in timexes] == [
        "3 March 1998",
        "June 2004",
        "two years later",
        "the third quarter",
        "a year earlier",
        "Friday",
    ]
    for t in timexes:
        assert text[t.start : t.end] == t.text
    assert [t.start for t in timexes] == sorted(t.start for t in timexes)
    assert all(a.end <= b.start for a, b in itertools.pairwise(timexes))
    values = {t.text: t.value for t in timexes}
    assert values["two years later"] == "2006"
    assert values["the third quarter"] == "2006-Q3"
    assert values["a year earlier"] == "2005-Q3"
    assert values["Friday"] == "2006-10-20"


def test_without_a_reference_date_relative_values_stay_underspecified() -> None:
    text = "Last year it sold 20,000 cars; in June it opened a plant, and on Friday it hired a chief."
    got = found(text, None)
    assert ("Last year", "DATE", "XXXX") in got
    assert ("June", "DATE", "XXXX-06") in got
    assert ("Friday", "DATE", "XXXX-WXX-5") in got
    # Absolute dates need no anchor.
    assert found("It was founded in May 1986.", None) == [("May 1986", "DATE", "1986-05")]
    # The unknown keeps the expression's own granularity.
    text = "Revenue fell in the latest quarter and in the same month; Good Friday and Easter week were busy."
    assert found(text, None) == [
        ("the latest quarter", "DATE", "XXXX-QX"),
        ("the same month", "DATE", "XXXX-XX"),
        ("Good Friday", "DATE", "XXXX-XX-XX"),
        ("Easter week", "DATE", "XXXX-WXX"),
    ]


def test_a_reference_date_known_only_to_the_year_does_not_invent_a_day() -> None:
    assert found("The chief resigned yesterday.", "2026") == [("yesterday", "DATE", "2026-XX-XX")]
    assert found("Profit fell last year.", "2026") == [("last year", "DATE", "2025")]


def test_narrative_text_follows_the_last_date_it_set() -> None:
    text = (
        "The joint venture was formed in 2016. In June it opened a plant. The following year it made a loss."
    )
    news = dict((t.text, t.value) for t in tag(text, "2022-07-01"))
    story = dict((t.text, t.value) for t in tag(text, "2022-07-01", narrative=True))
    assert news["June"] == "2022-06"
    assert story["June"] == "2016-06"
    assert news["The following year"] == story["The following year"] == "2017"


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The ministers will meet again on Tuesday.", "2000-04-04"),
        ("The ministers will meet again on Thursday.", "2000-04-06"),
        ("The ministers met on Thursday.", "2000-03-30"),
        ("The ministers met on Monday.", "2000-04-03"),
        ("Talks are scheduled to resume Friday.", "2000-04-07"),
        ("Negotiators said Friday that talks had stalled.", "2000-03-31"),
    ],
    ids=["will-tuesday", "will-thursday", "met-thursday", "same-day", "scheduled-friday", "said-friday"],
)
def test_tense_decides_which_weekday(sentence: str, value: str) -> None:
    # 2000-04-03 is a Monday.
    (t,) = tag(sentence, "2000-04-03")
    assert t.value == value


@pytest.mark.parametrize(
    "sentence",
    [
        "Investors may sell, and prices may well fall.",
        "The unit booked $2011 million in charges and 1,990 units were recalled.",
        "Margins rose 2001% on paper, or 1998 percent by another measure.",
        "Between us, we shipped version 2.0 to 1999 Broad Street.",
        "The second largest maker was second to none.",
        "Revenue was 2,015 million yuan.",
    ],
    ids=["may", "money-units", "percent", "we-version-address", "second", "grouped-number"],
)
def test_numbers_and_words_that_only_look_like_dates(sentence: str) -> None:
    assert found(sentence, "2020-01-01") == []


@pytest.mark.parametrize(
    ("sentence", "phrase", "mod"),
    [
        ("It has sold cars since 2023.", "2023", "ON_OR_AFTER"),
        ("The licence runs until 2026.", "2026", "ON_OR_BEFORE"),
        ("The plant closed at the end of 2023.", "the end of 2023", "END"),
        ("Sales peaked in late November 1998.", "late November 1998", "END"),
        ("Output was cut in early 2024.", "early 2024", "START"),
        ("The strike lasted about three years.", "about three years", "APPROX"),
    ],
    ids=["since", "until", "end-of", "late-month", "early-year", "about"],
)
def test_modifiers_keep_what_the_text_bounds(sentence: str, phrase: str, mod: str) -> None:
    (t,) = [t for t in tag(sentence, "2026-01-01") if t.text == phrase]
    assert t.mod == mod


def test_event_model_dates_from_modified_years() -> None:
    def event_value(sentence: str) -> str | None:
        (t,) = tag(sentence, "2026")
        point = timex_date(t)
        return None if point is None else point.value

    assert event_value("The merger closed at the end of 2023.") == "2023-Q4"
    assert event_value("The brand was relaunched in mid-2022.") == "2022"
    assert event_value("Deliveries started in the first half of 2021.") == "2021-H1"


def test_days_that_do_not_exist_are_not_dates() -> None:
    assert found("It was dated 31 February 2023, or 2023-02-30 in the file.", "2024-01-01") == []
    assert found("The filing of 29 February 2024 stands.", None) == [
        ("29 February 2024", "DATE", "2024-02-29")
    ]


def test_subsequently_takes_the_date_the_story_set() -> None:
    text = "The stake was sold in July 2022. Subsequently, the buyer renamed the unit."
    (_, then) = tag(text, None, narrative=True)
    assert (then.text, then.value, then.mod) == ("Subsequently", "2022-07", "AFTER")


def test_durations_are_not_dates() -> None:
    got = found("After 22 months of talks and a five-year plan, it paid within the past five days.", "1999")
    assert got == [
        ("22 months", "DURATION", "P22M"),
        ("five-year", "DURATION", "P5Y"),
        ("the past five days", "DURATION", "P5D"),
    ]


def test_timex_fields() -> None:
    (t,) = tag("Net income in the third quarter jumped 63%.", "1989-11-02")
    assert t == Timex(14, 31, "the third quarter", "DATE", "1989-Q3", "quarter", "rel.quarter", "dct", None)


def test_nothing_in_the_temporal_package_reads_the_clock() -> None:
    clock = re.compile(r"\b(?:date\.today|datetime\.now|datetime\.today|time\.time|pendulum\.now|utcnow)\b")
    for path in (ROOT / "events" / "temporal").glob("*.py"):
        assert not clock.search(path.read_text(encoding="utf-8")), path.name


def test_same_result_in_any_time_zone() -> None:
    code = (
        "import json; from events.temporal import tag; "
        "print(json.dumps([(t.text, t.value) for t in tag("
        "'Yesterday, last Friday and next month, the minister said.', '2024-02-29')]))"
    )
    outputs = set()
    for tz in ("UTC", "Pacific/Auckland", "America/Los_Angeles"):
        env = dict(os.environ, TZ=tz)
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, check=True
        )
        outputs.add(done.stdout)
    (only,) = outputs
    assert json.loads(only) == [
        ["Yesterday", "2024-02-28"],
        ["last Friday", "2024-02-23"],
        ["next month", "2024-03"],
    ]


def test_first_word_index_loses_no_match(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trying only the rules a word can start gives what trying every rule everywhere gives."""
    from events.temporal import engine
    from events.temporal.rules import default_rules

    examples = [ex for rule in default_rules().rules for ex in rule.examples]
    indexed = [tag(ex.text, ex.dct, narrative=ex.narrative) for ex in examples]
    every = tuple(range(len(default_rules().rules)))
    monkeypatch.setattr(engine, "_candidates_memo", {})
    monkeypatch.setattr(engine, "_candidates", lambda ix, token: every)
    monkeypatch.setattr(engine, "_pair_candidates", lambda ix, first, second: every)
    brute = [tag(ex.text, ex.dct, narrative=ex.narrative) for ex in examples]
    assert indexed == brute
