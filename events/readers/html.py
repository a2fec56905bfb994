"""HTML: the article's text (chrome dropped, paragraphs kept apart), metadata date and title.

``Document.text`` is the text this reader renders, so every span points into it:
paragraphs and headings are separated by blank lines, list items become ``- item``
lines, tables become pipe rows (with a ``---`` line under header rows) and two-column
``th``/``td`` fact tables become ``- Key: value`` infobox lines.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from events.document import Document
from events.errors import InputError
from events.readers.data import load
from events.readers.dates import find_date, normalise_date
from events.readers.structure import analyse
from events.readers.tables import is_value

_BLOCK_TAGS = (
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p pre "
    "section summary table tbody td tfoot th thead tr ul"
)
_BLOCK = frozenset(_BLOCK_TAGS.split())
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_WS = re.compile(r"[ \t\r\n\f\v]+")
_BREAK = "\x00"  # stands for <br> while whitespace is collapsed (NUL cannot occur in read text)
_WORD = re.compile(r"[a-z0-9]+")
_MAX_JSONLD_DEPTH = 6
# A cell longer than this holds running text: the table lays out the page.
_MAX_CELL_WORDS = 60
# A <time> marked as the publication date; otherwise the first <time datetime> of the
# text the reader keeps (a teaser's <time> in a dropped sidebar says nothing of the article).
_TIME_SELECTORS = ("time[itemprop=datePublished]", "time[pubdate]")


@dataclass(frozen=True, slots=True)
class _Config:
    drop_tags: frozenset[str]
    drop_outside_article: frozenset[str]
    drop_roles: frozenset[str]
    drop_class_words: frozenset[str]
    link_share: float
    link_max_words: int
    keep_class_words: frozenset[str] = frozenset()


@cache
def _config() -> _Config:
    data = load("html.yaml")
    link = data.get("link_dense") or {}
    return _Config(
        frozenset(data.get("drop_tags") or ()),
        frozenset(data.get("drop_outside_article") or ()),
        frozenset(data.get("drop_roles") or ()),
        frozenset(data.get("drop_class_words") or ()),
        float(link.get("min_share", 0.8)),
        int(link.get("max_words", 12)),
        frozenset(data.get("keep_class_words") or ()),
    )


_HTML_START = re.compile(
    r"\A[\ufeff\s]*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
# A fragment (a JSON field holding "<p>...</p>"): an opening tag first, a closing tag later.
_HTML_FRAGMENT = re.compile(r"\A\s*<[a-z][a-z0-9]*\b[^<>]*>.*?</[a-z][a-z0-9]*\s*>", re.I | re.S)


def looks_like_html(text: str, *, fragment: bool = True) -> bool:
    """Whether ``text`` starts like an HTML page (or, with ``fragment``, a block of HTML)."""
    head = text[:4096]
    return bool(_HTML_START.match(head) or (fragment and _HTML_FRAGMENT.match(head)))


def read_html(name: str, sha256: str, source: str) -> Document:
    """An HTML page: main text through selectolax (lexbor), metadata date and title."""
    tree = LexborHTMLParser(source)
    root = _root(tree)
    title = _title(tree, root)
    rendered = _with_fact_boxes(tree, root, _Renderer(root).render())
    published = _published(tree) or normalise_date(rendered.first_time or "") or _byline_date(tree)
    # The last-edit date only stands in when the page gives no publication date, not even in its text.
    updated = None if published else _updated(tree, load("metadata.yaml")["html"])
    if not rendered.text.strip():
        raise InputError(name, "is an HTML page with no readable text (only markup, scripts or page chrome)")
    found = analyse(rendered.text, rendered.link_spans)
    return Document(
        name=name,
        sha256=sha256,
        text=rendered.text,
        format="html",
        published=published,
        published_how="metadata" if published else None,
        title=title or found.title,
        fields=found.fields,
        tables=found.tables,
        boilerplate=found.boilerplate,
        updated=updated,
    )


def _with_fact_boxes(tree: LexborHTMLParser, root: LexborNode, story: _Rendered) -> _Rendered:
    """The story with the page's fact box put first when the box stands outside the story's element
    (an <aside class="infobox"> beside the <article>): its fields are the page's facts too."""
    keep = _config().keep_class_words
    if not keep or root.tag not in ("article", "main"):
        return story
    boxes: list[_Rendered] = []
    for node in tree.css("aside, div, table, section, dl"):
        words = set(
            _WORD.findall(f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}".lower())
        )
        if not words & keep:
            continue
        ancestor: LexborNode | None = node
        while ancestor is not None and ancestor.mem_id != root.mem_id:
            ancestor = ancestor.parent
        if ancestor is not None:
            continue  # inside the story: already rendered
        box = _Renderer(node).render()
        if box.text.strip():
            boxes.append(box)
    if not boxes:
        return story
    text, spans = "", []
    for part in [*boxes[:1], story]:
        offset = len(text) + (1 if text else 0)
        text = f"{text}\n{part.text}" if text else part.text
        spans += [(s + offset, e + offset) for s, e in part.link_spans]
    return _Rendered(text, spans, story.first_time)


