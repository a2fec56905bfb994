"""Load and validate the temporal rule files (YAML) into compiled rules.

``rules/vocabulary.yaml`` holds word lists (months, numbers, units...) and
macros (a regex plus a converter).  Every other ``rules/*.yaml`` file holds
rules.  A rule's ``pattern`` is a regex in which ``{name}`` inserts a macro as a
named group (``{month:m2}`` names the group ``m2``, ``{fiscal:_}`` captures nothing; a
name repeated in two branches of an alternation reads whichever branch matched) and a plain space stands for
any run of whitespace.  A rule normalises by exactly one of ``value`` (a
template: literals, SETs), ``date`` (calendar fields, anchored and shifted) or
``duration`` (amount and unit); ``guard: true`` rules consume text and emit
nothing (money, percentages, versions).  Files are validated once; any defect
raises :class:`RuleError` naming the file and the rule id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from events.errors import RuleError
from events.temporal.cache import RegexCache, cached_json, digest

RULES_DIR = Path(__file__).with_name("rules")
VOCABULARY_FILE = "vocabulary.yaml"

TYPES = frozenset({"DATE", "TIME", "DURATION", "SET"})
DATE_FIELDS = frozenset(
    {
        "year",
        "month",
        "day",
        "monthday",
        "quarter",
        "half",
        "season",
        "week",
        "weekday",
        "decade",
        "century",
        "time",
    }
)
DATE_KEYS = DATE_FIELDS | {"anchor", "shift", "gran", "direction", "unknown", "within"}
ANCHORS = frozenset({"dct", "ref", "auto", "focus", "period", "day"})
DIRECTIONS = frozenset({"tense", "past", "future", "before", "after", "none"})
GRANS = frozenset(
    {"century", "decade", "year", "half", "season", "quarter", "month", "week", "weekend", "day", "anchor"}
)
UNITS = frozenset({"century", "decade", "year", "half", "quarter", "month", "week", "day"})
CONVERTERS = frozenset({"int", "number", "year", "decade", "clock", "text", "upper"})
RULE_KEYS = frozenset(
    {
        "id",
        "pattern",
        "type",
        "value",
        "date",
        "duration",
        "guard",
        "mod",
        "sets_ref",
        "focus",
        "only",
        "when",
        "capitalised",
        "context",
        "priority",
        "examples",
        "note",
    }
)
CONTEXT_KEYS = frozenset({"before", "not_before", "after", "not_after", "sentence", "not_sentence"})
_MACRO = re.compile(r"\{([A-Za-z_]\w*)(?::(\w+))?\}")
_TEMPLATE = re.compile(r"\{(\w+)(?::0\d)?\}")


@dataclass(frozen=True, slots=True)
class Macro:
    """A named pattern piece and how its matched text becomes a value."""

    name: str
    regex: str
    convert: str
    words: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence of our own and the timexes a rule set must find in it."""

    text: str
    dct: str | None
    narrative: bool
    expect: tuple[Mapping[str, str], ...]


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled rule; ``source`` is the pattern with macros expanded, groups unnamed."""

    id: str
    file: str
    type: str
    regex: re.Pattern[str]
    source: str
    groups: Mapping[str, Macro]
    value: str | None = None
    date: Mapping[str, Any] | None = None
    duration: Mapping[str, str] | None = None
    guard: bool = False
    mod: str | None = None
    sets_ref: bool = False
    focus: str = ""
    only: str = ""
    when: str = ""
    capitalised: str = ""
    context: Mapping[str, re.Pattern[str]] = field(default_factory=dict)
    priority: int = 0
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Every rule in scanning order, the macros and the tense cues."""

    rules: tuple[Rule, ...]
    macros: Mapping[str, Macro]
    future: re.Pattern[str]
    past: re.Pattern[str]
    sentence_end: re.Pattern[str]


def _spaces(pattern: str) -> str:
    """A literal space outside a character class matches any whitespace run."""
    out: list[str] = []
    in_class = escaped = False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif in_class:
            out.append(ch)
            in_class = ch != "]"
        elif ch == "[":
            out.append(ch)
            in_class = True
        elif ch == " ":
            out.append(r"(?:\s+)")
        else:
            out.append(ch)
    return "".join(out)


