"""The compiled matchers of a termbase in termkit's user cache, beside the termbase itself.

Building the Chinese matcher normalizes every term form again, and building the
near-variant index cuts every form into pieces and counts substrings; with the
bundled termbase that is most of a one-line check's time. Both are stored as
plain data (strings, numbers, tuples; no automaton, which is rebuilt from its
patterns in a few milliseconds) through ``termkit._util.store``, so an entry is
written atomically, checksummed, read by concurrent runs safely, and a damaged
one is a miss.

An entry's key is the termbase's own cache key (``termbase.cached``: the files'
paths and contents, termkit's version and the code signature of the whole
package) plus what else the structure depends on (the variant settings), so any
change to the termbase or to termkit's code is a miss. A termbase that did not
come through the cache (given as objects, or with caching off) has no key and is
compiled every time, as before.
"""

from __future__ import annotations

from typing import Any

from termkit._util import store as _store
from termkit.model import Termbase


def entry_key(termbase: Termbase, kind: str, *parts: str) -> str | None:
    """The key of a ``kind`` entry for this termbase, or None when the termbase has no cache key."""
    base = getattr(termbase, "cache_key", None)
    if not isinstance(base, str):
        return None
    return _store.digest(kind, base, *parts)


def load(kind: str, key: str | None) -> Any:
    """The stored data, or None (no key, a miss, a damaged entry)."""
    return _store.load(kind, key) if key is not None else None


def save(kind: str, key: str | None, data: Any) -> None:
    if key is not None:
        _store.store(kind, key, data)


def remember(termbase: Termbase) -> None:
    """Store the matcher and the default near-variant index of a termbase that was just keyed.

    A termbase loaded from its files compiles both while its examples run, before
    it has a cache key; this stores them under the key it has now, so the next run
    reads them back instead of compiling again.
    """
    from termkit.match import chinese, subset, variants
    from termkit.termbase.lazy import LazyTermbase

    if isinstance(termbase, LazyTermbase):  # read back from the cache: nothing was compiled while loading it
        return
    terms = list(termbase.terms("zh"))
    key = entry_key(termbase, "matcher", str(chinese.FORMAT))
    if key is not None and _store.load("matcher", key) is None:
        save("matcher", key, chinese.matcher_for(termbase).to_data(terms))
    settings = variants.VariantSettings()
    key = entry_key(termbase, "variants", str(variants.INDEX_FORMAT), variants.describe(settings))
    if key is not None and _store.load("variants", key) is None:
        save("variants", key, variants.variant_index(termbase, settings).to_data(terms))
    subset.remember(termbase)
