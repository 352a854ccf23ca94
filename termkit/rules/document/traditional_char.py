"""traditional-char: traditional characters inside simplified Chinese text, reported as whole words."""

from __future__ import annotations

import re
from collections.abc import Iterable

from termkit.match.chinese import matcher_for
from termkit.rules.base import Example, Hit, Rule
from termkit.rules.context import DocContext
from termkit.rules.registry import register
from termkit.text.normalize import normalize, t2s_table, to_simplified_phrases, traditional_re
from termkit.text.words import is_word, segment

#: characters that are traditional forms in some words and standard simplified characters in
#: others (the 通用规范汉字表 keeps them: 乾隆, 乾坤; the surname 於; 宫商角徵羽; 慰藉; 瞭望)
AMBIGUOUS = frozenset("乾於徵餘藉瞭夥蘋")
#: where a clause ends: the phrase conversion and the word boundaries are decided within one
_CLAUSE_END = re.compile(r"[\s。，、；：！？,.;:!?（）()《》「」『』“”\"'…—]")
#: how far a clause may reach on each side of a traditional character
_REACH = 40


@register
class TraditionalChar(Rule):
    """## What it does
    Flags traditional characters in simplified Chinese text, one finding per word: the
    words holding traditional characters, side by side, become one finding (可持續發展目標),
    and the suggestion is their simplified form by OpenCC's phrase dictionaries (計畫 →
    计划, 乾燥 → 干燥).

    Characters the simplified standard keeps in some words are judged in context: 乾隆,
    乾坤, 宫商角徵羽 and 慰藉 are left alone by the phrase dictionaries, and 於 (a surname)
    and its like are reported only inside a word (於是) or next to other traditional
    characters (於2010年開始).

    ## Why is this bad?
    UN Chinese documents are written in simplified characters; a traditional character is
    usually a paste from another source and looks out of place in print.

    ## Fix safety
    Safe: the word is replaced by its simplified form, character for character.
    """

    id = "traditional-char"
    severity = "warning"
    summary = "Traditional characters appear in simplified Chinese text; reported as whole words."
    fixable = True
    reads_all_matches = False
    # reads only the text, once per document, however large
    reads = "text"
    examples = (Example(bad="该項目由加拿大政府供资", good="该项目由加拿大政府供资", fixed="该项目由加拿大政府供资"),
                Example(bad="落实可持續發展目標", good="落实可持续发展目标", fixed="落实可持续发展目标"),
                Example(bad="於是会议决定", good="乾隆年间，於先生提出", fixed="于是会议决定"))

    def check(self, doc: DocContext) -> Iterable[Hit]:
        text = doc.text
        if len(text) < 20_000 and t2s_table().keys().isdisjoint(map(ord, text)):
            return  # a short text without a traditional character: no need to compile the large pattern
        done = 0  # clauses are checked once, even when several runs fall in one
        for m in traditional_re().finditer(text):
            if m.start() < done:
                continue
            lo, hi = _clause(text, m.start(), m.end())
            done = hi
            yield from _words(text, lo, hi, doc)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a run: up to a punctuation mark or white space, at most _REACH away."""
    lo = start
    while lo > 0 and start - lo < _REACH and not _CLAUSE_END.match(text[lo - 1]):
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < _REACH and not _CLAUSE_END.match(text[hi]):
        hi += 1
    return lo, hi


def _words(text: str, lo: int, hi: int, doc: DocContext) -> Iterable[Hit]:
    clause = text[lo:hi]
    simple = to_simplified_phrases(clause)
    changed = [i for i, (a, b) in enumerate(zip(clause, simple)) if a != b]
    plain = [i for i in changed if clause[i] not in AMBIGUOUS]
    kept = set(plain)
    for i in changed:
        if clause[i] in AMBIGUOUS and (plain or _in_word(simple, i)):
            kept.add(i)
    if not kept:
        return
    # whole words: the spans of the simplified clause's words (termbase terms whole) that hold a
    # change, joined when adjacent
    norm = normalize(clause)
    terms = [norm.span_to_original(m.norm_start, m.norm_end) for m in matcher_for(doc.termbase).find(norm)]
    spans = [(a, b) for a, b in segment(simple, terms) if any(a <= i < b for i in kept)]
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and merged[-1][1] == a:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    for a, b in merged:
        run, fixed = clause[a:b], simple[a:b]
        several = sum(1 for x, y in zip(run, fixed) if x != y) > 1
        what = "traditional characters" if several else "a traditional character"
        yield Hit(lo + a, lo + b, f"'{run}' has {what} in simplified text; use '{fixed}'", fixed)


def _in_word(simple: str, i: int) -> bool:
    """Whether the character at ``i`` forms a listed word with its neighbours (于是, 对于, 位于)."""
    for a in range(max(0, i - 3), i + 1):
        for b in range(i + 1, min(len(simple), a + 4) + 1):
            if b - a >= 2 and is_word(simple[a:b], 100):
                return True
    return False
