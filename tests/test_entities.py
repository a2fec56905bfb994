"""The per-document name registry: focus, short forms, former names, kinds."""

from __future__ import annotations

from typing import Any

import pytest

from events.entities import build, cues, defined_company, key, title_company
from events.extract.names import find_names
from events.pipeline import extract
from events.readers import read_bytes

PAGE = """= Harrowgate Group =

Harrowgate Group Co., Ltd
- Former Name: Penlow Holdings
- Founders: Mira Castell

Harrowgate Group (previously known as Penlow Holdings) is a Welsh engineering company founded in May 1971.
In 1999 Harrowgate set up a joint venture with Dunlin Motor Corporation. Dunlin later sold its share.
The Kestrel brand was launched in 2004 by Harrowgate.
Kestrel (short for Kestrel Marine Engines) sells outboard motors.
In 2010 the government of Cardiff acquired 5% of the company.
"""


def _reg():  # type: ignore[no-untyped-def]
    return build(read_bytes("harrowgate.txt", PAGE.encode(), ".txt"))


def test_focus_is_the_page_subject() -> None:
    assert _reg().focus == "Harrowgate Group"


def test_former_names_and_short_forms_join_the_focus() -> None:
    reg = _reg()
    for name in ("Penlow Holdings", "Harrowgate", "Harrowgate Group Co., Ltd"):
        assert reg.same(name, "Harrowgate Group"), name
        assert reg.canonical(name) == "Harrowgate Group"


def test_short_name_of_another_company_resolves_to_its_full_name() -> None:
    reg = _reg()
    assert reg.same("Dunlin", "Dunlin Motor Corporation")
    assert not reg.same("Dunlin", "Harrowgate Group")


def test_kinds_are_told_apart() -> None:
    reg = _reg()
    assert reg.kind("Harrowgate Group") == "company"
    assert reg.kind("Kestrel") == "brand"
    assert reg.kind("Mira Castell") == "person"
    assert reg.kind("government of Cardiff") == "government"


def test_links_carry_provenance() -> None:
    reg = _reg()
    links = reg.links()
    pairs = {(key(link.name), key(link.other)) for link in links}
    want = (key("Harrowgate Group"), key("Penlow Holdings"))
    assert want in pairs or want[::-1] in pairs
    for link in links:
        assert PAGE[link.source.start : link.source.end] == link.source.quote


def test_a_place_alone_is_not_a_short_name() -> None:
    text = "Chongwen Tools\n\nChongwen Tools is based in Beijing. Beijing Chongwen Bank is a lender.\n"
    reg = build(read_bytes("c.txt", text.encode(), ".txt"))
    assert not reg.same("Beijing", "Chongwen Tools")


def _focus(text: str) -> str | None:
    return build(read_bytes("a.txt", text.encode(), ".txt")).focus


def test_announcement_code_line_is_not_the_title_the_company_line_under_it_is() -> None:
    for code in ("RNS Number : 2210K", "Announcement No. 2024-031", "Ref: KX-2291"):
        text = (
            f"{code}\nTarrow Foods plc\n12 March 2024\n\n"
            'Tarrow Foods plc ("Tarrow") announces that it bought 30% of Pike Mills. '
            "Tarrow, which until 2019 traded as Tarrow Bakeries Ltd, bakes bread.\n"
        )
        assert _focus(text) == "Tarrow Foods plc", code


def test_a_short_focus_takes_the_full_name_the_text_does_not_call_former() -> None:
    texts = (
        'LEEDS, 4 May 2023 -- Tarrow Foods plc ("Tarrow") bought 30% of Pike Mills. Tarrow, which '
        "traded as Tarrow Bakeries Ltd until 2019, said the deal closed on Friday. Tarrow is based in Leeds.",
        "Tarrow bought Pike Mills on Friday. Tarrow Foods plc (formerly Tarrow Bakeries Ltd) said the deal "
        "was done. Tarrow employs 400 people.",
        "Tarrow bought Pike Mills on Friday. Tarrow Bakeries Ltd changed its name to Tarrow Foods plc in "
        "2019. Tarrow Foods plc employs 400 people and Tarrow Foods plc makes bread.",
    )
    for text in texts:
        reg = build(read_bytes("t.txt", text.encode(), ".txt"))
        assert reg.focus in (None, "Tarrow", "Tarrow Foods plc"), text
        assert reg.canonical("Tarrow") != "Tarrow Bakeries Ltd", text


def _cue_examples(section: str, kind: str) -> list[Any]:
    return list(cues()[section]["examples"][kind])