def _alternation(words: Sequence[str]) -> str:
    parts = []
    for w in sorted(words, key=len, reverse=True):
        parts.append(r"\s+".join(re.escape(p) for p in w.split()))
    return "(?:" + "|".join(parts) + ")"


def _plain(value: Any) -> Any:
    """YAML data as JSON data: mapping keys and non-JSON scalars (dates) become strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _read_yaml(path: Path) -> Any:
    # Imported here: with the JSON cache below most processes never parse YAML.
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when present
    try:
        return _plain(yaml.load(path.read_text(encoding="utf-8"), Loader=loader))
    except (OSError, yaml.YAMLError) as e:
        raise RuleError(str(path), None, f"cannot be read as YAML ({e.__class__.__name__})") from e


def _read_files(paths: list[Path]) -> tuple[str, dict[str, Any]]:
    """A key naming these exact files, and each one's data by file name (cached when read before)."""
    try:
        key = digest(part for p in paths for part in (p.name, p.read_bytes()))
    except OSError as e:
        raise RuleError(str(e.filename), None, "cannot be read") from e
    return key, dict(cached_json("temporal-rules", key, lambda: {p.name: _read_yaml(p) for p in paths}))


def _load_macros(
    path: Path, data: Any, regexes: RegexCache | None = None
) -> tuple[dict[str, Macro], dict[str, str]]:
    if not isinstance(data, dict) or "vocabulary" not in data or "macros" not in data:
        raise RuleError(str(path), None, "needs 'vocabulary' and 'macros' sections")
    macros: dict[str, Macro] = {}
    for name, words in data["vocabulary"].items():
        if not isinstance(words, dict) or not words:
            raise RuleError(str(path), name, "a vocabulary is a non-empty mapping of words to values")
        table = {" ".join(str(k).lower().split()): str(v) for k, v in words.items()}
        macros[name] = Macro(name, _alternation(list(table)), "lookup", table)
    for name, spec in data["macros"].items():
        if not isinstance(spec, dict) or "regex" not in spec:
            raise RuleError(str(path), name, "a macro needs a 'regex'")
        if name in macros:
            raise RuleError(str(path), name, "is both a vocabulary and a macro")
        convert = str(spec.get("convert", "text"))
        if convert not in CONVERTERS:
            raise RuleError(str(path), name, f"unknown converter {convert!r}")
        regex = _MACRO.sub(lambda m: macros[m[1]].regex if m[1] in macros else m[0], str(spec["regex"]))
        try:
            re.compile(regex) if regexes is None else regexes.compile(regex)
        except re.error as e:
            raise RuleError(str(path), name, f"bad regex: {e}") from e
        macros[name] = Macro(name, regex, convert, {})
    cues = data.get("tense", {})
    return macros, {k: str(v) for k, v in cues.items()}


def _expand(
    pattern: str, macros: Mapping[str, Macro], path: str, rule_id: str
) -> tuple[str, str, dict[str, Macro]]:
    groups: dict[str, Macro] = {}

    def named(m: re.Match[str]) -> str:
        macro = macros.get(m[1])
        if macro is None:
            raise RuleError(path, rule_id, f"unknown macro {{{m[1]}}}")
        name = m[2] or m[1]
        if name == "_":
            return f"(?:{macro.regex})"
        # The same name in two branches of an alternation: the later one gets a suffix and
        # the engine reads whichever took part in the match.
        actual = name
        k = 1
        while actual in groups:
            k += 1
            actual = f"{name}__{k}"
        groups[actual] = macro
        return f"(?P<{actual}>{macro.regex})"

    def bare(m: re.Match[str]) -> str:
        return f"(?:{macros[m[1]].regex})"

    spaced = _spaces(pattern)
    return _MACRO.sub(named, spaced), _MACRO.sub(bare, spaced), groups


def _check_template(template: str, groups: Mapping[str, Macro], path: str, rule_id: str) -> None:
    for name in _TEMPLATE.findall(template):
        if name not in groups and "__" not in name:
            raise RuleError(path, rule_id, f"template uses {{{name}}} but the pattern has no such group")


def _compile(regex: str, path: str, rule_id: str, regexes: RegexCache | None = None) -> re.Pattern[str]:
    try:
        if regexes is None:
            return re.compile(regex, re.IGNORECASE)
        return regexes.compile(regex, re.IGNORECASE)
    except re.error as e:
        raise RuleError(path, rule_id, f"bad pattern: {e}") from e


