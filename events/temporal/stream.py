"""``timeline tag``: tag a whole corpus in one process, JSONL in and JSONL out.

Each input line is one document ``{"doc_id", "dct", "text"}``; each output
line is one temporal expression ``{"doc_id", "start", "end", "text", "type",
"value"}`` with character offsets into that document's text.  A document's
reference date is its own ``dct``, else the ``--dct`` given for the run, else
the one :func:`infer_reference_date` finds in the text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from events.errors import DateError, InputError
from events.temporal.reference import infer_reference_date, narrative_mode, parse_published

STDIN = "<stdin>"


def tag_stream(lines: Iterable[str], dct: str | None = None) -> Iterator[str]:
    """Yield one JSON line (no trailing newline) per timex found in the documents ``lines`` hold.

    Blank lines are skipped.  A line that is not a JSON object with a string
    ``text`` (or whose ``dct`` is not a date) raises InputError naming
    ``<stdin>`` and the line number; lines before it have been answered.
    ``dct`` must be a date (DateError otherwise).  Bare dates follow the
    story when the reference date is coarser than a day (:func:`narrative_mode`).
    """
    from events.temporal.engine import tag

    if dct is not None:
        try:
            dct = parse_published(dct).value
        except DateError as err:
            raise DateError(f"--dct: {err}") from None
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        doc_id, text, own_dct = _document(line, number)
        reference = own_dct or dct
        if reference is None:
            point, _how = infer_reference_date(text)
            reference = point.value if point is not None else None
        for t in tag(text, reference, narrative=narrative_mode(reference)):
            yield dumps(
                {
                    "doc_id": doc_id,
                    "start": t.start,
                    "end": t.end,
                    "text": t.text,
                    "type": t.type,
                    "value": t.value,
                }
            )


def _document(line: str, number: int) -> tuple[Any, str, str | None]:
    """``(doc_id, text, dct)`` of one input line, or InputError saying what is wrong with it."""
    try:
        record = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as err:
        raise InputError(STDIN, f"not valid JSON ({err.msg}, column {err.colno})", number) from None
    if not isinstance(record, dict):
        raise InputError(STDIN, "expected a JSON object with doc_id, dct and text", number)
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(STDIN, 'field "text" is missing or not a string', number)
    doc_id = record.get("doc_id")
    if doc_id is None or isinstance(doc_id, (dict, list, bool)):
        raise InputError(STDIN, 'field "doc_id" is missing or not a string or number', number)
    raw = record.get("dct")
    if raw is None or raw == "":
        return doc_id, text, None
    if not isinstance(raw, str):
        raise InputError(STDIN, 'field "dct" is not a string', number)
    try:
        return doc_id, text, parse_published(raw).value
    except DateError:
        raise InputError(STDIN, f"dct {raw!r} is not a date", number) from None
