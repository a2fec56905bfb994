"""Plain text and Markdown: the text is the file's content unchanged, offsets are file offsets."""

from __future__ import annotations

from events.document import Document
from events.readers.frontmatter import read_front_matter
from events.readers.structure import analyse


def read_text(name: str, sha256: str, text: str) -> Document:
    """A plain-text document (scraped pages included: chrome is marked, not removed)."""
    return _read(name, sha256, text, "text")


def read_markdown(name: str, sha256: str, text: str) -> Document:
    """A Markdown document; front matter gives the publication date and title."""
    return _read(name, sha256, text, "markdown")


def _read(name: str, sha256: str, text: str, fmt: str) -> Document:
    front = read_front_matter(text)
    extra = [(front.start, front.end)] if front else []
    found = analyse(text, extra)
    published = front.published if front else None
    return Document(
        name=name,
        sha256=sha256,
        text=text,
        format=fmt,
        published=published,
        published_how="metadata" if published else None,
        title=(front.title if front and front.title else None) or found.title,
        fields=found.fields,
        tables=found.tables,
        boilerplate=found.boilerplate,
        updated=front.updated if front else None,
    )
