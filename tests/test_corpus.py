"""Generalisation corpus: unseen companies' documents and what a careful reader takes from them.

Each document in ``tests/corpus/docs/`` has ``tests/corpus/expect/<stem>.expect.yaml``
(format in ``tests/corpus/README.md``).  Every expected event, absent phrase and
point-in-time question is its own test case, so a failure names the one fact the
engine missed.  An expectation may carry ``xfail: <reason>``; the fact stays as
written (expectations follow the text, never the engine), only the verdict is relaxed.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from events.model import EVENT_TYPES, DatePoint, Event, Extraction

# TIMELINE_CORPUS points the same harness at another corpus (a held-out set kept outside the repository).
CORPUS = Path(os.environ.get("TIMELINE_CORPUS") or Path(__file__).parent / "corpus")
DOCS = CORPUS / "docs"
EXPECT = CORPUS / "expect"

# Dropped when comparing company names: "Halcyon Therapeutics, Inc." is "Halcyon Therapeutics".
LEGAL_SUFFIXES = frozenset(
    {
        "co", "ltd", "limited", "inc", "incorporated", "corp", "plc", "llc", "llp", "lp", "ag", "ab",
        "as", "asa", "aps", "oy", "oyj", "sa", "sac", "srl", "sarl", "sro", "nv", "bv", "gmbh", "kg",
        "spa", "se", "kk", "pte", "pty", "publ",
    }
)  # fmt: skip
STAKE_TOLERANCE = 0.011
EVENT_KEYS = frozenset({"type", "subject", "object", "date", "attributes", "note", "xfail"})
QUESTION_KEYS = frozenset(
    {"entity", "at", "name", "owners", "owners_exact", "not_owners", "holdings", "holdings_exact",
     "not_holdings", "note", "xfail"}
)  # fmt: skip


# ---------------------------------------------------------------- expectations


def norm_name(name: str) -> str:
    """Case-, accent-form- and punctuation-insensitive company name without legal suffixes."""
    s = unicodedata.normalize("NFKC", name).casefold().replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    s = s.replace(".", "")  # "N.V." -> "nv", "a.s." -> "as"
    s = re.sub(r"[^\w\s]", " ", s)
    words = [w for w in s.split() if w not in LEGAL_SUFFIXES]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


@dataclass(frozen=True)
class Case:
    """One document and its expectation file."""

    stem: str
    doc: Path
    spec: Mapping[str, Any]

    def names(self) -> set[str]:
        """Every full name the expectations use, normalised (to judge short forms)."""
        out: set[str] = set()
        for exp in self.events():
            for key in ("subject", "object"):
                out |= {norm_name(n) for n in as_list(exp.get(key))}
        for q in self.spec.get("questions") or []:
            out.add(norm_name(q["entity"]))
            for key, side in (("owners", "holder"), ("holdings", "target")):
                for party in q.get(key) or []:
                    out |= {norm_name(n) for n in as_list(party[side])}
        return out

    def events(self) -> Iterator[Mapping[str, Any]]:
        for exp in self.spec.get("events") or []:
            yield from exp.get("any_of", [exp])


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(EXPECT.glob("*.expect.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases.append(Case(path.name.removesuffix(".expect.yaml"), DOCS / spec["doc"], spec))
    return cases


CASES = load_cases()
# Facts the engine does not get yet (test id -> what it did instead): reported as xfail, not hidden.
_KNOWN = CORPUS / "known_failures.yaml"
KNOWN_FAILURES: Mapping[str, str] = (
    yaml.safe_load(_KNOWN.read_text("utf-8")) if _KNOWN.exists() else None
) or {}


def with_xfail(value: Any, item: Mapping[str, Any], case_id: str) -> Any:
    reason = item.get("xfail") or KNOWN_FAILURES.get(case_id)
    marks = [pytest.mark.xfail(reason=f"engine: {reason}", strict=False)] if reason else []
    return pytest.param(value, id=case_id, marks=marks)


def event_params() -> list[Any]:
    out = []
    for case in CASES:
        for i, exp in enumerate(case.spec.get("events") or []):
            first = exp["any_of"][0] if "any_of" in exp else exp
            label = f"{case.stem}:{i:02d}:{as_list(first['type'])[0]}:{first.get('date')}"
            out.append(with_xfail((case, exp), exp, label))
    return out


def absent_params() -> list[Any]:
    out = []
    for case in CASES:
        for i, phrase in enumerate(case.spec.get("absent") or []):
            text = phrase if isinstance(phrase, str) else phrase["text"]
            item = phrase if isinstance(phrase, Mapping) else {}
            out.append(with_xfail((case, text), item, f"{case.stem}:absent{i:02d}:{text[:30]}"))
    return out


def question_params() -> list[Any]:
    out = []
    for case in CASES:
        for i, q in enumerate(case.spec.get("questions") or []):
            kinds = ("name", "owners", "holdings", "not_owners", "not_holdings")
            kind = next((k for k in kinds if k in q), "?")
            out.append(with_xfail((case, q), q, f"{case.stem}:q{i:02d}:{kind}:{q['entity']}@{q['at']}"))
    return out


def case_params() -> list[Any]:
    return [with_xfail(case, case.spec.get("published") or {}, case.stem) for case in CASES]


# ---------------------------------------------------------------- the engine under test


def require(module: str) -> ModuleType:
    """Import a module another part of the team is building; skip until it exists."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            pytest.skip(f"{module} is not written yet (corpus tests run once it lands)")
        raise


