"""Boilerplate spans: every cue's examples, the seed scraped page, and our own scraped pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from events.errors import RuleError
from events.readers import read_bytes, read_path
from events.readers.boilerplate import Cue, bare_menus, cues, find_boilerplate, line_cue, section_cue
from events.readers.data import compile_regex
from events.readers.lines import split_lines

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
SHARED = Path(__file__).parents[1].parent / "shared"
SEED_002 = SHARED / "corpus" / "seres" / "002_ccec2557a446dbc5.txt"
GOLD_EVENTS = SHARED / "gold" / "seres" / "events.jsonl"
DATELINE = re.compile(r"^[A-Z][a-z]+ \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M")
Spans = tuple[tuple[int, int], ...]
Seed = tuple[str, Spans]


def _examples(kind: str, which: str) -> list[tuple[Cue, str]]:
    pool = cues().line if kind == "line" else cues().section
    return [(cue, text) for cue in pool for text in (cue.match if which == "match" else cue.keep)]


def _id(value: object) -> str:
    return value.id if isinstance(value, Cue) else str(value)[:40]


@pytest.mark.parametrize(("cue", "text"), _examples("line", "match"), ids=_id)
def test_line_cue_flags_its_examples(cue: Cue, text: str) -> None:
    assert line_cue(text) is not None, f"{cue.id} should flag {text!r}"


@pytest.mark.parametrize(("cue", "text"), _examples("line", "keep"), ids=_id)
def test_line_cue_keeps_article_sentences(cue: Cue, text: str) -> None:
    assert not cue.regex.search(text), f"{cue.id} must not flag {text!r}"
    assert line_cue(text) is None


@pytest.mark.parametrize(("cue", "text"), _examples("section", "match"), ids=_id)
def test_section_cue_recognises_its_headings(cue: Cue, text: str) -> None:
    assert section_cue(text) == cue.id


@pytest.mark.parametrize(("cue", "text"), _examples("section", "keep"), ids=_id)
def test_section_cue_keeps_article_sentences(cue: Cue, text: str) -> None:
    assert section_cue(text) is None


@pytest.mark.parametrize("byline", cues().teaser_match, ids=_id)
def test_teaser_byline_examples_are_teaser_items(byline: str) -> None:
    # Two teaser items built around the example byline make a teaser run.
    item = f"Harbour cranes arrive for the new terminal\n{byline}\n"
    text = "The port authority approved the plan in a vote on Monday evening.\n\n" + item * 2
    spans = find_boilerplate(text)
    start = text.index("Harbour")
    assert any(s <= start < e for s, e in spans)
    assert not any(s <= 0 < e for s, e in spans)


@pytest.mark.parametrize("line", cues().teaser_keep, ids=_id)
def test_teaser_keep_examples_are_not_bylines_with_dates(line: str) -> None:
    c = cues()
    assert not (c.byline.match(line) and c.date.search(line))


def _inside(spans: Spans, start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _overlaps(spans: Spans, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


@pytest.fixture(scope="module")
def seed_002() -> Seed:
    if not SEED_002.exists():
        pytest.skip("shared seed corpus not present")
    doc = read_path(SEED_002)
    return doc.text, doc.boilerplate


def test_seed_002_lorem_teasers_and_dated_headlines_are_boilerplate(
    seed_002: Seed,
) -> None:
    text, spans = seed_002
    chrome = [
        line
        for line in split_lines(text)
        if re.search(r"(?i)lorem ipsum|\b2026\b|October 20, 2025|\bhours? ago\b", line.text)
    ]
    assert len(chrome) > 20
    for line in chrome:
        assert _inside(spans, line.start, line.end), line.text


def test_seed_002_menus_and_section_lists_are_boilerplate(
    seed_002: Seed,
) -> None:
    text, spans = seed_002
    bullets = [line for line in split_lines(text) if line.stripped.startswith("•")]
    assert len(bullets) > 30
    for line in bullets:
        assert _inside(spans, line.start, line.end), line.text


def test_seed_002_article_byline_dateline_and_body_are_kept(
    seed_002: Seed,
) -> None:
    text, spans = seed_002
    lines = split_lines(text)
    by = next(line for line in lines if line.stripped == "By")
    author = lines[by.index + 1]
    dateline = next(
        line for line in lines if re.match(r"^[A-Z][a-z]+ \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M", line.text)
    )
    for line in (by, author, dateline):
        assert not _overlaps(spans, line.start, line.end), line.text
    body = [line for line in lines if line.words >= 40 and not re.search(r"(?i)register now", line.text)]
    assert len(body) >= 8
    for line in body:
        assert not _overlaps(spans, line.start, line.end), line.text[:60]


def test_seed_002_gold_evidence_is_outside_boilerplate(
    seed_002: Seed,
) -> None:
    if not GOLD_EVENTS.exists():
        pytest.skip("gold events not present")
    text, spans = seed_002
    rows = [json.loads(line) for line in GOLD_EVENTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    evidence = [r for r in rows if r["doc"] == SEED_002.name]
    assert evidence
    for r in evidence:
        assert text[r["start"] : r["end"]] == r["quote"]
        assert not _overlaps(spans, r["start"], r["end"]), r["quote"]


def test_scraped_text_page_marks_chrome_and_keeps_the_story() -> None:
    path = FIXTURES / "northgate_scrape.txt"
    doc = read_path(path)
    assert doc.text == path.read_text(encoding="utf-8")  # marked, never removed
    for chrome in (
        "Skip to content",
        "Home • World • Business",
        "Sign in",
        "Subscribe",
        "Advertisement",
        "Share this article",
        "LinkedIn",
        "Related Articles",
        "Brixham opens new assembly line in Gdansk",
        "By Tomas Weber",
        "March 3, 2025",
        "Vantor recalls 40,000 vehicles",
        "Trending now",
        "Chipmaker Oroval doubles profit",
        "We use cookies",
        "© 2025 Northgate",
    ):
        start = doc.text.index(chrome)
        assert _inside(doc.boilerplate, start, start + len(chrome)), chrome
    for story in (
        "Vantor Motors agrees to sell truck unit to Brixham Group",
        "By Carla Mendes\nPublished 12 March 2025",
        "will sell its heavy-truck division to Brixham Group for 1.2 billion euros",
        "renamed it Vantor Trucks in 2014",
        "chief executive Lotte Hansen said",
    ):
        start = doc.text.index(story)
        assert not _overlaps(doc.boilerplate, start, start + len(story)), story
    assert doc.title == "Vantor Motors agrees to sell truck unit to Brixham Group"


def test_blog_post_marks_taxonomy_post_links_and_comment_form() -> None:
    doc = read_path(FIXTURES / "pressroom_blog.txt")
    for chrome in (
        "Search for:",
        "Filed under: Acquisitions",
        "Tags: Ostmark",
        "Share:",
        "← Previous post",
        "Tarnby Water appoints new finance chief",
        "Tarnby opens service centre in Malmö",
        "Leave a Reply",
        "Required fields are marked",
        "Copyright © 2023",
    ):
        start = doc.text.index(chrome)
        assert _inside(doc.boilerplate, start, start + len(chrome)), chrome
    for story in (
        "Posted on 4 October 2023 by Press Office",
        "Tarnby Water completes purchase of Ostmark Pumps",
        "for 85 million euros",
        "will keep its name and become a subsidiary of Tarnby Water",
    ):
        start = doc.text.index(story)
        assert not _overlaps(doc.boilerplate, start, start + len(story)), story


def test_press_release_safe_harbour_and_contacts_are_boilerplate_but_about_is_kept() -> None:
    text = (
        "FOR IMMEDIATE RELEASE\n\n"
        "Tovik Labs Completes Merger With Arden Bio\n\n"
        "OSLO, March 2, 2026 -- Tovik Labs said today it had completed its merger with Arden Bio.\n\n"
        "About Tovik Labs\n"
        "Tovik Labs was founded in 2011 and is based in Oslo, where it employs 300 people.\n\n"
        "Safe Harbor Statement\n"
        "This release contains forward-looking statements. Tovik expects to file for approval in 2027.\n"
        "Such statements involve risks that could cause results to differ from those expected.\n\n"
        "Investor Relations\n"
        "Ola Nordmann\n"
        "ir@tovik.example\n"
        "###\n"
    )
    spans = find_boilerplate(text)
    for chrome in ("FOR IMMEDIATE RELEASE", "Tovik expects to file for approval", "ir@tovik.example", "###"):
        start = text.index(chrome)
        assert _inside(spans, start, start + len(chrome)), chrome
    for story in ("completed its merger with Arden Bio", "About Tovik Labs", "was founded in 2011"):
        start = text.index(story)
        assert not _overlaps(spans, start, start + len(story)), story


def test_html_page_without_semantic_tags_marks_teasers_in_its_text() -> None:
    doc = read_path(FIXTURES / "divsoup_page.html")
    assert doc.published == "2023-09-28"
    for chrome in (
        "Most Popular",
        "Shipping rates climb",
        "By Theo Brandt",
        "September 24, 2023",
        "Copyright 2023",
    ):
        start = doc.text.index(chrome)
        assert _inside(doc.boilerplate, start, start + len(chrome)), chrome
    for story in (
        "By Jonas Ek",
        "completed the purchase of the remaining 60% of Lentz",
        "40% stake in Lentz in 2018",
    ):
        start = doc.text.index(story)
        assert not _overlaps(doc.boilerplate, start, start + len(story)), story
    nav = doc.text.index("Home Rail Air Sea")
    assert doc.in_boilerplate(nav, nav + 4)  # a row of links is navigation


def test_teaser_run_without_heading() -> None:
    text = (
        "Lumen Grid said it had bought the rest of Solvik Power, which it first invested in during 2016.\n"
        "\n"
        "Wind farm output hits a record in the North Sea\n"
        "By Ivo HalmeJune 3, 2027\n"
        "Battery maker Corvan plans a second plant\n"
        "By Sara Quint\n"
        "June 2, 2027\n"
    )
    spans = find_boilerplate(text)
    assert not _overlaps(spans, 0, text.index("\n"))
    for chrome in ("Wind farm output", "By Ivo Halme", "Battery maker Corvan", "June 2, 2027"):
        start = text.index(chrome)
        assert _inside(spans, start, start + len(chrome)), chrome


def test_hard_wrapped_paragraph_ends_a_section() -> None:
    text = (
        "Related\n"
        "Ferry line sold\n"
        "\n"
        "Brisa Lines said on Monday that it had agreed to buy the\n"
        "remaining 30% of Costa Ferries from its founders, taking full\n"
        "control of the operator it first invested in during 2015.\n"
    )
    spans = find_boilerplate(text)
    assert _inside(spans, 0, text.index("sold") + 4)
    assert not _overlaps(spans, text.index("Brisa"), len(text))


def test_single_dated_byline_is_not_a_teaser() -> None:
    text = (
        "Corvan opens second battery plant\nBy Sara Quint\nJune 2, 2027\n\n"
        "Corvan said on Tuesday that its second plant, in Vaasa, started production in May 2027.\n"
    )
    assert find_boilerplate(text) == ()


def test_lorem_teaser_takes_its_headline() -> None:
    text = (
        "Tarn Mining bought a 15% stake in Elder Copper in 2020, the filing shows in detail.\n\n"
        "Markets: Copper hits a three-month high on 12 May 2027\n\n"
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n"
    )
    spans = find_boilerplate(text)
    start = text.index("Markets:")
    assert _inside(spans, start, text.index(" high"))
    assert not _overlaps(spans, 0, text.index("\n"))


def test_menu_run_with_label_but_not_infobox_lines() -> None:
    text = (
        "Sections\n  • Business\n  • Markets\n  • Autos\n  • Energy\n\n"
        "Halden Steel\n- Former Name: Halden Iron Works\n- Founders: Per Halden\n- Owners: Rask Holding\n"
    )
    spans = find_boilerplate(text)
    assert _inside(spans, 0, text.index("Energy") + len("Energy"))
    infobox = text.index("- Former Name")
    assert not _overlaps(spans, infobox, len(text))


def test_see_also_heading_with_wiki_decoration_opens_a_section() -> None:
    text = "Acme built its first plant in 1950 and runs it now.\n\n== See also ==\n\n- Acme Rail\n- Acme Sea"
    spans = find_boilerplate(text)
    assert _inside(spans, text.index("== See"), len(text.rstrip()))


def test_plain_text_reader_keeps_text_and_marks_spans() -> None:
    data = b"Skip to content\nQuarry firm Nordstein was founded in 1921 in Bergen, the company says today.\n"
    doc = read_bytes("n.txt", data, ".txt")
    assert doc.text == data.decode()
    assert doc.boilerplate == ((0, len("Skip to content")),)


def test_cue_ids_are_unique() -> None:
    ids = [cue.id for cue in (*cues().line, *cues().section)]
    assert len(ids) == len(set(ids))


def test_invalid_cue_regex_is_a_rule_error_naming_file_and_cue() -> None:
    with pytest.raises(RuleError, match=r"boilerplate\.yaml, rule broken_cue: has an invalid regex"):
        compile_regex("boilerplate.yaml", "broken_cue", "(unclosed")


@pytest.mark.parametrize("block", cues().bare_match, ids=_id)
def test_a_bare_navigation_run_is_chrome(block: str) -> None:
    lines = split_lines(block)
    assert bare_menus(lines) == {line.index for line in lines}


@pytest.mark.parametrize("block", cues().bare_keep, ids=_id)
def test_a_run_of_short_name_lines_is_not_a_menu(block: str) -> None:
    assert bare_menus(split_lines(block)) == set()


def test_scraped_navigation_and_breadcrumb_above_a_story_are_chrome() -> None:
    text = (
        "Seafood Trade Weekly\nHome\nNews\nMarkets\nEvents\nHome › News › Aquaculture\n\n"
        "Kvarn Fisk buys 30% of Laks Vest\nBy Ingrid Dahl · 12 March 2024\n\n"
        "Kvarn Fisk ASA has bought 30% of the salmon farmer Laks Vest AS from its founders, it said.\n"
    )
    doc = read_bytes("t.txt", text.encode(), ".txt")
    for chrome in ("Markets", "Home › News"):
        at = text.index(chrome)
        assert doc.in_boilerplate(at, at + len(chrome)), chrome
    story = text.index("Kvarn Fisk ASA has bought")
    assert not doc.in_boilerplate(story, story + 20)


def test_running_heads_and_page_numbers_of_a_paged_report_are_chrome() -> None:
    head = "Tarn Retail plc – Annual Report 2023"
    pages = [
        "On 1 July 2023 the Group acquired 100% of Puffin Home Ltd, a homeware chain with 40 stores.",
        "During the year the Group also disposed of its 25% interest in Skua Outlets to Razorbill Estates.",
        "Helen Marsh has served as chair since 2018, and the board met eleven times during the year.",
    ]
    text = "".join(f"{head}\n\n{body}\n\nPage {n} of 3\n\n" for n, body in enumerate(pages, 1))
    doc = read_bytes("r.txt", text.encode(), ".txt")
    heads = [m.start() for m in re.finditer(re.escape(head), text)]
    assert not doc.in_boilerplate(heads[0], heads[0] + len(head))  # the first one is the title
    assert all(doc.in_boilerplate(h, h + len(head)) for h in heads[1:])
    assert doc.in_boilerplate(text.index("Page 2 of 3"), text.index("Page 2 of 3") + 5)
    for body in pages:
        assert not doc.in_boilerplate(text.index(body), text.index(body) + 10)


@pytest.mark.parametrize("heading", ["== References ==", "External links", "## Notes and references"])
def test_an_encyclopedia_source_list_is_chrome(heading: str) -> None:
    text = (
        "= Skarv Holding =\n\nSkarv Holding ASA is a Norwegian seafood company. It was founded in 1961 and "
        f"bought 60% of Laks Vest in 2019.\n\n{heading}\n"
        '1. ^ "Skarv history". Skarv. Retrieved 2 May 2024.\n2. ^ Nordic Fish Journal, 3 March 2019.\n'
    )
    doc = read_bytes("w.txt", text.encode(), ".txt")
    at = text.index("Retrieved")
    assert doc.in_boilerplate(at, at + 9)
    assert not doc.in_boilerplate(text.index("bought 60%"), text.index("bought 60%") + 5)
