"""pipeline.extract: one document in, dated and sourced events, name links and kinds out."""

from __future__ import annotations

from events.pipeline import extract
from events.readers import read_bytes

ARTICLE = """Brisa Motors to be renamed Brisa Mobility

Brisa Motors announced on March 3 that it has submitted a proposal to change the company's name
to Brisa Mobility Co., Ltd.
In February, the company sold 4,210 electric vehicles, up 40% year-on-year.
Last year Brisa Motors signed an agreement with Tolland Batteries.
Analysts expect Brisa Motors to sell 100,000 vehicles in 2030.
Rival Okapi Cars delivered 9,000 vehicles in February, while Brisa Motors kept its lead.
"""


def _x(published: str | None = "2024-03-10"):  # type: ignore[no-untyped-def]
    return extract(read_bytes("brisa.txt", ARTICLE.encode(), ".txt"), published)


def test_events_are_dated_against_the_reference_date() -> None:
    x = _x()
    by_type = {e.type: e for e in x.events}
    assert by_type["name_change_proposed"].date is not None
    assert by_type["name_change_proposed"].date.value == "2024-03-03"
    assert by_type["sales_figure"].date is not None and by_type["sales_figure"].date.value == "2024-02"
    assert by_type["agreement"].date is not None and by_type["agreement"].date.value == "2023"


def test_forecasts_and_other_companies_figures_are_not_events() -> None:
    x = _x()
    years = {e.date.value for e in x.events if e.date is not None}
    assert "2030" not in years
    assert all("Okapi" not in e.subject for e in x.events)


def test_every_event_is_sourced_and_stable() -> None:
    a, b = _x(), _x()
    assert [e.id for e in a.events] == [e.id for e in b.events]
    for e in a.events:
        assert a.text[e.source.start : e.source.end] == e.source.quote
        assert e.source.doc == "brisa.txt" and e.rule
        assert e.published == "2024-03-10" and e.published_how == "metadata"


def test_announced_rename_is_not_an_effective_rename() -> None:
    x = _x()
    assert [e for e in x.events if e.type == "name_change_proposed"]
    assert not [e for e in x.events if e.type == "renamed"]


def test_without_a_date_the_reference_is_inferred_or_absent() -> None:
    x = _x(None)
    assert x.reference_how in (None, "dateline", "inferred", "metadata")


TABLE_DOC = """# Pellam Cycles in numbers

Pellam Cycles makes e-bikes in Brno.

| Year | Bikes sold | Revenue (EUR million) |
|------|-----------:|----------------------:|
| 2021 | 12,400 | 31.5 |
| 2022 | 15,050 | 38 |
"""


def test_yearly_table_gives_one_figure_per_year_and_column() -> None:
    x = extract(read_bytes("pellam.md", TABLE_DOC.encode(), ".md"), "2023-02-01")
    sales = {e.date.value: e.attributes["units"] for e in x.events if e.type == "sales_figure" and e.date}
    revenue = {e.date.value: e.attributes for e in x.events if e.type == "financial_result" and e.date}
    assert sales == {"2021": 12400, "2022": 15050}
    assert revenue["2021"]["revenue"] == 31500000 and revenue["2021"]["currency"] == "EUR"
    for e in x.events:
        assert x.text[e.source.start : e.source.end] == e.source.quote


def test_a_persons_earlier_title_is_not_a_former_name() -> None:
    text = (
        "Corran Mills plc\n\nKit Arden retired as chairman on 30 April 2022 and was succeeded by "
        "Mai Tran, previously Chief Financial Officer, with effect from 1 May 2022.\n"
    )
    x = extract(read_bytes("corran.txt", text.encode(), ".txt"))
    assert not [link for link in x.links if "Mai Tran" in (link.name, link.other)]
    lead = [e for e in x.events if e.type == "leadership" and e.object == "Mai Tran"]
    assert lead and lead[0].date is not None and lead[0].date.value == "2022-05-01"
    assert lead[0].attributes.get("role") == "chairman"


def test_a_quote_stops_before_a_later_clause_that_tells_a_plan() -> None:
    text = (
        "Paxton Snacks\n\nPaxton Snacks, which introduced its Crumb range in autumn 2023, said it would keep "
        "the factory open until 2030. Paxton Snacks makes crisps.\n"
    )
    x = extract(read_bytes("paxton.txt", text.encode(), ".txt"), "2024-03-01")
    [launch] = [e for e in x.events if e.type == "brand_launched"]
    assert launch.source.quote == "Paxton Snacks, which introduced its Crumb range in autumn 2023"
    assert x.text[launch.source.start : launch.source.end] == launch.source.quote
    assert not any("2030" in e.source.quote for e in x.events)


def test_a_legal_form_before_a_bracket_does_not_end_the_sentence() -> None:
    from events.extract.sentences import split_sentences

    text = "Norrvik Robotics, Inc. (NYSE: NRV), a maker of robots, bought Halsa Vision. It grew."
    assert [s.text for s in split_sentences(text)] == [
        "Norrvik Robotics, Inc. (NYSE: NRV), a maker of robots, bought Halsa Vision.",
        "It grew.",
    ]
