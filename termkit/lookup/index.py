"""Find concepts by any of their forms: exact forms first, then prefixes and substrings, then fuzzy.

A query may be Chinese (simplified or traditional, full-width, with stray
spaces), English in any case, an abbreviation (POPs, PIC, COP) or a concept id.
It is normalized the way term forms are (``termkit.text.normalize.normalize_term``)
and looked up in an index of every form of every concept:

1. ``exact``: the normalized query is a form (or equals one once punctuation
   and spaces are ignored: ``《巴塞尔公约》``, ``ozone depleting substances``);
   ``id``: the query is a concept id;
2. ``prefix``: a form starts with the query; ``substring``: a form contains it
   (English: at the start of a word); ``contains``: the query contains a form;
3. ``fuzzy``: only when stages 1-2 find nothing, rapidfuzz similarity over all
   forms, so a typo still finds the concept (scores 0-100).

Hits are ranked by stage, then score, then the matched form's status
(preferred before admitted before bad forms), one hit per concept.

The index is plain data (dicts, lists, strings) so that ``load_index`` can keep
it in the user cache (``termkit._util.store``) together with the normalizer's
character table and read it back without YAML, OpenCC, the matcher or
rapidfuzz: a cold ``termkit lookup`` only pays for the interpreter and one
file read. Nothing slow is imported at module level.
"""

from __future__ import annotations

import os

from termkit._util.walk import yaml_files
from termkit.errors import TermkitError

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing and re would slow a cold `termkit lookup`
    import re

#: bump when the index layout or the entry fields change (old cache entries are then ignored)
INDEX_FORMAT = 4
MATCH_KINDS = ("exact", "id", "prefix", "substring", "contains", "fuzzy")
_KIND_RANK = {kind: rank for rank, kind in enumerate(MATCH_KINDS)}
_STATUS_RANK = {"preferred": 0, "admitted": 1, "superseded": 2, "deprecated": 3, "forbidden": 4}
_TYPE_RANK = {"full": 0, "short": 1, "abbrev": 2}
BAD_STATUSES = ("deprecated", "superseded", "forbidden")
LANGS = ("zh", "en")
#: a fuzzy score at or above this is a hit
FUZZY_CUTOFF = 60.0
#: fuzzy hits scoring more than this below the best one are dropped
FUZZY_SPREAD = 20.0
#: English words less similar than this to a query word do not count towards the word-by-word measure
WORD_CUTOFF = 50.0
#: weight of the word-by-word fuzzy measure for English (below 1: a whole-name match ranks first)
WORD_WEIGHT = 0.9
#: below FUZZY_CUTOFF, the nearest concepts at or above this are offered as suggestions
SUGGEST_CUTOFF = 25.0
SUGGESTIONS = 3
DEFAULT_LIMIT = 10


