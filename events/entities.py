"""The names one document gives its entities, and which of them mean the same thing.

Built from the document alone: infobox names (Former Name, Native Name),
sentences that introduce a second name ("previously known as", "(abbreviated
to DFSK)", "formerly called"), and short forms ("Aurora" for "Aurora Motors
Group", "Sokon Group" for "Chongqing Sokon Group").  The entity in focus (the
page's subject) answers "the company", "the group", "it".  A brand keeps
its own name and is never linked to its company.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from events.document import Document
from events.errors import RuleError
from events.extract.lexicon import lexicon
from events.extract.names import (
    Mention,
    clean,
    core_words,
    find_names,
    has_cjk,
    is_generic,
    place_prefix,
    words,
)
from events.extract.rules import Example, _examples, _macros, _read, expand
from events.model import EntityInfo, NameLink, Source
from events.readers.infobox import name_periods

# "(NYSE: FAN)", "(HKEX: 2981; SGX: H7Q)", 'under the ticker symbol "HLCY"': a listing code, not a name.
_TICKER = re.compile(
    r"\(\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)*\s*:\s*[A-Z0-9][A-Z0-9.\-]{0,9}"
    r"(?:\s*[,;]\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)*\s*:\s*[A-Z0-9][A-Z0-9.\-]{0,9})*\s*\)"
    r"|\b(?:ticker(?:\s+symbol)?|stock\s+code|trading\s+symbol|symbol)\s+[\"“]?[A-Z0-9][A-Z0-9.]{0,9}[\"”]?"
    # The wire service of a dateline: "/PRNewswire/", "(BUSINESS WIRE)", "(Andes Wire)".
    r"|/\s*[A-Z][\w\- ]{0,30}?/(?=\s*(?:--|-|–|—))"
    r"|\(\s*[A-Z][\w&\- ]{0,40}?(?:Wire|WIRE|News|NEWS|Newswire|Press|Reuters|Bloomberg)\s*\)"
)
# "OSLO, March 3, 2021 -", "DUBLIN, 14 June 2022 (Wire) -": a story's first line, not its title.
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'\-]{2,30},(?:\s+[A-Z][\w.]*)*,?\s+(?:\w+\.?\s+){1,2}\d{1,4}\b")
_TITLE_LINE = re.compile(r"^\s*=+\s*(?P<t>[^=\n]+?)\s*=+\s*$")
_PREPOSITIONS = frozenset(
    {
        "of",
        "with",
        "by",
        "from",
        "to",
        "for",
        "under",
        "over",
        "against",
        "behind",
        "about",
        "into",
        "onto",
        "at",
        "in",
        "on",
        "as",
        "than",
        "overtake",
        "overtakes",
        "beat",
        "beats",
    }
)
_BRAND_DECL = re.compile(
    r"(?P<n>{NAME})\s+(?:is|was|became)\s+(?:a|an|the)\s+(?:[\w\-]+\s+){0,5}?brand\b"
    r"|(?:brands?|marque)\s+(?:called|named)\s+(?P<n2>{NAME})"
    r"|(?P<n3>{NAME})\s+brand\b"
)
_BRAND_LIST = re.compile(r"brands\s+(?:include|includes|are|such\s+as)\s+(?P<list>[^.;]+)")
_GOV = re.compile(r"\b(?:the\s+)?government\s+of\s+(?P<n>[A-Z][\w'’]+(?:\s+[A-Z][\w'’]+)*)")
_ROLE_CUE = (
    r"(?:rotating\s+)?(?:chairman|chairwoman|chairperson|chair|chief\s+executive(?:\s+officer)?"
    r"|chief\s+(?:[a-z]+\s+){1,2}officer|C[EFOTM]O|president|founder|co-founder|managing\s+director"
    r"|(?:non-)?executive\s+director|general\s+manager)"
)
_PERSON_BEFORE = re.compile(rf"\b(?i:{_ROLE_CUE})\s+(?P<n>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{1,2}})\b")
_PERSON_AFTER = re.compile(
    rf"(?P<n>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{1,2}}),\s+(?:the\s+|a\s+)?(?:[\w\-]+\s+)?{_ROLE_CUE}\b"
)
_PERSON_IS = re.compile(
    rf"(?P<n>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{1,2}})\s+(?:has\s+been|had\s+been|is|was|became|becomes|serves\s+as|"
    rf"served\s+as|has\s+served\s+as|was\s+appointed|was\s+named)\s+(?:the\s+)?(?:new\s+)?(?i:{_ROLE_CUE})\b"
)
_PERSON_BY = re.compile(
    r"\b(?:[Ff]ounded|[Ss]tarted|[Ee]stablished|[Ss]et\s+up)\s+(?:[^.]{0,40}?\s)?by\s+(?P<n>[A-Z][a-z]+\s+[A-Z][a-z]+)\b"
    r"|(?P<n2>[A-Z][a-z]+\s+[A-Z][a-z]+)\s+(?:retired|resigned|stepped\s+down|was\s+succeeded)\b"
)


@dataclass(frozen=True, slots=True)
class LinkPattern:
    id: str
    kind: str
    regex: re.Pattern[str]
    examples: tuple[Example, ...]


@cache
def link_patterns() -> tuple[LinkPattern, ...]:
    """The name-link patterns of patterns/_links.yaml."""
    file = "_links.yaml"
    raw = _read(file)
    if not isinstance(raw, dict) or not isinstance(raw.get("patterns"), list):
        raise RuleError(file, None, "expected a list of 'patterns'")
    out: list[LinkPattern] = []
    for p in raw["patterns"]:
        if not isinstance(p, dict) or not isinstance(p.get("id"), str) or not isinstance(p.get("regex"), str):
            raise RuleError(file, None, "every link pattern needs an 'id' and a 'regex'")
        source, roles = expand(p["regex"], _macros(), file, p["id"])
        if "name" not in roles and "(?P<name>" not in source:
            raise RuleError(file, p["id"], "needs a {NAME:name} slot")
        try:
            regex = re.compile(source)
        except re.error as exc:
            raise RuleError(file, p["id"], f"bad regex: {exc}") from exc
        out.append(
            LinkPattern(
                p["id"], str(p.get("kind", "alias")), regex, _examples(p.get("examples"), file, p["id"])
            )
        )
    return tuple(out)


def _compiled(rx: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(expand(rx.pattern, _macros(), "entities", None)[0])


_BRAND_RX = _compiled(_BRAND_DECL)
_REF_NAME = re.compile(r"^(?:" + _macros()["REF"] + r"|its)$")
# Brands the page's company owns: "Acme's vehicle brands include X, Y and Z", "X is a brand owned by Acme".
_OWNED_RX = _compiled(
    re.compile(
        r"(?P<owner>{NAME}){POSS}\s+(?:[\w\-]+\s+){0,3}?brands\s+(?:include|includes|are)\s+(?P<list>[^.;]+)"
        r"|(?P<brand>{NAME})\s+is\s+(?:a|an|the)\s+(?:[\w\-]+\s+){0,5}?brand\s+(?:owned\s+by|of)\s+"
        r"(?P<owner2>{NAME})"
    )
)


def ticker_spans(text: str) -> list[tuple[int, int]]:
    """Spans of listing codes ("(NYSE: FAN)"): never names."""
    return [(m.start(), m.end()) for m in _TICKER.finditer(text)]


@lru_cache(maxsize=1 << 16)
def key(name: str) -> str:
    """Comparison key of a surface name (case, punctuation, leading place and legal forms ignored)."""
    return " ".join(core_words(bare(name)))


_ACRONYM_TAIL = re.compile(r"\s*\(\s*(?P<a>[A-Z][A-Z0-9&]{1,7})\s*\)\s*$")


def acronym(name: str) -> str | None:
    """The abbreviation a name carries in brackets ("Nordic Equity Partners (NEP)" -> "NEP").

    Only one that starts with the name's initial and is no longer than its words allow:
    "Skarv Holding (UK)" names a unit in a place, not an abbreviation.
    """
    m = _ACRONYM_TAIL.search(name)
    if m is None:
        return None
    head = name[: m.start()].split()
    letters = m.group("a")
    if not head or head[0][:1].upper() != letters[0] or len(letters) > len(head) + 2:
        return None
    return letters


def bare(name: str) -> str:
    """``name`` without a bracketed abbreviation of itself ("Nordic Equity Partners (NEP)") or a
    country or city it is "of" ("Matsuda Kasei of Japan")."""
    m = _ACRONYM_TAIL.search(name)
    name = name[: m.start()] if m is not None and acronym(name) else name
    return _without_place(name)


@cache
def _of_place() -> tuple[re.Pattern[str], frozenset[str]]:
    extra = [str(p) for p in cues().get("of_places") or ()]
    places = "|".join(re.escape(p) for p in sorted({*lexicon().places, *extra}, key=len, reverse=True))
    heads = frozenset(str(w).lower() for w in cues().get("of_place_heads") or ())
    return re.compile(rf"\s+of\s+(?:{places})$"), heads


def _without_place(name: str) -> str:
    rx, heads = _of_place()
    m = rx.search(name)
    if m is None:
        return name
    head = name[: m.start()].split()
    if len(head) < 2 or head[-1].lower() in heads:
        return name  # "Bank of Japan", "Royal Bank of Scotland"
    return name[: m.start()]


@dataclass
class Registry:
    """Names of one document: clusters of names for one entity, kinds, the focus."""

    doc: Document
    focus: str | None = None
    parent: dict[str, str] = field(default_factory=dict)  # key -> key (union-find)
    surface: dict[str, str] = field(default_factory=dict)  # key -> first full surface form
    first_seen: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # key -> kind, span
    link_kinds: dict[tuple[str, str], tuple[str, int, int]] = field(default_factory=dict)
    brands: set[str] = field(default_factory=set)
    owned: set[str] = field(default_factory=set)  # keys of brands the focus owns
    variants: dict[str, dict[str, int]] = field(default_factory=dict)  # key -> surface forms, first offset
    names: list[Mention] = field(default_factory=list)
    blocked: list[tuple[int, int]] = field(default_factory=list)  # tickers: no name inside
    # Clusters as lists of keys, made again only once names were added or joined since.
    _unions: int = field(default=0, init=False, repr=False, compare=False)
    _groups: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _groups_at: tuple[int, int] = field(default=(-1, -1), init=False, repr=False, compare=False)
    # The first key of ``kinds`` in each cluster, and the focus's former names, kept the same way.
    _kind_keys: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _kind_keys_at: tuple[int, int, int] = field(default=(-1, -1, -1), init=False, repr=False, compare=False)
    _former: tuple[tuple[int, str | None], list[str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    # "About Pell Sensors" sections of a press release: (start, end, name) - there "the company" is Pell.
    sections: list[tuple[int, int, str]] = field(default_factory=list)

    def topic_at(self, pos: int) -> str | None:
        """The company a section heading makes the subject at ``pos`` ("About X"), if any."""
        for start, end, name in self.sections:
            if start <= pos < end:
                return self.canonical(name)
        return None

    # -- union-find over name keys ------------------------------------------------------------
    def find(self, k: str) -> str:
        while self.parent.get(k, k) != k:
            self.parent[k] = self.parent.get(self.parent[k], self.parent[k])
            k = self.parent[k]
        return k

    def add(self, name: str, pos: int = -1) -> str:
        name = bare(name)
        k = key(name)
        if not k:
            return k
        if k not in self.surface or (len(words(name)) > len(words(self.surface[k])) and not has_cjk(name)):
            self.surface[k] = clean(name)
        if k not in self.first_seen or 0 <= pos < self.first_seen[k]:
            self.first_seen[k] = pos if pos >= 0 else 10**9
        self.parent.setdefault(k, k)
        self.variants.setdefault(k, {}).setdefault(clean(name), pos)
        return k

    def union(self, a: str, b: str, kind: str, start: int, end: int) -> None:
        ka, kb = self.add(a, start), self.add(b, start)
        if not ka or not kb or ka == kb:
            return
        ra, rb = self.find(ka), self.find(kb)
        fk = self.find(key(self.focus)) if self.focus else None
        # The focus stays the root so its canonical name survives.
        if rb == fk:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self._unions += 1
        self.link_kinds[(clean(a), clean(b))] = (kind, start, end)

    def members(self, k: str) -> list[str]:
        """Keys of the cluster of key ``k`` (``k`` must be in ``parent``), in the order first added."""
        at = (len(self.parent), self._unions)
        if at != self._groups_at:
            groups: dict[str, list[str]] = {}
            for m in self.parent:
                groups.setdefault(self.find(m), []).append(m)
            self._groups, self._groups_at = groups, at
        return self._groups[self.find(k)]

    def same(self, a: str, b: str) -> bool:
        return bool(key(a)) and self.find(key(a)) == self.find(key(b))

    # -- answers ----------------------------------------------------------------------------------
    def canonical(self, name: str) -> str:
        """The name events use for the entity ``name`` belongs to (the focus's title name for the focus)."""
        name = bare(name)
        k = key(name)
        if not k:
            return clean(name)
        root = self.find(k) if k in self.parent else k
        if self.focus and root == self.find(key(self.focus)):
            return self.focus
        if k not in self.parent:
            return clean(name)
        members = self.members(root)

        def rank(m: str) -> tuple[bool, int, int]:
            surface = self.surface.get(m, m)
            return (not has_cjk(surface), len(words(surface)), -self.first_seen.get(m, 0))

        best = max(members, key=rank)
        return self.surface.get(best, clean(name))

    def is_focus(self, name: str | None) -> bool:
        return bool(name and self.focus and self.same(name, self.focus))

    def kind(self, name: str) -> str | None:
        k = key(name)
        if k in self.kinds:
            return self.kinds[k][0]
        root = self.find(k) if k in self.parent else k
        # Kinds are only added or overwritten, never removed: their count dates the index.
        at = (len(self.parent), self._unions, len(self.kinds))
        if at != self._kind_keys_at:
            first: dict[str, str] = {}
            for m in self.kinds:
                first.setdefault(self.find(m), m)
            self._kind_keys, self._kind_keys_at = first, at
        held = self._kind_keys.get(root)
        return self.kinds[held][0] if held is not None else None

    def former_names(self) -> list[str]:
        """Names the text says the focus carried before ("formerly X", infobox Former Name)."""
        # Links are only made by ``union``, which counts them.
        at = (self._unions, self.focus)
        if self._former is not None and self._former[0] == at:
            return list(self._former[1])
        out: list[str] = []
        for (a, b), (kind, _, _) in self.link_kinds.items():
            if kind in ("former_name", "predecessor") and self.focus:
                for name, other in ((a, b), (b, a)):
                    named = key(name) == key(self.focus) or name == self.focus
                    if named and key(other) != key(self.focus) and other not in out:
                        out.append(other)
        self._former = (at, out)
        return list(out)

    def links(self) -> list[NameLink]:
        out: list[NameLink] = []
        for (a, b), (kind, s, e) in self.link_kinds.items():
            # The pair as the text gives it: the store unions the two names.
            out.append(NameLink(name=a, other=b, kind=kind, source=_source(self.doc, s, e)))
        # Spellings that differ only by a legal form ("Aurora" and "Aurora Group") are one name here;
        # the store compares names more strictly, so say so.
        for k, forms in self.variants.items():
            main = self.surface.get(k, k)
            for form, pos in forms.items():
                if words(form) != words(main) and pos >= 0 and form and main:
                    end = pos + len(form)
                    if self.doc.text[pos:end] != form:
                        continue
                    src = _source(self.doc, pos, end)
                    out.append(NameLink(name=main, other=form, kind="short_name", source=src))
        return out

    def infos(self) -> list[EntityInfo]:
        out: list[EntityInfo] = []
        seen: set[str] = set()
        for k, (kind, s, e) in self.kinds.items():
            name = self.surface.get(k, k) if kind in ("brand", "person", "government") else self.canonical(k)
            if name in seen:
                continue
            seen.add(name)
            out.append(EntityInfo(name=name, kind=kind, source=_source(self.doc, s, e)))
        return out


def namesake(reg: Registry, before: Sequence[Mention], new_name: str, subject: str) -> Mention | None:
    """The company named earlier in a sentence that a rename told of "it" most likely renamed.

    "... a venture named Hansung Parts, and in 2013 its name was changed to Hansung Mobility":
    the new name starts like the venture's, not like ``subject``'s (the page's company).
    """
    head = key(new_name).split()[:1]
    if not head or key(subject).split()[:1] == head:
        return None
    for m in reversed(before):
        k = key(m.text)
        if (
            k.split()[:1] == head
            and not reg.same(m.text, subject)
            and reg.kind(m.text) not in ("person", "brand")
        ):
            return m
    return None


def _source(doc: Document, start: int, end: int) -> Source:
    return Source(doc=doc.name, doc_sha256=doc.sha256, start=start, end=end, quote=doc.text[start:end])


def _title(doc: Document) -> tuple[str, int] | None:
    """The title line and its offset: Document.title, a ``= Title =`` heading, or the first line."""
    text = doc.text
    meta = doc.title.strip() if doc.title else ""
    seen = [m.start() for m in re.finditer(re.escape(meta), text[:2000])] if meta else []
    if meta and all(doc.in_boilerplate(p, p + len(meta)) for p in seen):
        # A title from metadata (front matter, <title>) that the text does not repeat outside its chrome.
        return meta, -(10**6)
    for m in re.finditer(r"[^\n]+", text[:2000]):
        line = m.group(0)
        if doc.in_boilerplate(m.start(), m.end()) or not line.strip():
            continue
        if not any(ch.islower() for ch in line) and _caps_company(line) is None:
            if len(line.split()) >= _MIN_CAPS_HEADLINE_WORDS and not _DATELINE.match(line):
                # "TARN ROBOTICS COMPLETES ACQUISITION": a headline in capitals, read title-cased.
                return line.title(), m.start()
            continue  # "FOR IMMEDIATE RELEASE", "NEWS"
        if len(line) > 200 or _DATELINE.match(line):
            return None  # the text starts with a paragraph (a dateline story): no title
        t = _TITLE_LINE.match(line)
        if t:
            return t.group("t"), m.start() + t.start("t")
        if doc.title and doc.title.strip() in line:
            return line, m.start()
        return line, m.start()
    return None


def _focus_from_title(title: str, offset: int, counts: Mapping[str, int]) -> str | None:
    """The subject of the title: its first name not governed by a preposition, mentioned in the body."""
    cands: list[tuple[str, bool]] = []
    for m in find_names(title):
        if is_generic(m.text):
            continue
        before = title[: m.start].split()
        prev = before[-1].lower().strip(",") if before else ""
        if prev in _PREPOSITIONS:
            continue
        after = title[m.end : m.end + 2]
        possessive = after.startswith(("'s", "’s"))
        # Headlines capitalise every word: "Car-Making Partner Acme Group" and "Acme Group Announces
        # Results" both name "Acme Group": the longest run of words the body also uses.
        ws = m.text.split()
        name = m.text
        best: tuple[int, int] | None = None
        for i in range(len(ws)):
            for j in range(len(ws), i, -1):
                part = " ".join(ws[i:j])
                if (
                    key(part)
                    # the body uses it, alone or as the start of a longer name ("X Robotics Holdings plc")
                    and (
                        counts.get(key(part), 0) >= 1
                        or (j - i > 1 and any(k.startswith(key(part) + " ") for k in counts))
                    )
                    and (best is None or j - i > best[1] - best[0])
                ):
                    best = (i, j)
                    break
        if best is not None:
            name = " ".join(ws[best[0] : best[1]])
        cands.append((name, possessive))
    if len(cands) == 1 and cands[0][0].strip() == title.strip():
        return cands[0][0]  # the title is just the name ("= Acme Group =")
    usable = [
        (n, p)
        for n, p in cands
        if (counts.get(key(n), 0) >= 1 or any(k.endswith(" " + key(n)) for k in counts))
    ]
    if not usable:
        return None
    # "SANTIAGO, March 4 -- Acme ...": a dateline's city in capitals is not what the story is about.
    mixed = [(n, p) for n, p in usable if any(ch.islower() for ch in n)]
    usable = mixed or usable
    # "Aurora's Partner Bellmont Group": a possessive modifier yields to the full name it modifies.
    first, poss = usable[0]
    if poss and len(usable) > 1 and len(usable[1][0].split()) > 1:
        return usable[1][0]
    return first


@cache
def cues() -> dict[str, Any]:
    """``events/entities.yaml``: defined terms and section labels (RuleError if malformed)."""
    try:
        raw = yaml.safe_load(resources.files("events").joinpath("entities.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError("events/entities.yaml", None, f"cannot be loaded ({exc.__class__.__name__})") from exc
    terms = (raw or {}).get("defined_terms", {}).get("words") if isinstance(raw, dict) else None
    labels = (raw or {}).get("section_labels", {}).get("labels") if isinstance(raw, dict) else None
    if not (isinstance(terms, list) and terms and isinstance(labels, list) and labels):
        raise RuleError("events/entities.yaml", None, "needs defined_terms.words and section_labels.labels")
    return dict(raw)


@cache
def _defined_rx() -> re.Pattern[str]:
    words = "|".join(re.escape(str(w)) for w in cues()["defined_terms"]["words"])
    # '("Skarv" or the "Company")', '(the “Bank”)', '(together with its subsidiaries, the "Group")'.
    return re.compile(rf"\((?:[^()\n]{{0,80}}?\s)?(?:the\s+)?[\"“](?:the\s+)?(?:{words})[\"”]\s*\)")


def defined_company(text: str, mentions: Sequence[Mention]) -> Mention | None:
    """The name a document defines as "the Company" (or "the Group", "the Bank"...), if any."""
    ends = {m.end: m for m in mentions}
    for d in _defined_rx().finditer(text):
        pos = d.start()
        while pos > 0 and text[pos - 1] in " \t":
            pos -= 1
        if pos > 0 and text[pos - 1] == ",":
            pos -= 1  # 'Orrin Bank plc, ("the Bank")'
        named = ends.get(pos)
        if named is not None and not is_generic(named.text):
            return named
    return None


_MIN_CAPS_HEADLINE_WORDS = 3
_TITLE_SEP = re.compile(r"\s+[-–—|]\s+|\s*\|\s*|:\s+")


def title_company(title: str) -> str | None:
    """The company a title names beside a section label ("Company History - Hanbit Co., Ltd.",
    "About Brenna Mills"), or alone in capitals with its legal form ("NORDVIK SHIPPING ASA"),
    even if the body never repeats it."""
    title = re.sub(r"^\s*#{1,6}\s+|\s+#+\s*$", "", title)  # a Markdown heading's marks
    caps = _caps_company(title)
    if caps is not None:
        return caps
    parts = [p.strip() for p in _TITLE_SEP.split(title) if p.strip()]
    labels = {_label(str(x)) for x in cues()["section_labels"]["labels"]}
    rest = [p for p in parts if _label(p) not in labels]
    if len(parts) == 1:
        # "About Brenna Mills", "History of Hanbit Precision": a label, then the name.
        low = _label(title)
        lead = max((x for x in labels if low.startswith(x + " ")), key=len, default=None)
        if lead is None:
            # "# Sundby Mekanikk AS": a heading that is only a company's full name with its legal form.
            whole = [m for m in find_names(title) if not is_generic(m.text)]
            ws = words(title)
            named = len(whole) == 1 and whole[0].text == title.strip() and len(ws) >= 2
            return whole[0].text if named and ws[-1] in lexicon().legal_suffixes else None
        cut = len(lead.split())
        rest = [re.sub(r"^(?:of|at)\s+", "", " ".join(title.split()[cut:]), flags=re.I)]
    elif len(rest) != 1:
        # "Kvarn Fisk ASA – Mandatory notification of trade": one part is a registered name, alone.
        registered = [p for p in rest if _registered_part(p)]
        return registered[0] if len(registered) == 1 else None
    names = [m for m in find_names(rest[0]) if not is_generic(m.text)]
    if len(names) == 1 and len(names[0].text) >= 0.8 * len(rest[0].rstrip(".")):
        return _caps_company(names[0].text) or names[0].text
    return None


def _registered_part(part: str) -> bool:
    """A title part that is just one name ending in a legal form ("Kvarn Fisk ASA")."""
    names = find_names(part)
    ws = words(part)
    return (
        len(names) == 1
        and names[0].text == part.strip()
        and len(ws) >= 2
        and ws[-1] in lexicon().legal_suffixes
        and any(ch.islower() for ch in part)
    )


def _title_subject(title: str) -> str | None:
    """The name a headline opens with when a verb follows it ("Brenna Mills celebrates 100 years")."""
    title = re.sub(r"^\s*#{1,6}\s+", "", title)
    names = find_names(title)
    if not names or names[0].start != 0 or is_generic(names[0].text) or len(words(names[0].text)) < 2:
        return None
    after = title[names[0].end :].split()
    return names[0].text if after and after[0][:1].islower() else None


def _label(part: str) -> str:
    """A title part as labels are compared: lower case, no punctuation, no year ("Annual report 2023")."""
    folded = re.sub(r"[^\w' ]+|\b(?:19|20)\d\d\b", " ", part.lower().replace("’", "'"))
    return " ".join(folded.split())


def _caps_company(line: str) -> str | None:
    """ "NORDVIK SHIPPING ASA" as "Nordvik Shipping ASA": a name in capitals that ends in a legal form."""
    text = line.strip()
    ws = words(text)
    if not ws or any(ch.islower() for ch in text) or len(text.split()) > 8 or len(ws) < 2:
        return None
    if ws[-1] not in lexicon().legal_suffixes:
        return None
    last = text.split()[-1]
    return " ".join(w.capitalize() for w in text.split()[:-1]) + " " + last


def _split_list(value: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\band\b|\bor\b)\s*", value)
    return [clean(p) for p in parts if clean(p)]


def build(doc: Document, blocked: Sequence[tuple[int, int]] = ()) -> Registry:
    """The registry of ``doc``; ``blocked`` spans (dates) never count as names."""
    reg = Registry(doc)
    text = doc.text
    reg.blocked = ticker_spans(text)
    mentions = [
        m
        for m in find_names(text, blocked=[*blocked, *reg.blocked])
        if not doc.in_boilerplate(m.start, m.end) and not is_generic(m.text)
    ]
    reg.names = mentions
    title = _title(doc)
    counts: dict[str, int] = {}
    for m in mentions:
        if title and title[1] <= m.start < title[1] + len(title[0]):
            continue
        k = key(m.text)
        if k:
            counts[k] = counts.get(k, 0) + 1
    if not counts:
        # A one-line document is its own title.
        for m in mentions:
            counts[key(m.text)] = counts.get(key(m.text), 0) + 1
    focus = _focus_from_title(*title, counts) if title else None
    # "Company History - Hanbit Co., Ltd.": a section label beside the name, which the body may only
    # call "our company".
    # The metadata title (front matter, <title>) may name the company the visible heading leaves out.
    focus = (
        (title_company(title[0]) if title else None)
        or (title_company(doc.title) if doc.title and (not title or doc.title != title[0]) else None)
        or focus
    )
    if focus is None and title and max(counts.values(), default=0) < 2:
        # "Brenna Mills celebrates 100 years" over a body that only says "the Perth miller".
        focus = _title_subject(title[0])
    defined = defined_company(text, mentions)
    if defined is not None:
        focus = defined.text
    if focus and not any(ch.islower() for ch in focus):
        # A title in capitals: the body's spelling of the same name, when it has one.
        mixed = (m.text for m in mentions if key(m.text) == key(focus) and any(c.islower() for c in m.text))
        focus = next(mixed, focus)
    fields = {f.key: f for f in doc.fields}
    name_field = fields.get("name")
    if name_field is not None and name_field.value.strip():
        focus = clean(name_field.value)
    if focus is None and counts:
        # A short form ("Ferrovia") counts for the one full name it starts; a dateline's city in
        # capitals ("SANTIAGO") is where the story was filed, not what it is about.
        def score(k: str) -> tuple[int, int]:
            shorts = sum(n for s, n in counts.items() if k.startswith(s + " "))
            caps = all(not any(ch.islower() for ch in m.text) for m in mentions if key(m.text) == k)
            return (
                counts[k] + shorts - (100 if caps else 0),
                -min(m.start for m in mentions if key(m.text) == k),
            )

        best = max(counts, key=score)
        focus = next(m.text for m in mentions if key(m.text) == best)
    reg.focus = clean(focus) if focus else None
    if reg.focus:
        reg.add(reg.focus, 0)
    for m in mentions:
        reg.add(m.text, m.start)
        short = acronym(m.text)
        if short is not None:
            # "Nordic Equity Partners (NEP)": the bracket defines the short name the text uses next.
            at = m.start + m.text.rindex(short)
            reg.union(bare(m.text), short, "abbreviation", at, at + len(short))
    _infobox(reg, doc)
    _about_sections(reg, doc)
    _definitional(reg, doc)
    _kinds(reg, doc, mentions)
    _short_forms(reg, mentions)
    _descriptor_short_forms(reg, mentions)
    _same_without_business_words(reg)
    _full_focus_name(reg)
    return reg


_ABOUT = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+)?(?:\*\*)?About[ \t]+(?P<name>[^\n*]{2,80}?)(?:\*\*)?[ \t]*:?[ \t]*$", re.M
)


_NAME_HEADING = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+|=+[ \t]*)?(?:\*\*)?(?P<name>[^\n*=#]{2,80}?)(?:\*\*)?[ \t]*=*[ \t]*$", re.M
)
_MAX_HEADING_NAME_WORDS = 6


def _about_sections(reg: Registry, doc: Document) -> None:
    """Sections about one company: a press release's "About X", or a digest's heading that is just
    a company's name over its paragraph; each runs to the next such heading or the next page chrome."""
    text = doc.text
    labels = {_label(str(x)) for x in cues()["section_labels"]["labels"]}
    heads: list[tuple[int, int, str]] = []  # heading start, heading end, the company it names
    for m in _ABOUT.finditer(text):
        names = [n for n in find_names(m.group("name")) if not is_generic(n.text)]
        if len(names) == 1 and _label("about " + m.group("name")) not in labels:
            heads.append((m.start(), m.end(), names[0].text))
            reg.add(names[0].text, m.start("name") + names[0].start)
    # Where each name key is told, once: a heading's name must be told again (or look like a company).
    told_at: dict[str, list[int]] = {}
    for n in reg.names:
        told_at.setdefault(key(n.text), []).append(n.start)
    for m in _NAME_HEADING.finditer(text):
        line = m.group("name").strip()
        if not line or len(line.split()) > _MAX_HEADING_NAME_WORDS or line.lower().startswith("about "):
            continue
        # Cheap tests first (a long page has many short lines): blank line above, prose below.
        above = text[max(0, m.start() - 8) : m.start()].replace("\r", "").rstrip(" \t")
        if m.start() and not above.endswith("\n\n"):
            continue
        below = text[m.end() : m.end() + 400].lstrip("\n").split("\n", 1)[0]
        if len(below.split()) < _MIN_SECTION_WORDS:
            continue
        names = find_names(line)
        # The whole line is one name, with a blank line (or the start) above and prose right below;
        # not a section label ("History", "Milestones"), and a name the text uses again.
        if len(names) != 1 or names[0].text != line.rstrip(".:") or is_generic(names[0].text):
            continue
        k = key(line)
        told = any(not m.start() <= at < m.end() for at in told_at.get(k, ()))
        heading_like = any(w in _heading_words() for w in words(line))
        # "Directors", "Leadership": a heading of heading words only names no company, told again or not.
        only_heading = all(w in _heading_words() for w in words(line))
        if (
            _label(line) in labels
            or only_heading
            or (heading_like and not told and words(line)[-1] not in lexicon().legal_suffixes)
        ):
            continue
        heads.append((m.start(), m.end(), names[0].text))
    heads = sorted(h for h in heads if not doc.in_boilerplate(h[0], h[1]))
    chrome = sorted(s for s, _ in doc.boilerplate)
    for i, (_, end, name) in enumerate(heads):
        stop = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        stop = min([stop, *(c for c in chrome if c > end)])
        reg.sections.append((end, stop, name))


_MIN_SECTION_WORDS = 6


@cache
def _heading_words() -> frozenset[str]:
    return frozenset(str(w).lower() for w in cues().get("heading_words") or ())


def _full_focus_name(reg: Registry) -> None:
    """A bare focus ("Caldera") takes the full name the text gives it ("Caldera Holdings")."""
    if not reg.focus or len(words(reg.focus)) != len(core_words(reg.focus)):
        return
    lex = lexicon()
    extra = lex.legal_suffixes | lex.descriptors
    fk = key(reg.focus)
    fuller = [
        reg.surface[k]
        for k in reg.parent
        if reg.find(k) == reg.find(fk)
        and k != fk
        and (_expands(fk.split(), k.split(), extra) or _registered(fk, reg.surface[k], reg.doc.text))
    ]
    if not fuller:
        return
    # The second name of a former-name link is the old one ("A (formerly B)", "A, which traded as B until").
    former = {
        key(b) for (_, b), (kind, _, _) in reg.link_kinds.items() if kind in ("former_name", "predecessor")
    }
    mentions: dict[str, int] = {}
    for m in reg.names:
        mentions[key(m.text)] = mentions.get(key(m.text), 0) + 1

    # A name the text calls former is not the company's name now; else the name used most, and on
    # a tie the one the text reaches later (histories run from the old name to the new one).
    def rank(n: str) -> tuple[bool, int, int, int, int]:
        k = key(n)
        return (k in former, -mentions.get(k, 0), -reg.first_seen.get(k, 0), len(words(n)), -len(n))

    reg.focus = min(fuller, key=rank)


def _registered(short: str, full: str, text: str) -> bool:
    """``full`` is key ``short`` with more words and a legal form after it ("Tarrow Foods plc"), never
    given as a name the company once carried ("founded as Harrow Mills Ltd"). Without a legal form it
    may be a product ("Koru Zen") or a unit."""
    ws = words(full)
    if not (key(full).startswith(short + " ") and ws):
        return False
    return ws[-1] in lexicon().legal_suffixes and not _introduced_as(text, full)


_FOUNDED_AS = re.compile(r"\bas\s+(?:the\s+)?(?P<name>[A-Z][\w&'’.\- ]{1,80}?)\s*(?:[,;()]|$)")


def _infobox(reg: Registry, doc: Document) -> None:
    if not reg.focus:
        return
    for f in doc.fields:
        if f.key == "former_name":
            # "Haldor Industrier (1978–2005)": a name history item; its years are not part of the name.
            dated = [p for _, p in name_periods(doc.text, f)]
            for v in [p.name for p in dated] if dated else _split_list(f.value):
                reg.union(reg.focus, v, "former_name", f.start, f.end)
        elif f.key == "founded" and (began := _FOUNDED_AS.search(f.value)) is not None:
            # "Founded: 1946 in Ålesund as Haldor Mekaniske Verksted": the name it began with.
            first = clean(began.group("name"))
            if key(first) and not is_generic(first):
                reg.union(
                    reg.focus,
                    first,
                    "former_name",
                    f.start + began.start("name"),
                    f.start + began.end("name"),
                )
        elif f.key == "native_name" and f.value.strip() and f.value.strip().lower() not in ("zh", "en", "ja"):
            reg.union(reg.focus, clean(f.value), "native_name", f.start, f.end)
        elif f.key in ("founders", "key_people", "ceo", "chairman"):
            for m in re.finditer(r"[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,3}", f.value):
                if m.group(0) in lexicon().leading_stopwords:
                    continue
                k = reg.add(m.group(0), f.start + m.start())
                reg.kinds.setdefault(k, ("person", f.start + m.start(), f.start + m.end()))


_MD_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\((?:[^()\s]|\([^()\s]*\)){1,500}(?:\s+\"[^\"\n]*\")?\)")


_CITATION = re.compile(r"\[(?:\d{1,3}|[a-z]|citation needed|note \d{1,3})\]")


def blank_links(text: str) -> str:
    """Markdown links as their text and an encyclopedia's citation marks ("[5]") as spaces, so
    offsets hold ("[X](url) bought 60%[5] of Y" -> " X       bought 60%    of Y")."""
    text = _MD_LINK.sub(lambda m: " " + m.group(1) + " " * (len(m.group(0)) - len(m.group(1)) - 1), text)
    return _CITATION.sub(lambda m: " " * len(m.group(0)), text)


def _definitional(reg: Registry, doc: Document) -> None:
    text = re.sub(r"\*\*|__", "  ", doc.text)  # markdown emphasis, blanked to keep offsets
    if "[" in text:
        text = blank_links(text)
    for lp in link_patterns():
        for m in lp.regex.finditer(text):
            if doc.in_boilerplate(m.start(), m.end()):
                continue
            name = m.groupdict().get("name")
            if not name:
                continue
            name = _ref(reg, _strip_lead(name))
            for role in ("other", "other2"):
                other = m.groupdict().get(role)
                if other and key(other) and key(other) != key(name):
                    reg.union(name, clean(other), lp.kind, m.start(), m.end())


_REF_HEADS = frozenset(
    {"The", "the", "A", "An", "Its", "its"}
)  # "the Leeds group" is a reference, kept whole


def _strip_lead(name: str) -> str:
    """ "Until 2019 Brookfield" -> "Brookfield": sentence words and numbers before a name."""
    stop = lexicon().leading_stopwords
    ws = name.split()
    while len(ws) > 1 and ws[0] not in _REF_HEADS and (ws[0] in stop or ws[0][:1].isdigit()):
        ws = ws[1:]
    return " ".join(ws)


def _ref(reg: Registry, name: str) -> str:
    """ "the company", "the group" and the like name the focus."""
    low = name.lower()
    if reg.focus and (_REF_NAME.match(name) or (low.startswith("the ") and not name[4:5].isupper())):
        return reg.focus
    if reg.focus and low.startswith("the ") and key(name) and reg.same(name[4:], reg.focus):
        return reg.focus
    return clean(name[4:] if low.startswith("the ") else name)


def _kinds(reg: Registry, doc: Document, mentions: Iterable[Mention]) -> None:
    text = doc.text
    for m in _BRAND_RX.finditer(text):
        if doc.in_boilerplate(m.start(), m.end()):
            continue
        for g in ("n", "n2", "n3"):
            n = m.group(g)
            if n and key(n) and clean(n) not in lexicon().leading_stopwords:
                k = reg.add(clean(n), m.start(g))
                reg.brands.add(k)
                reg.kinds.setdefault(k, ("brand", m.start(g), m.end(g)))
    for m in _BRAND_LIST.finditer(text):
        for item in _split_list(m.group("list")):
            if key(item) and item[:1].isupper():
                k = reg.add(item, m.start("list"))
                reg.brands.add(k)
                reg.kinds.setdefault(k, ("brand", m.start("list"), m.end("list")))
    for m in _GOV.finditer(text):
        name = clean(m.group(0))
        name = name[4:] if name.lower().startswith("the ") else name
        k = reg.add(name, m.start())
        reg.kinds.setdefault(k, ("government", m.start(), m.end()))
    for rx in (_PERSON_BEFORE, _PERSON_AFTER, _PERSON_BY, _PERSON_IS):
        for m in rx.finditer(text):
            if doc.in_boilerplate(m.start(), m.end()):
                continue
            g = "n" if m.group("n") else "n2"
            k = reg.add(m.group(g), m.start(g))
            reg.kinds.setdefault(k, ("person", m.start(g), m.end(g)))
    lex = lexicon()
    for mt in mentions:
        k = key(mt.text)
        if k in reg.kinds or not k:
            continue
        ws = words(mt.text)
        if ws and (ws[-1] in lex.legal_suffixes or ws[-1] in lex.descriptors):
            reg.kinds[k] = ("company", mt.start, mt.end)
    for m in _OWNED_RX.finditer(text):
        if doc.in_boilerplate(m.start(), m.end()):
            continue
        owner = m.group("owner") or m.group("owner2")
        if not (owner and reg.focus and (reg.same(owner, reg.focus) or key(owner) == key(reg.focus))):
            continue
        items = _split_list(m.group("list")) if m.group("list") else [m.group("brand")]
        for item in items:
            if item and key(item) and item[:1].isupper():
                reg.owned.add(reg.add(item, m.start()))
    if reg.focus:
        # The page's subject is the company even where it shares a word with its brand.
        fk = key(reg.focus)
        reg.kinds[fk] = ("company", 0, 0)
        reg.brands.discard(fk)


def _short_forms(reg: Registry, mentions: Sequence[Mention]) -> None:
    """Link each short name to the full name it abbreviates ("Aurora" -> "Aurora Motors Group")."""
    lex = lexicon()
    extra = lex.legal_suffixes | lex.descriptors
    fulls: list[tuple[str, int]] = []
    seen: set[str] = set()
    for m in mentions:
        if m.text not in seen:
            seen.add(m.text)
            fulls.append((m.text, m.start))
    focus_names = [
        reg.surface[k] for k in reg.parent if reg.focus and reg.find(k) == reg.find(key(reg.focus))
    ]
    # The leading words of the focus's names (shorter than the name), once.
    focus_heads = {tuple(fw[:i]) for fw in map(words, focus_names) for i in range(1, len(fw))}
    # One-word names of the text, made once: a set per short name cost time in mentions x names.
    named = {key(m.text) for m in mentions if len(key(m.text).split()) == 1}
    # A full name can only expand a short one whose first word it has first, or first after a place:
    # each short name looks at those full names alone (in text order), not at every name.
    starting: dict[str, list[int]] = {}
    for i, (full, _) in enumerate(fulls):
        fw = key(full).split()
        for lead in sorted({0, place_prefix(fw)}):
            if lead < len(fw):
                starting.setdefault(fw[lead], []).append(i)
    for short, pos in fulls:
        ks = key(short)
        sw = ks.split()
        if not sw or reg.kinds.get(ks, ("",))[0] in ("person", "government"):
            continue
        if reg.focus and ks == key(reg.focus):
            # The focus's own name: "Chongqing Aurora" (a place before it) is the same company; a bare
            # focus ("Aurora") also takes one fuller form ("Aurora Holdings"), but "Aurora Group" never
            # swallows "Aurora Auto", which may be its unit.
            bare = len(words(reg.focus)) == len(sw)
            longer = [
                f for f, _ in fulls if _expands(sw, key(f).split(), extra) and not reg.same(f, reg.focus)
            ]
            for full, _ in fulls:
                fw = key(full).split()
                lead = place_prefix(fw)
                if lead and fw[lead:] == sw and not reg.same(full, reg.focus):
                    reg.union(reg.focus, full, "short_name", pos, pos + len(short))
            if bare and len({key(f) for f in longer}) == 1:
                reg.union(reg.focus, longer[0], "short_name", pos, pos + len(short))
            elif bare and len(sw) == 1 and not longer:
                # News style: "Tarrow" for "Tarrow Foods plc", when the one-word focus starts registered
                # names of one entity only (its current and former names count once, once the text links
                # them). "Harrow Mills" or "Koru Zen" without a legal form may be an old name, a unit or
                # a product.
                firsts = [
                    f
                    for f, at in fulls
                    if len(key(f).split()) > 1
                    and key(f).split()[0] == ks
                    and words(f)[-1] in lex.legal_suffixes
                    and reg.kinds.get(key(f), ("company",))[0] not in ("person", "brand")
                    and not any(w in named for w in key(f).split()[1:])
                ]
                if firsts and len({reg.find(key(f)) for f in firsts}) == 1:
                    reg.union(reg.focus, firsts[0], "short_name", pos, pos + len(short))
            continue
        # Prefix of a name the focus carries: "Chongqing Yu'an" for "Chongqing Yu'an Innovation Technology".
        target: str | None = None
        if reg.focus and ks != key(reg.focus) and tuple(words(short)) in focus_heads:
            target = reg.focus
        if target is None:
            cands: list[str] = []
            nearby = [fulls[i] for i in sorted(set(starting.get(sw[0], ())))]
            for full, _ in nearby:
                kf = key(full)
                if kf == ks and full != short and len(words(full)) > len(words(short)):
                    cands.append(full)
                    continue
                brand_ok = ks not in reg.brands or place_prefix(kf.split()) == 0
                if (
                    _expands(sw, kf.split(), extra)
                    and (kf not in reg.brands or ks in reg.brands)
                    and brand_ok
                ):
                    cands.append(full)
            if not cands and len(sw) == 1 and ks not in reg.brands:
                # News style: "Halden" for "Halden Outdoor Group", when one company starts so.
                firsts = [f for f, _ in nearby if len(key(f).split()) > 1 and key(f).split()[0] == ks]
                firsts = [
                    f
                    for f in firsts
                    if reg.kinds.get(key(f), ("company",))[0] not in ("person", "brand")
                    # "Pell Tarn Wind" is a venture of Pell and Tarn, not Pell's full name.
                    and not any(w in named for w in key(f).split()[1:])
                ]
                legal = [f for f in firsts if words(f)[-1] in lex.legal_suffixes]
                if len({key(f) for f in firsts}) == 1:
                    cands = firsts[:1]
                elif len({key(f) for f in legal}) == 1:
                    cands = legal[:1]
            if reg.focus and any(reg.same(c, reg.focus) for c in cands):
                target = reg.focus
            elif cands:
                roots = {reg.find(key(c)) for c in cands}
                if len(roots) == 1 or len(cands) >= 1:
                    target = cands[0]
        if target is not None and not reg.same(short, target):
            reg.union(target, short, "short_name", pos, pos + len(short))


def _descriptor_short_forms(reg: Registry, mentions: Sequence[Mention]) -> None:
    """ "Rossi" for "Lanificio Rossi": a name opened by a company word is called by the rest of it."""
    lead = frozenset(str(w).lower() for w in cues().get("leading_descriptors", {}).get("words") or ())
    fulls: dict[str, set[str]] = {}
    for m in mentions:
        ws = m.text.split()
        if len(ws) >= 2 and ws[0].lower() in lead:
            rest = key(" ".join(ws[1:]))
            if rest:
                fulls.setdefault(rest, set()).add(bare(m.text))
    for m in mentions:
        k = key(m.text)
        named = fulls.get(k)
        if not named or len({key(n) for n in named}) != 1:
            continue  # "Sol" for both "Grupo Sol" and "Banco Sol": no telling which
        full = next(iter(named))
        if reg.kind(m.text) in ("person", "brand") or reg.same(m.text, full):
            continue
        if any(
            key(o.text) != k and key(o.text).startswith(k + " ") for o in mentions if key(o.text) not in fulls
        ):
            continue  # "Sol Partners" is another company called "Sol ..."
        reg.union(full, m.text, "short_name", m.start, m.end)


_AS_BEFORE = re.compile(
    r"(?i)\b(?:as|named|called|formerly|previously|originally|was|became|renamed|into|from)\s+(?:the\s+)?$"
)


def _introduced_as(text: str, name: str) -> bool:
    """Whether the text gives ``name`` after "as", "named", "formerly"...: a name held, not the holder."""
    return any(
        _AS_BEFORE.search(text, max(0, m.start() - 20), m.start()) for m in re.finditer(re.escape(name), text)
    )


def _expands(short: list[str], full: list[str], extra: frozenset[str]) -> bool:
    """``full`` is ``short`` with an optional leading place and trailing business words."""
    if len(full) <= len(short):
        return False
    for lead in {0, place_prefix(full)}:
        body = full[lead:]
        if (
            body[: len(short)] == short
            and all(w in extra for w in body[len(short) :])
            and len(body) >= len(short)
        ) and (lead or len(body) > len(short)):
            return True
    return False


def _same_without_business_words(reg: Registry) -> None:
    """ "Aurora Hubei" and "Aurora Automobile (Hubei)" are one name once business words go."""
    lex = lexicon()
    drop = lex.legal_suffixes | lex.descriptors
    by_core: dict[str, list[str]] = {}
    for k in list(reg.parent):
        rest = [w for w in k.split() if w not in drop]
        if len(rest) >= 2:
            by_core.setdefault(" ".join(rest), []).append(k)
    for core, ks in by_core.items():
        # Only a bare form joins a fuller one: "Aurora Motors" and "Aurora Technologies" may be two units.
        bare = [k for k in ks if k == core]
        if not bare or len(ks) < 2 or len({reg.find(k) for k in ks}) < 2:
            continue
        for k in ks:
            if k != bare[0]:
                pos = max(reg.first_seen.get(bare[0], 0), 0)
                if pos >= 10**9:
                    pos = 0
                name = reg.surface.get(bare[0], bare[0])
                reg.union(reg.surface.get(k, k), name, "short_name", pos, pos + len(name))


def describe(reg: Registry) -> dict[str, Any]:
    """A plain view of the registry (for debugging and tests)."""
    clusters: dict[str, list[str]] = {}
    for k in reg.parent:
        clusters.setdefault(reg.canonical(reg.surface.get(k, k)), []).append(reg.surface.get(k, k))
    return {"focus": reg.focus, "clusters": {c: sorted(v) for c, v in clusters.items() if len(v) > 1}}
