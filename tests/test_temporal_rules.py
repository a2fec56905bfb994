"""Every example sentence in the temporal rule files, run through the tagger."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from events.errors import RuleError
from events.temporal import tag
from events.temporal.cache import KEEP
from events.temporal.rules import RULES_DIR, Example, Rule, default_rules, load_rules


def iter_examples() -> Iterator[tuple[Rule, Example]]:
    for rule in default_rules().rules:
        for example in rule.examples:
            yield rule, example


def example_id(value: object) -> str:
    if isinstance(value, Rule):
        return value.id
    if isinstance(value, Example):
        return value.text[:40]
    return str(value)


@pytest.mark.parametrize(("rule", "example"), list(iter_examples()), ids=example_id)
def test_rule_example(rule: Rule, example: Example) -> None:
    found = tag(example.text, example.dct, narrative=example.narrative)
    for t in found:
        assert example.text[t.start : t.end] == t.text
    got = {(t.text, t.type, t.value) for t in found}
    if not example.expect:
        assert not found, f"{rule.id}: expected nothing in {example.text!r}, got {got}"
    for e in example.expect:
        assert (e["text"], e["type"], e["value"]) in got, f"{rule.id}: {e} not in {got}"


def test_rule_files_hold_enough_examples() -> None:
    examples = list(iter_examples())
    assert len(examples) >= 150
    assert len({ex.text for _, ex in examples}) == len(examples)


def _copy_rules(tmp_path: Path) -> Path:
    for path in RULES_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("rule_text", "fragment"),
    [
        ("- id: bad.macro\n  pattern: '{nonsense} day'\n  value: X\n", "unknown macro"),
        ("- id: bad.regex\n  pattern: '(unclosed'\n  value: X\n", "bad pattern"),
        ("- id: bad.kind\n  pattern: 'noon'\n", "exactly one of"),
        ("- id: bad.key\n  pattern: 'noon'\n  value: X\n  colour: red\n", "unknown keys"),
        ("- id: bad.template\n  pattern: 'noon'\n  value: '{month}'\n", "no such group"),
        ("- id: bad.type\n  pattern: 'noon'\n  type: MOMENT\n  value: X\n", "type must be"),
        (
            "- id: bad.example\n  pattern: 'noon'\n  value: X\n"
            "  examples: [{text: 'at noon', expect: [{text: 'midnight', type: TIME, value: X}]}]\n",
            "not in its example text",
        ),
        ("- id: bad.only\n  pattern: 'noon'\n  value: X\n  only: sometimes\n", "only must be"),
        ("- id: bad.within\n  pattern: 'noon'\n  date: {anchor: dct, within: fortnight}\n", "within must be"),
        ("- id: bad.focus\n  pattern: 'noon'\n  value: X\n  focus: year\n", "focus"),
    ],
    ids=[
        "unknown-macro",
        "bad-regex",
        "no-normaliser",
        "unknown-key",
        "template-group",
        "bad-type",
        "example",
        "only-mode",
        "within-unit",
        "focus-on-a-date",
    ],
)
def test_bad_rule_file_names_file_and_rule(tmp_path: Path, rule_text: str, fragment: str) -> None:
    directory = _copy_rules(tmp_path)
    (directory / "99_broken.yaml").write_text(
        "rules:\n" + "\n".join("  " + line for line in rule_text.splitlines())
    )
    with pytest.raises(RuleError) as err:
        load_rules(directory)
    message = str(err.value)
    assert "99_broken.yaml" in message
    assert rule_text.split("id: ")[1].split("\n")[0] in message
    assert fragment in message


def test_duplicate_rule_id_is_refused(tmp_path: Path) -> None:
    directory = _copy_rules(tmp_path)
    (directory / "99_dup.yaml").write_text("rules:\n  - id: rel.today\n    pattern: 'noon'\n    value: X\n")
    with pytest.raises(RuleError, match=r"99_dup.yaml, rule rel.today: id already used"):
        load_rules(directory)


def test_unreadable_yaml_names_the_file(tmp_path: Path) -> None:
    directory = _copy_rules(tmp_path)
    (directory / "99_garbled.yaml").write_text("rules: [unclosed\n")
    with pytest.raises(RuleError, match=r"99_garbled\.yaml"):
        load_rules(directory)


def test_rule_files_are_read_again_once_edited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_CACHE", str(tmp_path / "cache"))
    directory = _copy_rules(tmp_path)
    fresh = load_rules(directory)
    assert list((tmp_path / "cache").glob("temporal-rules-*.json")), "the parsed files are kept"
    cached = load_rules(directory)
    assert [(r.id, r.regex.pattern, r.examples) for r in cached.rules] == [
        (r.id, r.regex.pattern, r.examples) for r in fresh.rules
    ]
    (directory / "99_extra.yaml").write_text(
        "rules:\n  - id: extra.teatime\n    pattern: 'teatime'\n"
        "    type: TIME\n    value: 'XXXX-XX-XXT16:00'\n"
    )
    assert "extra.teatime" in {r.id for r in load_rules(directory).rules}


def test_compiled_regexes_kept_between_runs_match_like_fresh_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMELINE_CACHE", str(tmp_path / "cache"))
    directory = _copy_rules(tmp_path)
    first = load_rules(directory)
    kept = list((tmp_path / "cache").glob("temporal-regex-*.marshal"))
    assert kept, "the compiled regexes are kept"
    text = "Net rose in the Third Quarter from $4 million a year earlier, officials said on Friday, Nov. 3."
    for rule in load_rules(directory).rules:
        fresh = re.compile(rule.regex.pattern, re.IGNORECASE)
        assert rule.regex.flags == fresh.flags
        found = [(m.span(), m.groupdict()) for m in rule.regex.finditer(text)]
        assert found == [(m.span(), m.groupdict()) for m in fresh.finditer(text)], rule.id
    kept[0].write_bytes(b"damaged")
    assert [r.regex.pattern for r in load_rules(directory).rules] == [r.regex.pattern for r in first.rules]


def test_an_unwritable_cache_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("TIMELINE_CACHE", str(blocker))
    assert {r.id for r in load_rules(_copy_rules(tmp_path)).rules} == {r.id for r in default_rules().rules}


def test_the_cache_keeps_a_few_entries_per_kind_and_no_leftovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every rule edit makes a new entry: without pruning, a working copy's cache grows without end.
    monkeypatch.setenv("TIMELINE_CACHE", str(tmp_path / "cache"))
    directory = _copy_rules(tmp_path)
    for n in range(KEEP + 3):
        (directory / "99_extra.yaml").write_text(
            f"rules:\n  - id: extra.teatime\n    pattern: 'teatime{n}'\n"
            "    type: TIME\n    value: 'XXXX-XX-XXT16:00'\n"
        )
        assert "extra.teatime" in {r.id for r in load_rules(directory).rules}
    cache = tmp_path / "cache"
    assert len(list(cache.glob("temporal-rules-*.json"))) == KEEP
    assert len(list(cache.glob("temporal-regex-*.marshal"))) == KEEP
    assert not list(cache.glob(".*")), "no temporary files are left behind"
