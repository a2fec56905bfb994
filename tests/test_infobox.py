"""Infobox fields: value spans, normalised keys, list splitting, the seed 000 infobox."""

from __future__ import annotations

from pathlib import Path

import pytest

from events.document import Field
from events.readers import read_bytes, read_path
from events.readers.data import load
from events.readers.infobox import find_fields, normalise_key, split_values

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
