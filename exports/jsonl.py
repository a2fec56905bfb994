"""JSON Lines export: the public event schema, one record per line.

Keys are sorted at every level and text stays UTF-8 (赛力斯, not \\u8d5b...),
so the same records always give the same bytes and a diff of two exports
shows only what changed. This is the lossless format: every key of a record
is written, including any the other exporters do not know.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from exports.record import dumps


def export(records: Sequence[Mapping[str, Any]]) -> bytes:
    """Records -> JSONL bytes (empty input gives empty output)."""
    return "".join(dumps(dict(record)) + "\n" for record in records).encode("utf-8")
