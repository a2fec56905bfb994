"""Readers: a file's bytes to a Document (text, metadata, infobox fields, tables, chrome spans).

``read_path(path)`` and ``read_bytes(name, data, suffix)`` pick a reader from
``READERS`` by content first (an HTML page saved as .txt is still HTML), then by
suffix.  Every reader is a pure function ``(name, sha256, text) -> Document``.
Unreadable input raises ``InputError(name, reason)`` with a one-sentence reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from events.document import Document
from events.errors import InputError
from events.readers.decode import MAX_BYTES, check_size, decode
from events.readers.html import looks_like_html, read_html
from events.readers.jsondoc import read_json
from events.readers.text import read_markdown, read_text

Reader = Callable[[str, str, str], Document]

READERS: dict[str, Reader] = {
    "text": read_text,
    "markdown": read_markdown,
    "html": read_html,
    "json": read_json,
}

SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
}

__all__ = ["MAX_BYTES", "READERS", "SUFFIXES", "Reader", "choose_format", "read_bytes", "read_path"]


def choose_format(text: str, suffix: str) -> str:
    """The reader for this content: HTML when it starts like a page, else by suffix, else text."""
    by_suffix = SUFFIXES.get(suffix.lower(), "text")
    if by_suffix != "json" and looks_like_html(text, fragment=False):
        return "html"
    return by_suffix


def read_bytes(name: str, data: bytes, suffix: str) -> Document:
    """Read a document from memory; ``name`` is the file's base name, used in errors and provenance."""
    text = decode(name, data)
    fmt = choose_format(text, suffix if suffix.startswith(".") or not suffix else f".{suffix}")
    return READERS[fmt](name, hashlib.sha256(data).hexdigest(), text)


def read_path(path: Path) -> Document:
    """Read a document file; InputError when it is missing, a folder, unreadable or not text."""
    name = path.name or str(path)
    if not path.exists():
        raise InputError(str(path), "no such file")
    if path.is_dir():
        raise InputError(str(path), "is a directory, not a document file")
    try:
        check_size(str(path), path.stat().st_size)
        data = path.read_bytes()
    except InputError:
        raise
    except PermissionError:
        raise InputError(str(path), "cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc.__class__.__name__})") from None
    try:
        return read_bytes(name, data, path.suffix)
    except InputError as exc:
        # Errors name the path the user gave, not only the base name.
        raise InputError(str(path), exc.reason) from None
