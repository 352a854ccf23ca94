"""Candidate terms that a termbase lacks: recurring multi-word units of a corpus, ranked.

Each document is normalized (so a term broken by a PDF line break is read
whole), cut into clauses at anything that is not a Chinese character, and
segmented with jieba, whose dictionary is given every term of the termbase so
that known terms stay whole. Runs of one to ``max_words`` words become
candidates when they do not start or end with a function word; they are
counted over the corpus and ranked by C-value (Frantzi, Ananiadou and Mima,
2000), which rewards length and frequency and discounts a string that mostly
occurs inside a longer candidate (化学品健全 inside 化学品健全管理方案).
Known terms and the pieces of known terms are dropped; a candidate within an
edit or two of a known term is kept but marked as a probable variant of it.

jieba is imported here only, on first use: `termkit check` and
`termkit lookup` never load it.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from termkit.engine.progress import ProgressCallback
from termkit.engine.reduce import run_reduction, tree_merge
from termkit.errors import ConfigError
from termkit.model import Termbase
from termkit.text.document import Document, collect_files, read_document
from termkit.text.lines import LineIndex
from termkit.text.normalize import normalize, normalize_term

_CLAUSE_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
#: part-of-speech tags (jieba's, after ICTCLAS) that never begin or end a term: prepositions,
#: conjunctions, particles, pronouns, numerals, measure words, adverbs, localizers, interjections
_EDGE_BAD = ("p", "c", "u", "r", "m", "q", "d", "f", "y", "e", "o", "x", "w", "t", "z")
#: ... and that never stand inside one (的 makes a phrase: 环境管理集团的任务规定)
_INNER_BAD = ("p", "c", "u", "r", "d", "y", "e", "o", "x", "w")
#: tags of a word that can end a term: nouns, verbal nouns, abbreviations
_HEAD_OK = ("n", "vn", "j")
#: words that begin or stand inside phrases about terms rather than terms, whatever their tag
NOT_IN_TERMS = frozenset("关于 其他 上述 整个 各 该 有关 所有 这些 一个 内 之间 之内 方面".split())
#: nouns too general to end a term: X方面, X问题, X领域 are phrases about X
GENERIC_HEADS = frozenset("方面 问题 情况 领域 活动 工作 事项 层面 重点 有关 方式 内容 过程 结果 进展 措施 "
                          "目的 范围 作用 意见 程度 水平 基础 方向 因素 部分 事宜 事务 期间 之间".split())


@dataclass(frozen=True)
class ExtractOptions:
    """What counts as a candidate and how many to return."""

    #: occurrences a candidate needs over the corpus
    min_count: int = 2
    #: characters a candidate needs
    min_length: int = 4
    #: characters a candidate may have at most
    max_length: int = 24
    #: words (jieba tokens) a candidate may span
    max_words: int = 4
    #: at most this many candidates, best first (None: all)
    limit: int | None = 100

    def __post_init__(self) -> None:
        for name in ("min_count", "min_length", "max_length", "max_words"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{name.replace('_', '-')} must be a positive integer, not {value!r}")
        if self.limit is not None and (not isinstance(self.limit, int) or self.limit < 1):
            raise ConfigError(f"limit must be a positive integer, not {self.limit!r}")
        if self.min_length > self.max_length:
            raise ConfigError(f"min-length ({self.min_length}) is greater than max-length ({self.max_length})")


@dataclass
class Candidate:
    """A candidate term with the evidence a curator needs to judge it."""

    text: str
    count: int
    documents: tuple[str, ...]
    cvalue: float
    #: where it first occurs: path, 1-based line, and a one-line snippet around it
    path: str
    line: int
    context: str
    #: a known term this one is within an edit or two of: probably a variant, not a new term
    near: str | None = None
    near_concept: str | None = None
    words: tuple[str, ...] = field(default=(), repr=False)

    def to_dict(self) -> dict:
        return {"text": self.text, "count": self.count, "documents": list(self.documents),
                "cvalue": round(self.cvalue, 2), "path": self.path, "line": self.line,
                "context": self.context, "near": self.near, "near_concept": self.near_concept}


@lru_cache(maxsize=2)
def _tokenizer(termbase: Termbase):
    """A jieba tagger whose dictionary knows every Chinese term of the termbase.

    Also returns the first, last and all words of the termbase's terms: a word
    that begins or ends a known term may begin or end a new one whatever its tag
    (联合 in 联合工作队 is tagged a verb, 组织 in 非政府组织 too), and a verb
    inside a candidate is accepted only if known terms use it (执行 in 执行主任).
    """
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)  # jieba reports its dictionary loading on stderr otherwise
    tokenizer = jieba.Tokenizer()
    forms = [f for f in (normalize_term(t.text) for t in termbase.terms("zh")) if _CLAUSE_RE.fullmatch(f or "-")]
    firsts: set[str] = set()
    heads: set[str] = set()
    inner: set[str] = set()
    # the words of known terms, read before the terms themselves join the dictionary
    for form in forms:
        words = tokenizer.lcut(form, HMM=False)
        if len(words) > 1:
            if len(words[0]) > 1:
                firsts.add(words[0])
            if len(words[-1]) > 1:
                heads.add(words[-1])
            inner.update(words)
    for form in forms:
        # a high frequency makes the segmenter prefer the whole term to its parts
        tokenizer.add_word(form, freq=100_000, tag="nz")
    tagger = jieba.posseg.POSTokenizer(tokenizer)
    return tagger, tokenizer, firsts, heads - GENERIC_HEADS, inner


def _snippet(text: str, start: int, end: int, width: int = 16) -> str:
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    snippet = f"{left}[{text[start:end]}]{right}"
    return " ".join(snippet.split())


def _first_ok(word: str, tag: str, firsts: set[str]) -> bool:
    if word in NOT_IN_TERMS:
        return False
    if word in firsts:
        return True
    return len(word) > 1 and not tag.startswith(_EDGE_BAD) and tag != "v"


def _last_ok(word: str, tag: str, heads: set[str]) -> bool:
    if word in NOT_IN_TERMS:
        return False
    if word in heads:
        return True
    return tag.startswith(_HEAD_OK) and not tag.startswith(_EDGE_BAD) and word not in GENERIC_HEADS


def _inner_ok(word: str, tag: str, vocabulary: set[str]) -> bool:
    if tag.startswith(_INNER_BAD) or word in NOT_IN_TERMS:
        return False
    if tag in ("v", "m", "q"):
        # a verb makes a clause (伙伴关系方案提供技术), a numeral a session (第二十三届会议)
        return word in vocabulary
    return True


@dataclass
class CandidateStats:
    """Candidate counts of some documents: extract's per-document summary, merged over a corpus."""

    #: word tuple -> [occurrences, documents (a set of paths), (document index, path, line, context) of the first]
    keys: dict[tuple[str, ...], list] = field(default_factory=dict)


