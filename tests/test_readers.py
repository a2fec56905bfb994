"""read_path / read_bytes: formats, metadata, offsets, and every way a file can be refused."""

from __future__ import annotations

import codecs
import hashlib
import importlib
import json
from pathlib import Path

import pytest

from events.document import Document
from events.errors import InputError
from events.pipeline import extract
from events.readers import READERS, SUFFIXES, choose_format, read_bytes, read_path

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
SEED_DIR = Path(__file__).parents[1].parent / "shared" / "corpus" / "seres"
SEED_000 = SEED_DIR / "000_606889f77432c3fc.txt"

# One small document per registered format, written for these tests.
SAMPLES: dict[str, tuple[str, bytes]] = {
    "text": (
        ".txt",
        "Quillon Foods\n\n- Former Name: Quillon Bakeries\n- Founders: Ada Kerr, Bo Lind\n\n"
        "Quillon Foods, baker of Ørsted-style rye, was renamed in March 2019 after a merger.\n"
        "\n| Year | Total |\n| 2020 | 1,200 |\n| 2021 | 1,350 |\n".encode(),
    ),
    "markdown": (
        ".md",
        "---\ntitle: Quillon results\ndate: 2022-04-09\n---\n\n# Quillon results\n\n"
        "Quillon Foods said revenue rose 4% in 2021, led by sales in Malmö.\n\n"
        "| Year | Total |\n|---|---|\n| 2021 | 1,350 |\n".encode(),
    ),
    "html": (
        ".html",
        '<html><head><meta name="date" content="2022-04-09"><title>Quillon</title></head>'
        "<body><nav><a href='/'>Home</a></nav><article><h1>Quillon results</h1>"
        "<p>Quillon Foods said revenue rose 4% in 2021, led by sales in Malmö.</p>"
        "<table><tr><th>Year</th><th>Total</th></tr><tr><td>2021</td><td>1,350</td></tr></table>"
        "</article></body></html>".encode(),
    ),
    "json": (
        ".json",
        json.dumps(
            {
                "headline": "Quillon results",
                "datePublished": "2022-04-09T07:00:00Z",
                "text": "Quillon Foods said revenue rose 4% in 2021, led by sales in Malmö.\n\n"
                "| Year | Total |\n|---|---|\n| 2021 | 1,350 |\n",
            },
            ensure_ascii=False,
        ).encode(),
    ),
}


def _assert_spans_consistent(doc: Document) -> None:
    for f in doc.fields:
        assert doc.text[f.start : f.end] == f.value
    for table in doc.tables:
        for row in (*table.header_rows, *table.rows):
            for cell in row.cells:
                assert doc.text[cell.start : cell.end] == cell.text
            assert row.start <= row.end <= len(doc.text)
        assert doc.text[table.start : table.end].startswith("|")
    for start, end in doc.boilerplate:
        assert 0 <= start < end <= len(doc.text)
    assert list(doc.boilerplate) == sorted(doc.boilerplate)


def test_every_format_has_a_contract_sample() -> None:
    assert set(SAMPLES) == set(READERS)
    assert set(SUFFIXES.values()) <= set(READERS)


@pytest.mark.parametrize("fmt", sorted(READERS), ids=str)
def test_reader_contract(fmt: str) -> None:
    suffix, data = SAMPLES[fmt]
    doc = read_bytes("sample" + suffix, data, suffix)
    again = read_bytes("sample" + suffix, data, suffix)
    assert doc == again  # pure: same bytes, same document
    assert doc.format == fmt
    assert doc.name == "sample" + suffix
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert "Malmö" in doc.text or "Ørsted" in doc.text  # non-ASCII survives
    assert doc.tables, "each sample holds a table"
    assert doc.tables[0].rows[-1].cells[1].text in {"1,350"}
    _assert_spans_consistent(doc)


def test_plain_text_is_the_file_unchanged() -> None:
    data = "Line one\r\nLine two — with a dash\n\n  indented\n".encode()
    doc = read_bytes("notes.txt", data, ".txt")
    assert doc.text == data.decode()


