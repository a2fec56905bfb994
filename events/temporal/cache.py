"""A per-user cache for what the tagger derives from its rule files.

Reading the YAML rule files, analysing every rule's regex for the words it can
start with and compiling the regexes take a few tenths of a second, longer than
tagging a whole news corpus.  All depend only on the rule files, so they are
kept (JSON; the compiled regexes as marshalled compiler output) under
``$TIMELINE_CACHE`` (else ``$XDG_CACHE_HOME/timeline``, else
``~/.cache/timeline``), named by a hash of what they were built from: an edited
rule file gets a new entry, never a stale one.  A cache that cannot be read or
written is skipped; the value is then built every time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
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
    value = build()
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    write_entry(path, kind, lambda: text.encode("utf-8"))
    return json.loads(text)


#: Entries of one kind kept: each rule edit makes a new one, and a few let two checkouts
#: of different versions (a clone beside the working tree) both stay warm.
KEEP = 4


def write_entry(path: Path, kind: str, data: Callable[[], bytes]) -> None:
    """Write ``data()`` to ``path`` atomically, then drop all but the newest ``KEEP`` entries of ``kind``.

    Written aside and renamed: a process reading at the same time sees all or nothing.
    Any failure (read-only home, a value that cannot be serialised) leaves no trace.
    """
    import tempfile  # only when an entry is written

    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data())
        os.replace(tmp, path)
        tmp = None
        entries = sorted(path.parent.glob(f"{kind}-*"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


class RegexCache:
    """Compiled regexes of one rule set, kept between runs as the regex compiler's output.

    Compiling the rules' regexes takes about a tenth of a second, most of a short
    ``timeline tag`` run.  What CPython's private compiler hands its regex engine (opcode
    list and group tables: plain data) is written with ``marshal`` to one small file per
    rule set and Python version, and handed to the engine next time: the same pattern
    object ``re.compile`` builds.  Anything unexpected (no cache folder, a damaged file, a
    changed private compiler) falls back to ``re.compile``.
    """

    def __init__(self, kind: str, key: str) -> None:
        import sys

        tag = digest([sys.version])[:12]
        self._kind = kind
        self._path = cache_dir() / f"{kind}-{key}-{tag}.marshal"
        self._codes: dict[tuple[str, int], tuple[Any, ...]] = {}
        self._new = False
        try:
            import marshal

            data = marshal.loads(self._path.read_bytes())
            if isinstance(data, dict):
                self._codes = data
        except (OSError, ValueError, EOFError, TypeError):
            pass

    def compile(self, source: str, flags: int = 0) -> re.Pattern[str]:
        """``re.compile(source, flags)``, from the cache when it holds this source."""
        import _sre  # type: ignore[import-not-found]

        flags = int(flags)  # a plain int: RegexFlag values cannot be marshalled
        held = self._codes.get((source, flags))
        if held is not None:
            try:
                return _sre.compile(source, *held)  # type: ignore[no-any-return]
            except Exception:  # a damaged entry: compile afresh
                pass
        try:
            from re import _compiler, _parser  # type: ignore[attr-defined]

            parsed = _parser.parse(source, flags)
            code = [int(op) for op in _compiler._code(parsed, flags)]
            groupindex = dict(parsed.state.groupdict)
            indexgroup: list[str | None] = [None] * parsed.state.groups
            for name, i in groupindex.items():
                indexgroup[i] = name
            entry = (
                flags | int(parsed.state.flags),
                code,
                parsed.state.groups - 1,
                groupindex,
                tuple(indexgroup),
            )
            pattern: re.Pattern[str] = _sre.compile(source, *entry)
        except re.error:
            raise
        except Exception:  # the private compiler changed: use the public one
            return re.compile(source, flags)
        self._codes[(source, flags)] = entry
        self._new = True
        return pattern

    def save(self) -> None:
        """Write the entries (atomically) if any were compiled in this run."""
        if not self._new:
            return
        import marshal

        write_entry(self._path, self._kind, lambda: marshal.dumps(self._codes))
        self._new = False
