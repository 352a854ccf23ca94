"""Find concepts by any of their forms: exact forms first, then prefixes and substrings, then fuzzy.

A query may be Chinese (simplified or traditional, full-width, with stray
spaces), English in any case, an abbreviation (POPs, PIC, COP) or a concept id.
It is normalized the way term forms are (``termkit.normalize.normalize_term``)
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
it in the user cache (``termkit.cache``) together with the normalizer's
character table and read it back without YAML, OpenCC, the matcher or
rapidfuzz: a cold ``termkit lookup`` only pays for the interpreter and one
file read. Nothing slow is imported at module level.
"""

from __future__ import annotations

import os

from .errors import TermkitError

#: bump when the index layout or the entry fields change (old cache entries are then ignored)
INDEX_FORMAT = 1
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


def _word_find(haystack: str, needle: str, whole_word: bool) -> bool:
    """``needle`` occurs in ``haystack`` at the start of a word (and, if asked, ends one)."""
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        if ((start == 0 or not haystack[start - 1].isalnum())
                and (not whole_word or end == len(haystack) or not haystack[end].isalnum())):
            return True
        start = haystack.find(needle, start + 1)
    return False


class LookupIndex:
    """Every normalized form of every concept, and the data to normalize a query the same way.

    ``entries`` are the concepts as JSON-ready dicts (see ``concept_entry``);
    ``forms`` are ``(key, loose_key, concept_index, lang, term_index)`` tuples.
    """

    __slots__ = ("entries", "forms", "_fold", "_join_pattern", "_join", "_by_key", "_by_loose", "_ids")

    def __init__(self, entries: list, forms: list, fold: dict, join_pattern: str) -> None:
        self.entries = entries
        self.forms = forms
        self._fold = fold
        self._join_pattern = join_pattern
        self._join = None
        self._by_key: dict = {}
        self._by_loose: dict = {}
        for i, (key, loose, _ci, lang, _ti) in enumerate(forms):
            self._by_key.setdefault((lang, key), []).append(i)
            self._by_loose.setdefault(loose, []).append(i)
        self._ids = {}
        for ci, entry in enumerate(entries):
            self._ids[entry["id"]] = ci
            self._ids.setdefault(_loose(entry["id"]), ci)

    def __len__(self) -> int:
        return len(self.entries)

    # -- plain data, for the cache ---------------------------------------------------------
    def to_data(self) -> dict:
        return {"format": INDEX_FORMAT, "entries": self.entries, "forms": self.forms,
                "fold": self._fold, "join": self._join_pattern}

    @classmethod
    def from_data(cls, data) -> "LookupIndex | None":
        """Rebuild an index from ``to_data`` output; None if the data is not of this format."""
        try:
            if data["format"] != INDEX_FORMAT:
                return None
            return cls(data["entries"], [tuple(f) for f in data["forms"]], data["fold"], data["join"])
        except (KeyError, TypeError, ValueError):
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

    def search(self, query: str, *, limit: int = DEFAULT_LIMIT, lang: str | None = None) -> "LookupResult":
        """Look ``query`` up; see the module docstring for the stages and the ranking."""
        if lang is not None and lang not in LANGS:
            raise TermkitError(f"--lang must be one of {', '.join(LANGS)}, not '{lang}'")
        if limit < 1:
            raise TermkitError(f"--limit must be at least 1, not {limit}")
        zh, en = self.normalize_query(query)
        if not zh.strip():
            raise TermkitError("empty query")
        loose = _loose(en)
        langs = LANGS if lang is None else (lang,)
        wanted = {"zh": zh, "en": en}
        found: dict[int, tuple] = {}  # concept index -> best (rank tuple, Hit)

        def add(ci: int, kind: str, score: float, fi: int | None) -> None:
            term = None
            length = 0
            status_rank = 0
            if fi is not None:
                key, _, _, f_lang, ti = self.forms[fi]
                term = self.entries[ci][f_lang][ti]
                length = len(key)
                status_rank = _STATUS_RANK.get(term["status"], 9)
            rank = (_KIND_RANK[kind], -score, status_rank, length, fi if fi is not None else -1)
            best = found.get(ci)
            if best is None or rank < best[0]:
                found[ci] = (rank, Hit(self.entries[ci], kind, score, term))

        for f_lang in langs:
            for fi in self._by_key.get((f_lang, wanted[f_lang]), ()):
                add(self.forms[fi][2], "exact", 100.0, fi)
        for fi in self._by_loose.get(loose, ()) if loose else ():
            if self.forms[fi][3] in langs:
                add(self.forms[fi][2], "exact", 100.0, fi)
        ci = self._ids.get(query.strip().casefold())
        if ci is None and loose:
            ci = self._ids.get(loose)
        if ci is not None:
            add(ci, "id", 100.0, None)

        for fi, (key, _loose_key, ci, f_lang, _ti) in enumerate(self.forms):
            if f_lang not in langs:
                continue
            q = wanted[f_lang]
            if key == q or not q:
                continue
            if key.startswith(q):
                add(ci, "prefix", 100.0 * len(q) / len(key), fi)
            elif q in key and (f_lang == "zh" or _word_find(key, q, whole_word=False)):
                add(ci, "substring", 100.0 * len(q) / len(key), fi)
            elif len(key) >= 2 and key in q and (f_lang == "zh" or _word_find(q, key, whole_word=True)):
                add(ci, "contains", 100.0 * len(key) / len(q), fi)

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
                ranked = sorted(near.items(), key=lambda item: (-item[1][0], item[0]))
                for ci, (score, fi) in ranked[:SUGGESTIONS]:
                    key, _, _, f_lang, ti = self.forms[fi]
                    suggestions.append(Hit(self.entries[ci], "fuzzy", score, self.entries[ci][f_lang][ti]))
        hits = [hit for _, hit in sorted(found.values(), key=lambda item: item[0])][:limit]
        return LookupResult(query, zh, hits, suggestions)

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
            ci = self.forms[fi][2]
            old = best.get(ci)
            if old is None or self._fuzzy_rank(score, fi) < self._fuzzy_rank(*old):
                best[ci] = (float(score), fi)

        for f_lang in langs:
            q = wanted[f_lang]
            indices = [fi for fi, form in enumerate(self.forms) if form[3] == f_lang]
            choices = [self.forms[fi][0] for fi in indices]
            if f_lang == "zh":
                for _choice, score, pos in process.extract(q, choices, scorer=fuzz.ratio, limit=None,
                                                           score_cutoff=SUGGEST_CUTOFF):
                    offer(indices[pos], score)
                continue
            sorted_scores = {pos: score for _c, score, pos in process.extract(
                q, choices, scorer=fuzz.token_sort_ratio, limit=None)}
            q_words = _words(q)
            form_words = [_words(c) for c in choices]
            vocab = sorted({w for words in form_words for w in words})
            word_sim = {qw: {vocab[pos]: score for _c, score, pos in process.extract(
                qw, vocab, scorer=fuzz.ratio, limit=None)} for qw in set(q_words)}
            for pos, fi in enumerate(indices):
                score = float(sorted_scores.get(pos, 0.0))
                words = form_words[pos]
                if q_words and words:
                    cover = sum(max(word_sim[qw].get(w, 0.0) for w in words) for qw in q_words) / len(q_words)
                    score = max(score, WORD_WEIGHT * cover)
                offer(fi, score)
        return best

    def _fuzzy_rank(self, score: float, fi: int) -> tuple:
        key, _, ci, f_lang, ti = self.forms[fi]
        return (-score, _STATUS_RANK.get(self.entries[ci][f_lang][ti]["status"], 9), len(key), fi)


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
        return {
            "version": 1,
            "query": self.query,
            "normalized": self.normalized,
            "query_status": bad.term["status"] if bad else None,
            "use": bad.term["use"] if bad else None,
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
    from .normalize import _JOIN_RE, _char_table, normalize_term

    entries = []
    forms = []
    for ci, concept in enumerate(termbase.concepts):
        entry = concept_entry(concept)
        entries.append(entry)
        for lang in LANGS:
            for ti, term in enumerate(entry[lang]):
                key = normalize_term(term["term"], lang)
                forms.append((key, _loose(key), ci, lang, ti))
    return LookupIndex(entries, forms, dict(_char_table()), _JOIN_RE.pattern)


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
    here = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    inside = os.path.join(here, "termkit", "glossary")
    return inside if os.path.isdir(inside) else os.path.join(here, "glossary")


def _quick_files(paths) -> list[str] | None:
    """The termbase files ``termbase_files`` would load, found without pathlib.

    None when anything is unusual (a missing path, an empty directory): the
    canonical loader then runs and reports the problem.
    """
    out: list[str] = []
    for p in (paths or [_bundled_dir()]):
        p = os.fspath(p)
        if os.path.isdir(p):
            try:
                names = sorted(n for n in os.listdir(p) if n.endswith((".yaml", ".yml")))
            except OSError:
                return None
            if not names:
                return None
            out.extend(os.path.join(p, n) for n in names)
        elif os.path.isfile(p):
            out.append(p)
        else:
            return None
    return out


def _sources() -> list[str]:
    """Files whose change must invalidate a cached index: the code that builds it."""
    pkg = os.path.dirname(os.path.realpath(__file__))
    return [os.path.join(pkg, name) for name in
            ("lookup.py", "normalize.py", "model.py", os.path.join("termbase", "load.py"))]


def _stat_sig(path: str) -> list:
    st = os.stat(path)
    return [path, st.st_size, st.st_mtime_ns]


def _cache_key(files: list[str]) -> str | None:
    import sys

    from . import __version__
    from .cache import digest

    parts = [f"lookup-index {INDEX_FORMAT} {__version__} {sys.version_info[:2]}"]
    try:
        for f in files:
            st = os.stat(f)
            with open(f, "rb") as stream:
                content = stream.read()
            parts.append(f"{f}\0{os.path.abspath(f)}\0{st.st_size}\0{st.st_mtime_ns}")
            parts.append(content)
    except OSError:
        return None
    return digest(*parts)


def _deps_ok(deps) -> bool:
    """Every recorded source file still has the size and modification time it had."""
    try:
        return all(_stat_sig(dep[0]) == list(dep) for dep in deps)
    except (OSError, TypeError, ValueError, IndexError):
        return False


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
        from . import cache as store

        data = store.load("lookup", key)
        if isinstance(data, dict) and _deps_ok(data.get("deps", ())):
            index = LookupIndex.from_data(data.get("index"))
            if index is not None:
                return index

    from .termbase import load_termbase, termbase_files

    canonical = termbase_files(paths or None)
    index = build_index(load_termbase(canonical))
    if key is not None and [os.path.abspath(str(p)) for p in canonical] == [os.path.abspath(f) for f in files]:
        import opencc

        from . import cache as store

        deps = [_stat_sig(path) for path in _sources() + [os.path.realpath(opencc.__file__)]]
        store.store("lookup", key, {"deps": deps, "index": index.to_data()})
    return index
