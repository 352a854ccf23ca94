"""The part of a cached termbase that a short text can touch, with its matcher and near-variant index.

A one-line check with the bundled termbase used to build 7,500 concepts, a
matcher over 16,000 forms and a near-variant index over their pieces, to find
the two or three terms of one sentence. What a text can touch is decided by
substrings of it: a term can match only where its normalized form occurs, and
a near-variant of a form can only be found where one of the form's pieces (see
``match.variants``) occurs unchanged. So a cache entry (``KIND``) files every
form and every piece under its first character; for a short text, only the
shards of the characters it contains are read, the forms and pieces that occur
in it are kept, and a ``TextTermbase`` is made of their concepts, with a matcher
and an index over just those forms and pieces.

Why the findings are exactly those of the whole termbase: the matcher's
leftmost-longest reading only ever involves forms that occur in the text, and
each form keeps the term that owns it in the whole termbase; the index keeps
the whole index's pieces (not pieces cut anew for fewer forms), its longest
form and its barrier characters, and every question it asks of its known forms
(is this window a term, does it cut through one, is it made of words or terms)
is asked of substrings of the text, whose forms are all kept. ``tests/
test_subset.py`` compares both readings on the UN test set and the corpus.

Only for short texts (``SHORT``), for the first documents of a process
(``BUDGET``), and while the whole termbase is not built: a run over many
documents is better served by building the whole structures once, which it
then does.
"""

from __future__ import annotations

from typing import Any

from termkit._util import store as _store
from termkit.match import chinese, variants
from termkit.model import Concept, Termbase
from termkit.termbase.lazy import LazyTermbase

#: texts up to this many characters (normalized) are checked against a part of the termbase
SHORT = 10_000
#: after this many characters checked through parts, a process builds the whole structures instead
BUDGET = 60_000
KIND = "subset"
#: bump when the layout of the entry changes
FORMAT = 1
#: shards of the entry: a form or piece is filed under the code point of its first character modulo this
SHARDS = 512


class TextTermbase(Termbase):
    """The concepts of a termbase that one text can touch, with the matcher and index compiled for it.

    ``matcher_for`` and ``variant_index`` (default settings) return the compiled
    ones; a concept that is not among them (asked for by a rule with other
    variant settings, say) comes from the whole termbase.
    """

    #: the termbase this is a part of
    whole: LazyTermbase

    def get(self, concept_id: str) -> Concept | None:
        found = self._by_id.get(concept_id)
        return found if found is not None else self.whole.get(concept_id)

    def concept(self, concept_id: str) -> Concept:
        found = self.get(concept_id)
        if found is None:
            raise KeyError(concept_id)
        return found

    def __reduce__(self):
        return self.whole.__reduce__()


def narrowed(termbase: Termbase, text: str) -> Termbase:
    """The part of ``termbase`` that normalized ``text`` can touch, or ``termbase`` itself.

    Itself when the termbase did not come from the cache, when the text is long,
    when this process has already checked ``BUDGET`` characters this way, when the
    whole termbase has been built already (a run on several processes compiles its
    matcher before they start), or when the entry cannot be read or built.
    """
    if not isinstance(termbase, LazyTermbase) or len(text) > SHORT:
        return termbase
    state = termbase.__dict__
    if "concepts" in state:
        return termbase
    spent = state.get("_narrowed", 0) + len(text)
    if spent > BUDGET:
        return termbase
    object.__setattr__(termbase, "_narrowed", spent)
    index = _entry(termbase)
    if index is None:
        return termbase
    part = index.part(termbase, text)
    return part if part is not None else termbase


def entry_key(termbase: Termbase) -> str | None:
    """The key of the termbase's entry: its own cache key and the layouts of what the entry is built from."""
    from termkit.match import stored

    return stored.entry_key(termbase, KIND, str(FORMAT), str(chinese.FORMAT), str(variants.INDEX_FORMAT),
                            variants.describe(variants.VariantSettings()))


def _entry(termbase: LazyTermbase) -> _Index | None:
    """The termbase's entry, read once per process (built and stored first when missing)."""
    state = termbase.__dict__
    if "_subset" in state:
        return state["_subset"]
    key = entry_key(termbase)
    entry = _read(key)
    if entry is None and key is not None and _save(termbase, key):
        entry = _read(key)
    index = _Index(entry) if entry is not None else None
    object.__setattr__(termbase, "_subset", index)
    return index


def remember(termbase: Termbase) -> None:
    """Store the entry of a keyed termbase, from its whole matcher and default near-variant index."""
    key = entry_key(termbase)
    if key is not None and _read(key) is None:
        _save(termbase, key)


def _read(key: str | None) -> _store.ShardedEntry | None:
    entry = _store.load_sharded(KIND, key) if key is not None else None
    if entry is None or not isinstance(entry.meta, dict) or entry.meta.get("format") != FORMAT:
        return None
    return entry


def _save(termbase: Termbase, key: str) -> bool:
    try:
        meta, shards = _to_shards(termbase)
    except (KeyError, IndexError, TypeError):  # a matcher and an index that disagree: checks use the whole
        return False
    return _store.store_sharded(KIND, key, meta, shards)


