"""Every extraction pattern's own example sentences give the events they promise.

Each example runs through the whole pipeline (reader, reference date, tagger,
entities, patterns), so a pattern only passes when the event a user would see
has the right type, entities, date and attributes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pytest

from events.entities import key, link_patterns
from events.errors import RuleError
from events.extract.rules import Example, Pattern, PatternSet, iter_examples, load_file
from events.model import Event, Extraction
from events.pipeline import extract
from events.readers import read_bytes

CASES = iter_examples()


def _id(case: tuple[Pattern, Example]) -> str:
    p, ex = case
    return f"{p.id}:{ex.text[:40]}"


#: Examples about "the company" read as a page about this company (its title line).
FOCUS = "Acme Holdings"


def _run(text: str, published: str | None, titled: bool = False) -> Extraction:
    body = f"{FOCUS}\n\n{text}\n" if titled else text
    return extract(read_bytes("example.txt", body.encode("utf-8"), ".txt"), published)


def _wants_focus(example: Example) -> bool:
    return any("focus" in (w.get("subject"), w.get("object")) for w in example.expect)


def _same_name(got: str | None, want: str, focus: str | None) -> bool:
    if want == "focus":
        return got is not None and focus is not None and key(got) == key(focus)
    return got is not None and key(got) == key(want)


def _value_ok(got: Any, want: Any) -> bool:
    if isinstance(want, bool) or want is None:
        return got == want
    if isinstance(want, (int, float)):
        return isinstance(got, (int, float)) and abs(float(got) - float(want)) <= 1e-6 * max(1.0, abs(want))
    if isinstance(got, list):
        return any(_value_ok(g, want) for g in got)
    return key(str(got)) == key(str(want))


def _matches(e: Event, want: Mapping[str, Any], focus: str | None) -> bool:
    if e.type != want["type"]:
        return False
    if "subject" in want and not _same_name(e.subject, str(want["subject"]), focus):
        return False
    if "object" in want and not _same_name(e.object, str(want["object"]), focus):
        return False
    if "date" in want and (e.date is None or e.date.value != str(want["date"])):
        return False
    for k, v in (want.get("attributes") or {}).items():
        if k not in e.attributes or not _value_ok(e.attributes[k], v):
            return False
    # Provenance: the quote is exactly the document text at the span.
    return True


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_pattern_example_gives_expected_events(case: tuple[Pattern, Example]) -> None:
    pattern, example = case
    titled = _wants_focus(example)
    x = _run(example.text, example.published, titled)
    focus = FOCUS if titled else None
    for e in x.events:
        assert x.text[e.source.start : e.source.end] == e.source.quote
    if not example.expect:
        assert not [e for e in x.events if e.type == pattern.type], [e.type for e in x.events]
        return
    for want in example.expect:
        found = [e for e in x.events if _matches(e, want, focus)]
        got = [(e.type, e.subject, e.object, e.date.value if e.date else None) for e in x.events]
        assert found, f"expected {want} from {example.text!r}; got {got}"


def test_every_pattern_has_three_distinct_examples() -> None:
    for p, _ in CASES:
        texts = {re.sub(r"\W+", " ", ex.text.lower()) for ex in p.examples}
        assert len(texts) >= 3, p.id


LINK_CASES = [(lp, ex) for lp in link_patterns() for ex in lp.examples]


@pytest.mark.parametrize("case", LINK_CASES, ids=[f"{lp.id}:{ex.text[:30]}" for lp, ex in LINK_CASES])
def test_link_pattern_example_links_the_names(case: Any) -> None:
    _, example = case
    x = _run(example.text, None)
    want = example.expect[0]
    pairs = {(key(link.name), key(link.other)) for link in x.links}
    pairs |= {(b, a) for a, b in pairs}
    assert (key(str(want["name"])), key(str(want["other"]))) in pairs, sorted(pairs)
    for link in x.links:
        assert x.text[link.source.start : link.source.end] == link.source.quote


def test_pattern_file_errors_name_the_file_and_rule() -> None:
    macros = PatternSet((), {}).macros
    bad = {"type": "renamed", "patterns": [{"id": "x.1", "regex": "a", "examples": []}]}
    with pytest.raises(RuleError, match=r"bad\.yaml, rule x\.1"):
        load_file("bad.yaml", bad, macros)
    with pytest.raises(RuleError, match="unknown event type"):
        load_file("bad.yaml", {"type": "nonsense", "patterns": []}, macros)


def test_sentences_keep_offsets_and_skip_abbreviations() -> None:
    from events.extract.sentences import split_sentences

    text = (
        "Kobb Motors Co., Ltd. sold cars in the U.S. in Aug. 2020. It grew.\n"
        "A wrapped line that runs\non to the next line. Done!"
    )
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Kobb Motors Co., Ltd. sold cars in the U.S. in Aug. 2020.",
        "It grew.",
        "A wrapped line that runs\non to the next line.",
        "Done!",
    ]
    for s in sents:
        assert text[s.start : s.end] == s.text


def test_anchor_words_never_reject_a_sentence_the_pattern_matches() -> None:
    for p, ex in CASES:
        if p.regex.search(ex.text) is None or p.anchors is None:
            continue
        low = ex.text.lower()
        assert all(any(w in low for w in ws) for ws in p.anchors), (p.id, p.anchors)


def test_anchor_words_skip_optional_parts_and_keep_alternatives() -> None:
    from events.extract.rules import anchor_words

    got = anchor_words(r"{ORG:subject}\s+(?:has\s+)?(?:sold|divested)\s+its\s+(?:entire\s+)?stake(?=\s)")
    assert got is not None
    assert ("sold", "divested") in got and ("stake",) in got and ("its",) in got
    assert all("has" not in ws and "entire" not in ws for ws in got)
    assert anchor_words(r"(?:\d+|[A-Z]\w+)\s+units") == (("units",),)
    assert anchor_words(r"(?:\d+:\d+|half)") is None
