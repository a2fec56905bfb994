"""The document reference date: metadata, datelines and bylines, inference from the text.

Every document here is written for this test (invented companies and figures).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from events.errors import DateError, RuleError
from events.temporal import reference, tag
from events.temporal.reference import (
    event_date,
    infer_reference_date,
    narrative_mode,
    parse_published,
    period_ending,
    timex_date,
)
from events.temporal.timex import Timex


def ref(text: str, **kwargs: object) -> tuple[str | None, str | None, str | None]:
    point, how = infer_reference_date(text, **kwargs)  # type: ignore[arg-type]
    return (point.value if point else None, point.precision if point else None, how)


ARTICLE_BODY = (
    "Volta Motors said on Tuesday that its new compact van had sold better than expected in its first weeks, "
    "and that the plant in Graz would add a second shift. In January 2024 the company cut prices by 8%.\n"
)


# ---------------------------------------------------------------- metadata


@pytest.mark.parametrize(
    ("given", "value", "precision"),
    [
        ("2024-05-01", "2024-05-01", "day"),
        ("2024-05-01T23:30:00-07:00", "2024-05-01", "day"),
        ("2023-11", "2023-11", "month"),
        ("2022", "2022", "year"),
        ("May 1, 2024", "2024-05-01", "day"),
        ("1 May 2024", "2024-05-01", "day"),
        ("Wednesday, 1 May 2024", "2024-05-01", "day"),
    ],
)
def test_metadata_is_read_at_its_precision(given: str, value: str, precision: str) -> None:
    assert ref(ARTICLE_BODY, metadata=given) == (value, precision, "metadata")


def test_metadata_wins_over_a_dateline_in_the_text() -> None:
    text = "Vans sell well\nBy Ada Park\nMarch 3, 2024, 9:15 AM PT\n" + ARTICLE_BODY
    assert ref(text, metadata="2024-03-04") == ("2024-03-04", "day", "metadata")


@pytest.mark.parametrize("bad", ["soon", "2023-02-30", "13/45/2020", "2024-13", "04/05/2024"])
def test_metadata_that_is_not_a_date_is_an_error(bad: str) -> None:
    with pytest.raises(DateError, match=r"not|no "):
        infer_reference_date(ARTICLE_BODY, metadata=bad)


def test_parse_published_rejects_trailing_words() -> None:
    with pytest.raises(DateError):
        parse_published("May 1, 2024 or later")


# ---------------------------------------------------------------- datelines and bylines


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("By Ada Park\nMarch 3, 2024, 9:15 AM PT\n", "2024-03-03"),
        ("By Ada Park and Reuters\nTuesday, 5 March 2024 14:05 GMT\n", "2024-03-05"),
        ("By Ada Park | 12 April 2024\n", "2024-04-12"),
        ("By Ada Park, Apr. 12, 2024\n", "2024-04-12"),
        ("Published: 2024-05-01\n", "2024-05-01"),
        ("Posted on June 2, 2024 by the newsroom\n", "2024-06-02"),
        ("Updated 3 June 2024\n", "2024-06-03"),
        ("Published 1 June 2024 · Updated 3 June 2024\n", "2024-06-01"),
        ("Updated 10:32 AM EST, Tue March 5, 2024\n", "2024-03-05"),
        ("14 March 2024 | 08:10\n", "2024-03-14"),
        ("Veröffentlicht / Published: 31.05.2024\n", "2024-05-31"),
        ("Date: 05/31/2024\n", "2024-05-31"),
    ],
)
def test_header_dateline_or_byline(header: str, value: str) -> None:
    text = "Volta's compact van sells out\n" + header + "\n" + ARTICLE_BODY
    assert ref(text) == (value, "day", "dateline")


def test_published_preferred_over_updated_on_separate_lines() -> None:
    text = "Vans\nUpdated: 9 July 2024\nPublished: 2 July 2024\n\n" + ARTICLE_BODY
    assert ref(text)[0] == "2024-07-02"


def test_wire_dateline_takes_its_year_from_the_text() -> None:
    text = (
        "FRANKFURT, March 3 (Reuters) - Volta Motors will cut 400 jobs at its Graz plant, the company said "
        "on Monday, after sales fell for a third month. In January 2024 it had already cut its forecast.\n"
    )
    assert ref(text) == ("2024-03-03", "day", "dateline")


def test_wire_dateline_with_year() -> None:
    text = "OSLO, Nov. 14, 2023 (NTB) - Nordvik Ferries ordered two electric ships for its coastal route.\n"
    assert ref(text) == ("2023-11-14", "day", "dateline")


def test_labelled_date_below_the_article_counts() -> None:
    text = ARTICLE_BODY + "\nFirst published on 8 February 2024\n"
    assert ref(text) == ("2024-02-08", "day", "dateline")


def test_title_marks_where_the_article_starts() -> None:
    # A dated line in the menu above the title is not the article's date.
    text = "Home | Markets\nJanuary 9, 2026\n\nVans sell out\nBy Ada Park\nMay 2, 2024\n\n" + ARTICLE_BODY
    assert ref(text, title="Vans sell out") == ("2024-05-02", "day", "dateline")


def test_title_with_the_site_name_still_marks_the_article_start() -> None:
    text = (
        "Home | Markets\nJanuary 9, 2026\n\nVolta vans sell out again\nBy Ada Park\nMay 2, 2024\n\n"
        + ARTICLE_BODY
    )
    assert ref(text, title="Volta vans sell out again | The Daily Wheel")[0] == "2024-05-02"


def test_a_date_something_is_due_does_not_date_the_document() -> None:
    text = (
        "Volta Motors opened its paint shop in Graz in August 2023. "
        "The new battery line is due to start in March 2026, and a third hall is slated for 2027.\n"
    )
    assert ref(text) == ("2023-08", "month", "inferred")


def test_a_term_that_runs_to_a_later_year_does_not_date_the_document() -> None:
    text = "In May 2022 Volta leased a depot in Linz. The lease runs to 2031 and expires in June 2031.\n"
    assert ref(text) == ("2022-05", "month", "inferred")


# ---------------------------------------------------------------- inference


ENCYCLOPEDIA = """= Harbin Widget Works =