def test_markdown_front_matter_gives_published_and_is_boilerplate() -> None:
    _, data = SAMPLES["markdown"]
    doc = read_bytes("q.md", data, ".md")
    assert doc.published == "2022-04-09"
    assert doc.published_how == "metadata"
    assert doc.text.startswith("---\ntitle:")  # left in the text, offsets unchanged
    front_end = doc.text.index("---\n", 4) + 3
    assert doc.in_boilerplate(0, front_end)
    body = doc.text.index("Quillon Foods said")
    assert not doc.in_boilerplate(body, body + 10)


def test_front_matter_published_key_and_timestamp() -> None:
    data = b"---\npublished: '2021-11-30T23:10:00-05:00'\nauthor: R. Oda\n---\nBody text here.\n"
    doc = read_bytes("post.txt", data, ".txt")
    assert doc.published == "2021-11-30"  # the publisher's own calendar date, no zone shift


def test_no_front_matter_means_no_published() -> None:
    doc = read_bytes("plain.md", b"# Title\n\nA horizontal rule follows.\n\n---\n\nMore.\n", ".md")
    assert doc.published is None
    assert doc.published_how is None
    assert doc.title == "Title"


def test_html_metadata_date_title_and_main_text() -> None:
    doc = read_path(FIXTURES / "harbor_news.html")
    assert doc.format == "html"
    assert doc.published == "2024-03-14"
    assert doc.published_how == "metadata"
    assert doc.title == "Kestrel Freight renames itself Kestrel Logistics"
    assert "changed its name to Kestrel Logistics" in doc.text
    # page chrome never reaches the text: scripts, nav, cookie banner, related list, site footer
    for chrome in ("dataLayer", "font-family", "Markets", "We use cookies", "Port of Antwerp", "Ten ports"):
        assert chrome not in doc.text
    assert "All rights reserved" not in doc.text
    # paragraphs stay apart, and a <br> is a line break
    assert "haulier. In June 2019" in doc.text
    assert "February 2024.\n\nThe company was founded" in doc.text
    assert "five years ago.\nShe declined" in doc.text
    _assert_spans_consistent(doc)


def test_html_table_becomes_a_table_with_spans_into_the_text() -> None:
    doc = read_path(FIXTURES / "harbor_news.html")
    (table,) = doc.tables
    assert [c.text for c in table.header] == ["Year", "Total", "Road", "Rail"]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["2022", "41,200", "30,100", "11,100"],
        ["2023", "45,900", "32,000", "13,900"],
    ]
    assert table.caption is not None and table.caption.text == "Kestrel shipments"


def test_html_fact_table_becomes_infobox_fields() -> None:
    doc = read_path(FIXTURES / "harbor_news.html")
    fields = {f.key: f.value for f in doc.fields}
    assert fields["former_name"] == "Kestrel Freight"
    assert fields["founded"] == "1987"
    assert fields["owners"] == "Vermeer family, PGN"


MARKED_TIME = '<time itemprop="datePublished" datetime="2015-03-05">y</time>'


MARKED_TIME = '<time itemprop="datePublished" datetime="2015-03-05">y</time>'


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        ('<meta property="article:published_time" content="2020-02-03T10:00:00Z">', "", "2020-02-03"),
        ('<meta name="date" content="2019-07-21">', "", "2019-07-21"),
        ('<meta itemprop="datePublished" content="2018-05">', "", "2018-05"),
        ('<script type="application/ld+json">{"datePublished": "2017-09-01"}</script>', "", "2017-09-01"),
        ("", '<time datetime="2016-12-24T09:00">24 Dec</time>', "2016-12-24"),
        ("", f'<time datetime="2015-01-02">x</time>{MARKED_TIME}', "2015-03-05"),
        ('<meta name="date" content="2023-02-30">', "", None),  # no such day: not guessed
        ("", "", None),
    ],
    ids=["article-meta", "meta-date", "itemprop", "json-ld", "time", "marked-time-wins", "invalid", "none"],
)
def test_html_published_sources(head: str, body: str, expected: str | None) -> None:
    page = f"<html><head>{head}</head><body>{body}<p>Acme opened a plant.</p></body></html>"
    doc = read_bytes("p.html", page.encode(), ".html")
    assert doc.published == expected
    assert doc.published_how == ("metadata" if expected else None)


def test_json_document_text_date_and_title() -> None:
    _, data = SAMPLES["json"]
    doc = read_bytes("q.json", data, ".json")
    assert doc.text.startswith("Quillon Foods said revenue rose 4% in 2021")
    assert doc.published == "2022-04-09"
    assert doc.published_how == "metadata"
    assert doc.title == "Quillon results"


