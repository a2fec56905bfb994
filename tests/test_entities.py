"""The per-document name registry: focus, short forms, former names, kinds."""

from __future__ import annotations

from events.entities import build, key
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
