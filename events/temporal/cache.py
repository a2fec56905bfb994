"""A per-user JSON cache for what the tagger derives from its rule files.

Reading the YAML rule files and analysing every rule's regex for the words it
can start with takes a few tenths of a second, longer than tagging a whole
news corpus.  Both results depend only on the rule files, so they are kept as
JSON under ``$TIMELINE_CACHE`` (else ``$XDG_CACHE_HOME/timeline``, else
``~/.cache/timeline``), named by a hash of what they were built from: an edited
rule file gets a new entry, never a stale one.  A cache that cannot be read or
written is skipped; the value is then built every time.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

#: Bump when the shape of a cached value changes.
VERSION = "1"


def cache_dir() -> Path:
    """Where cached values live (see the module docstring)."""
    own = os.environ.get("TIMELINE_CACHE")
    if own:
        return Path(own)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "timeline"


def digest(parts: Iterable[str | bytes]) -> str:
    """A short hash naming the inputs of a cached value."""
    h = hashlib.sha256(VERSION.encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()[:32]


def cached_json(kind: str, key: str, build: Callable[[], Any]) -> Any:
    """The JSON value ``build()`` returns, read from the cache when an entry ``kind-key`` exists.

    ``build`` must return plain JSON data (dicts with string keys, lists, strings, numbers,
    booleans, None); what comes back from the cache is exactly what JSON gives back.
    """
    path = cache_dir() / f"{kind}-{key}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    import tempfile  # only when an entry is written

    value = build()
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a process reading at the same time sees all or nothing.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError:
        pass
    return json.loads(text)
