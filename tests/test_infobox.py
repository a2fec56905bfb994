"""Infobox fields: value spans, normalised keys, list splitting, the seed 000 infobox."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.document import Field
from events.pipeline import extract
from events.readers import read_bytes, read_path
from events.readers.data import load
from events.readers.infobox import find_fields, intros, name_period, normalise_key, section_key, split_values

SEED_000 = Path(__file__).parents[1].parent / "shared" / "corpus" / "seres" / "000_606889f77432c3fc.txt"


def _by_key(text: str) -> dict[str, Field]:
    return {f.key: f for f in find_fields(text)}


@pytest.fixture(scope="module")
def seed_000() -> tuple[str, tuple[Field, ...]]:
    if not SEED_000.exists():
        pytest.skip("shared seed corpus not present")
    doc = read_path(SEED_000)
    return doc.text, doc.fields


def test_seed_000_infobox_fields_with_value_spans(seed_000: tuple[str, tuple[Field, ...]]) -> None:
    text, fields = seed_000
    by_key = {f.key: f for f in fields}
    assert by_key["former_name"].value == "Sokon Group"
    assert "Dongfeng Motor Corporation" in by_key["owners"].value
    assert "XGJAO Motorcycle" in by_key["subsidiaries"].value
    assert {"founders", "key_people", "type", "traded_as"} - set(by_key) == {
        "traded_as"
    }  # "Traded As: ," is empty
    for f in fields:
        assert text[f.start : f.end] == f.value
        line_start = text.rfind("\n", 0, f.start) + 1
        assert text[line_start : f.start].startswith("- ")  # the key sits on the same line, before the value


def test_seed_000_owners_split_into_three_holders(seed_000: tuple[str, tuple[Field, ...]]) -> None:
    text, fields = seed_000
    owners = next(f for f in fields if f.key == "owners")
    items = split_values(text, owners)
    assert len(items) == 3
    assert items[1].value == "Dongfeng Motor Corporation"
    assert items[0].value.endswith(")")  # the parenthetical note stays with its holder
    for item in items:
        assert text[item.start : item.end] == item.value


def test_seed_000_subsidiaries_and_key_people_split(seed_000: tuple[str, tuple[Field, ...]]) -> None:
    text, fields = seed_000
    by_key = {f.key: f for f in fields}
    assert len(split_values(text, by_key["subsidiaries"])) == 6
    people = split_values(text, by_key["key_people"])
    assert [p.value.split(" (")[1].rstrip(")") for p in people] == ["Founder", "Chairman and President"]


def test_dash_block_needs_two_lines() -> None:
    text = "Some list:\n- Note: the plant closed in 2009.\n\nMore text follows here.\n"
    assert find_fields(text) == ()


def test_dash_block_keys_normalised() -> None:
    text = (
        "Brava Tools\n- Former Names: Brava Hardware\n- Owner(s): Ludo Capital\n"
        "- HQ: Turin\n- Founded by: Ada Brava\n"
    )
    fields = _by_key(text)
    assert fields["former_name"].value == "Brava Hardware"
    assert fields["owners"].value == "Ludo Capital"
    assert fields["hq"].value == "Turin"
    assert fields["founders"].value == "Ada Brava"


def test_unknown_dash_keys_become_snake_case() -> None:
    fields = _by_key("- Plant Count: 4\n- Chief Designer: Mo Reyes\n")
    assert fields["plant_count"].value == "4"
    assert fields["chief_designer"].value == "Mo Reyes"


def test_wiki_infobox_lines() -> None:
    text = "{{Infobox company\n| name = Corvo Air\n| former_name = Corvo Aviation\n| founded = 1961\n}}\n"
    fields = _by_key(text)
    assert fields["former_name"].value == "Corvo Aviation"
    assert fields["founded"].value == "1961"
    for f in fields.values():
        assert text[f.start : f.end] == f.value


def test_bare_key_lines_at_the_top_only_for_known_keys() -> None:
    text = (
        "Osprey Cables\n"
        "Founded: 1974\n"
        "Headquarters: Gdynia\n"
        "Mood: cheerful\n"
        "\n"
        "Osprey Cables was founded in Gdynia by two engineers and listed in Warsaw in 1999.\n"
        "Subsidiaries: this line sits inside the body text, after the prose started.\n"
        "Owners: also in the body.\n"
    )
    fields = _by_key(text)
    assert fields["founded"].value == "1974"
    assert fields["hq"].value == "Gdynia"
    assert "mood" not in fields
    assert "subsidiaries" not in fields and "owners" not in fields


def test_markdown_bold_keys() -> None:
    fields = _by_key("- **Founded:** 2001\n- **Parent:** Orla Group\n")
    assert fields["founded"].value == "2001"
    assert fields["parent"].value == "Orla Group"


def test_fields_inside_boilerplate_are_dropped() -> None:
    text = "Most Popular\n- Topic: Markets\n- Topic two: Autos\n\nA plain sentence closes this short page.\n"
    doc = read_bytes("p.txt", text.encode(), ".txt")
    assert doc.fields == ()


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Subsid", "subsidiaries"),
        ("Hq Location City", "hq_city"),
        ("Native Name", "native_name"),
        ("Traded As", "traded_as"),
        ("Key People", "key_people"),
        ("owner(s)", "owners"),
        ("Num Employees", "num_employees"),
        ("Revenue Year", "revenue_year"),
        ("Former Name", "former_name"),
        ("Type", "type"),
        ("Founded", "founded"),
    ],
)
def test_normalise_key(raw: str, key: str) -> None:
    assert normalise_key(raw) == key


def test_key_map_aliases_are_unique() -> None:
    seen: dict[str, str] = {}
    for canonical, spec in load("infobox_keys.yaml")["keys"].items():
        for alias in spec["aliases"]:
            folded = alias.lower()
            assert folded not in seen, f"{alias!r} maps to both {seen.get(folded)} and {canonical}"
            seen[folded] = canonical


def test_split_keeps_thousands_and_leaves_scalar_keys_whole() -> None:
    text = "- Products: Vans, trucks; buses / coaches\n- Num Employees: 13,238\n"
    fields = _by_key(text)
    assert [f.value for f in split_values(text, fields["products"])] == ["Vans", "trucks", "buses", "coaches"]
    assert split_values(text, fields["num_employees"]) == (fields["num_employees"],)


# ---------------------------------------------------------------- name histories under a heading

NAME_LISTS = {
    "wiki.txt": (
        "= Brenna Mills =\n\nBrenna Mills is a Scottish flour miller founded in 1921 in Perth.\n\n"
        "== Former names ==\n- Brenna Grain Store (1921–1960)\n- Brenna & Sons (1960–1994)\n"
        "- Brenna Mills (since 1994)\n"
    ),
    "page.md": (
        "# Brenna Mills\n\nBrenna Mills is a Scottish flour miller founded in 1921 in Perth.\n\n"
        "## Name history\n\n* 1921–1960: Brenna Grain Store\n* 1960–1994: Brenna & Sons\n"
        "* 1994–present: Brenna Mills\n"
    ),
    "colon.md": (
        "# Brenna Mills\n\nBrenna Mills is a Scottish flour miller founded in 1921 in Perth.\n\n"
        "**Previous names**\n- Brenna Grain Store: 1921–1960\n- Brenna & Sons: 1960–1994\n"
        "- Brenna Mills: 1994–\n"
    ),
    "intro.txt": (
        "Brenna Mills\n\nBrenna Mills is a Scottish flour miller founded in 1921 in Perth. "
        "The company has traded under three names:\n"
        "- Brenna Grain Store, until 1960\n- Brenna & Sons, 1960 to 1994\n- Brenna Mills, from 1994\n"
    ),
}


@pytest.mark.parametrize("name", sorted(NAME_LISTS))
def test_a_name_list_under_a_heading_is_read_as_former_name_fields(name: str) -> None:
    text = NAME_LISTS[name]
    doc = read_bytes(name, text.encode(), "." + name.split(".")[1])
    items = [f for f in doc.fields if f.key == "former_name"]
    assert len(items) == 3
    assert not any(doc.in_boilerplate(f.start, f.end) for f in items)  # a fact list, not a menu
    periods = [name_period(text, f) for f in items]
    assert [p.name for p in periods if p] == ["Brenna Grain Store", "Brenna & Sons", "Brenna Mills"]
    assert [p.until for p in periods if p] == ["1960", "1994", None]


@pytest.mark.parametrize("name", sorted(NAME_LISTS))
def test_a_dated_name_list_gives_one_rename_per_change(name: str) -> None:
    text = NAME_LISTS[name]
    ex = extract(read_bytes(name, text.encode(), "." + name.split(".")[1]))
    renames = sorted(
        (e.date.value, e.attributes["old_name"], e.attributes["new_name"])
        for e in ex.events
        if e.type == "renamed" and e.date
    )
    assert renames == [
        ("1960", "Brenna Grain Store", "Brenna & Sons"),
        ("1994", "Brenna & Sons", "Brenna Mills"),
    ]
    for e in ex.events:
        assert text[e.source.start : e.source.end] == e.source.quote


def test_a_short_menu_under_an_ordinary_heading_is_still_chrome() -> None:
    text = (
        "Brenna Mills bakes bread in Perth and sells flour to 300 shops, the company said.\n\n"
        "Sections\n- Home\n- World\n- Business\n"
    )
    doc = read_bytes("m.txt", text.encode(), ".txt")
    assert doc.in_boilerplate(text.index("- Home"), text.index("- Business") + 5)
    assert not [f for f in doc.fields if f.key == "former_name"]


@pytest.mark.parametrize(
    ("value", "name", "since", "until"),
    [
        ("Haldor Yard (1946–1978)", "Haldor Yard", "1946", "1978"),
        ("Haldor Group (since 2005)", "Haldor Group", "2005", None),
        ("**1978–2005** – Haldor Industrier", "Haldor Industrier", "1978", "2005"),
        ("Haldor Yard (until March 1978)", "Haldor Yard", None, "1978-03"),
        ("1921 - 1960 | Brenna Grain Store", "Brenna Grain Store", "1921", "1960"),
        ("Haldor (June 1946 – May 1978)", "Haldor", "1946-06", "1978-05"),
        ("Brenna Grain Store: 1921–1960", "Brenna Grain Store", "1921", "1960"),
    ],
)
def test_name_period_reads_the_name_and_its_years(
    value: str, name: str, since: str | None, until: str | None
) -> None:
    got = name_period(value, Field("former_name", value, 0, len(value)))
    assert got is not None
    assert (got.name, got.since, got.until) == (name, since, until)
    assert value[got.start : got.end] == got.name


@pytest.mark.parametrize(
    "value", ["Haldor Group", "Kestrel Foods (formerly Kestrel Mills)", "Coca Amatil (1904)"]
)
def test_name_period_needs_a_period(value: str) -> None:
    assert name_period(value, Field("former_name", value, 0, len(value))) is None


@pytest.mark.parametrize(("cue", "line"), [(c, line) for c in intros() for line in c.match])
def test_intro_cue_examples_open_a_list(cue: object, line: str) -> None:
    assert section_key(line) is not None


@pytest.mark.parametrize(("cue", "line"), [(c, line) for c in intros() for line in c.keep])
def test_intro_cue_keep_examples_do_not(cue: object, line: str) -> None:
    assert section_key(line) is None


# ---------------------------------------------------------------- fact tables

_BODY = "\nSkarv Holding ASA is a Norwegian seafood company based in Tromsø.\n"
FACT_TABLES = {
    "plain.md": "# Skarv Holding\n\n| | |\n|---|---|\n| Formerly | Skarv Fiskeri AS |\n"
    "| Founded | 12 May 1961 |\n| Owner | Kvarn Invest AS (35%) |\n" + _BODY,
    "keyed.md": "# Skarv Holding\n\n| Founded | 1961 |\n|---|---|\n| **Headquarters** | Tromsø |\n"
    "| Owners | Kvarn Invest AS (35%) |\n" + _BODY,
    "page.html": "<html><body><h1>Skarv Holding</h1><table><tr><th>Founded</th><td>1961</td></tr>"
    "<tr><th>Owners</th><td>Kvarn Invest AS (35%)<br>Lie family (10%)</td></tr>"
    "<tr><th>Subsidiaries</th><td><ul><li>Laks Vest AS</li><li>Torsk Fôr AS</li></ul></td></tr></table>"
    "<p>Skarv Holding ASA is a Norwegian seafood company in Tromsø, listed since 2004.</p></body></html>",
}


@pytest.mark.parametrize("name", sorted(FACT_TABLES))
def test_a_two_column_fact_table_gives_fields_and_owner_stakes(name: str) -> None:
    doc = read_bytes(name, FACT_TABLES[name].encode(), "." + name.split(".")[1])
    keys = {f.key for f in doc.fields}
    assert {"founded", "owners"} <= keys
    for f in doc.fields:
        assert doc.text[f.start : f.end] == f.value
    owners = [e for e in extract(doc).events if e.rule == "infobox.owners"]
    assert owners and owners[0].subject == "Kvarn Invest AS"
    assert owners[0].attributes.get("stake") == pytest.approx(0.35)


def test_a_fact_table_is_not_a_dateline() -> None:
    doc = read_bytes("plain.md", FACT_TABLES["plain.md"].encode(), ".md")
    assert extract(doc).reference_how != "dateline"


def test_items_on_separate_lines_of_an_html_cell_stay_apart() -> None:
    doc = read_bytes("page.html", FACT_TABLES["page.html"].encode(), ".html")
    subsidiaries = [e.object for e in extract(doc).events if e.rule == "infobox.subsidiaries"]
    assert subsidiaries == ["Laks Vest AS", "Torsk Fôr AS"]


def test_a_table_of_figures_gives_no_fields() -> None:
    text = "| Year | Sales | Profit |\n|---|---|---|\n| 2021 | 40 | 3 |\n| 2022 | 44 | 4 |\n"
    assert read_bytes("s.md", text.encode(), ".md").fields == ()


@pytest.mark.parametrize(
    "box",
    [
        '<aside class="infobox"><dl><dt>Founded</dt><dd>1961</dd>'
        "<dt>Owner</dt><dd>Kvarn Invest AS</dd></dl></aside>",
        '<aside class="company-facts"><table><tr><th>Founded</th><td>1961</td></tr>'
        "<tr><th>Owner</th><td>Kvarn Invest AS</td></tr></table></aside>",
        '<div class="sidebar-factbox"><ul><li>Founded: 1961</li><li>Owner: Kvarn Invest AS</li></ul></div>',
    ],
)
def test_a_fact_box_set_aside_from_the_story_is_read(box: str) -> None:
    page = (
        "<html><body><main><h1>Skarv Holding</h1>" + box + "<p>Skarv Holding ASA is a Norwegian seafood "
        "company. It was listed on the Oslo Stock Exchange in 2004.</p></main>"
        '<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Tarn buys Pell</a></li></ul></aside>'
        "</body></html>"
    )
    doc = read_bytes("p.html", page.encode(), ".html")
    assert {f.key: f.value for f in doc.fields} == {"founded": "1961", "owners": "Kvarn Invest AS"}
    assert "Tarn buys Pell" not in doc.text


@pytest.mark.parametrize(
    "listing",
    [
        "Brenna Grain Store (1921–1960), Brenna & Sons (1960–1994), Brenna Mills (since 1994)",
        "Brenna Grain Store (until 1960); Brenna & Sons (1960–1994); Brenna Mills (1994–present)",
        "1921–1960: Brenna Grain Store • 1960–1994: Brenna & Sons • since 1994: Brenna Mills",
    ],
)
def test_a_name_history_on_one_line_under_its_heading(listing: str) -> None:
    text = (
        "= Brenna Mills =\n\nBrenna Mills is a Scottish flour miller founded in 1921 in Perth.\n\n"
        f"== Former names ==\n{listing}\n"
    )
    ex = extract(read_bytes("w.txt", text.encode(), ".txt"))
    renames = sorted(
        (e.date.value, e.attributes["new_name"]) for e in ex.events if e.type == "renamed" and e.date
    )
    assert renames == [("1960", "Brenna & Sons"), ("1994", "Brenna Mills")]


@pytest.mark.parametrize(
    ("name", "table"),
    [
        (
            "t.md",
            "## Former names\n\n| Name | Years |\n|---|---|\n| Brenna Grain Store | 1921–1960 |\n"
            "| Brenna & Sons | 1960–1994 |\n| Brenna Mills | since 1994 |\n",
        ),
        (
            "c.md",
            "**Name history**\n\n| Brenna Grain Store | until 1960 |\n|---|---|\n"
            "| Brenna & Sons | 1960–1994 |\n| Brenna Mills | 1994–present |\n",
        ),
        (
            "h.html",
            "<h2>Former names</h2><table><tr><th>Company name</th><th>Period</th></tr>"
            "<tr><td>Brenna Grain Store</td><td>1921–1960</td></tr>"
            "<tr><td>Brenna &amp; Sons</td><td>1960–1994</td></tr>"
            "<tr><td>Brenna Mills</td><td>since 1994</td></tr></table>",
        ),
    ],
)
def test_a_table_of_names_and_years_gives_the_renames(name: str, table: str) -> None:
    intro = "Brenna Mills is a Scottish flour miller founded in 1921 in Perth by the Brenna family."
    if name.endswith(".html"):
        text = f"<html><body><h1>Brenna Mills</h1><p>{intro}</p>{table}</body></html>"
    else:
        text = f"# Brenna Mills\n\n{intro}\n\n{table}"
    doc = read_bytes(name, text.encode(), "." + name.split(".")[1])
    ex = extract(doc)
    renames = sorted(
        (e.date.value, e.attributes["new_name"]) for e in ex.events if e.type == "renamed" and e.date
    )
    assert renames == [("1960", "Brenna & Sons"), ("1994", "Brenna Mills")]
    for e in ex.events:
        assert doc.text[e.source.start : e.source.end] == e.source.quote


@pytest.mark.parametrize(
    ("box", "role", "person"),
    [
        ("- CEO: Ines Roa\n- Founded: 1961\n", "chief executive", "Ines Roa"),
        ("- Chief executive: Ines Roa (since 2019)\n- Founded: 1961\n", "chief executive", "Ines Roa"),
        ("- Chairman: Tom Vik\n- Founded: 1961\n", "chairman", "Tom Vik"),
    ],
)
def test_an_officer_field_gives_the_officer(box: str, role: str, person: str) -> None:
    text = f"= Skarv Holding =\n\n{box}\nSkarv Holding ASA is a Norwegian seafood company based in Tromsø.\n"
    doc = read_bytes("s.txt", text.encode(), ".txt")
    people = [(e.attributes["role"], e.object) for e in extract(doc).events if e.type == "leadership"]
    assert people == [(role, person)]


def test_a_parent_field_names_an_owner_of_the_page_company() -> None:
    text = "= Skarv Holding =\n\n- Founded: 1961\n- Parent: Kvarn Invest AS\n\nSkarv Holding fishes cod.\n"
    owners = [
        e for e in extract(read_bytes("p.txt", text.encode(), ".txt")).events if e.rule == "infobox.parent"
    ]
    assert [(e.subject, e.object) for e in owners] == [("Kvarn Invest AS", "Skarv Holding")]


def test_a_fact_box_beside_the_article_element_is_read_too() -> None:
    page = (
        '<html><body><nav><a href="/">Home</a></nav><aside class="infobox"><dl><dt>Founded</dt><dd>1961</dd>'
        "<dt>Owner</dt><dd>Kvarn Invest AS</dd></dl></aside><article><h1>Skarv Holding</h1><p>Skarv Holding "
        "ASA is a Norwegian seafood company. It was listed on the Oslo Stock Exchange in 2004.</p></article>"
        '<aside class="sidebar"><p>Most read: Tarn buys Pell</p></aside></body></html>'
    )
    doc = read_bytes("p.html", page.encode(), ".html")
    assert {f.key: f.value for f in doc.fields} == {"founded": "1961", "owners": "Kvarn Invest AS"}
    assert "listed on the Oslo Stock Exchange" in doc.text
    assert "Tarn buys Pell" not in doc.text