@pytest.mark.parametrize("example", _cue_examples("defined_terms", "match"), ids=lambda e: e["name"])
def test_a_defined_term_names_the_documents_company(example: dict[str, str]) -> None:
    reg = build(read_bytes("d.txt", f"Notice\n\n{example['text']}\n".encode(), ".txt"))
    assert reg.focus == example["name"]


@pytest.mark.parametrize("text", _cue_examples("defined_terms", "keep"))
def test_other_defined_terms_name_no_company(text: str) -> None:
    doc = read_bytes("d.txt", text.encode(), ".txt")
    assert defined_company(doc.text, find_names(doc.text)) is None


@pytest.mark.parametrize("example", _cue_examples("section_labels", "match"), ids=lambda e: e["name"])
def test_a_title_with_a_section_label_names_the_company(example: dict[str, str]) -> None:
    assert title_company(example["text"]) == example["name"]


@pytest.mark.parametrize("title", _cue_examples("section_labels", "keep"))
def test_a_headline_is_not_a_company_title(title: str) -> None:
    assert title_company(title) is None


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (
            "NORDVIK SHIPPING ASA\nANNUAL REPORT 2023",
            "In March 2023 the Company acquired 70% of Fjell Tankers AS from its founders.",
        ),
        (
            "Company History - Hanbit Precision Co., Ltd.",
            "In 2004 our company purchased Dasan Tech from the Lee family.",
        ),
        ("Brenna Mills | Our story", "In 2019 we bought Pike Oats from the Lund family."),
    ],
)
def test_the_page_company_named_only_in_the_title_is_the_one_that_acts(title: str, body: str) -> None:
    text = f"{title}\n\n{body}\n"
    doc = read_bytes("p.txt", text.encode(), ".txt")
    reg = build(doc)
    named = title_company(title.splitlines()[0])
    assert reg.focus == named
    bought = [e for e in extract(doc).events if e.type in ("acquired_stake", "became_sole_owner")]
    assert bought and bought[0].subject == named


@pytest.mark.parametrize(
    ("text", "renamed", "new_name"),
    [
        (
            "Hanbit Precision\n\nIn 2008 Hanbit Precision set up a joint venture with Sungho Motors named "
            "Hansung Parts, and in 2013 it was renamed Hansung Mobility.\n",
            "Hansung Parts",
            "Hansung Mobility",
        ),
        (
            "Tarrow Foods\n\nTarrow Foods bought Pike Mills in 2011, and in 2014 it changed its name to "
            "Pike Bakeries.\n",
            "Pike Mills",
            "Pike Bakeries",
        ),
        (
            "Brenna Mills\n\nIn 2010 Brenna Mills took a 40% stake in Lund Oats AB; the oat producer was "
            "renamed Lund Nordic in 2016.\n",
            "Lund Oats AB",
            "Lund Nordic",
        ),
        (
            "Tarrow Foods\n\nTarrow Foods bought Pike Mills in 2011, and in 2014 it changed its name to "
            "Tarrow Group.\n",
            "Tarrow Foods",
            "Tarrow Group",
        ),
        (
            "Company History - Hanbit Precision Co., Ltd.\n\nIn 2008, our company made the joint venture "
            'company "Hansung Parts" together with Sungho Motors, and in 2013 the company name of it was '
            "changed to HS Mobility.\n",
            "Hansung Parts",
            "HS Mobility",
        ),
    ],
)
def test_a_rename_told_of_it_goes_to_the_company_whose_name_the_new_one_extends(
    text: str, renamed: str, new_name: str
) -> None:
    events = [e for e in extract(read_bytes("r.txt", text.encode(), ".txt")).events if e.type == "renamed"]
    assert [(e.subject, e.attributes["new_name"]) for e in events] == [(renamed, new_name)]


@pytest.mark.parametrize(
    ("name", "text", "focus"),
    [
        (
            "caps.txt",
            "TARN ROBOTICS COMPLETES PURCHASE OF PELL SENSORS\n\nTarn Robotics, Inc. has bought "
            "Pell Sensors, a lidar maker. Pell Sensors was founded in 2011 in Austin.\n",
            "Tarn Robotics, Inc.",
        ),
        (
            "front.md",
            "---\ntitle: Brenna Mills celebrates 100 years\n---\n\nThe Perth miller, founded in 1921, bought "
            "Pike Oats in 2019.\n",
            "Brenna Mills",
        ),
        (
            "report.md",
            "---\ntitle: Orrin Bank plc – Strategic report 2023\n---\n\n# Strategic report\n\nThe Group sold "
            "its stake in Tern Leasing in 2023. Orrin Bank plc lends to farmers.\n",
            "Orrin Bank plc",
        ),
    ],
)
def test_the_page_company_from_a_headline_or_a_metadata_title(name: str, text: str, focus: str) -> None:
    reg = build(read_bytes(name, text.encode(), "." + name.split(".")[1]))
    assert reg.focus is not None and reg.same(reg.focus, focus)


