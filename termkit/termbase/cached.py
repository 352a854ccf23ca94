"""Loaded, validated termbases kept in termkit's user cache (``termkit._util.store``).

Loading a termbase parses its YAML, validates every concept and term and runs
its example sentences through the matcher; with 100,000 terms that takes
seconds, and ``termkit check`` paid it on every run. A termbase that loaded
without a single problem is stored as plain data (tuples of strings and ints,
see ``_to_shards``), in checksummed blocks of concepts, and read back block by
block (``termbase.lazy``) when nothing it was built from has changed.

What decides a hit (all of it is in the key, so a change is always a miss):

- the termbase files: the paths as given and absolute, sizes, modification
  times and full contents (an edit that keeps the size and the time still
  changes the key);
- termkit's version, the Python version, ``FORMAT`` and the code signature of
  the whole package (``store.code_signature``: every module's path, size and
  time, so no list of modules is kept by hand), plus the installed OpenCC's
  module file (its tables fold the terms);

and what never happens: a termbase with a problem raises ``TermbaseError``
before anything is stored, so a cached entry is always one that validated
with examples run. The file contents are hashed again after loading and the
entry is stored only if they still match, so a file edited during the load
cannot be stored under the key of its older text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from termkit._util import store as _store
from termkit.model import Concept, Example, Located, Term, Termbase
from termkit.termbase.lazy import BLOCK, LazyTermbase

#: bump when the layout of ``_to_shards`` changes
FORMAT = 5
KIND = "termbase"

def cache_key(files: list[str]) -> str | None:
    """The content key of these termbase files with the current code; None when a file cannot be read.

    Hashing every file's content costs a cold start several milliseconds, so the key
    is also remembered under the files' status (size, modification and change times,
    inode: ``store.files_stat``), as git's index does: while no file's status
    changes, its content has not either (any write sets the change time, which no
    tool can set back), and the remembered key is used without reading the files.
    """
    from termkit import __version__

    version = f"termbase {FORMAT} {__version__}"
    stats = _store.files_stat(files)
    memo = _store.digest(version, _store.code_signature(), *stats) if stats is not None else None
    if memo is not None:
        known = _store.load("keys", memo)
        if isinstance(known, str):
            return known
    file_parts = _store.files_key(files)
    if file_parts is None:
        return None
    key = _store.digest(version, _store.code_signature(), *file_parts)
    if memo is not None and _store.files_stat(files) == stats:  # unchanged while it was read
        _store.store("keys", memo, key)
    return key


def load_cached(files: Iterable[str | Path], validate: Callable[[Termbase], list] | None = None) -> Termbase:
    """``load_paths(files)``, read back from the cache when nothing it depends on changed.

    ``validate`` runs checks beyond the termbase's own validation (the check
    layer passes its example runner) and returns their problems; only a
    termbase that passed it is stored. Without it, a stored entry is still
    used (it passed more checks) but nothing new is stored. What comes back from
    the cache is a ``LazyTermbase``: its concepts are built as they are asked for.
    """
    paths = [str(f) for f in files]
    key = cache_key(paths) if _store.cache_dir() is not None else None
    if key is not None:
        lazy = _open_entry(_store.load_sharded(KIND, key), paths)
        if lazy is not None:
            _keyed(lazy, key)
            return lazy
    from termkit.errors import TermbaseError
    from termkit.termbase.load import load_paths  # YAML: imported only when the cache misses

    termbase = load_paths(paths)  # raises on any problem: nothing is stored
    if validate is not None:
        problems = validate(termbase)
        if problems:
            raise TermbaseError(problems)
    if key is not None and validate is not None and cache_key(paths) == key:
        _save(termbase, key)
        _keyed(termbase, key)
    return termbase


def _save(termbase: Termbase, key: str) -> None:
    _store.store_sharded(KIND, key, *_to_shards(termbase))


def _keyed(termbase: Termbase, key: str) -> None:
    """Give the termbase its content key: what is compiled from it is cached under it (``match.stored``)."""
    object.__setattr__(termbase, "cache_key", key)


# -- plain data -------------------------------------------------------------------------------
#
# A Located is stored as three ints (index into the path list, line, column), a term or
# an example as a flat list: JSON reads arrays of strings and ints far faster than
# objects, and a 100,000-term termbase has a quarter of a million records.

def _to_shards(termbase: Termbase) -> tuple[dict, list]:
    """The entry of a termbase: a small header, the concept ids, then blocks of ``BLOCK`` concept records."""
    paths: list[str] = []
    index: dict[str, int] = {}

    def where(loc: Located | None) -> tuple:
        if loc is None:
            return (-1, 0, 0)
        i = index.get(loc.path)
        if i is None:
            i = index[loc.path] = len(paths)
            paths.append(loc.path)
        return (i, loc.line, loc.column)

    records = []
    for c in termbase.concepts:
        terms = tuple((t.text, t.lang, t.type, t.status, t.note, t.use, t.concept_id) + where(t.where)
                      + (t.since, t.until, t.verified, t.evidence) for t in c.terms)
        examples = tuple((e.text, e.matches, e.fixed) + where(e.where) + (e.date,) for e in c.examples)
        records.append((c.id, c.subject, c.termbase, c.definition, c.note, c.source)
                       + where(c.where) + (terms, examples, c.verified, c.evidence, c.reference))
    blocks = [records[i:i + BLOCK] for i in range(0, len(records), BLOCK)]
    meta = {"format": FORMAT, "files": list(termbase.files), "titles": dict(termbase.titles), "paths": paths,
            "count": len(records)}
    return meta, [[c.id for c in termbase.concepts], *blocks]


_new = object.__new__


def _open_entry(entry: _store.ShardedEntry | None, files: list[str]) -> LazyTermbase | None:
    """The termbase of a stored entry; None for anything unexpected (treated as a miss)."""
    if entry is None:
        return None
    meta = entry.meta
    try:
        if meta.get("format") != FORMAT or meta.get("files") != files:
            return None
        paths, count, titles = meta["paths"], meta["count"], dict(meta["titles"])
        if not isinstance(paths, list) or not isinstance(count, int) or entry.count != 1 + -(-count // BLOCK):
            return None
    except (AttributeError, KeyError, TypeError, ValueError):
        return None

    def reload() -> Termbase:
        # A block failed its checksum (the entry is removed): the files give the same termbase (the key
        # says they are those it was validated from), and its entry is written again for the next run.
        from termkit.termbase.load import load_paths

        termbase = load_paths(files)
        key = cache_key(files)
        if key is not None:
            _save(termbase, key)
        return termbase

    return LazyTermbase.open(entry, tuple(files), titles, count, _decoder(paths), reload)


def _decoder(paths: list[str]) -> Callable[[list], Concept]:
    """The function that builds a Concept from its stored record (raises on a record of another shape)."""

    def where(i: int, line: int, column: int) -> Located | None:
        if i < 0:
            return None
        loc = _new(Located)
        loc.__dict__.update(path=paths[i], line=line, column=column)
        return loc

    # The model's classes are frozen dataclasses, whose __init__ assigns each field
    # through object.__setattr__; filling __dict__ builds identical objects several
    # times faster, which is most of a cached load.
    def decode(record: list) -> Concept:
        (cid, subject, tb, definition, note, source, ci, cl, cc, terms, examples, c_verified,
         c_evidence, reference) = record
        term_objs = []
        for (text, lang, t_type, status, t_note, use, concept_id, ti, tl, tc, since, until, verified,
             evidence) in terms:
            t = _new(Term)
            t.__dict__.update(text=text, lang=lang, type=t_type, status=status, note=t_note, use=use,
                              concept_id=concept_id, where=where(ti, tl, tc), since=since, until=until,
                              verified=verified, evidence=tuple(evidence))
            term_objs.append(t)
        ex_objs = []
        for (text, matches, fixed, ei, el, ec, ex_date) in examples:
            e = _new(Example)
            e.__dict__.update(text=text, matches=tuple(matches), fixed=fixed, where=where(ei, el, ec),
                              date=ex_date)
            ex_objs.append(e)
        c = _new(Concept)
        c.__dict__.update(id=cid, subject=subject, terms=tuple(term_objs), termbase=tb,
                          definition=definition, note=note, source=source, examples=tuple(ex_objs),
                          where=where(ci, cl, cc), verified=c_verified, evidence=tuple(c_evidence),
                          reference=reference)
        return c

    return decode