@functools.cache
def extraction(doc: Path) -> tuple[Any, Extraction]:
    """The reader's Document and the pipeline's Extraction for one corpus file (computed once)."""
    readers = require("events.readers")
    pipeline = require("events.pipeline")
    if not hasattr(readers, "read_path") or not hasattr(pipeline, "extract"):
        pytest.skip("events.readers.read_path / events.pipeline.extract are not available yet")
    document = readers.read_path(doc)
    return document, pipeline.extract(document)


def describe(e: Event) -> str:
    when = e.date.value if e.date else None
    return f"{e.type} {e.subject!r} -> {e.object!r} @ {when} {dict(e.attributes)} [{e.source.quote[:70]!r}]"


def name_matches(got: str | None, accepted: Sequence[str], case: Case) -> bool:
    """Full name equal, or a short form ("Huaxin") that is the start of exactly one accepted name."""
    if not got:
        return False
    g = norm_name(got)
    wanted = {norm_name(n) for n in accepted}
    if g in wanted:
        return True
    if g in case.names():  # a full name of another entity in this document is never a short form
        return False
    owners_of_prefix = [n for n in case.names() if n.startswith(g + " ")]
    return len(owners_of_prefix) == 1 and owners_of_prefix[0] in wanted


def value_matches(got: Any, want: Any, case: Case) -> bool:
    if isinstance(want, bool) or want is None:
        return bool(got == want)
    if isinstance(want, int | float):
        try:
            g = float(got)
        except (TypeError, ValueError):
            return False
        tolerance = STAKE_TOLERANCE if abs(float(want)) <= 1 else 0.5
        return abs(g - float(want)) <= tolerance
    return isinstance(got, str) and name_matches(got, as_list(want), case)


def date_matches(got: DatePoint | None, wanted: Sequence[str]) -> bool:
    """Same interval as one accepted value: the precision the text gives, no finer, no coarser."""
    if got is None:
        return False
    for w in wanted:
        point = DatePoint.parse(w)
        if (got.start, got.end) == (point.start, point.end):
            return True
    return False


def event_matches(e: Event, exp: Mapping[str, Any], case: Case) -> bool:
    if e.type not in as_list(exp["type"]):
        return False
    if not name_matches(e.subject, as_list(exp["subject"]), case):
        return False
    if "object" in exp:
        objects = [e.object, e.attributes.get("person")]
        if not any(name_matches(o, as_list(exp["object"]), case) for o in objects if isinstance(o, str)):
            return False
    if "date" in exp and not date_matches(e.date, [str(d) for d in as_list(exp["date"])]):
        return False
    attrs = exp.get("attributes") or {}
    return all(k in e.attributes and value_matches(e.attributes[k], v, case) for k, v in attrs.items())


# ---------------------------------------------------------------- the corpus itself