# --- metadata -----------------------------------------------------------------------


def _meta_or_jsonld_date(tree: LexborHTMLParser, metas: Any, jsonld_keys: Any) -> str | None:
    """The first date in the `<meta>` tags named by ``metas``, then in the JSON-LD ``jsonld_keys``."""
    for spec in metas or ():
        for node in tree.css(f"meta[{spec['attr']}]"):
            if (node.attributes.get(spec["attr"]) or "").lower() == spec["value"].lower():
                value = normalise_date(node.attributes.get("content") or "")
                if value:
                    return value
    keys = set(jsonld_keys or ())
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text(deep=True) or "null")
        except ValueError:
            continue
        value = _jsonld_date(data, keys, 0)
        if value:
            return value
    return None


def _published(tree: LexborHTMLParser) -> str | None:
    cfg = load("metadata.yaml")["html"]
    value = _meta_or_jsonld_date(tree, cfg["meta_date"], cfg["jsonld_date_keys"])
    if value:
        return value
    for selector in _TIME_SELECTORS:
        stamp = tree.css_first(selector)
        if stamp is not None:
            value = normalise_date(stamp.attributes.get("datetime") or stamp.text(deep=True) or "")
            if value:
                return value
    return None


_BYLINE_SELECTOR = ", ".join(
    f'[{attr}*="{word}"]'
    for attr in ("class", "id")
    for word in ("date", "byline", "published", "timestamp", "dateline", "posted")
)
_NOT_THE_STORY = frozenset({"nav", "aside", "footer", "form"})
_BYLINE_LEVELS = 3


def _byline_date(tree: LexborHTMLParser) -> str | None:
    """A byline's date the story's container leaves outside it (<div class="meta"><span class="date">).

    Dates in navigation, sidebars, footers and teaser cards belong to other pages."""
    cfg = _config()
    h1 = tree.css_first("h1")
    if h1 is None:
        return None
    # The headline's container, three levels up at most: a byline sits beside the headline.
    near: set[int] = set()
    up: LexborNode | None = h1
    for _ in range(_BYLINE_LEVELS):
        up = up.parent if up is not None else None
        if up is not None and up.tag not in ("body", "html"):
            near.add(up.mem_id)
    for node in tree.css(_BYLINE_SELECTOR):
        chain: list[LexborNode] = []
        ancestor: LexborNode | None = node
        while ancestor is not None:
            chain.append(ancestor)
            ancestor = ancestor.parent
        if not any(a.mem_id in near for a in chain[: _BYLINE_LEVELS + 2]):
            continue
        ancestor = node
        other = False
        while ancestor is not None:
            words = set(
                _WORD.findall(
                    f"{ancestor.attributes.get('class') or ''} {ancestor.attributes.get('id') or ''}".lower()
                )
            )
            if ancestor.tag in _NOT_THE_STORY or words & (cfg.drop_class_words - {"byline"}) - {"masthead"}:
                other = True
                break
            ancestor = ancestor.parent
        text = _clean(node.text(deep=True, separator=" "))
        if not other and len(text) <= 120:
            found = find_date(text)
            if found:
                return found
    return None


def _updated(tree: LexborHTMLParser, cfg: dict[str, Any]) -> str | None:
    """The page's last-edit date (``article:modified_time``, ``dateModified``), when it gives no other."""
    return _meta_or_jsonld_date(tree, cfg.get("meta_update"), cfg.get("jsonld_update_keys"))


def _jsonld_date(data: Any, keys: set[str], depth: int) -> str | None:
    if depth > _MAX_JSONLD_DEPTH:
        return None
    if isinstance(data, dict):
        for key in keys:
            if isinstance(data.get(key), str):
                value = normalise_date(data[key])
                if value:
                    return value
        items: list[Any] = list(data.values())
    elif isinstance(data, list):
        items = data
    else:
        return None
    for item in items:
        value = _jsonld_date(item, keys, depth + 1)
        if value:
            return value
    return None


def _title(tree: LexborHTMLParser, root: LexborNode) -> str | None:
    h1 = root.css_first("h1") or tree.css_first("h1")
    if h1 is not None and _clean(h1.text(deep=True)):
        return _clean(h1.text(deep=True))
    cfg = load("metadata.yaml")["html"]
    for spec in cfg["meta_title"]:
        node = tree.css_first(f'meta[{spec["attr"]}="{spec["value"]}"]')
        if node is not None and _clean(node.attributes.get("content") or ""):
            return _clean(node.attributes.get("content") or "")
    head_title = tree.css_first("title")
    return _clean(head_title.text(deep=True)) or None if head_title is not None else None