def _loose(text: str) -> str:
    """The form with case, spaces and punctuation ignored (CJK ideographs count as letters)."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _words(text: str) -> list[str]:
    return "".join(ch if ch.isalnum() else " " for ch in text).split()


def _put(table: dict, key: str, fi: int) -> None:
    """Add a form to a key's entry: one int for the usual single form, a list only for several.

    Plain ints keep a large index quick to read back (no list per key).
    """
    old = table.get(key)
    if old is None:
        table[key] = fi
    elif isinstance(old, int):
        table[key] = [old, fi]
    else:
        old.append(fi)


def _get(table: dict, key: str):
    found = table.get(key)
    if found is None:
        return ()
    return (found,) if isinstance(found, int) else found


class LookupIndex:
    """Every normalized form of every concept, and the data to normalize a query the same way.

    Built for large termbases as much as for a fast start: the form keys of each
    language are also joined into one string, so the prefix and substring
    stages are ``str.find`` scans in C rather than a Python loop over forms; the
    "query contains a form" stage looks the query's substrings up in a dict;
    concept entries stay JSON text until a hit needs one. Every structure is
    plain data (``to_data``), built once and read back from the cache as is.
    """

    __slots__ = ("_data", "_keys", "_concept", "_lang", "_term", "_status", "_by_key", "_by_loose", "_ids",
                 "_text", "_starts", "_members", "_max_len", "_fold", "_join_pattern", "_join",
                 "_entry_blobs", "_entries")

    def __init__(self, data: dict) -> None:
        self._data = data
        self._keys = data["keys"]
        self._concept = data["concept"]
        self._lang = data["lang"]
        self._term = data["term"]
        self._status = data["status"]
        self._by_key = data["by_key"]
        self._by_loose = data["by_loose"]
        self._ids = data["ids"]
        self._text = data["text"]
        self._starts = data["starts"]
        self._members = data["members"]
        self._max_len = data["max_len"]
        # stored with one-character string keys (the cache holds JSON); translate wants code points
        self._fold = str.maketrans(data["fold"])
        self._join_pattern = data["join"]
        self._entry_blobs = data["entries"]
        self._join: re.Pattern[str] | None = None
        self._entries: dict = {}

    @classmethod
    def build(cls, entries: list, forms: list, fold: dict, join_pattern: str) -> LookupIndex:
        """Index concept entries and their forms, ``(key, concept_index, lang, term_index)``."""
        import json

        keys = [f[0] for f in forms]
        data: dict = {
            "format": INDEX_FORMAT, "entries": [json.dumps(e, ensure_ascii=False) for e in entries], "keys": keys,
            "concept": [f[1] for f in forms], "lang": [f[2] for f in forms], "term": [f[3] for f in forms],
            "status": [_STATUS_RANK.get(entries[f[1]][f[2]][f[3]]["status"], 9) for f in forms],
            "by_key": {}, "by_loose": {}, "ids": {}, "text": {}, "starts": {}, "members": {}, "max_len": {},
            "words": {}, "fold": {chr(k) if isinstance(k, int) else k: v for k, v in fold.items()},
            "join": join_pattern,
        }
        for fi, (key, _ci, lang, _ti) in enumerate(forms):
            _put(data["by_key"], lang[0] + key, fi)
            _put(data["by_loose"], _loose(key), fi)
            if lang == "en":
                for word in set(_words(key)):
                    data["words"].setdefault(word, []).append(fi)
        for ci, entry in enumerate(entries):
            data["ids"][entry["id"]] = ci
        for ci, entry in enumerate(entries):
            data["ids"].setdefault(_loose(entry["id"]), ci)
        for lang in LANGS:
            members = [fi for fi, form in enumerate(forms) if form[2] == lang]
            starts, pos = [], 0
            for fi in members:
                starts.append(pos)
                pos += len(keys[fi]) + 1
            data["members"][lang] = members
            data["starts"][lang] = starts
            # "\0" never occurs in a query (search removes it), so no match spans two forms
            data["text"][lang] = "\0".join(keys[fi] for fi in members)
            data["max_len"][lang] = max((len(keys[fi]) for fi in members), default=0)
        return cls(data)

    def __len__(self) -> int:
        return len(self._entry_blobs)

    def entry(self, ci: int) -> dict:
        """Concept ``ci`` as a JSON-ready dict (see ``concept_entry``)."""
        entry = self._entries.get(ci)
        if entry is None:
            import json
            entry = self._entries[ci] = json.loads(self._entry_blobs[ci])
        return entry

    @property
    def entries(self) -> list[dict]:
        return [self.entry(ci) for ci in range(len(self))]

    # -- plain data, for the cache ---------------------------------------------------------
    def to_data(self) -> dict:
        return self._data

    @classmethod
    def from_data(cls, data) -> LookupIndex | None:
        """An index from ``to_data`` output; None if the data is not of this format."""
        try:
            if data["format"] != INDEX_FORMAT:
                return None
            return cls(data)
        except (KeyError, TypeError):
            return None

    # -- queries -----------------------------------------------------------------------------
    def normalize_query(self, query: str) -> tuple[str, str]:
        """The query as a Chinese and as an English form key (what ``normalize_term`` gives)."""
        zh = query.strip().translate(self._fold)
        # The join pattern only removes white space next to non-ASCII (CJK) characters;
        # compiling its large character classes costs more than the rest of a lookup,
        # so it is compiled only for a query that can need it.
        if not zh.isascii() and any(ch.isspace() for ch in zh):
            if self._join is None:
                import re
                self._join = re.compile(self._join_pattern)
            zh = self._join.sub("", zh)
        return zh, " ".join(zh.split()).casefold()

    def search(self, query: str, *, limit: int = DEFAULT_LIMIT, lang: str | None = None) -> LookupResult:
        """Look ``query`` up; see the module docstring for the stages and the ranking."""
        if lang is not None and lang not in LANGS:
            raise TermkitError(f"--lang must be one of {', '.join(LANGS)}, not '{lang}'")
        if limit < 1:
            raise TermkitError(f"--limit must be at least 1, not {limit}")
        zh, en = self.normalize_query(query.replace("\0", ""))
        if not zh.strip():
            raise TermkitError("empty query")
        loose = _loose(en)
        langs = LANGS if lang is None else (lang,)
        wanted = {"zh": zh, "en": en}
        keys, concept_of, status_of = self._keys, self._concept, self._status
        found: dict[int, tuple] = {}  # concept index -> best (rank, kind, score, form index)

        def add(ci: int, kind: str, score: float, fi: int | None) -> None:
            if fi is None:
                rank = (_KIND_RANK[kind], -score, 0, 0, -1)
            else:
                rank = (_KIND_RANK[kind], -score, status_of[fi], len(keys[fi]), fi)
            best = found.get(ci)
            if best is None or rank < best[0]:
                found[ci] = (rank, kind, score, fi)

        # 1. exact forms and concept ids
        for f_lang in langs:
            for fi in _get(self._by_key, f_lang[0] + wanted[f_lang]):
                add(concept_of[fi], "exact", 100.0, fi)
        for fi in _get(self._by_loose, loose) if loose else ():
            if self._lang[fi] in langs:
                add(concept_of[fi], "exact", 100.0, fi)
        ci = self._ids.get(query.strip().casefold())
        if ci is None and loose:
            ci = self._ids.get(loose)
        if ci is not None:
            add(ci, "id", 100.0, None)

        # 2. a form starts with or contains the query; the query contains a form
        for f_lang in langs:
            q = wanted[f_lang]
            if q:
                self._partial(q, f_lang, add)
                self._contained(q, f_lang, add)

        suggestions: list[Hit] = []
        if not found:
            near = self._fuzzy(wanted, langs)
            top = max((score for score, _ in near.values()), default=0.0)
            # Far below the best candidate is noise, even above the absolute cut-off.
            cutoff = max(FUZZY_CUTOFF, top - FUZZY_SPREAD)
            for ci, (score, fi) in near.items():
                if score >= cutoff:
                    add(ci, "fuzzy", score, fi)
            if not found:
                ranked = sorted(near.items(), key=lambda item: self._fuzzy_rank(*item[1]))
                suggestions = [self._hit(ci, "fuzzy", score, fi) for ci, (score, fi) in ranked[:SUGGESTIONS]]
        ranked_hits = sorted(found.items(), key=lambda item: item[1][0])[:limit]
        hits = [self._hit(ci, kind, score, fi) for ci, (_rank, kind, score, fi) in ranked_hits]
        return LookupResult(query, zh, hits, suggestions)

    def _hit(self, ci: int, kind: str, score: float, fi: int | None) -> Hit:
        entry = self.entry(ci)
        term = entry[self._lang[fi]][self._term[fi]] if fi is not None else None
        return Hit(entry, kind, score, term)

    def _partial(self, q: str, lang: str, add) -> None:
        """Forms that start with ``q`` (prefix) or contain it (substring; English: at a word start)."""
        from bisect import bisect_right

        text, starts, members, keys = self._text[lang], self._starts[lang], self._members[lang], self._keys
        pos = text.find(q)
        while pos >= 0:
            i = bisect_right(starts, pos) - 1
            fi, off = members[i], pos - starts[i]
            key = keys[fi]
            if key != q and (off == 0 or lang == "zh" or not key[off - 1].isalnum()):
                add(self._concept[fi], "prefix" if off == 0 else "substring", 100.0 * len(q) / len(key), fi)
                pos = text.find(q, starts[i] + len(key) + 1)  # the first qualifying place is the best
            else:
                pos = text.find(q, pos + 1)

    def _contained(self, q: str, lang: str, add) -> None:
        """Forms (two characters or more) that the query contains (English: whole words)."""
        n = len(q)
        longest = self._max_len[lang]
        by_key = self._by_key
        prefix = lang[0]
        for i in range(n):
            if lang == "en" and i and q[i - 1].isalnum():
                continue
            for j in range(i + 2, min(n, i + longest) + 1):
                if (i == 0 and j == n) or (lang == "en" and j < n and q[j].isalnum()):
                    continue
                for fi in _get(by_key, prefix + q[i:j]):
                    add(self._concept[fi], "contains", 100.0 * (j - i) / n, fi)

    def _fuzzy(self, wanted: dict, langs: tuple) -> dict[int, tuple[float, int]]:
        """Best similarity score per concept (at least SUGGEST_CUTOFF), with the form that gave it.

        Chinese forms are compared character by character (Indel ratio: one wrong
        character in a five-character name scores 80). English forms score the
        better of two measures: the ratio with words sorted (word order does not
        matter), and how well each query word matches some word of the form,
        scaled by WORD_WEIGHT, so that a partial, misspelt name (``rotterdm``,
        ``basel secretariat``) finds the names that contain its words.
        """
        from rapidfuzz import fuzz, process

        best: dict[int, tuple[float, int]] = {}

        def offer(fi: int, score: float) -> None:
            if score < SUGGEST_CUTOFF:
                return
            ci = self._concept[fi]
            old = best.get(ci)
            if old is None or self._fuzzy_rank(score, fi) < self._fuzzy_rank(*old):
                best[ci] = (float(score), fi)

        for f_lang in langs:
            q = wanted[f_lang]
            members = self._members[f_lang]
            choices = self._text[f_lang].split("\0") if members else []
            if f_lang == "zh":
                for _c, score, pos in process.extract(q, choices, scorer=fuzz.ratio, limit=None,
                                                      score_cutoff=SUGGEST_CUTOFF):
                    offer(members[pos], score)
                continue
            scores = {members[pos]: score for _c, score, pos in process.extract(
                q, choices, scorer=fuzz.token_sort_ratio, limit=None, score_cutoff=SUGGEST_CUTOFF)}
            q_words = _words(q)
            if q_words:
                word_forms = self._data["words"]
                vocab = list(word_forms)
                sims = {qw: {vocab[pos]: s for _c, s, pos in process.extract(
                    qw, vocab, scorer=fuzz.ratio, limit=None, score_cutoff=WORD_CUTOFF)} for qw in set(q_words)}
                candidates = {fi for sim in sims.values() for word in sim for fi in word_forms[word]}
                for fi in candidates:
                    words = _words(self._keys[fi])
                    cover = sum(max(sims[qw].get(w, 0.0) for w in words) for qw in q_words) / len(q_words)
                    scores[fi] = max(scores.get(fi, 0.0), WORD_WEIGHT * cover)
            for fi, score in scores.items():
                offer(fi, score)
        return best

    def _fuzzy_rank(self, score: float, fi: int) -> tuple:
        return (-score, self._status[fi], len(self._keys[fi]), fi)


class Hit:
    """One concept found: how (``match``), how well (``score``, 0-100) and through which form.

    ``entry`` is the concept as a JSON-ready dict; ``term`` is the matched term
    dict inside it (None for a match on the concept id).
    """

    __slots__ = ("entry", "match", "score", "term")

    def __init__(self, entry: dict, match: str, score: float, term: dict | None) -> None:
        self.entry = entry
        self.match = match
        self.score = score
        self.term = term

    @property
    def concept_id(self) -> str:
        return self.entry["id"]

    @property
    def is_bad(self) -> bool:
        """The matched form is deprecated, superseded or forbidden."""
        return self.term is not None and self.term["status"] in BAD_STATUSES

    def to_dict(self) -> dict:
        return {"concept": self.entry["id"], "match": self.match, "score": round(self.score, 1),
                "matched": self.term, "entry": self.entry}

    def __repr__(self) -> str:
        form = self.term["term"] if self.term else None
        return f"Hit({self.entry['id']!r}, {self.match!r}, {self.score:.1f}, {form!r})"


class LookupResult:
    """The ranked hits for a query, or (when there are none) the nearest concepts as suggestions."""

    __slots__ = ("query", "normalized", "hits", "suggestions")

    def __init__(self, query: str, normalized: str, hits: list, suggestions: list) -> None:
        self.query = query
        self.normalized = normalized
        self.hits = hits
        self.suggestions = suggestions

    @property
    def bad_query(self) -> Hit | None:
        """The hit when the query is itself a deprecated, superseded or forbidden form."""
        if self.hits and self.hits[0].match == "exact" and self.hits[0].is_bad:
            return self.hits[0]
        return None

    def to_dict(self) -> dict:
        bad = self.bad_query
        bad_term = bad.term if bad is not None else None  # a bad hit always has its term
        return {
            "version": 1,
            "query": self.query,
            "normalized": self.normalized,
            "query_status": bad_term["status"] if bad_term is not None else None,
            "use": bad_term["use"] if bad_term is not None else None,
            "hits": [h.to_dict() for h in self.hits],
            "suggestions": [h.to_dict() for h in self.suggestions],
        }


# -- building ---------------------------------------------------------------------------------

def concept_entry(concept) -> dict:
    """A concept as plain JSON-ready data, with each bad form's replacement resolved."""
    entry = {"id": concept.id, "subject": concept.subject, "termbase": concept.termbase,
             "definition": concept.definition, "note": concept.note, "source": concept.source,
             "where": str(concept.where) if concept.where else None}
    preferred: dict = {}
    for lang in LANGS:
        terms = []
        best: dict = {}
        for t in concept.terms_in(lang):
            use = None
            if t.status in BAD_STATUSES:
                repl = concept.replacement(t)
                use = repl.text if repl is not None else None
            terms.append({"term": t.text, "type": t.type, "status": t.status, "note": t.note, "use": use})
            if t.status in ("preferred", "admitted"):
                rank = _STATUS_RANK[t.status]
                if t.type not in best or rank < best[t.type][0]:
                    best[t.type] = (rank, t.text)
        entry[lang] = terms
        preferred[lang] = {t_type: best[t_type][1] for t_type in _TYPE_RANK if t_type in best}
    entry["preferred"] = preferred
    return entry