def test_every_corpus_document_has_an_expectation_file() -> None:
    docs = {p.name for p in DOCS.iterdir() if p.is_file()}
    expected = {str(c.spec["doc"]) for c in CASES}
    assert docs == expected
    assert len(docs) >= (12 if "TIMELINE_CORPUS" not in os.environ else 1)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.stem) for c in CASES])
def test_expectation_file_is_well_formed(case: Case) -> None:
    """Types from the vocabulary, ISO dates, phrases that exist: a typo must not pass silently."""
    raw = case.doc.read_text(encoding="utf-8")
    assert case.spec.get("events"), "an expectation file lists at least one event"
    for exp in case.events():
        assert set(exp) <= EVENT_KEYS, f"unknown keys {set(exp) - EVENT_KEYS}"
        assert set(as_list(exp["type"])) <= set(EVENT_TYPES), exp["type"]
        assert as_list(exp["subject"]), "every expected event names its subject"
        for d in as_list(exp.get("date")):
            DatePoint.parse(str(d))
    for item in case.spec.get("not_events") or []:
        assert item["type"] in EVENT_TYPES
    for phrase in case.spec.get("absent") or []:
        text = phrase if isinstance(phrase, str) else phrase["text"]
        assert text in raw, f"absent phrase not in {case.doc.name}: {text!r}"
    for q in case.spec.get("questions") or []:
        assert set(q) <= QUESTION_KEYS, f"unknown keys {set(q) - QUESTION_KEYS}"
        DatePoint.parse(str(q["at"]))
    published = case.spec.get("published") or {}
    for key in ("value", "min", "max"):
        if key in published:
            DatePoint.parse(str(published[key]))


# ---------------------------------------------------------------- extraction, per document


@pytest.mark.parametrize("case", case_params())
def test_reference_date(case: Case) -> None:
    spec = case.spec.get("published") or {}
    _, ext = extraction(case.doc)
    got = ext.reference_date
    if got is None:
        assert spec.get("required", True) is False, f"no reference date found for {case.doc.name}"
        return
    if "value" in spec:
        assert got.value == str(spec["value"]), f"reference date {got.value} ({ext.reference_how})"
    if "min" in spec:
        assert got.start >= DatePoint.parse(str(spec["min"])).start, f"reference date {got.value} too early"
    if "max" in spec:
        assert got.end <= DatePoint.parse(str(spec["max"])).end, f"reference date {got.value} too late"
    if "how" in spec:
        assert ext.reference_how in as_list(spec["how"]), f"found by {ext.reference_how!r}"


@pytest.mark.parametrize("item", event_params())
def test_expected_event_is_found(item: tuple[Case, Mapping[str, Any]]) -> None:
    case, exp = item
    _, ext = extraction(case.doc)
    options = exp.get("any_of", [exp])
    if any(event_matches(e, o, case) for o in options for e in ext.events):
        return
    types = {t for o in options for t in as_list(o["type"])}
    near = [describe(e) for e in ext.events if e.type in types]
    pytest.fail(f"missing {options}; events of that type: {near or 'none'}")


@pytest.mark.parametrize("item", absent_params())
def test_absent_phrase_gives_no_event(item: tuple[Case, str]) -> None:
    case, phrase = item
    document, ext = extraction(case.doc)
    start = document.text.find(phrase)
    if start < 0:
        # The HTML reader drops page chrome (aside, nav, related lists): nothing left to extract from.
        assert document.format == "html", f"the reader's text of {case.doc.name} lost the phrase {phrase!r}"
        return
    end = start + len(phrase)
    hits = [describe(e) for e in ext.events if e.source.start < end and start < e.source.end]
    assert not hits, f"events from a plan, price or boilerplate phrase: {hits}"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.stem) for c in CASES if c.spec.get("not_events")])
def test_forbidden_events_are_not_extracted(case: Case) -> None:
    _, ext = extraction(case.doc)
    for item in case.spec["not_events"]:
        attrs = (item.get("attributes") or {}).items()
        hits = [
            describe(e)
            for e in ext.events
            if e.type == item["type"]
            and ("subject" not in item or name_matches(e.subject, as_list(item["subject"]), case))
            and ("object" not in item or name_matches(e.object, as_list(item["object"]), case))
            and all(value_matches(e.attributes.get(k), v, case) for k, v in attrs)
        ]
        assert not hits, f"{dict(item)} must not be extracted: {hits}"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.stem) for c in CASES])