- Type: Private
- Founded: 1994
- Revenue Year: 2022

Harbin Widget Works is a maker of industrial fasteners founded in April 1994 in Harbin.

==History==
In 2008 the company opened a second plant in Dalian.
On 4 May 2015 it listed in Shenzhen. In March 2024, the company sold its valve unit to Liaoning Pumps.
The company plans to double its capacity by 2028,
and a supply deal signed in 2019 will remain in force until 2027.

| Year | Output |
| 2021 | 41,000 |
| 2022 | 44,500 |
| 2023 | 47,100 |
"""


def test_encyclopedia_page_is_dated_by_its_latest_past_event_at_month_precision() -> None:
    assert ref(ENCYCLOPEDIA) == ("2024-03", "month", "inferred")


def test_plans_and_deadlines_do_not_date_the_page() -> None:
    # Without the March 2024 sale the latest past date is a table row, a year.
    text = ENCYCLOPEDIA.replace("In March 2024, the company sold its valve unit to Liaoning Pumps.\n", "")
    assert ref(text) == ("2023", "year", "inferred")


def test_same_month_last_year_moves_the_document_a_year_on() -> None:
    text = (
        "Why Kestrel Air is still waiting for its comeback\n"
        "Kestrel Air spent most of the money from its Singapore listing in June last year on new aircraft. "
        "Investors have since marked the shares down.\n"
        "In 2022 the airline lost money on every route. In June 2023, Kestrel Air raised 2 billion dollars "
        "through its Singapore listing, and it then ordered twelve jets.\n"
    )
    assert ref(text) == ("2024", "year", "inferred")


def test_unrelated_month_last_year_does_not_move_the_year_backwards() -> None:
    text = (
        "Kestrel Air opened a route to Perth in June last year.\n"
        "In June 2015 it opened its first route. In March 2023, it bought four aircraft from a lessor.\n"
    )
    assert ref(text) == ("2023-03", "month", "inferred")


def test_bare_month_day_with_no_year_in_sight_is_this_years() -> None:
    text = (
        "Brightwater Foods to rename itself Brightwater Group\n"
        "Brightwater Foods said on September 12 that it will ask shareholders to approve a new name. "
        "In the second quarter of 2023 its snack business made up 40% of revenue.\n"
        "On August 30, the company opened a bakery in Leeds.\n"
    )
    assert ref(text) == ("2023-09", "month", "inferred")


def test_monthly_sales_released_today_put_the_document_in_the_next_month() -> None:
    text = (
        "Nordlicht Auto delivered 98,200 electric vans for the full year 2023, up 40 percent.\n"
        "Nordlicht Auto delivered 12,300 vans in December, figures it released today show, up from 9,100 "
        "in November.\n"
        "The company's van was first shown on May 5, 2023. According to a trade paper on January 3, "
        "dealers had taken 2,000 orders.\n"
    )
    assert ref(text) == ("2024-01", "month", "inferred")


def test_month_results_told_later_in_the_same_year() -> None:
    text = (
        "Sales at Tarn Cycles rose in the first quarter of 2021. In May, the company sold 3,400 bikes, "
        "and in April 2,900.\n"
    )
    assert ref(text) == ("2021-06", "month", "inferred")


def test_text_without_any_date_has_no_reference_date() -> None:
    assert ref("Volta Motors makes vans. Its founder likes trains.\n") == (None, None, None)


def test_relative_expressions_alone_do_not_invent_a_date() -> None:
    assert ref("Last year the firm sold more vans than the year before. Today it hired a chief.\n") == (
        None,
        None,
        None,
    )


# ---------------------------------------------------------------- page chrome


CHROME_PAGE = """Home | World | Business | Tech
Volta cuts prices again
By Ada Park
Down Arrow Button Icon