@pytest.mark.parametrize(
    ("text", "full", "short"),
    [
        (
            "In 2015 Nordic Equity Partners (NEP) bought 40% of Skarv. NEP sold it in 2019.",
            "Nordic Equity Partners",
            "NEP",
        ),
        (
            "Harbour Mutual Insurance (HMI) owns 5% of Skarv; HMI bought in 2011.",
            "Harbour Mutual Insurance",
            "HMI",
        ),
        (
            "The stake went to Lind & Berg Capital (LBC) in 2020, and LBC still holds it.",
            "Lind & Berg Capital",
            "LBC",
        ),
    ],
)
def test_a_bracketed_abbreviation_is_a_short_name_not_part_of_the_name(
    text: str, full: str, short: str
) -> None:
    reg = build(read_bytes("a.txt", f"Skarv Holding\n\n{text}\n".encode(), ".txt"))
    assert reg.same(full, short)
    assert reg.canonical(short) == full
    assert reg.canonical(f"{full} ({short})") == full


def test_a_bracketed_place_stays_in_the_name() -> None:
    reg = build(
        read_bytes("a.txt", b"Skarv Holding\n\nSkarv Holding (UK) Ltd was set up in 2010 in Hull.\n", ".txt")
    )
    assert not reg.same("Skarv Holding (UK) Ltd", "UK")


RELEASE = (
    "Tarn Robotics Completes Acquisition of Pell Sensors\n\n"
    "AUSTIN, Texas--(Andes Wire)--Mar. 4, 2024--Tarn Robotics, Inc. today announced that it has completed "
    "its acquisition of Pell Sensors.\n\n"
    "About Tarn Robotics\nTarn Robotics designs robots for warehouses. The company was founded in 2005.\n\n"
    "{about}\nPell Sensors makes lidar units for industrial machines. {sentence}\n\n"
    "Media Contact\nJo Park, press@tarn.example\n"
)


@pytest.mark.parametrize(
    ("about", "sentence"),
    [
        ("About Pell Sensors", "The company was founded in 2011 in Boise."),
        ("## About Pell Sensors", "It was founded in 2011 in Boise."),
        ("**About Pell Sensors:**", "The firm was founded in 2011 in Boise."),
    ],
)
def test_the_company_in_an_about_section_is_the_section_company(about: str, sentence: str) -> None:
    text = RELEASE.format(about=about, sentence=sentence)
    founded = {
        e.date.value: e.subject
        for e in extract(read_bytes("r.txt", text.encode(), ".txt")).events
        if e.type == "founded" and e.date
    }
    assert founded == {"2005": "Tarn Robotics", "2011": "Pell Sensors"}


@pytest.mark.parametrize(
    "example", cues()["leading_descriptors"]["examples"]["match"], ids=lambda e: e["short"]
)
def test_a_name_opened_by_a_company_word_is_called_by_the_rest(example: dict[str, str]) -> None:
    reg = build(read_bytes("d.txt", f"Tarn Wool\n\n{example['text']}\n".encode(), ".txt"))
    assert reg.same(example["short"], example["full"])
    assert reg.canonical(example["short"]) == example["full"]


@pytest.mark.parametrize("text", cues()["leading_descriptors"]["examples"]["keep"])
def test_a_short_word_two_companies_share_stays_apart(text: str) -> None:
    reg = build(read_bytes("d.txt", f"Tarn Wool\n\n{text}\n".encode(), ".txt"))
    assert not reg.same("Sol", "Banco Sol")


@pytest.mark.parametrize(
    ("name", "same_as"),
    [
        ("Matsuda Kasei of Japan", "Matsuda Kasei"),
        ("Norske Skarv Fiskeri of Norway", "Norske Skarv Fiskeri"),
        ("Pell Sensors of Austin", "Pell Sensors"),
    ],
)
def test_a_country_or_city_after_of_is_not_part_of_a_company_name(name: str, same_as: str) -> None:
    assert key(name) == key(same_as)


@pytest.mark.parametrize("name", ["Bank of Japan", "Royal Bank of Scotland", "University of Oslo"])
def test_an_institution_of_a_place_keeps_its_place(name: str) -> None:
    assert key(name) != key(name.rsplit(" of ", 1)[0])


