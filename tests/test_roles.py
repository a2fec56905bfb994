"""Leadership roles as written map to canonical offices, so holders succeed each other across wordings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from engine_support import ev, ingest, write_events

from events.extract.roles import is_role, offices, vocabulary
from events.pipeline import extract
from events.readers import read_bytes
from timeline.query import state

CEO = "chief executive officer"
CFO = "chief financial officer"


@pytest.mark.parametrize(
    ("written", "office"),
    [
        ("CEO", CEO),
        ("chief executive", CEO),
        ("Chief Executive Officer", CEO),
        ("C.E.O.", CEO),
        ("chief exec.", CEO),
        ("Group CEO", CEO),
        ("group chief executive", CEO),
        ("its new CEO", CEO),
        ("chairman of the management board", CEO),
        ("chairman", "chair"),
        ("Chair", "chair"),
        ("chairwoman", "chair"),
        ("chairperson", "chair"),
        ("executive chairman", "chair"),
        ("non-executive chairman", "chair"),
        ("Chairman of the Board", "chair"),
        ("chairman of the supervisory board", "chair"),
        ("managing director", "managing director"),
        ("MD", "managing director"),
        ("finance director", CFO),
        ("Group Finance Director", CFO),
        ("CFO", CFO),
        ("chief financial officer", CFO),
        ("COO", "chief operating officer"),
        ("executive director", "director"),
        ("co-founder", "founder"),
    ],
)
def test_written_roles_map_to_one_office(written: str, office: str) -> None:
    [found] = offices(written)
    assert (found.name, found.written, found.known) == (office, written, True)


@pytest.mark.parametrize(
    ("written", "office"),
    [
        ("deputy CEO", "deputy " + CEO),
        ("vice CEO", "deputy " + CEO),
        ("deputy group chief executive", "deputy " + CEO),
        ("vice chairman", "vice chair"),
        ("vice-chair", "vice chair"),
        ("deputy chairman", "vice chair"),
        ("vice president", "vice president"),
    ],
)
def test_deputy_and_vice_are_other_offices(written: str, office: str) -> None:
    [found] = offices(written)
    assert found.name == office and found.name not in (CEO, "chair", "president")


@pytest.mark.parametrize("written", ["interim CEO", "acting chief executive", "Interim Group CEO"])
def test_interim_and_acting_hold_the_office_marked_interim(written: str) -> None:
    [found] = offices(written)
    assert (found.name, found.interim, found.shared) == (CEO, True, False)


@pytest.mark.parametrize(
    ("written", "office"), [("co-CEO", CEO), ("joint managing director", "managing director")]
)
def test_co_and_joint_holders_share_the_office(written: str, office: str) -> None:
    [found] = offices(written)
    assert (found.name, found.shared, found.interim) == (office, True, False)


@pytest.mark.parametrize(
    ("written", "names"),
    [
        ("President and Chief Executive", ["president", CEO]),
        ("President & CEO", ["president", CEO]),
        ("chairman and chief executive", ["chair", CEO]),
        ("Chairman and President", ["chair", "president"]),
        ("founder/CEO", ["founder", CEO]),
    ],
)
def test_a_double_title_is_two_offices(written: str, names: list[str]) -> None:
    assert [o.name for o in offices(written)] == names
    assert all(o.written == written for o in offices(written))


def test_a_qualifier_before_a_double_title_covers_both() -> None:
    assert [(o.name, o.interim) for o in offices("interim chairman and CEO")] == [
        ("chair", True),
        (CEO, True),
    ]


def test_an_unknown_role_is_its_own_office_without_qualifiers() -> None:
    [found] = offices("interim harbour master")
    assert (found.name, found.known, found.interim) == ("harbour master", False, True)
    assert offices("Harbour Master")[0].name == found.name


@pytest.mark.parametrize(
    ("written", "office"),
    [
        ("Chief Risk Officer", "chief risk officer"),
        ("acting chief digital officer", "chief digital officer"),
        ("Sales Director", "sales director"),
        ("head of research and development", "head of research and development"),
    ],
)
def test_a_role_known_by_its_form_is_its_own_office(written: str, office: str) -> None:
    [found] = offices(written)
    assert (found.name, found.known) == (office, True) and is_role(written)


def test_rotating_chairs_take_turns_beside_the_chair() -> None:
    [found] = offices("rotating chairman")
    assert (found.name, found.shared) == ("rotating chair", True)


def test_is_role_tells_roles_from_other_labels() -> None:
    assert all(is_role(w) for w in ["CEO", "Chair", "Finance director", "President and CEO"])
    labels = ["Founded", "Headquarters", "Head office", "Employees", "Key people", "Owner", "GM", ""]
    assert not any(is_role(w) for w in labels)


def test_every_variant_is_one_office_only() -> None:
    voc = vocabulary()
    assert voc.offices["ceo"] == CEO and voc.offices["md"] == "managing director"
    assert {"director", "founder", "vice president"} <= voc.many and CEO not in voc.many


def _people(store: Path, name: str, at: str) -> list[dict[str, Any]]:
    return state(store, name, at)["people"]  # type: ignore[no-any-return]


def test_two_documents_in_different_wordings_make_a_succession(tmp_path: Path) -> None:
    # Our own two short press notes: one says "chief executive", the other "CEO".
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "brisk-2018.md").write_text(
        "# Brisk Ferries appoints new chief executive\n\nPublished: 2018-03-12\n\n"
        "Brisk Ferries, the Tromsø coastal operator, said on Monday that its board had appointed "
        "Tove Lind as chief executive. Lind joins from a rival shipping line.\n",
        encoding="utf-8",
    )
    (docs / "brisk-2020.md").write_text(
        "# Brisk Ferries names new CEO\n\nPublished: 2020-06-03\n\n"
        "Brisk Ferries named Omar Dahl as its new CEO on 2 June 2020. The operator runs twelve routes.\n",
        encoding="utf-8",
    )
    store = tmp_path / "s"
    ingest(store, docs)
    [before] = _people(store, "Brisk Ferries", "2019-01-01")
    assert (before["office"], before["role"], before["person"]) == (CEO, "chief executive", "Tove Lind")
    [now] = _people(store, "Brisk Ferries", "2021-01-01")
    assert (now["office"], now["role"], now["person"], now["since"]) == (
        CEO,
        "ceo",
        "Omar Dahl",
        "2020-06-02",
    )
    [src] = now["sources"]
    assert src["doc"] == "brisk-2020.md" and src["role"] == "ceo"
    assert "Omar Dahl as its new CEO" in src["quote"]
    [was] = now["earlier"]
    assert (was["person"], was["role"], was["sources"][0]["doc"]) == (
        "Tove Lind",
        "chief executive",
        "brisk-2018.md",
    )


def test_double_titles_interim_and_co_holders_in_the_fold(tmp_path: Path) -> None:
    store = tmp_path / "s"
    lines = [
        ev("leadership", "Auk Motors", "2015-01-01", role="President and Chief Executive", person="Ann Lee"),
        ev("leadership", "Auk Motors", "2016-01-01", role="deputy CEO", person="Cy Park"),
        ev("leadership", "Auk Motors", "2018-01-01", role="interim CEO", person="Bo Chen"),
        ev("leadership", "Auk Motors", "2019-01-01", role="co-CEO", person="Di Wu"),
        ev("leadership", "Auk Motors", "2020-01-01", role="Group Chief Executive", person="Eva Moe"),
    ]
    ingest(store, write_events(tmp_path / "t.events.jsonl", lines))

    def held(at: str) -> list[tuple[str, str, bool]]:
        return [(p["office"], p["person"], p["interim"]) for p in _people(store, "Auk Motors", at)]

    assert held("2017-01-01") == [
        (CEO, "Ann Lee", False),
        ("deputy " + CEO, "Cy Park", False),
        ("president", "Ann Lee", False),
    ]
    # The interim chief executive succeeds Ann Lee as chief executive only; the deputy stays.
    assert held("2018-06-01") == [
        (CEO, "Bo Chen", True),
        ("deputy " + CEO, "Cy Park", False),
        ("president", "Ann Lee", False),
    ]
    # A co-CEO joins the holder; a sole appointment ends both terms.
    assert [p for p in held("2019-06-01") if p[0] == CEO] == [(CEO, "Bo Chen", True), (CEO, "Di Wu", False)]
    ceo = [p for p in _people(store, "Auk Motors", "2020-06-01") if p["office"] == CEO]
    assert [p["person"] for p in ceo] == ["Eva Moe"]
    assert [e["person"] for e in ceo[0]["earlier"]] == ["Ann Lee", "Bo Chen", "Di Wu"]


LEADERSHIP_PAGE = (
    "# Sundby Mekanikk AS\n\nPublished: 2019-05-01\n\n"
    "Sundby Mekanikk AS makes hydraulic cranes for fishing boats in Ålesund.\n\n"
    "## Leadership\n\n"
    "- CEO: Kari Dahl (since 2018)\n"
    "- Chair: Per Moen (from March 2017)\n"
    "- Finance director: Ola Berg\n"
    "- Headquarters: Ålesund\n"
)


def test_a_leadership_list_gives_dated_officers_of_the_page_company() -> None:
    doc = read_bytes("sundby.md", LEADERSHIP_PAGE.encode(), ".md")
    people = [e for e in extract(doc).events if e.type == "leadership"]
    got = {
        (e.subject, e.object, e.attributes["role"], e.date.value if e.date else None, e.source.quote)
        for e in people
    }
    assert got == {
        ("Sundby Mekanikk AS", "Kari Dahl", "chief executive", "2018", "Kari Dahl (since 2018)"),
        ("Sundby Mekanikk AS", "Per Moen", "chairman", "2017-03", "Per Moen (from March 2017)"),
        ("Sundby Mekanikk AS", "Ola Berg", "finance director", None, "Ola Berg"),
    }
    assert all(doc.text[e.source.start : e.source.end] == e.source.quote for e in people)


def test_a_listed_officer_is_succeeded_by_a_later_appointment_in_other_words(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "sundby.md").write_text(LEADERSHIP_PAGE, encoding="utf-8")
    (docs / "sundby-2021.md").write_text(
        "# New head for crane maker\n\nPublished: 2021-06-20\n\n"
        "Sundby Mekanikk AS named Eva Moe as its new chief executive officer on 18 June 2021.\n",
        encoding="utf-8",
    )
    store = tmp_path / "s"
    ingest(store, docs)
    [then] = [p for p in _people(store, "Sundby Mekanikk AS", "2020-01-01") if p["office"] == CEO]
    assert (then["person"], then["since"]) == ("Kari Dahl", "2018")
    [now] = [p for p in _people(store, "Sundby Mekanikk AS", "2021-07-01") if p["office"] == CEO]
    assert (now["person"], now["since"], now["earlier"][0]["person"]) == (
        "Eva Moe",
        "2021-06-18",
        "Kari Dahl",
    )
    cfo = [p for p in _people(store, "Sundby Mekanikk AS", "2021-07-01") if p["office"] == CFO]
    assert [(p["person"], p["role"]) for p in cfo] == [("Ola Berg", "finance director")]


def test_leaving_in_other_words_ends_the_term(tmp_path: Path) -> None:
    store = tmp_path / "s"
    lines = [
        ev("leadership", "Auk Motors", "2015-01-01", role="Chief Executive", person="Ann Lee"),
        ev("leadership", "Auk Motors", "2019-05-01", role="CEO", person="Ann Lee", left=True),
    ]
    ingest(store, write_events(tmp_path / "t.events.jsonl", lines))
    assert [p["person"] for p in _people(store, "Auk Motors", "2018-01-01")] == ["Ann Lee"]
    assert _people(store, "Auk Motors", "2019-06-01") == []