Volta Motors cut the price of its compact van by a tenth, its second cut since the van went on sale. In
March 2024 the company had said demand was softening across Europe, and the board met in Graz.

Join us at the Mobility Summit on June 3-4, 2026 in Lyon. Register now.

Latest in Business
Markets
Stocks slide as bond yields jump to the highest level since the spring of last year
By Market Desk
November 4, 2025
Markets
Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor
By Market Desk
November 4, 2025
Energy
Oil producers agree to keep output flat for another quarter
By Energy DeskNovember 3, 2025
2 days ago

© 2026 Example Media. All rights reserved.
"""


def test_teasers_ads_and_copyright_do_not_date_the_article() -> None:
    assert ref(CHROME_PAGE) == ("2024-03", "month", "inferred")


def test_reader_marked_boilerplate_is_ignored() -> None:
    sidebar = "Award news: Harbin Widget Works wins a prize (October 9, 2025)\n"
    text = ENCYCLOPEDIA + sidebar
    assert ref(text) == ("2025-10", "month", "inferred")
    start = text.index(sidebar)
    assert ref(text, boilerplate=[(start, start + len(sidebar))]) == ("2024-03", "month", "inferred")


def test_teaser_list_above_the_article_is_not_its_dateline() -> None:
    text = (
        "Trending now\nStocks rise on rate hopes\nJanuary 12, 2026\nFed holds steady\nJanuary 11, 2026\n"
        "Oil slips\nJanuary 11, 2026\n\nVolta cuts prices again\nBy Ada Park\nMarch 5, 2024\n\n"
        + ARTICLE_BODY
    )
    assert ref(text) == ("2024-03-05", "day", "dateline")


@pytest.mark.parametrize(
    ("first_line", "value"),
    [
        (
            "PORTLAND, Ore., Feb. 6, 2019 /BusinessWire/ -- Tidewater Labs said it closed its funding round.",
            "2019-02-06",
        ),
        ("DUBLIN, 22 November 2018 – Zenith Air said its merger was complete.", "2018-11-22"),
        ("Seoul, Tuesday, 9 April 2024 (Yonhap) - Hanul Chips named a new chief.", "2024-04-09"),
    ],
)
def test_wire_dateline_variants(first_line: str, value: str) -> None:
    assert ref("Headline here\n\n" + first_line + " It had planned the move since 2015.\n") == (
        value,
        "day",
        "dateline",
    )


def test_a_sentence_starting_with_a_place_and_a_date_but_no_dash_is_not_a_dateline() -> None:
    text = "In Lyon, March 3 was the day the plant in that city opened, and in May 2021 it doubled output.\n"
    assert ref(text)[2] == "inferred"


# ---------------------------------------------------------------- timex phrase -> event date


def timex(start: int, value: str, mod: str | None = None, type_: str = "DATE") -> Timex:
    return Timex(start, start + 4, "....", type_, value, None, "test", None, mod)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("timexes", "expected"),
    [
        ([timex(0, "2003-06-27")], "2003-06-27"),
        ([timex(0, "2023", "END")], "2023-Q4"),
        ([timex(0, "2024", "START")], "2024-Q1"),
        ([timex(0, "2022", "MID")], "2022"),
        ([timex(0, "2023-11", "END")], "2023-11"),
        ([timex(0, "1998-02-13T14:00", type_="TIME")], "1998-02-13"),
        ([timex(0, "2025-01"), timex(12, "2025-02")], "2025-01/2025-02"),
        ([timex(0, "2022-01"), timex(15, "2022-06")], "2022-H1"),
        ([timex(0, "2021-10"), timex(15, "2021-12")], "2021-Q4"),
        ([timex(0, "2020"), timex(9, "2022")], "2020/2022"),
        ([timex(0, "P3Y", type_="DURATION")], None),
        ([timex(0, "XXXX-11")], None),
        ([timex(0, "PRESENT_REF")], None),
        ([], None),
    ],
)
def test_event_date_of_a_date_phrase(timexes: list[Timex], expected: str | None) -> None:
    assert event_date(timexes) == expected


def test_timex_date_keeps_precision() -> None:
    point = timex_date(timex(0, "2024-Q1"))
    assert point is not None
    assert (point.precision, str(point.start), str(point.end)) == ("quarter", "2024-01-01", "2024-03-31")


def test_masthead_menu_with_a_date_is_not_the_article_date() -> None:
    text = "Home | World | Monday, January 9, 2026\n\nVolta vans sell out\nAda Park · Mar 4, 2024\n\n"
    assert ref(text + ARTICLE_BODY) == ("2024-03-04", "day", "dateline")


def test_masthead_date_is_not_the_article_date() -> None:
    # News sites print the day the page is served above everything else.
    text = "Monday, January 9, 2026\nHome | Cars\n\nVolta vans sell out\nBy Ada Park\nMay 2, 2024\n\n"
    assert ref(text + ARTICLE_BODY) == ("2024-05-02", "day", "dateline")


@pytest.mark.parametrize(
    ("reference", "narrative"),
    [
        ("2025-05-19", False),
        ("2022-07", False),
        ("2024-Q1", False),
        ("2026", True),
        ("199", True),
        (None, True),
    ],
)
def test_bare_dates_follow_the_story_only_when_the_reference_has_no_month(
    reference: str | None, narrative: bool
) -> None:
    assert narrative_mode(reference) is narrative


def test_results_for_a_half_year_put_the_document_in_the_next_half() -> None:
    text = (
        "Tarn Cycles said on Monday that revenue rose 9% in the first half of 2022, and it bought a "
        "frame maker in March.\n"
    )
    assert ref(text) == ("2022-H2", "half", "inferred")


def test_quarterly_results_put_the_document_in_the_next_quarter() -> None:
    text = "Net income at Orrin Bank fell 4% in the third quarter of 2019, the bank said.\n"
    assert ref(text) == ("2019-Q4", "quarter", "inferred")


def test_months_told_after_last_year_belong_to_last_year() -> None:
    text = (
        "Brightwater Foods said on March 12 that it will list its shares. Its snack sales made up 40% of "
        "revenue in the fourth quarter of 2022.\n"
        "The bakery deal began last year, when the firm agreed to buy Leeds Loaves. In December the two "
        "brands launched a joint loaf, and on August 30 the firm opened a bakery.\n"
    )
    assert ref(text) == ("2023-03", "month", "inferred")


def test_markdown_emphasis_around_a_labelled_date() -> None:
    text = "# Tarn Cycles: sales by year\n\n_Updated 12 January 2026._\n\n" + ARTICLE_BODY
    assert ref(text) == ("2026-01-12", "day", "dateline")


@pytest.mark.parametrize(
    "forward",
    [
        "Capital spending in 2027 will rise by a tenth.",
        "The dividend is payable Dec. 1 to holders of record.",
        "The bank may miss the new capital rules effective Dec. 7.",
        "It wants half its sales abroad by the end of 2029.",
        "Holders can sell the notes back after Jan. 1, 2028.",
        "Analysts are predicting 2027 earnings of $3 a share.",
    ],
)
def test_forward_looking_dates_do_not_date_the_document(forward: str) -> None:
    text = f"Orrin Bank reported a loss in March 2024, its first in a decade. {forward}\n"
    assert ref(text) == ("2024-03", "month", "inferred")


def test_encyclopedia_footer_last_edited_is_the_snapshot_date() -> None:
    footer = "\nThis page was last edited on 3 May 2025, at 10:12 (UTC).\n"
    assert ref(ENCYCLOPEDIA + footer) == ("2025-05-03", "day", "dateline")


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("Ada Park · 4 min read · Mar 3, 2024\n", "2024-03-03"),
        ("Markets — 2024-03-03T10:00:00+02:00\n", "2024-03-03"),
        ("2024-03-03T10:00:00Z\n", "2024-03-03"),
    ],
)
def test_more_header_styles(header: str, value: str) -> None:
    assert ref("Volta cuts prices\n" + header + "\n" + ARTICLE_BODY) == (value, "day", "dateline")


def test_a_count_that_looks_like_a_year_is_not_a_date() -> None:
    text = "In March 2019 the plant made 2041 vehicles and hired 2030 workers.\n"
    assert ref(text) == ("2019-03", "month", "inferred")


def test_a_broken_cue_file_is_a_rule_error_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "reference_cues.yaml"
    bad.write_text("future_before: [will]\nresults: []\n", encoding="utf-8")
    monkeypatch.setattr(reference, "_CUES", bad)
    reference._cues.cache_clear()
    try:
        with pytest.raises(RuleError, match=r"reference_cues\.yaml.*future_before_modal"):
            infer_reference_date(ARTICLE_BODY)
    finally:
        monkeypatch.undo()
        reference._cues.cache_clear()
    assert ref(ARTICLE_BODY)[2] == "inferred"


def test_an_article_sentence_with_a_chrome_word_still_counts() -> None:
    text = (
        "Orrin Bank shares rose on their first day. Investors rushed to subscribe to the share sale in "
        "April 2024, which raised twice what the bank had sought from funds in London and New York.\n"
        "Subscribe to our newsletter for more stories like this one, published every morning (May 2, 2026).\n"
    )
    assert ref(text) == ("2024-04", "month", "inferred")


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Kea Rail swung to a profit of NZ$12 million in the six months to December 2023.", "2024-01"),
        ("Orrin Bank earned $40 million in the year ended 31 March 2024, it said on Monday.", "2024-04"),
        ("Revenue at Tarn Cycles rose 9% in the nine months through September 2022.", "2022-10"),
        ("Pell Foods lost money in the quarter ended the end of June 2021, its chief said.", "2021-07"),
        ("Sales at Brora Mills slipped in the 52 weeks to 3 February 2024.", "2024-02"),
    ],
)
def test_results_for_a_period_ending_in_a_month_put_the_document_after_it(sentence: str, value: str) -> None:
    assert ref(sentence + "\n") == (value, "month", "inferred")


def test_a_period_ending_in_a_month_does_not_hide_a_later_date() -> None:
    text = "Kea Rail made a profit in the six months to June 2023, and in March 2024 it bought a ferry.\n"
    assert ref(text) == ("2024-03", "month", "inferred")


def test_results_still_to_come_for_a_period_do_not_date_the_document() -> None:
    text = (
        "Kea Rail bought a ferry line in March 2023. It will report results for the six months to "
        "December 2023 in February.\n"
    )
    assert ref(text) == ("2023-03", "month", "inferred")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "Tarn Robotics Completes Purchase of Pell Sensors\n\nAUSTIN, Texas--(Andes Wire)--Mar. 4, 2024--"
            "Tarn Robotics, Inc. (NASDAQ: TRNR) today announced that it has completed its purchase of Pell "
            "Sensors, a maker of lidar units founded in 2011.\n",
            "2024-03-04",
        ),
        (
            "BOSTON--(Harbor Newswire)--October 2, 2023--Kelso Bio today said it has named a new chief "
            "executive, who joined the firm in 2019 from a rival drug maker in Cambridge.\n",
            "2023-10-02",
        ),
        (
            "Kvarn Fisk ASA: Mandatory notification of trade\n\nBergen, 6 March 2024\n\n"
            "The chairman of Kvarn Fisk ASA on 5 March 2024 bought 10,000 shares in the Company, "
            "which was listed on the exchange in 2011.\n",
            "2024-03-06",
        ),
        (
            "Notice of share purchase\n\nTromsø, 14 February 2023\n\nSkarv Group AS today bought 2,000,000 "
            "shares in Kvarn Fisk ASA, taking its holding to 12%. It first invested in the fish farmer "
            "in 2019, the notice said.\n",
            "2023-02-14",
        ),
    ],
)
def test_wire_and_notice_date_lines(text: str, value: str) -> None:
    assert ref(text) == (value, "day", "dateline")


@pytest.mark.parametrize(
    "ending",
    [
        "Signed on behalf of the Board\n\nAlan Pryce, Chairman\nLeeds, 14 March 2024\n",
        "By order of the Board\nRuth Bell\nCompany Secretary\n14 March 2024\n",
        "Approved by the directors and signed for the board.\n\nLeeds\n14 March 2024\n",
    ],
)
def test_a_report_signed_at_its_end_is_dated_by_its_signature(ending: str) -> None:
    text = (
        "Directors' report\n\nThe Group sold its 40% stake in Pike Oats in June 2023 and bought the rest of "
        "Calder Dyeworks in the autumn. The Board expects revenue to grow in the following financial year "
        "2025.\n\n" + ending
    )
    assert ref(text) == ("2024-03-14", "day", "dateline")


def test_a_date_line_followed_by_prose_is_not_a_signature() -> None:
    text = (
        "Tarn Cycles bought a frame maker in March 2023, and the plant in Graz will double its output, "
        "the firm said, adding that it plans a second site in Linz.\n\n14 March 2031\n\n"
        "The new site in Linz will open once the council approves the plans for it.\n"
    )
    assert ref(text)[2] == "inferred"


@pytest.mark.parametrize(
    "forward",
    [
        "In the following financial year 2026 the Board anticipates growth in the mid-single digits.",
        "The directors look forward to 2026, when the new mill opens.",
        "Revenue for 2026 is forecast at £40 million.",
    ],
)
def test_outlook_years_do_not_date_a_report(forward: str) -> None:
    text = f"Brenna Mills sold its bakery unit in June 2024, its chairman said. {forward}\n"
    assert ref(text) == ("2024-06", "month", "inferred")


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Kea Rail made NZ$12 million in the six months to December 2023.", "2023-H2"),
        ("Profit rose in the three months ended 30 September 2024.", "2024-Q3"),
        ("Orrin Bank earned more in the 12 months through December 2022.", "2022"),
        ("Sales fell in the six months ending June 2021, the bank said.", "2021-H1"),
        ("Sales fell in the year to March 2024.", None),  # a fiscal year is no calendar period
        ("Profit rose in the nine months to September 2024.", None),
    ],
)
def test_a_span_ending_on_a_date_names_its_calendar_period(sentence: str, value: str | None) -> None:
    found = sorted(tag(sentence, "2025-01-10"), key=lambda t: t.start)
    got = [period_ending(a, b, sentence[a.end : b.start]) for a, b in itertools.pairwise(found)]
    values = [p.value for p in got if p is not None]
    assert values == ([value] if value else [])


@pytest.mark.parametrize(
    "header",
    [
        "March 5, 2024 | 3 min read\n",
        "5 March 2024 · Company news\n",
        "Stockholm 5 March 2024\n",
        "Press release 5 March 2024\n",
        "Dated 5 March 2024\n",
    ],
)
def test_a_date_among_short_header_items(header: str) -> None:
    text = "Skarv buys Laks stake\n\n" + header + "\n" + ARTICLE_BODY
    assert ref(text, title="Skarv buys Laks stake") == ("2024-03-05", "day", "dateline")


@pytest.mark.parametrize(
    "header",
    [
        "Results for the year ended 31 December 2023\n",
        "Annual General Meeting 5 March 2026\n",
        "Closing of the offer 5 March 2026\n",
    ],
)
def test_a_header_naming_another_date_is_not_the_dateline(header: str) -> None:
    text = "Skarv results\n\n" + header + "\n" + ARTICLE_BODY
    assert ref(text, title="Skarv results")[2] == "inferred"


@pytest.mark.parametrize(
    "first",
    [
        "Oslo, 5 March 2024: Skarv Holding ASA has bought 30% of Laks Vest AS.",
        "Oslo, 5 March 2024 - Skarv Holding ASA has bought 30% of Laks Vest AS.",
        "OSLO, March 5, 2024 – Skarv Holding ASA has bought 30% of Laks Vest AS.",
    ],
)
def test_a_dateline_closed_by_a_colon_or_a_dash(first: str) -> None:
    text = first + " The fish farmer was founded in 2011 and employs 80 people in two towns.\n"
    assert ref(text) == ("2024-03-05", "day", "dateline")


@pytest.mark.parametrize(
    "text",
    [
        "Tarn Retail plc\nAnnual Report and Accounts 2023\n\nIn July 2023 the Group bought Puffin Home.\n",
        "Orrin Bank: results for the financial year 2023\n\nThe bank sold Tern Leasing in June 2023.\n",
        "Brenna Mills annual review 2023\n\nIn March 2023 the company bought Pike Oats.\n",
    ],
)
def test_a_report_on_a_year_is_written_after_it(text: str) -> None:
    assert ref(text) == ("2024", "year", "inferred")


def test_a_cue_word_far_before_a_year_does_not_close_it() -> None:
    text = "The annual report for 2022 was published in 2023, after the firm bought Pike Oats in May 2023.\n"
    assert ref(text) == ("2023-05", "month", "inferred")


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("München, 5. März 2024 – Skarv Holding said it bought 30% of Laks Vest.", "2024-03-05"),
        ("Madrid, 12 de febrero de 2023 - Skarv Holding said it bought 30% of Laks Vest.", "2023-02-12"),
        ("Paris, le 1er octobre 2022 – Skarv Holding said it bought 30% of Laks Vest.", "2022-10-01"),
        ("Oslo, 7. desember 2021: Skarv Holding said it bought 30% of Laks Vest.", "2021-12-07"),
    ],
)
def test_a_dateline_with_a_month_in_another_language(line: str, value: str) -> None:
    text = line + " The fish farmer was founded in 2011 and employs 80 people in two towns.\n"
    assert ref(text) == (value, "day", "dateline")


@pytest.mark.parametrize(
    "header",
    [
        "Posted by Admin on March 5, 2024\n",
        "Written by Jo Park on 5 March 2024\n",
        "On March 5, 2024\n",
        "2024年3月5日\n",
        "2024.03.05\n",
    ],
)
def test_bylines_with_on_and_other_date_scripts(header: str) -> None:
    text = "Skarv buys Laks stake\n\n" + header + "\n" + ARTICLE_BODY
    assert ref(text, title="Skarv buys Laks stake") == ("2024-03-05", "day", "dateline")


@pytest.mark.parametrize(
    ("text", "title", "value"),
    [
        (
            "Brenna Mills was founded in 1921 in Perth. In 2019 it bought Pike Oats. This year the miller "
            "celebrates its 100th anniversary.\n",
            None,
            "2021",
        ),
        (
            "The Perth miller, founded in 1921, bought Pike Oats in 2019.\n",
            "Brenna Mills celebrates 100 years",
            "2021",
        ),
        (
            "Kvarn Fisk, established in 1974 in Bergen, marks its golden jubilee with a new plant. It bought "
            "Laks Vest in 2019.\n",
            None,
            "2024",
        ),
        (
            "Kvarn Fisk was founded in 1974. It celebrated its 40th anniversary in 2014 and bought Laks Vest "
            "in 2019.\n",
            None,
            "2019",
        ),
    ],
)
def test_an_anniversary_told_now_dates_the_document(text: str, title: str | None, value: str) -> None:
    assert ref(text, title=title, tag=tag) == (value, "year", "inferred")