def _clean(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


# --- main text ----------------------------------------------------------------------


def _root(tree: LexborHTMLParser) -> LexborNode:
    """<main>, else the longest <article>, else <body>: where the story is."""
    main = tree.css_first("main")
    if main is not None:
        return main
    articles = tree.css("article")
    if articles:
        return max(articles, key=lambda n: len(n.text(deep=True) or ""))
    node = tree.body or tree.root
    if node is None:
        # lexbor always builds <html><body>, even for an empty string.
        raise AssertionError("lexbor returned a tree without a root")
    return node


@dataclass
class _Rendered:
    text: str
    link_spans: list[tuple[int, int]]
    first_time: str | None


@dataclass
class _Block:
    kind: str  # "para", "line" (list item, table row: single line break between them), "heading"
    text: str
    link_share: float = 0.0
    links: int = 0


@dataclass
class _Renderer:
    root: LexborNode
    blocks: list[_Block] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    link_chars: int = 0
    link_depth: int = 0
    links: int = 0
    prefix: str = ""
    kind: str = "para"
    first_time: str | None = None

    def render(self) -> _Rendered:
        cfg = _config()
        root_len = max(1, len(self.root.text(deep=True) or ""))
        in_article = {"article", "main"}
        # Iterative walk: deep pages must not hit the recursion limit.
        stack: list[tuple[LexborNode, bool, bool]] = [(self.root, False, False)]
        while stack:
            node, leaving, inside_article = stack.pop()
            tag = node.tag or ""
            if leaving:
                if tag == "a":
                    self.link_depth -= 1
                elif tag in _BLOCK:
                    self._flush()
                continue
            if tag == "-text":
                piece = node.text(deep=False) or ""
                self.buffer.append(piece)
                if self.link_depth:
                    self.link_chars += len(piece.strip())
                continue
            if tag.startswith("-"):
                continue  # comments, doctype
            if self._dropped(node, tag, inside_article, root_len, cfg):
                continue
            if tag == "br":
                self.buffer.append(_BREAK)
                continue
            if tag == "time" and self.first_time is None and node.attributes.get("datetime"):
                self.first_time = node.attributes.get("datetime")
            if tag == "table" and not _is_layout_table(node):
                self._flush()
                self._table(node)
                continue
            if tag == "dl" and self._definitions(node):
                continue
            if tag == "pre":
                self._flush()
                raw = (node.text(deep=True) or "").strip("\n")
                if raw.strip():
                    self.blocks.append(_Block("para", raw))
                continue
            if tag in _BLOCK:
                self._flush(closing=False)
                if tag == "li":
                    self.kind, self.prefix = "line", "- "
                elif tag in _HEADINGS:
                    self.kind = "heading"
            if tag == "a":
                self.link_depth += 1
                self.links += 1
            stack.append((node, True, inside_article))
            child_inside = inside_article or tag in in_article or node.mem_id == self.root.mem_id
            children = list(node.iter(include_text=True))
            stack.extend((child, False, child_inside) for child in reversed(children))
        self._flush()
        return self._join()

    def _dropped(self, node: LexborNode, tag: str, inside_article: bool, root_len: int, cfg: _Config) -> bool:
        if node.mem_id == self.root.mem_id:
            return False
        attrs = node.attributes
        words = set(_WORD.findall(f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()))
        if words & cfg.keep_class_words and tag not in ("script", "style", "template"):
            return False  # a fact box set aside from the story ("<aside class=infobox>") is the page's facts
        if tag in cfg.drop_tags or (tag in cfg.drop_outside_article and not inside_article):
            return True
        if (
            (attrs.get("role") or "").lower() in cfg.drop_roles
            or "hidden" in attrs
            or attrs.get("aria-hidden") == "true"
        ):
            return True
        if words & cfg.drop_class_words:
            return len(node.text(deep=True) or "") < root_len / 2
        return False

    def _flush(self, *, closing: bool = True) -> None:
        """Emit the pending text as a block.

        Opening a nested block (``<li><p>``) keeps the outer block's list prefix for
        the inner text unless text was emitted; closing a block always resets it.
        """
        raw = "".join(self.buffer)
        text = _WS.sub(" ", raw)
        text = "\n".join(part.strip() for part in text.split(_BREAK)).strip()
        if text:
            share = self.link_chars / max(1, len(text.replace(" ", "").replace("\n", "")))
            self.blocks.append(_Block(self.kind, self.prefix + text, share, self.links))
        elif not closing:
            return
        self.buffer, self.link_chars, self.links, self.prefix, self.kind = [], 0, 0, "", "para"

    def _definitions(self, dl: LexborNode) -> bool:
        """A <dl> of term/definition pairs as ``- Term: definition`` infobox lines."""
        pairs: list[tuple[str, str]] = []
        term: str | None = None
        for child in dl.iter():
            if child.tag == "dt":
                term = _clean(child.text(deep=True, separator=" "))
            elif child.tag == "dd" and term:
                pairs.append((term, _clean(child.text(deep=True, separator=" "))))
                term = None
        if len(pairs) < 2:
            return False
        self._flush()
        for key, value in pairs:
            self.blocks.append(_Block("line", f"- {key}: {value}"))
        self.blocks.append(_Block("para", ""))
        return True

    def _table(self, table: LexborNode) -> None:
        rows: list[tuple[bool, list[str]]] = []
        caption = table.css_first("caption")
        if caption is not None and _clean(caption.text(deep=True)):
            self.blocks.append(_Block("para", _clean(caption.text(deep=True))))
        for tr in table.css("tr"):
            owner = _nearest_table(tr)
            if owner is None or owner.mem_id != table.mem_id:
                continue  # a row of a nested table
            cells = [c for c in tr.iter() if c.tag in ("td", "th")]
            if not cells:
                continue
            texts = [_clean(c.text(deep=True, separator=" ")).replace("|", "¦") for c in cells]
            is_head = (tr.parent is not None and tr.parent.tag == "thead") or all(
                c.tag == "th" for c in cells
            )
            rows.append((is_head and len(cells) > 1, texts))
            # A fact row names a property ("Founded"); a th holding a year or number is a row label.
            if len(cells) == 2 and cells[0].tag == "th" and cells[1].tag == "td" and not is_value(texts[0]):
                # A fact row's value lists its items on separate lines ("A<br>B"): keep them apart.
                rows[-1] = (False, ["\x01", texts[0], _items_text(cells[1])])  # marks a fact row: "th: td"
        facts = sum(1 for _, t in rows if t and t[0] == "\x01")
        if rows and facts >= max(2, len(rows) * 2 // 3):
            for _, texts in rows:
                line = f"- {texts[1]}: {texts[2]}" if texts[0] == "\x01" else " ".join(texts)
                if line.strip():
                    self.blocks.append(_Block("line", line))
            self.blocks.append(_Block("para", ""))
            return
        header_done = False
        for k, (is_head, texts) in enumerate(rows):
            texts = [t for t in texts if t != "\x01"]
            self.blocks.append(_Block("line", "| " + " | ".join(texts) + " |"))
            if is_head and not header_done and (k + 1 == len(rows) or not rows[k + 1][0]):
                self.blocks.append(_Block("line", "|" + "---|" * len(texts)))
                header_done = True
        self.blocks.append(_Block("para", ""))

    def _join(self) -> _Rendered:
        parts: list[str] = []
        spans: list[tuple[int, int]] = []
        pos = 0
        prev: _Block | None = None
        cfg = _config()
        for block in self.blocks:
            if not block.text:
                prev = None if prev is None else _Block("para", prev.text)
                continue
            if prev is not None:
                sep = "\n" if prev.kind == "line" and block.kind == "line" else "\n\n"
                parts.append(sep)
                pos += len(sep)
            parts.append(block.text)
            # Several links and little else: a menu or tag row (one link is a byline or a citation).
            if (
                block.kind != "heading"
                and block.links >= 2
                and block.link_share >= cfg.link_share
                and len(block.text.split()) <= cfg.link_max_words
            ):
                spans.append((pos, pos + len(block.text)))
            pos += len(block.text)
            prev = block
        return _Rendered("".join(parts) + ("\n" if parts else ""), spans, self.first_time)


_ITEM_BREAK = re.compile(r"<br\s*/?>|</li>|</p>|</div>", re.I)


def _items_text(cell: LexborNode) -> str:
    """A cell's text with its lines (``<br>``, list items) joined by "; " rather than run together."""
    html = cell.html or ""
    if not _ITEM_BREAK.search(html):
        return _clean(cell.text(deep=True, separator=" ")).replace("|", "¦")
    parsed = LexborHTMLParser(_ITEM_BREAK.sub("\x02", html))
    pieces = [
        _clean(p).replace("|", "¦") for p in (parsed.text(deep=True, separator=" ") or "").split("\x02")
    ]
    return "; ".join(p for p in pieces if p)


def _is_layout_table(table: LexborNode) -> bool:
    """A table used to lay out a page (cells holding headings, tables or running text)."""
    if table.css_first("table table, table h1, table h2, table h3, table h4, table article") is not None:
        return True
    return any(len((cell.text(deep=True) or "").split()) > _MAX_CELL_WORDS for cell in table.css("td, th"))


def _nearest_table(node: LexborNode) -> LexborNode | None:
    parent = node.parent
    while parent is not None and parent.tag != "table":
        parent = parent.parent
    return parent