def build_index(termbase) -> LookupIndex:
    """Index a loaded ``Termbase`` (no cache)."""
    # The normalizer's own table and join pattern travel with the index, so a query
    # is normalized exactly like the forms without importing OpenCC on a cached start.
    from termkit.text.normalize import _JOIN_RE, _char_table, normalize_term

    entries = []
    forms = []
    for ci, concept in enumerate(termbase.concepts):
        entry = concept_entry(concept)
        entries.append(entry)
        for lang in LANGS:
            for ti, term in enumerate(entry[lang]):
                forms.append((normalize_term(term["term"], lang), ci, lang, ti))
    return LookupIndex.build(entries, forms, dict(_char_table()), _JOIN_RE.pattern)


def lookup(query: str, termbase=None, *, limit: int = DEFAULT_LIMIT, lang: str | None = None) -> LookupResult:
    """Look ``query`` up in a Termbase, a LookupIndex, or (None) the bundled termbases."""
    if termbase is None:
        index = load_index()
    elif isinstance(termbase, LookupIndex):
        index = termbase
    else:
        index = build_index(termbase)
    return index.search(query, limit=limit, lang=lang)


# -- loading with the cache -------------------------------------------------------------------

def _bundled_dir() -> str:
    # Same rule as termkit.termbase.bundled_dir, without importing pathlib and YAML.
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    inside = os.path.join(package, "glossary")
    return inside if os.path.isdir(inside) else os.path.join(os.path.dirname(package), "glossary")


