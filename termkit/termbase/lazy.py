"""A termbase read back from the cache whose concepts are built only when asked for.

A one-line check meets a few dozen of the bundled termbase's 7,500 concepts;
building them all (and the matcher and near-variant index over them) was most
of its start-up. The cache entry (``termbase.cached``) keeps the concepts in
blocks, each checksummed on its own; a ``LazyTermbase`` reads the blocks the
caller asks for (``concepts_at``, ``concept``) and builds every concept only
when something needs the whole (``concepts``, ``terms()``). Either way each
concept is built once and is the same object whichever way it was reached, so
a match found through a part of the termbase is a match of the whole.

To everything else it is a ``Termbase``: ``len`` and the file list need no
concept, and it pickles (to a worker process) as a plain, whole termbase.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from termkit.model import Concept, Termbase

#: concepts per block of the cache entry
BLOCK = 16


class LazyTermbase(Termbase):
    """A cached termbase: a ``Termbase`` whose concepts are read from the cache entry block by block."""

    # Built by ``open``, never by the dataclass __init__: ``concepts`` and ``_by_id`` are not
    # instance attributes until first asked for, so ``__getattr__`` builds them then.

    @classmethod
    def open(cls, entry: Any, files: tuple[str, ...], titles: dict, count: int,
             decode: Callable[[list], Concept], reload: Callable[[], Termbase]) -> LazyTermbase:
        """A lazy termbase over ``entry`` (``store.ShardedEntry``: shard 0 the ids, 1.. the blocks).

        ``reload`` loads the same termbase from its files: what a block that fails its
        checksum (a damaged cache file; the entry is then removed) is taken from.
        """
        tb = object.__new__(cls)
        tb.__dict__.update(files=files, titles=titles, _entry=entry, _count=count, _decode=decode,
                           _reload=reload, _blocks={}, _built={}, _ids=None, _source=None)
        return tb

    def __getattr__(self, name: str) -> Any:
        if name == "concepts":
            concepts = tuple(self.concepts_at(range(self._count)))
            object.__setattr__(self, "concepts", concepts)
            return concepts
        if name == "_by_id":
            by_id = {c.id: c for c in self.concepts}
            object.__setattr__(self, "_by_id", by_id)
            return by_id
        raise AttributeError(name)

    def concepts_at(self, indices: Iterable[int]) -> list[Concept]:
        """The concepts at these positions of the termbase's order, in the order given."""
        built = self._built
        out = []
        for i in indices:
            concept = built.get(i)
            if concept is None:
                concept = built[i] = self._build(i)
            out.append(concept)
        return out

    def _build(self, i: int) -> Concept:
        b = i // BLOCK
        records = self._blocks.get(b)
        if records is None:
            records = self._entry.shard(1 + b)
            if not isinstance(records, list) or len(records) != min(BLOCK, self._count - b * BLOCK):
                records = False  # damaged: this block's concepts come from the files
            self._blocks[b] = records
        if records is not False:
            try:
                return self._decode(records[i % BLOCK])
            except (ValueError, TypeError, KeyError, IndexError):
                self._blocks[b] = False
        return self._from_source().concepts[i]

    def _from_source(self) -> Termbase:
        source = self._source
        if source is None:
            source = self._reload()
            object.__setattr__(self, "_source", source)
        return source

    def _index_of(self, concept_id: str) -> int | None:
        ids = self._ids
        if ids is None:
            listed = self._entry.shard(0)
            if not isinstance(listed, list) or len(listed) != self._count:
                listed = [c.id for c in self._from_source().concepts]
            ids = {cid: i for i, cid in enumerate(listed)}
            object.__setattr__(self, "_ids", ids)
        return ids.get(concept_id)

    def get(self, concept_id: str) -> Concept | None:
        if "_by_id" in self.__dict__:
            return self._by_id.get(concept_id)
        i = self._index_of(concept_id)
        return None if i is None else self.concepts_at([i])[0]

    def concept(self, concept_id: str) -> Concept:
        found = self.get(concept_id)
        if found is None:
            raise KeyError(concept_id)
        return found

    def __len__(self) -> int:
        return self._count

    def __reduce__(self):
        return (_whole, (self.concepts, self.files, dict(self.titles), getattr(self, "cache_key", None)))


def _whole(concepts: tuple[Concept, ...], files: tuple[str, ...], titles: dict, key: str | None) -> Termbase:
    tb = Termbase(concepts, files, titles)
    if key is not None:
        object.__setattr__(tb, "cache_key", key)
    return tb