def test_every_event_quotes_its_evidence_outside_boilerplate(case: Case) -> None:
    document, ext = extraction(case.doc)
    for e in ext.events:
        assert ext.text[e.source.start : e.source.end] == e.source.quote, describe(e)
        assert not document.in_boilerplate(e.source.start, e.source.end), f"from page chrome: {describe(e)}"


# ---------------------------------------------------------------- point-in-time questions over the store


@pytest.fixture(scope="module")
def ask(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Mapping[str, Any]]:
    """Ingest the whole corpus folder once through the CLI; return ``state ENTITY --at DATE`` as JSON."""
    cli = require("timeline.cli")
    click = pytest.importorskip("click")
    from click.testing import CliRunner

    # The console script is a plain function around the click group; drive the group itself.
    commands = (getattr(cli, "cli", None), getattr(cli, "main", None))
    main = next((c for c in commands if isinstance(c, click.Command)), None)
    if main is None:
        pytest.skip("timeline.cli has no click command yet")
    store = tmp_path_factory.mktemp("corpus") / "store"
    runner = CliRunner()
    result = runner.invoke(main, ["--store", str(store), "ingest", str(DOCS)])
    assert result.exit_code == 0, f"ingest failed: {result.output}"

    def state(entity: str, at: str) -> Mapping[str, Any]:
        res = runner.invoke(main, ["--store", str(store), "state", entity, "--at", at, "--format", "json"])
        assert res.exit_code == 0, f"state {entity!r} --at {at} failed: {res.output.strip()}"
        answer: Mapping[str, Any] = json.loads(res.stdout)
        return answer

    return state


def party_names(party: Any) -> list[str]:
    if isinstance(party, str):
        return [party]
    if not isinstance(party, Mapping):
        return []
    return [str(party.get("name") or ""), *[str(a) for a in party.get("aliases") or []]]


def names_match(names: Sequence[str], accepted: Sequence[str], case: Case) -> bool:
    return any(name_matches(n, accepted, case) for n in names)


def stake_ok(party: Mapping[str, Any], exp: Mapping[str, Any], case: Case) -> bool:
    """``stake`` left out of an expectation means the text does not state it: any value passes."""
    return "stake" not in exp or value_matches(party.get("stake"), exp["stake"], case)


def check_parties(q: Mapping[str, Any], got: Sequence[Mapping[str, Any]], role: str, case: Case) -> None:
    side = "holder" if role == "owners" else "target"
    unmatched = list(got)
    shown = [(party_names(g.get(side))[:1], g.get("stake")) for g in got]
    for exp in q.get(role) or []:
        accepted = as_list(exp[side])
        named = [g for g in unmatched if names_match(party_names(g.get(side)), accepted, case)]
        hit = next((g for g in named if stake_ok(g, exp, case)), None)
        if hit is None:
            if exp.get("optional"):
                continue
            pytest.fail(f"{role}: want {accepted[0]!r} stake {exp.get('stake')}; got {shown}")
        unmatched.remove(hit)
    forbidden = as_list(q.get(f"not_{role}"))
    for g in got:
        names = party_names(g.get(side))
        assert not any(name_matches(n, forbidden, case) for n in names), f"{role}: {names[:1]} must be gone"
    if q.get(f"{role}_exact"):
        assert not unmatched, f"{role}: unexpected {[party_names(g.get(side))[:1] for g in unmatched]}"


@pytest.mark.parametrize("item", question_params())
def test_point_in_time_question(
    item: tuple[Case, Mapping[str, Any]], ask: Callable[[str, str], Mapping[str, Any]]
) -> None:
    case, q = item
    state = ask(str(q["entity"]), str(q["at"]))
    if "name" in q:
        got = str(state.get("name") or "")
        assert norm_name(got) in {norm_name(n) for n in as_list(q["name"])}, f"name {got!r}"
    if "owners" in q or "not_owners" in q:
        check_parties(q, state.get("owners") or [], "owners", case)
    if "holdings" in q or "not_holdings" in q:
        check_parties(q, state.get("holdings") or [], "holdings", case)
