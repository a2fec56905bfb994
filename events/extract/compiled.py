"""Compiled event patterns kept on disk between runs.

Each event pattern expands to a few kilobytes of regex (several ``{NAME}`` slots with
CJK ranges), and Python spends about 5 ms compiling each one: most of a short
ingest's time. The compiler's output (the opcode list and group tables: plain data,
written with ``marshal``) is kept in one file per Python version under the user's
cache folder (``$TIMELINE_REGEX_CACHE``, else ``$XDG_CACHE_HOME/timeline``, else
``~/.cache/timeline``; ``TIMELINE_REGEX_CACHE=off`` turns it off) and handed to the
regex engine on the next run: the pattern is the same object ``re.compile`` builds.
Anything unexpected (a damaged file, a read-only folder, a changed private compiler)
falls back to ``re.compile``.
"""

from __future__ import annotations

# CPython's regex engine and compiler (private, hence every fallback below).
import _sre  # type: ignore[import-not-found]
import atexit
import hashlib
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from re import _compiler, _parser  # type: ignore[attr-defined]
from typing import Any

_Code = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

_MAX_ENTRIES = 2000
# Entries stay marshalled until asked for: the opcode lists of every pattern as Python ints would
# hold tens of megabytes for the whole run.
_loaded: dict[str, bytes] | None = None
_added: dict[str, bytes] = {}


def compile_pattern(source: str) -> re.Pattern[str]:
    """``re.compile(source)``, from the cache when this source was compiled on an earlier run."""
    path = _cache_file()
    if path is None:
        return re.compile(source)
    entries = _entries(path)
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    held = entries.get(digest)
    if held is not None:
        try:
            return _sre.compile(source, *marshal.loads(held))  # type: ignore[no-any-return]
        except Exception:  # a stale or damaged entry: compile afresh
            entries.pop(digest, None)
    try:
        code = _code(source)
        pattern: re.Pattern[str] = _sre.compile(source, *code)
    except re.error:
        raise
    except Exception:  # the private compiler changed: use the public one
        return re.compile(source)
    if not _added:
        atexit.register(_save, path)
    _added[digest] = entries[digest] = marshal.dumps(code)
    return pattern


def _code(source: str) -> _Code:
    """What ``re._compiler.compile`` hands the engine for ``source`` (no flags)."""
    parsed = _parser.parse(source, 0)
    code = _compiler._code(parsed, 0)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    ops = [int(op) for op in code]  # named opcode constants are ints underneath
    return (int(parsed.state.flags), ops, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def _cache_file() -> Path | None:
    where = os.environ.get("TIMELINE_REGEX_CACHE", "")
    if where.lower() in ("off", "0", "no", "false"):
        return None
    if where:
        folder = Path(where)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / "timeline"
    tag = hashlib.sha256(f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}".encode()).hexdigest()[:16]
    return folder / f"patterns-v2-{tag}.marshal"


def _entries(path: Path) -> dict[str, bytes]:
    global _loaded
    if _loaded is None:
        _loaded = {}
        try:
            data: Any = marshal.loads(path.read_bytes())
            if isinstance(data, dict):
                _loaded = data
        except Exception:  # no cache yet, or unreadable: start empty
            pass
    return _loaded


def _save(path: Path) -> None:
    """Write the cache once at exit (atomically), merged with what another run wrote meanwhile."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        merged: dict[str, bytes] = {}
        try:
            old: Any = marshal.loads(path.read_bytes())
            # Edited patterns leave old entries behind: past a bound, keep only this run's.
            if isinstance(old, dict) and len(old) + len(_added) <= _MAX_ENTRIES:
                merged.update(old)
        except Exception:  # unreadable: start from this run's entries
            pass
        merged.update(_added)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".patterns-")
        with os.fdopen(fd, "wb") as f:
            f.write(marshal.dumps(merged))
        os.replace(tmp, path)
    except Exception:  # a cache that cannot be written is only slower
        pass