def _examples(raw: Any, path: str, rule_id: str) -> tuple[Example, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise RuleError(path, rule_id, "'examples' must be a list")
    out = []
    for ex in raw:
        if not isinstance(ex, dict) or "text" not in ex or not isinstance(ex.get("expect", []), list):
            raise RuleError(path, rule_id, "each example needs 'text' and a list 'expect'")
        expect = []
        for e in ex.get("expect", []):
            if not isinstance(e, dict) or "text" not in e or e["text"] not in ex["text"]:
                raise RuleError(path, rule_id, f"expected timex {e!r} is not in its example text")
            expect.append({k: str(v) for k, v in e.items()})
        dct = ex.get("dct")
        out.append(
            Example(
                str(ex["text"]), None if dct is None else str(dct), bool(ex.get("narrative")), tuple(expect)
            )
        )
    return tuple(out)


def _capitalised(raw: Any, groups: Mapping[str, Macro], path: str, rule_id: str) -> str:
    """``true``: the match starts with a capital; a group name: that group does; else ""."""
    if raw is True:
        return "*"
    if raw is False or raw is None:
        return ""
    if str(raw) not in groups:
        raise RuleError(path, rule_id, f"capitalised names no group of the pattern: {raw!r}")
    return str(raw)


def _rule(
    raw: Any, macros: Mapping[str, Macro], path: str, index: int, regexes: RegexCache | None = None
) -> Rule:
    if not isinstance(raw, dict) or "id" not in raw:
        raise RuleError(path, f"#{index + 1}", "a rule is a mapping with an 'id'")
    rid = str(raw["id"])
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise RuleError(path, rid, f"unknown keys {sorted(unknown)}")
    if "pattern" not in raw:
        raise RuleError(path, rid, "needs a 'pattern'")
    named, bare, groups = _expand(str(raw["pattern"]), macros, path, rid)
    # A hit never ends inside a word ("1,990" is not "990", "Mayor" is not "May") nor inside
    # a hyphenated one ("the quarter-to-quarter change").
    regex = _compile(rf"(?:{named})(?!\w|-[^\W\d])", path, rid, regexes)
    guard = bool(raw.get("guard", False))
    kinds = [k for k in ("value", "date", "duration") if k in raw]
    if guard:
        if kinds:
            raise RuleError(path, rid, "a guard emits nothing, so it takes no value/date/duration")
        rtype = "DATE"
    else:
        if len(kinds) != 1:
            raise RuleError(path, rid, "needs exactly one of 'value', 'date', 'duration'")
        rtype = str(raw.get("type", "DATE"))
        if rtype not in TYPES:
            raise RuleError(path, rid, f"type must be one of {sorted(TYPES)}")
    date = raw.get("date")
    if date is not None:
        if not isinstance(date, dict) or set(date) - DATE_KEYS:
            raise RuleError(path, rid, f"'date' keys must be among {sorted(DATE_KEYS)}")
        if date.get("anchor", "auto") not in ANCHORS:
            raise RuleError(path, rid, f"anchor must be one of {sorted(ANCHORS)}")
        if date.get("direction", "tense") not in DIRECTIONS:
            raise RuleError(path, rid, f"direction must be one of {sorted(DIRECTIONS)}")
        if "gran" in date and date["gran"] not in GRANS and not _TEMPLATE.search(str(date["gran"])):
            raise RuleError(path, rid, f"gran must be one of {sorted(GRANS)} or a {{group}}")
        if "within" in date and date["within"] not in UNITS:
            raise RuleError(path, rid, f"within must be one of {sorted(UNITS)}")
        sh = date.get("shift")
        if sh is not None and (
            not isinstance(sh, dict)
            or "by" not in sh
            or (sh.get("unit") not in UNITS and not _TEMPLATE.search(str(sh.get("unit"))))
        ):
            raise RuleError(path, rid, f"shift needs 'unit' (one of {sorted(UNITS)} or a {{group}}) and 'by'")
        for k in (DATE_FIELDS | {"gran", "unknown"}) & set(date):
            _check_template(str(date[k]), groups, path, rid)
        if sh is not None:
            _check_template(str(sh["by"]), groups, path, rid)
            _check_template(str(sh["unit"]), groups, path, rid)
    duration = raw.get("duration")
    if duration is not None:
        if not isinstance(duration, dict) or set(duration) != {"n", "unit"}:
            raise RuleError(path, rid, "'duration' needs exactly 'n' and 'unit'")
        for v in duration.values():
            _check_template(str(v), groups, path, rid)
    if "value" in raw:
        _check_template(str(raw["value"]), groups, path, rid)
    if "mod" in raw:
        _check_template(str(raw["mod"]), groups, path, rid)
    context: dict[str, re.Pattern[str]] = {}
    for key, rx in (raw.get("context") or {}).items():
        if key not in CONTEXT_KEYS:
            raise RuleError(path, rid, f"context keys must be among {sorted(CONTEXT_KEYS)}")
        anchored = {"before": rf"(?:{rx})\s*$", "not_before": rf"(?:{rx})\s*$"}.get(key)
        anchored = anchored or ({"after": rf"^\s*(?:{rx})", "not_after": rf"^\s*(?:{rx})"}.get(key) or rx)
        source = _MACRO.sub(lambda m: f"(?:{macros[m[1]].regex})", anchored)
        context[key] = _compile(source, path, rid, regexes)
    has_year = date is not None and bool({"year", "decade", "month", "weekday"} & set(date))
    only = str(raw.get("only", ""))
    if only not in ("", "news", "narrative"):
        raise RuleError(path, rid, "only must be 'news' or 'narrative'")
    when = str(raw.get("when", ""))
    if when not in ("", "period", "quarter", "half", "no_period"):
        raise RuleError(path, rid, "when must be 'period', 'quarter', 'half' or 'no_period'")
    focus = str(raw.get("focus", ""))
    topic = focus == "topic" and date is not None
    if focus and not (focus in UNITS and duration is not None) and not topic:
        raise RuleError(
            path, rid, f"focus must be one of {sorted(UNITS)} (a duration's topic) or 'topic' (a date's)"
        )
    return Rule(
        id=rid,
        file=path,
        type=rtype,
        regex=regex,
        source=bare,
        groups=groups,
        value=None if "value" not in raw else str(raw["value"]),
        date=date,
        duration=None if duration is None else {k: str(v) for k, v in duration.items()},
        guard=guard,
        mod=None if "mod" not in raw else str(raw["mod"]),
        sets_ref=bool(raw.get("sets_ref", has_year)),
        focus=focus,
        only=only,
        when=when,
        capitalised=_capitalised(raw.get("capitalised", False), groups, path, rid),
        context=context,
        priority=int(raw.get("priority", 0)),
        examples=_examples(raw.get("examples"), path, rid),
    )


def load_rules(directory: Path = RULES_DIR) -> RuleSet:
    """Read the vocabulary and every rule file under ``directory`` (sorted by name)."""
    paths = sorted(directory.glob("*.yaml"))
    if directory / VOCABULARY_FILE not in paths:
        raise RuleError(str(directory / VOCABULARY_FILE), None, "cannot be read (no such file)")
    key, files = _read_files(paths)
    regexes = RegexCache("temporal-regex", key)
    macros, cues = _load_macros(directory / VOCABULARY_FILE, files[VOCABULARY_FILE], regexes)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in paths:
        if path.name == VOCABULARY_FILE:
            continue
        data = files[path.name]
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            raise RuleError(str(path), None, "needs a top-level 'rules' list")
        for i, raw in enumerate(data["rules"]):
            rule = _rule(raw, macros, path.name, i, regexes)
            if rule.id in seen:
                raise RuleError(path.name, rule.id, f"id already used in {seen[rule.id]}")
            seen[rule.id] = path.name
            rules.append(rule)
    # Guards first, then higher priority, then file order: the scanner takes the first branch that matches.
    ordered = sorted(rules, key=lambda r: (not r.guard, -r.priority))
    rule_set = RuleSet(
        rules=tuple(ordered),
        macros=macros,
        future=_compile(cues.get("future", "(?!)"), VOCABULARY_FILE, "tense.future", regexes),
        past=_compile(cues.get("past", "(?!)"), VOCABULARY_FILE, "tense.past", regexes),
        # Case matters here: "Mr. Smith" is not a sentence end, "in May. Then" is.
        sentence_end=re.compile(cues.get("sentence_end", r"[.!?]\s|\n")),
    )
    regexes.save()
    return rule_set


@cache
def default_rules() -> RuleSet:
    """The bundled rule set, loaded once per process."""
    return load_rules()