def test_json_holding_html_goes_through_the_html_reader() -> None:
    page = {"title": "Brisk", "content": "<nav><a href='/'>Home</a></nav><p>Brisk Ltd opened in 2001.</p>"}
    doc = read_bytes("b.json", json.dumps(page).encode(), ".json")
    assert doc.text == "Brisk Ltd opened in 2001.\n"
    assert doc.format == "json"


def test_html_layout_table_is_read_as_page_text() -> None:
    page = (
        b"<html><body><table><tr><td><a href='/'>Home</a> <a href='/n'>News</a></td>"
        b"<td><h1>Old Co sells mill</h1><p>Old Co sold its paper mill to Nordpulp in 2004.</p>"
        b"<p>The mill opened in 1950.</p></td></tr></table></body></html>"
    )
    doc = read_bytes("old.html", page, ".html")
    assert doc.tables == ()
    assert "Old Co sold its paper mill to Nordpulp in 2004.\n\nThe mill opened in 1950." in doc.text


def test_html_data_table_with_paragraph_cells_stays_a_table() -> None:
    page = b"<table><tr><th>Year</th><th>Total</th></tr><tr><td><p>2020</p></td><td><p>5</p></td></tr>"
    (table,) = read_bytes("t.html", page, ".html").tables
    assert [c.text for c in table.rows[0].cells] == ["2020", "5"]


def test_html_definition_list_and_encyclopedia_furniture() -> None:
    page = (
        b"<html><body><h1>Orla Group</h1><dl><dt>Founded</dt><dd>1954</dd>"
        b"<dt>Owner</dt><dd>Orla family (60%), Banca Nord</dd></dl>"
        b"<p>Orla Group makes ropes<sup class='reference'>[1]</sup> in Genoa."
        b"<span class='mw-editsection'>[edit]</span></p></body></html>"
    )
    doc = read_bytes("o.html", page, ".html")
    fields = {f.key: f.value for f in doc.fields}
    assert fields == {"founded": "1954", "owners": "Orla family (60%), Banca Nord"}
    assert "Orla Group makes ropes in Genoa." in doc.text


def test_html_without_readable_text_is_refused() -> None:
    page = b"<html><head><script>render()</script></head><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(InputError, match="no readable text"):
        read_bytes("app.html", page, ".html")


def test_html_year_labelled_rows_stay_a_table() -> None:
    page = b"<table><tr><th>2020</th><td>5</td></tr><tr><th>2021</th><td>7</td></tr></table>"
    doc = read_bytes("t.html", page, ".html")
    assert doc.fields == ()
    (table,) = doc.tables
    rows = [[c.text for c in r.cells] for r in (*table.header_rows, *table.rows)]
    assert rows == [["2020", "5"], ["2021", "7"]]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2, 3]", "not one object"),
        (b'{"id": 7, "text": 12}', "without a document text"),
    ],
    ids=["malformed", "array", "no-text"],
)
def test_json_refusals(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as err:
        read_bytes("feed.json", data, ".json")
    assert err.value.path == "feed.json"


def test_html_time_in_dropped_chrome_is_not_the_published_date() -> None:
    page = (
        "<html><body><aside><h3>Most read</h3><a href='/x'>Old story</a>"
        "<time datetime='2019-01-01'>1 Jan</time></aside>"
        "<div class='story'><h1>Ferro opens mill</h1><time datetime='2021-06-30'>30 June</time>"
        "<p>Ferro opened its new mill in Linz.</p></div></body></html>"
    )
    doc = read_bytes("f.html", page.encode(), ".html")
    assert doc.published == "2021-06-30"


def test_html_detected_by_content_whatever_the_suffix() -> None:
    assert choose_format("<!DOCTYPE html><html><body>x</body></html>", ".txt") == "html"
    assert choose_format("  <html lang='en'><p>x</p></html>", "") == "html"
    assert choose_format("Plain words about <b> tags.", ".txt") == "text"
    assert choose_format("# Heading", ".md") == "markdown"
    assert choose_format("Anything", ".log") == "text"


def test_html_deep_nesting_does_not_hit_recursion_limit() -> None:
    page = (
        "<html><body>"
        + "<div>" * 3000
        + "<p>Deep paragraph about Acme.</p>"
        + "</div>" * 3000
        + "</body></html>"
    )
    doc = read_bytes("deep.html", page.encode(), ".html")
    assert "Deep paragraph about Acme." in doc.text


def test_seed_000_reads_with_offsets_into_the_file() -> None:
    if not SEED_000.exists():
        pytest.skip("shared seed corpus not present")
    doc = read_path(SEED_000)
    assert doc.text == SEED_000.read_text(encoding="utf-8")
    assert doc.name == SEED_000.name
    assert doc.title == "Seres Group"
    _assert_spans_consistent(doc)


@pytest.mark.skipif(not SEED_DIR.exists(), reason="shared seed corpus not present")
@pytest.mark.parametrize("name", sorted(p.name for p in SEED_DIR.glob("*.txt")) if SEED_DIR.exists() else [])
def test_every_seed_reads_unchanged(name: str) -> None:
    doc = read_path(SEED_DIR / name)
    assert doc.text == (SEED_DIR / name).read_text(encoding="utf-8")
    _assert_spans_consistent(doc)


# --- refusals -----------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as err:
        read_path(tmp_path / "nope.txt")
    assert "nope.txt" in str(err.value)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_path(tmp_path)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "is empty"),
        (b"  \n\t\r\n  ", "contains only whitespace"),
        (b"PK\x03\x04\x00\x00binary zip", "binary"),
        (bytes(range(1, 9)) * 200, "binary"),
        ("Caf\u00e9 owners".encode("latin-1"), "not valid UTF-8"),
        (b"ok start \xff\xfe\xfa end", "not valid UTF-8"),
    ],
    ids=["empty", "whitespace", "nul-bytes", "control-chars", "latin-1", "bad-bytes"],
)
def test_refused_content(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=reason) as err:
        read_path(path)
    message = str(err.value)
    assert str(path) in message
    assert message.count("\n") == 0