def _to_shards(termbase: Termbase) -> tuple[dict, list]:
    """The entry: every matcher form (``k``) and every near-variant piece (``p``) filed under its first character,
    each with the positions (concept, term) of the term it stands for."""
    matcher = chinese.matcher_for(termbase)
    index = variants.variant_index(termbase)
    where: dict[int, tuple[int, int]] = {}
    for ci, concept in enumerate(termbase.concepts):
        for ti, term in enumerate(concept.terms):
            where[id(term)] = (ci, ti)
    bad = dict(zip(index._known_forms, index.term_bad))
    shards: list[dict[str, list]] = [{"k": [], "p": []} for _ in range(SHARDS)]
    for g, (form, term) in enumerate(zip(matcher.patterns, matcher.terms)):
        shards[ord(form[0]) % SHARDS]["k"].append([form, g, *where[id(term)], matcher.decisive[g], bad[form]])
    for p, piece in enumerate(index.automaton_patterns):
        owners = [[*owner, index.forms[owner[0]], *where[id(index.terms[owner[0]])]] for owner in index.owners[p]]
        shards[ord(piece[0]) % SHARDS]["p"].append([piece, p, owners])
    meta = {"format": FORMAT, "shards": SHARDS, "longest": index.longest, "in_forms": index.in_forms}
    return meta, shards


class _Index:
    """A read entry: its shards parsed as texts ask for them."""

    def __init__(self, entry: _store.ShardedEntry) -> None:
        self.entry = entry
        self.meta = entry.meta
        self.shards: dict[int, Any] = {}

    def _shard(self, i: int) -> Any:
        if i not in self.shards:
            self.shards[i] = self.entry.shard(i)
        return self.shards[i]

    def part(self, termbase: LazyTermbase, text: str) -> TextTermbase | None:
        n = self.meta["shards"]
        forms: list[list] = []
        pieces: list[list] = []
        try:
            for s in sorted({ord(c) % n for c in set(text)}):
                shard = self._shard(s)
                if not isinstance(shard, dict):
                    return None
                forms.extend(rec for rec in shard["k"] if rec[0] in text)
                pieces.extend(rec for rec in shard["p"] if rec[0] in text)
            return _assemble(termbase, forms, pieces, self.meta)
        except (KeyError, TypeError, ValueError, IndexError):
            return None


def _assemble(termbase: LazyTermbase, forms: list[list], pieces: list[list], meta: dict) -> TextTermbase:
    forms.sort(key=lambda rec: rec[1])
    pieces.sort(key=lambda rec: rec[1])
    wanted = {rec[2] for rec in forms}
    wanted.update(owner[7] for rec in pieces for owner in rec[2])
    order = sorted(wanted)
    concepts = dict(zip(order, termbase.concepts_at(order)))

    def term(ci: int, ti: int):
        return concepts[ci].terms[ti]

    patterns = tuple(rec[0] for rec in forms)
    matcher = chinese.Matcher(tuple(term(rec[2], rec[3]) for rec in forms), patterns,
                              chinese._automaton(patterns), bytes(rec[4] for rec in forms), chinese.CHUNK_CHARS,
                              tuple(len(p) for p in patterns))
    # the index's forms: those that own a kept piece, in the whole index's order
    form_at: dict[int, tuple[str, int, int, int]] = {}
    for rec in pieces:
        for owner in rec[2]:
            form_at[owner[0]] = (owner[6], owner[7], owner[8], owner[2])
    form_ids = sorted(form_at)
    local = {g: i for i, g in enumerate(form_ids)}
    owners = tuple(tuple((local[o[0]], o[1], o[2], o[3], o[4], o[5]) for o in rec[2]) for rec in pieces)
    known_list = sorted(rec[0] for rec in forms)
    bad = {rec[0]: bool(rec[5]) for rec in forms}
    piece_patterns = tuple(rec[0] for rec in pieces)
    index = variants.VariantIndex(
        variants.VariantSettings(), tuple(form_at[g][0] for g in form_ids),
        tuple(term(form_at[g][1], form_at[g][2]) for g in form_ids), tuple(form_at[g][3] for g in form_ids),
        owners, variants.ahocorasick_rs.AhoCorasick(list(piece_patterns)) if piece_patterns else None,
        frozenset(known_list), None, meta["longest"],
        (variants.ahocorasick_rs.AhoCorasick(known_list, matchkind=variants.ahocorasick_rs.MatchKind.LeftmostLongest)
         if known_list else None),
        tuple(bad[f] for f in known_list), _known_forms=tuple(known_list), _known_lazy=bool(known_list),
        automaton_patterns=piece_patterns, in_forms=meta["in_forms"])
    part = object.__new__(TextTermbase)
    chosen = tuple(concepts[ci] for ci in order)
    part.__dict__.update(concepts=chosen, files=termbase.files, titles=termbase.titles,
                         _by_id={c.id: c for c in chosen}, whole=termbase, compiled_matcher=matcher,
                         compiled_variants=index)
    return part