def document_stats(doc: Document, index: int, termbase: Termbase, options: ExtractOptions) -> CandidateStats:
    """The candidate counts of one document (``index``: its place in the run, for the first occurrence)."""
    tagger, tokenizer, firsts, heads, vocabulary = _tokenizer(termbase)
    keys: dict[tuple[str, ...], list] = {}
    norm = normalize(doc.text)
    lines = LineIndex(doc.text)
    for clause in _CLAUSE_RE.finditer(norm.text):
        pairs = tagger.lcut(clause.group(), HMM=True)
        words = [p.word for p in pairs]
        tags = [p.flag for p in pairs]
        offsets = [0]
        for w in words:
            offsets.append(offsets[-1] + len(w))
        for i in range(len(words)):
            if not _first_ok(words[i], tags[i], firsts):
                continue
            for j in range(i + 1, min(len(words), i + options.max_words) + 1):
                n_chars = offsets[j] - offsets[i]
                if n_chars > options.max_length:
                    break
                if j - 1 > i and not _inner_ok(words[j - 1], tags[j - 1], vocabulary) \
                        and not _last_ok(words[j - 1], tags[j - 1], heads):
                    break  # the word just added would stand inside every longer run from i
                if n_chars < options.min_length or not _last_ok(words[j - 1], tags[j - 1], heads):
                    continue
                if j - i == 1 and tokenizer.FREQ.get(words[i]):
                    continue  # a single dictionary word is general vocabulary, not a new term
                if not all(_inner_ok(w, t, vocabulary) for w, t in zip(words[i + 1:j - 1], tags[i + 1:j - 1])):
                    break
                key = tuple(words[i:j])
                entry = keys.get(key)
                if entry is None:
                    s = clause.start() + offsets[i]
                    o_s, o_e = norm.span_to_original(s, s + n_chars)
                    keys[key] = [1, {doc.path}, (index, doc.path, lines.line(o_s), _snippet(doc.text, o_s, o_e))]
                else:
                    entry[0] += 1
    return CandidateStats(keys)


def merge_stats(a: CandidateStats, b: CandidateStats) -> CandidateStats:
    """Two summaries as one (neither is changed): counts add up, documents join, the earlier first wins."""
    keys = dict(a.keys)
    for key, (n, docs, first) in b.keys.items():
        mine = keys.get(key)
        keys[key] = [n, docs, first] if mine is None else [mine[0] + n, mine[1] | docs, min(mine[2], first)]
    return CandidateStats(keys)


