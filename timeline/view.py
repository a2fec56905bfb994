"""Read access to an index: resolve a name, an entity's rows, its name on a day."""

from __future__ import annotations

import bisect
import json
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from events.errors import UnknownEntityError
from timeline.index import MIN_DAY, ROW_COLUMNS, Index
from timeline.names import name_key
from timeline.tables import Tab, tab

#: How many entities' rows a view keeps converted (least recently asked dropped first).
ROW_CACHE = 4096

#: The row columns the state fold reads: all but the entity (converting only these is ~3x quicker).
FOLD_COLUMNS = tuple(c for c in ROW_COLUMNS if c != "ekey")


@dataclass(frozen=True, slots=True)
class EntityRef:
    """Who an entity is, in output: stable id, a name and every name it carried."""

    ekey: int
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str | None

    def as_json(self, name: str | None = None) -> dict[str, Any]:
        return {"id": self.id, "name": name or self.name, "aliases": list(self.aliases)}


class View:
    """An index opened for queries; rows come back as plain dicts (one per event and entity)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.entities = tab(index.entities)
        self.names = tab(index.names)
        self.rows_tab = tab(index.rows)
        self.timeline = tab(index.timeline)
        self.events = tab(index.events)
        self._n_keys = self.names.num_rows
        self._refs: dict[int, EntityRef] = {}
        self._rows: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self._holder: dict[tuple[int, int], list[dict[str, Any]]] = {}
        self._tl: dict[int, tuple[list[int], list[int], list[str]]] = {}
        #: Derived per-entity data that callers (the fold) may keep here.
        self.cache: dict[str, Any] = {}

    @property
    def size(self) -> int:
        return self.entities.num_rows

    # --- names -------------------------------------------------------------------
    def _find_key(self, key: str) -> int | None:
        lo, hi = 0, self._n_keys
        while lo < hi:
            mid = (lo + hi) // 2
            if self.names.value("key", mid) < key:
                lo = mid + 1
            else:
                hi = mid
        if lo < self._n_keys and self.names.value("key", lo) == key:
            return int(self.names.value("ekey", lo))
        return None

    def resolve(self, name: str) -> int:
        """The entity carrying ``name`` (any spelling); UnknownEntityError if none or several."""
        key = name_key(name)
        found = self._find_key(key) if key else None
        if found is not None:
            return found
        # A near name is only suggested, never taken: "Sokon" must not silently become
        # "Sokon New Energy", a different company.
        candidates = self._near(key)
        shown = "; ".join(f"{self.ref(k).name} ({self.ref(k).id})" for k in candidates[:8])
        if len(candidates) > 1:
            raise UnknownEntityError(f"{name!r} is ambiguous: it could be {shown}")
        if candidates:
            raise UnknownEntityError(f"no entity is called {name!r}; did you mean {shown}?")
        raise UnknownEntityError(
            f"no entity is called {name!r}; `timeline entities` lists the {self.size} known entities"
        )

    def _near(self, key: str) -> list[int]:
        """Entities with a name that starts with the asked words, else the longest known start of them."""
        if not key:
            return []
        out: set[int] = set()
        prefix = key + " "
        # The names starting with the asked words sit together in key order.
        for i in range(bisect.bisect_left(_KeyList(self.names), prefix), self._n_keys):
            if not self.names.value("key", i).startswith(prefix):
                break
            out.add(int(self.names.value("ekey", i)))
        if out:
            return sorted(out)
        parts = key.split()
        for n in range(len(parts) - 1, 0, -1):
            found = self._find_key(" ".join(parts[:n]))
            if found is not None:
                return [found]
        return []

    def ref(self, ekey: int) -> EntityRef:
        ref = self._refs.get(ekey)
        if ref is None:
            row = self.entities.rows(ekey, 1)[0]
            ref = EntityRef(ekey, row["id"], row["name"], tuple(row["aliases"]), row["kind"])
            self._refs[ekey] = ref
        return ref

    def all_refs(self) -> list[EntityRef]:
        ents = self.entities.all_rows()
        return [EntityRef(r["ekey"], r["id"], r["name"], tuple(r["aliases"]), r["kind"]) for r in ents]

    def name_timeline(self, ekey: int) -> tuple[list[int], list[int], list[str]]:
        """(valid_from days, change_end days, names) of one entity, in order."""
        tl = self._tl.get(ekey)
        if tl is None:
            off = int(self.entities.value("tl_offset", ekey))
            n = int(self.entities.value("tl_count", ekey))
            part = self.timeline.rows(off, n)
            tl = ([p["valid_from"] for p in part], [p["change_end"] for p in part], [p["name"] for p in part])
            self._tl[ekey] = tl
        return tl

    def name_events(self, ekey: int) -> list[str | None]:
        """The rename event that starts each name of ``name_timeline`` (None for the first name)."""
        off = int(self.entities.value("tl_offset", ekey))
        n = int(self.entities.value("tl_count", ekey))
        return [p["event"] for p in self.timeline.rows(off, n, ["event"])]

    def name_at(self, ekey: int, day: int) -> str:
        starts, _, names = self.name_timeline(ekey)
        i = bisect.bisect_right(starts, day) - 1
        return names[max(i, 0)] if names else self.ref(ekey).name

    # --- rows ----------------------------------------------------------------------------
    def rows(self, ekey: int) -> list[dict[str, Any]]:
        """Every event involving the entity, in effective-date order (the columns the fold reads)."""
        rows = self._rows.get(ekey)
        if rows is None:
            off = int(self.entities.value("row_offset", ekey))
            n = int(self.entities.value("row_count", ekey))
            rows = self.rows_tab.rows(off, n, FOLD_COLUMNS)
            self._rows[ekey] = rows
            # A bounded cache: a long-lived process keeps the recently asked entities only.
            if len(self._rows) > ROW_CACHE:
                self._rows.pop(next(iter(self._rows)))
        else:
            self._rows.move_to_end(ekey)
        return rows

    def holder_rows(self, target: int, holder: int, types: frozenset[str]) -> list[dict[str, Any]]:
        """The target's folded rows of ``types`` that are the holder's or shared (see state.py)."""
        key = (target, holder)
        rows = self._holder.get(key)
        if rows is None:
            off = int(self.entities.value("row_offset", target))
            n = int(self.entities.value("row_count", target))
            rows = self.rows_tab.rows_where_holder(off, n, FOLD_COLUMNS, holder, types)
            self._holder[key] = rows
            if len(self._holder) > 16 * ROW_CACHE:
                self._holder.pop(next(iter(self._holder)))
        return rows

    def full_rows(self, ekey: int) -> list[dict[str, Any]]:
        """Every event involving the entity, with every column (for event records)."""
        return [self.event(r["event"]) for r in self.rows(ekey)]

    def event(self, i: int) -> dict[str, Any]:
        """The full row of event number ``i`` (``rows.event``)."""
        return self.events.rows(int(i), 1)[0]

    def all_rows(self) -> list[dict[str, Any]]:
        """Each event once (filed under its subject)."""
        return self.events.all_rows()

    def conflicts(self, ekey: int | None = None) -> list[Mapping[str, Any]]:
        """Conflict records, all or those whose subject or object is the entity."""
        if ekey is None:
            return list(self.index.all_conflicts())
        raw = self.entities.value("conflicts", ekey)
        return list(json.loads(raw)) if raw else []


class _KeyList(Sequence[str]):
    """The sorted key column seen as a Python sequence (for bisect)."""

    def __init__(self, names: Tab) -> None:
        self.names = names

    def __len__(self) -> int:
        return self.names.num_rows

    def __getitem__(self, i: Any) -> Any:
        return self.names.value("key", i)


__all__ = ["MIN_DAY", "EntityRef", "View"]