def test_non_utf8_reason_names_the_byte() -> None:
    with pytest.raises(InputError) as err:
        read_bytes("menu.txt", "Crème brûlée".encode("latin-1"), ".txt")
    assert err.value.path == "menu.txt"
    assert "0xe8" in err.value.reason


def test_huge_file_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.import_module("events.readers.decode"), "MAX_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 400)
    with pytest.raises(InputError, match=r"larger than the .* limit"):
        read_path(path)
    with pytest.raises(InputError, match="limit"):
        read_bytes("big.txt", b"word " * 400, ".txt")


def test_utf8_bom_accepted_and_kept_for_offsets() -> None:
    data = codecs.BOM_UTF8 + b"Acme was founded in 1990."
    doc = read_bytes("bom.txt", data, ".txt")
    assert doc.text == data.decode("utf-8")  # U+FEFF stays: offsets match a plain UTF-8 reading
    assert "founded in 1990" in doc.text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_accepted(encoding: str) -> None:
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    data = bom + "Zürich office opened in 2004.".encode(encoding)
    doc = read_bytes("u16.txt", data, ".txt")
    assert doc.text == "Zürich office opened in 2004."


def test_utf16_without_bom_is_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        read_bytes("u16.txt", "Zürich office".encode("utf-16-le"), ".txt")