@pytest.mark.parametrize(
    ("heading", "body", "company"),
    [
        (
            "Kvarn Fisk",
            "The Bergen salmon farmer said its plant opened in March. The company was founded in 1974.",
            "Kvarn Fisk",
        ),
        (
            "## Kvarn Fisk ASA",
            "It said its plant opened in March. The company was founded in 1974.",
            "Kvarn Fisk ASA",
        ),
        (
            "**Kvarn Fisk**",
            "The salmon farmer opened a plant in March. The firm was founded in 1974.",
            "Kvarn Fisk",
        ),
    ],
)
def test_a_digest_heading_naming_a_company_is_what_its_paragraph_means(
    heading: str, body: str, company: str
) -> None:
    text = (
        "Business briefs\n\nTarn Robotics\nThe Austin robot maker said on Monday that it grew. "
        f"The company was founded in 2005 in Austin.\n\n{heading}\n{body}\n\n"
        "Recent Developments\nThe company hired 40 staff.\n"
    )
    founded = {
        e.date.value: e.subject
        for e in extract(read_bytes("b.md", text.encode(), ".md")).events
        if e.type == "founded" and e.date
    }
    assert founded["2005"] == "Tarn Robotics"
    assert key(founded["1974"]) == key(company)


@pytest.mark.parametrize(
    "founded",
    ["12 May 1961 in Tromsø as Skarv Fiskeri", "1961, as Skarv Fiskeri", "1961 (as Skarv Fiskeri)"],
)
def test_an_infobox_founding_as_a_name_gives_the_first_name(founded: str) -> None:
    text = (
        f"= Skarv Holding =\n\n- Founded: {founded}\n- Industry: Seafood\n\nSkarv Holding ASA is a Norwegian "
        "seafood company. The company took its current name in 1988.\n"
    )
    doc = read_bytes("s.txt", text.encode(), ".txt")
    assert build(doc).same("Skarv Fiskeri", "Skarv Holding")
    renames = [e.attributes.get("old_name") for e in extract(doc).events if e.type == "renamed"]
    assert renames == ["Skarv Fiskeri"]


@pytest.mark.parametrize(
    "text",
    [
        "# Kvarn news\n\n[Kvarn Fisk](https://kvarn.example/about) bought 30% of "
        "[Laks Vest](https://laks.example) in 2019.\n",
        '# Kvarn news\n\nIn 2019 [Kvarn Fisk](https://kvarn.example "About") bought 30% of Laks Vest.\n',
        "# Kvarn news\n\nIn 2019 Kvarn Fisk bought 30% of [Laks Vest](https://laks.example/(profile)).\n",
    ],
)
def test_a_markdown_link_reads_as_its_text(text: str) -> None:
    events = [
        e for e in extract(read_bytes("l.md", text.encode(), ".md")).events if e.type == "acquired_stake"
    ]
    assert [(e.subject, e.object, e.attributes.get("stake")) for e in events] == [
        ("Kvarn Fisk", "Laks Vest", 0.3)
    ]
    for e in events:
        assert text[e.source.start : e.source.end] == e.source.quote


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2019 Skarv bought 60%[5] of Laks Vest.",
        "In 2019 Skarv[3] bought 60% of Laks Vest.[citation needed]",
        "In 2019 Skarv bought 60% of Laks Vest[a] from its founders.[12]",
    ],
)
def test_citation_marks_do_not_break_a_sentence(sentence: str) -> None:
    text = f"= Skarv Holding =\n\nSkarv Holding ASA is a Norwegian seafood company.[1] {sentence}\n"
    events = [
        e for e in extract(read_bytes("w.txt", text.encode(), ".txt")).events if e.type == "acquired_stake"
    ]
    assert [(e.subject, e.object, e.attributes.get("stake")) for e in events] == [
        ("Skarv Holding", "Laks Vest", 0.6)
    ]


@pytest.mark.parametrize(
    ("buyer", "name"),
    [
        ("Matsuda Kasei of Japan", "Matsuda Kasei"),
        ("Kim Tech of South Korea", "Kim Tech"),
        ("Nordic Equity Partners (NEP)", "Nordic Equity Partners"),
    ],
)
def test_a_buyer_is_named_without_its_country_or_abbreviation(buyer: str, name: str) -> None:
    text = f"Tarn Wool\n\nIn 2011 Orla Textiles sold its 30% stake in Tarn Wool to {buyer}.\n"
    sales = [e for e in extract(read_bytes("b.txt", text.encode(), ".txt")).events if e.type == "sold_stake"]
    assert [e.attributes.get("buyer") for e in sales] == [name]
