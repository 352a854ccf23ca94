"""Find a termbase's English terms in English source text.

Matching is on word tokens, so it is whole-word by construction:

- case-insensitive, except acronyms (``POPs``, ``PIC``, ``COP``) and the
  capitals of ``abbrev`` terms, which must match in case (``pic`` and ``cop``
  are ordinary words);
- singular and plural forms are one (``Convention``/``Conventions``,
  ``Party``/``Parties``, ``POP``/``POPs``);
- a hyphen and a space are one (``capacity-building`` = ``capacity building``),
  and a term of two or three words also matches written as one (``workplan``);
  other punctuation between words must be as in the term;
- leftmost-longest: ``Conference of the Parties to the Basel Convention`` is
  one match when the termbase has it, not also ``Basel Convention``.

A term under two concepts stays ambiguous: it marks both concepts present but
never asks for either. Words inside document symbols (``UNEP/CHW.12/5``) are
codes, not terms, and are passed over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from termkit.model import Term, Termbase

_WORD = re.compile(r"[^\W_]+")
# characters that join the words of a term interchangeably: white space and hyphens
_JOINERS = re.compile(r"[\s\u00a0\-\u2010\u2011]+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'"})
#: words that do not make a term specific ("the Convention" is not)
STOPWORDS = frozenset("a an and at by for in of on or the to with".split())


def _strip_plural(token: str) -> str:
    """POPs -> POP, HCFCs -> HCFC: the plural of an acronym is a lower-case s."""
    if len(token) > 2 and token.endswith("s") and _caps(token[:-1]):
        return token[:-1]
    return token


def _caps(token: str) -> bool:
    return sum(c.isupper() for c in token) >= 2 and not any(c.islower() for c in token)


def is_acronym(token: str) -> bool:
    """Upper-case letters (and digits), optionally with a plural s: POPs, PIC, HCFC, CO2."""
    return _caps(_strip_plural(token))


def singular(word: str) -> str:
    """A light singular of a lower-case English word.

    Applied to term and text alike, so a wrong singular (``series`` ->
    ``sery``) only matters if it makes two different words meet.
    """
    if len(word) <= 3 or not word.endswith("s"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


def fold(token: str) -> str:
    return "~" + singular(token.lower())


def _exact(token: str) -> str:
    return "=" + _strip_plural(token)


@lru_cache(maxsize=1 << 16)
def _keys(token: str) -> tuple[str, ...]:
    """The trie keys a word of running text can take: folded, and exact when it has capitals."""
    if token.islower() or not any(c.isupper() for c in token):
        return (fold(token),)
    return (fold(token), _exact(token))


def _sep_key(sep: str) -> str | None:
    """What must be equal between two words of a term: the punctuation other than spaces and hyphens.

    None when the gap holds more than a little punctuation (a sentence or clause break).
    """
    key = _JOINERS.sub("", sep.translate(_QUOTES))
    return key if len(key) <= 2 else None


@dataclass(frozen=True)
class EnglishMatch:
    """A term found in English text: [start, end) in the text, and the term(s) it stands for."""

    start: int
    end: int
    text: str
    terms: tuple[Term, ...]
    #: specific enough that a translation must render it (see EnglishMatcher.specific)
    specific: bool

    @property
    def concepts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.concept_id for t in self.terms))

    @property
    def term(self) -> Term:
        return self.terms[0]

    @property
    def ambiguous(self) -> bool:
        return len(self.concepts) > 1


class _Node:
    __slots__ = ("next", "terms")

    def __init__(self) -> None:
        self.next: dict[tuple[str, str], _Node] = {}
        self.terms: list[Term] = []


class EnglishMatcher:
    """A word trie over the English terms of a termbase."""

    def __init__(self, terms: list[Term]) -> None:
        self.root = _Node()
        self.size = 0
        #: folded word -> the concepts whose English terms use it
        self.word_users: dict[str, set[str]] = {}
        for t in terms:
            self._add(t)
            for w in _WORD.findall(t.text):
                self.word_users.setdefault(fold(w), set()).add(t.concept_id)
        self._starts = frozenset(key for _, key in self.root.next)

    def _add(self, term: Term) -> None:
        words = list(_WORD.finditer(term.text))
        if not words:
            return
        if 2 <= len(words) <= 3 and not any(w.group(0).lower() in STOPWORDS for w in words) \
                and not any(is_acronym(w.group(0)) for w in words):
            # the closed compound: workplan = work plan, lifecycle = life cycle
            closed = self.root.next.setdefault(("", fold("".join(w.group(0) for w in words))), _Node())
            if all(t.concept_id != term.concept_id for t in closed.terms):
                closed.terms.append(term)
        node = self.root
        prev_end = None
        for m in words:
            tok = m.group(0)
            exact = is_acronym(tok) or (term.type == "abbrev" and any(c.isupper() for c in tok))
            key = _exact(tok) if exact else fold(tok)
            sep = "" if prev_end is None else _sep_key(term.text[prev_end:m.start()]) or ""
            node = node.next.setdefault((sep, key), _Node())
            prev_end = m.end()
        if all(t.concept_id != term.concept_id for t in node.terms):
            node.terms.append(term)
            self.size += 1

    def specific(self, term: Term, ambiguous: bool) -> bool:
        """Whether a translation must render this term.

        Specific: an acronym (POPs, UNEP); a term of two or more content
        words (Basel Convention, capacity-building); a one-word name that
        no other concept's terms use (Yemen). Not specific: a bare short
        form whose word heads many terms ("Convention", "Secretariat",
        "Parties"), which the reader knows from context and a translation
        often renders by a pronoun or leaves out; an outdated English name
        (a superseded acronym such as ACC), which more often means something
        else today. These mark their concept present but ask for nothing.
        """
        if ambiguous or term.is_bad:
            return False
        words = _WORD.findall(term.text)
        if len(words) == 1:
            word = words[0]
            if is_acronym(word) or (term.type == "abbrev" and len(word) >= 2):
                return True
            return word[0].isupper() and self.word_users.get(fold(word), set()) <= {term.concept_id}
        return sum(w.lower() not in STOPWORDS for w in words) >= 2

    def find(self, text: str, nested: bool = False) -> list[EnglishMatch]:
        """Leftmost-longest term matches, outside document symbols.

        With ``nested``, the terms inside a longer match are reported too
        (``Persistent Organic Pollutants`` inside the Stockholm Convention's
        full title): what a source names, not only what it names first.
        """
        words = list(_WORD.finditer(text))
        return self._find(text, words, [_keys(m.group(0)) for m in words], nested)

    def scan(self, text: str) -> tuple[list[EnglishMatch], set[str]]:
        """``find(text)`` and the concepts of ``find(text, nested=True)``, tokenizing once."""
        words = list(_WORD.finditer(text))
        keys = [_keys(m.group(0)) for m in words]
        nested = {c for m in self._find(text, words, keys, True) for c in m.concepts}
        return self._find(text, words, keys, False), nested

    def _find(self, text: str, words: list, keys: list, nested: bool) -> list[EnglishMatch]:
        starts = self._starts
        out: list[EnglishMatch] = []
        i = 0
        n = len(words)
        while i < n:
            # most words start no term: skip them without walking the trie
            best = self._longest(text, words, keys, i) if not starts.isdisjoint(keys[i]) else None
            if best is None:
                i += 1
                continue
            last, terms = best
            start, end = words[i].start(), words[last].end()
            if _in_symbol(text, start, end):
                i = i + 1 if nested else last + 1
                continue
            terms_t = tuple(terms)
            ambiguous = len({t.concept_id for t in terms_t}) > 1
            # a name written in lower case is a phrase: "a strategic approach to procurement";
            # a name inside a longer one names that one (United States Virgin Islands, East Germany)
            specific = (self.specific(terms_t[0], ambiguous)
                        and not (_is_name(terms_t[0].text) and text[start:end].islower())
                        and not _inside_longer_name(text, words, i, last, terms_t[0]))
            out.extend(self._coordinated(text, words, keys, i, last))
            out.append(EnglishMatch(start, end, text[start:end], terms_t, specific))
            i = i + 1 if nested else last + 1
        out.sort(key=lambda m: m.start)
        return out

    def _longest(self, text: str, words: list, keys: list, i: int,
                 first: set[str] | None = None) -> tuple[int, list[Term]] | None:
        """(last word, terms) of the longest term starting at word ``i`` (whose keys may be given)."""
        best: tuple[int, list[Term]] | None = None
        # breadth-first over the few key choices a word offers (folded, exact)
        frontier = [self.root]
        j = i
        n = len(words)
        while frontier and j < n:
            sep = "" if j == i else _sep_key(text[words[j - 1].end():words[j].start()])
            if sep is None:
                break
            nxt = []
            for node in frontier:
                for key in (first if j == i and first is not None else keys[j]):
                    child = node.next.get((sep, key))
                    if child is not None:
                        nxt.append(child)
                        if child.terms and (best is None or j > best[0]):
                            best = (j, child.terms)
            frontier = nxt
            j += 1
        return best

    def _coordinated(self, text: str, words: list, keys: list, i: int, last: int) -> list[EnglishMatch]:
        """Terms shortened by coordination: the Basel, Rotterdam and Stockholm conventions.

        A match ending in a plural (Stockholm conventions) is tried with each
        name before it that is joined by "and", "or" or a comma. What such a
        match names is present, but a translation may shorten it too
        (巴塞尔、鹿特丹和斯德哥尔摩三公约), so it asks for nothing.
        """
        head = words[last].group(0).lower()
        if last == i or head == singular(head):
            return []
        found = []
        k = i
        while k >= 2:
            gap = text[words[k - 1].end():words[k].start()].strip()
            if gap in (",", "") and words[k - 1].group(0).lower() in ("and", "or"):
                name = k - 2
            elif gap == ",":
                name = k - 1
            else:
                break
            word = words[name].group(0)
            if not word[0].isupper() or word.lower() in STOPWORDS:
                break
            # the name, then the words of the match after its own name
            best = self._longest_from(text, words, keys, name, i + 1, last)
            if best is None:
                break
            s, e = words[name].start(), words[name].end()
            rest = text[words[i + 1].start():words[last].end()]
            found.append(EnglishMatch(s, e, f"{word} {rest}", tuple(best), False))
            k = name
        return found

    def _longest_from(self, text: str, words: list, keys: list, name: int, rest_start: int,
                      last: int) -> list[Term] | None:
        """Terms spelled by word ``name`` followed by words ``rest_start``..``last``."""
        seq = [name] + list(range(rest_start, last + 1))
        frontier = [self.root]
        for n, j in enumerate(seq):
            sep = "" if n == 0 else (_sep_key(text[words[j - 1].end():words[j].start()]) if j > rest_start else "")
            if sep is None:
                return None
            frontier = [c for node in frontier for key in keys[j]
                        if (c := node.next.get((sep, key))) is not None]
            if not frontier:
                return None
        terms = [t for node in frontier for t in node.terms]
        return terms or None


def _is_name(term: str) -> bool:
    """Every content word capitalized: a proper name (Strategic Approach), not a phrase."""
    content = [w for w in _WORD.findall(term) if w.lower() not in STOPWORDS]
    return bool(content) and all(w[0].isupper() for w in content)


_SPACE = re.compile(r"\s")
_SENTENCE_END = re.compile(r"[.!?:;\"'“”‘’(\[]\s*$")


def _capitalized_word(word: str) -> bool:
    return word[0].isupper() and word.lower() not in STOPWORDS and not is_acronym(word)


def _inside_longer_name(text: str, words: list, i: int, last: int, term: Term) -> bool:
    """Whether a name (not an acronym) runs on into capitalized words on either side, with
    nothing but a space between: "United States Virgin Islands", "United Nations Juridical
    Yearbook", "occupation of East Germany". The text then names something else, which the
    termbase does not list, and its translation need not contain the shorter name's.

    A capitalized word that opens the sentence does not count: its capital says nothing.
    Acronyms are exempt (a UNEP Governing Council still names UNEP).
    """
    term_words = _WORD.findall(term.text)
    if len(term_words) == 1 and is_acronym(term_words[0]):
        return False
    if not _is_name(term.text):
        return False
    if last + 1 < len(words):
        nxt = words[last + 1]
        between = text[words[last].end():nxt.start()]
        if between in (" ", "-") and _capitalized_word(nxt.group(0)):
            return True
    if i > 0:
        prev = words[i - 1]
        between = text[prev.end():words[i].start()]
        before = text[:prev.start()]
        opens_sentence = i == 1 or not before.strip() or bool(_SENTENCE_END.search(before))
        if between == " " and _capitalized_word(prev.group(0)) and not opens_sentence:
            return True
    return False


def _in_symbol(text: str, start: int, end: int) -> bool:
    """UNEP/CHW.12/5, UNEP/POPS/COP.7/36: a word inside a document symbol is a code, not a term.

    A symbol is a run without spaces that joins parts by slashes or dots and
    holds a digit; UNEP/FAO (two names side by side) is not one.
    """
    left = start
    while left > 0 and not _SPACE.match(text[left - 1]):
        left -= 1
    right = end
    while right < len(text) and not _SPACE.match(text[right]):
        right += 1
    token = text[left:right].rstrip(".,;:)")
    if token == text[start:end]:
        return False
    return ("/" in token or "." in token) and any(c.isdigit() for c in token)


@lru_cache(maxsize=8)
def english_matcher_for(termbase: Termbase) -> EnglishMatcher:
    """The English-term matcher of a termbase, built once per termbase object.

    Reference vocabulary (a thesaurus's general terms) is left out: a translation is checked
    against the terminology, and general words must not take a term's place in the source.
    """
    reference = {c.id for c in termbase.concepts if c.reference}
    return EnglishMatcher([t for t in termbase.terms("en") if t.concept_id not in reference])
