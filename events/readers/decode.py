"""Bytes to text, refusing what is not a text document instead of guessing an encoding."""

from __future__ import annotations

import codecs

from events.errors import InputError

MAX_BYTES = 50 * 1024 * 1024
# Control characters other than tab, newlines and form feed; a document where they are
# common is binary even if it happens to decode.
_CONTROL = frozenset(chr(c) for c in range(32)) - {"\t", "\n", "\r", "\f"}
_SNIFF_CHARS = 65536
_MAX_CONTROL_SHARE = 0.05


def check_size(name: str, size: int) -> None:
    """Refuse documents too large to be one document (the limit keeps memory bounded)."""
    if size > MAX_BYTES:
        raise InputError(
            name,
            f"is {size / 2**20:.1f} MB, larger than the {MAX_BYTES // 2**20} MB limit for one document",
        )


def decode(name: str, data: bytes) -> str:
    """Decode UTF-8 (optionally with a BOM) or BOM-marked UTF-16; InputError otherwise."""
    check_size(name, len(data))
    if data.startswith(codecs.BOM_UTF8):
        # The BOM stays in the text as U+FEFF so offsets match a plain UTF-8 reading of the file.
        text = _strict(name, data, "utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(name, data, "utf-16")
    else:
        if b"\x00" in data:
            raise InputError(name, "looks like a binary file (it contains NUL bytes), not a text document")
        text = _strict(name, data, "utf-8")
    if not text.strip():
        raise InputError(name, "is empty" if not text else "contains only whitespace")
    sample = text[:_SNIFF_CHARS]
    controls = sum(1 for ch in sample if ch in _CONTROL)
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise InputError(name, "looks like a binary file (mostly control characters), not a text document")
    return text


def _strict(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        label = "UTF-8" if encoding == "utf-8" else "UTF-16"
        raise InputError(
            name,
            f"is not valid {label} (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8",
        ) from None
