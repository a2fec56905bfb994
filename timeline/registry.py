"""Entities: which names belong together, and a stable id for each group of names.

Names are grouped by their key (``timeline.names.name_key``) and joined by
name links and renames (union-find). An entity's id is derived from the
smallest key of its group, so it does not depend on the order in which
documents were ingested.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


class UnionFind:
    """Disjoint sets over strings, with path halving."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, x: str) -> None:
        self.parent.setdefault(x, x)

    def find(self, x: str) -> str:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller key becomes the root, so roots are order-independent.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for x in self.parent:
            out.setdefault(self.find(x), []).append(x)
        return out


def entity_id(keys: Iterable[str]) -> str:
    """Stable id of a group of name keys: a hash of its smallest key."""
    return "e" + hashlib.sha256(min(keys).encode()).hexdigest()[:12]