def test_unreadable_file(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    path = tmp_path / "locked.txt"
    path.write_text("secret")
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="cannot be read"):
            read_path(path)
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize(
    ("name", "data", "published"),
    [
        (
            "a.md",
            b"---\ntitle: Our history\nlast_updated: 2024-02-11\n---\n\nBrenna Mills was founded in 1921.\n",
            "2024-02-11",
        ),
        ("b.md", b"---\nmodified: 'March 3, 2023'\n---\n\nBrenna Mills was founded in 1921.\n", "2023-03-03"),
        (
            "c.md",
            b"---\nupdated: 2022-01-05\ndate: 2021-12-30\n---\n\nBrenna Mills was founded in 1921.\n",
            "2021-12-30",
        ),
        (
            "d.html",
            b'<html><head><meta property="article:modified_time" content="2024-05-02T08:00:00Z"></head>'
            b"<body><p>Brenna Mills was founded in 1921 in Perth.</p></body></html>",
            "2024-05-02",
        ),
        (
            "e.json",
            b'{"text": "Brenna Mills was founded in 1921.", "dateModified": "2020-07-14"}',
            "2020-07-14",
        ),
    ],
)
def test_a_last_edit_date_stands_in_when_no_publication_date_is_given(
    name: str, data: bytes, published: str
) -> None:
    doc = read_bytes(name, data, "." + name.split(".")[1])
    ex = extract(doc)
    assert ex.reference_date is not None and ex.reference_date.value == published
    assert ex.reference_how == "metadata"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.md", b"---\nlast_updated: 2024-06-01\n---\n\nBy Jo Park | 5 March 2024\n\n"),
        (
            "b.html",
            b'<html><head><meta property="article:modified_time" content="2024-06-01"></head><body>'
            b"<p>OSLO, March 5, 2024 (Fish Wire) - </p>",
        ),
    ],
)
def test_a_dateline_in_the_text_beats_a_last_edit_date(name: str, data: bytes) -> None:
    body = b"Brenna Mills said it bought Pike Oats, a Perth oat miller founded in 1921, for 4 million pounds."
    if name.endswith(".html"):
        data = data[: data.rindex(b" - </p>")] + b" - " + body + b"</p></body></html>"
    else:
        data += body + b"\n"
    doc = read_bytes(name, data, "." + name.split(".")[1])
    assert doc.updated == "2024-06-01"
    ex = extract(doc)
    assert (ex.reference_date.value if ex.reference_date else None, ex.reference_how) == (
        "2024-03-05",
        "dateline",
    )


@pytest.mark.parametrize(
    "page",
    [
        {
            "article": {
                "headline": "Skarv buys Laks",
                "body": "Skarv Holding bought 30% of Laks Vest in 2019.",
            },
            "meta": {"datePublished": "2024-03-05"},
        },
        {
            "title": "Skarv buys Laks",
            "paragraphs": ["ignored"],
            "content": ["Skarv Holding bought 30%", "of Laks Vest in 2019."],
            "published": "2024-03-05",
        },
        {
            "data": {
                "item": {
                    "title": "Skarv buys Laks",
                    "text": "Skarv Holding bought 30% of Laks Vest in 2019.",
                    "date": "March 5, 2024",
                }
            }
        },
    ],
)
def test_json_documents_with_nested_or_paragraph_text(page: dict[str, object]) -> None:
    doc = read_bytes("p.json", json.dumps(page).encode(), ".json")
    assert doc.text.startswith("Skarv Holding bought 30%")
    assert doc.published == "2024-03-05"
    assert doc.title == "Skarv buys Laks"


def test_a_visible_time_in_the_story_beats_a_last_edit_date() -> None:
    page = (
        b'<html><head><meta property="article:modified_time" content="2024-06-01"></head><body><article>'
        b'<p>By Jo Park <time datetime="2024-03-05">5 March 2024</time></p>'
        b"<p>Brenna Mills was founded in 1921 in Perth and bought Pike Oats in 2019.</p>"
        b"</article></body></html>"
    )
    assert read_bytes("t.html", page, ".html").published == "2024-03-05"


_STORY = (
    "<article><p>Kvarn Fisk ASA has bought 30% of the salmon farmer Laks Vest AS from its founders, "
    "the Bergen company said on Monday.</p><p>Laks Vest was founded in 1998.</p></article>"
)


@pytest.mark.parametrize(
    "head",
    [
        '<h1>Kvarn buys stake</h1><div class="meta"><span class="author">By Ingrid Dahl</span> '
        '<span class="date">March 5, 2024</span></div>',
        '<header class="story-head"><h1>Kvarn buys stake</h1>'
        '<p class="byline">By Ingrid Dahl | 5 March 2024</p></header>',
        '<div class="title-block"><h1>Kvarn buys stake</h1>'
        '<div id="published-at">Published 2024-03-05 09:00</div></div>',
    ],
)
def test_a_byline_date_beside_the_headline_outside_the_article(head: str) -> None:
    page = f"<html><body><div class='page'>{head}{_STORY}</div></body></html>"
    assert read_bytes("k.html", page.encode(), ".html").published == "2024-03-05"


def test_a_teaser_date_in_a_sidebar_is_not_the_pages() -> None:
    page = (
        "<html><body><aside><div class='card'><h3>Salmon prices climb</h3>"
        "<span class='date'>1 March 2024</span></div></aside>"
        f"<div class='page'><h1>Kvarn buys stake</h1>{_STORY}</div></body></html>"
    )
    assert read_bytes("k.html", page.encode(), ".html").published is None