def _quick_files(paths) -> list[str] | None:
    """The termbase files ``termbase_files`` would load, found without pathlib.

    None when anything is unusual (a missing path, an empty directory): the
    canonical loader then runs and reports the problem.
    """
    out: list[str] = []
    for p in (paths or [_bundled_dir()]):
        p = os.fspath(p)
        if os.path.isdir(p):
            found = yaml_files(p)  # in the order termbase_files gives
            if not found:
                return None
            out.extend(found)
        elif os.path.isfile(p):
            out.append(p)
        else:
            return None
    return out


def _cache_key(files: list[str]) -> str | None:
    import sys

    from termkit import __version__
    from termkit._util.store import digest, files_key

    parts = files_key(files)
    if parts is None:
        return None
    from termkit._util.store import code_signature

    return digest(f"lookup-index {INDEX_FORMAT} {__version__} {sys.version_info[:2]}", code_signature(), *parts)


def load_index(paths=None, *, cache: bool = True) -> LookupIndex:
    """The lookup index of the given termbase files or directories (default: bundled).

    With ``cache``, a valid cached index is read back when the termbase files
    (paths, sizes, modification times and contents) and the code that builds
    the index are unchanged; otherwise the termbases are loaded and validated
    (raising ``TermbaseError`` on a bad one) and the new index is cached.
    """
    files = _quick_files(paths) if cache else None
    key = _cache_key(files) if files else None
    if key is not None:
        from termkit._util import store

        data = store.load("lookup", key)
        if isinstance(data, dict):
            index = LookupIndex.from_data(data.get("index"))
            if index is not None:
                return index

    from termkit.engine.termbases import load_termbase
    from termkit.termbase import termbase_files

    canonical = termbase_files(paths or None)
    index = build_index(load_termbase(canonical))
    if (key is not None and files is not None  # (files is set whenever key is)
            and [os.path.abspath(str(p)) for p in canonical] == [os.path.abspath(f) for f in files]):
        from termkit._util import store

        store.store("lookup", key, {"index": index.to_data()})
    return index