class ExtractReduction:
    """Extraction as a reduction (engine.reduce): candidate counts per document, merged over the corpus."""

    task = "extract"

    def __init__(self, termbase: Termbase, options: ExtractOptions, encoding: str | None = None) -> None:
        self.termbase, self.options, self.encoding = termbase, options, encoding

    def empty(self) -> CandidateStats:
        return CandidateStats()

    def summarize(self, source, index: int) -> CandidateStats:
        doc = source if isinstance(source, Document) else read_document(source, self.encoding)
        return document_stats(doc, index, self.termbase, self.options)

    def merge(self, a: CandidateStats, b: CandidateStats) -> CandidateStats:
        return merge_stats(a, b)


def extract_candidates(docs: Iterable[Document], termbase: Termbase,
                       options: ExtractOptions | None = None) -> list[Candidate]:
    """Ranked candidate terms of the documents that the termbase does not contain."""
    options = options or ExtractOptions()
    reduction = ExtractReduction(termbase, options)
    stats = [reduction.summarize(doc, i) for i, doc in enumerate(docs)]
    return rank_candidates(tree_merge(stats, merge_stats, CandidateStats), termbase, options)


def rank_candidates(stats: CandidateStats, termbase: Termbase, options: ExtractOptions) -> list[Candidate]:
    """The candidates of merged counts, scored by C-value, best first (``options.limit`` of them)."""
    known = {normalize_term(t.text) for t in termbase.terms("zh")}
    known.discard("")
    counts = {key: entry[0] for key, entry in stats.keys.items()}

    # C-value: f(a) minus the mean frequency of the longer candidates that contain a
    nested_in: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for key, f in counts.items():
        if len(key) < 2 or f < options.min_count:
            continue
        for a in range(len(key)):
            for b in range(a + 1, len(key) + 1):
                if (a, b) != (0, len(key)):
                    sub = key[a:b]
                    if sub in counts:
                        nested_in[sub].append(f)

    by_text: dict[str, Candidate] = {}
    for key, f in counts.items():
        if f < options.min_count:
            continue
        text = "".join(key)
        if text in known or any(text in k for k in known if len(k) > len(text)):
            continue
        if sum(1 for w in key if w in known) > 1:
            continue  # a list of known things (鹿特丹公约和斯德哥尔摩公约...), not a new one
        longer = nested_in.get(key)
        adjusted = f - (sum(longer) / len(longer) if longer else 0.0)
        cvalue = math.log2(len(text)) * adjusted
        if cvalue <= 0:
            continue
        _, path, line, context = stats.keys[key][2]
        cand = Candidate(text, f, tuple(sorted(stats.keys[key][1])), cvalue, path, line, context, words=key)
        # two segmentations of one string: keep the better-scored one
        if text not in by_text or by_text[text].cvalue < cvalue:
            by_text[text] = cand

    ranked = sorted(by_text.values(), key=lambda c: (-c.cvalue, -c.count, c.text))
    if options.limit is not None:
        ranked = ranked[:options.limit]
    _mark_variants(ranked, termbase)
    return ranked


def _mark_variants(candidates: list[Candidate], termbase: Termbase) -> None:
    from termkit.match.variants import VariantSettings, variant_index

    index = variant_index(termbase, VariantSettings())
    for cand in candidates:
        near = index.nearest(cand.text, limit=1)
        if near:
            term = near[0][0]
            concept = termbase.concept(term.concept_id)
            target = concept.replacement(term) if term.is_bad else term
            cand.near = (target or term).text
            cand.near_concept = concept.id


def extract_paths(paths: Iterable[str | Path], termbase: Termbase, options: ExtractOptions | None = None,
                  encoding: str | None = None, *, jobs: int = 1, client: Any = None, scheduler: str | None = None,
                  progress: ProgressCallback | None = None) -> tuple[list[Candidate], list[str], list[str]]:
    """Read the files under ``paths`` and extract; returns (candidates, files, notes).

    The documents are read and counted in this process, on ``jobs`` processes, or on a
    Dask cluster (``client`` or ``scheduler``): the candidates are the same.
    """
    options = options or ExtractOptions()
    files, notes = collect_files(paths)
    reduction = ExtractReduction(termbase, options, encoding)
    total = run_reduction(reduction, files, jobs=jobs, client=client, scheduler=scheduler, progress=progress)
    return rank_candidates(total, termbase, options), files, notes
