"""Reductions: per-document summaries merged into one, the same way on one machine and on a cluster.

Everything a run decides over a whole corpus (consistency across documents, a
glossary's counts, extract's candidate statistics, audit's figures) is a
``Reduction``: ``summarize`` turns one document into a small summary,
``merge`` joins two summaries (associative and commutative, and it never
changes its arguments), and the caller finishes with the total. Summaries are
merged as a balanced tree, so the work per merge stays small and a cluster can
merge on its workers; whichever way they are grouped the total is the same.

Corpus-scope check rules are reductions of their ``Tally`` summaries
(``corpus_findings``): the records of each document stay with it, only the
summaries are merged, and the verdict goes back to each document's records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from termkit.engine.progress import ProgressCallback, Tracker, file_sizes
from termkit.model import Finding, Termbase
from termkit.rules import Rule
from termkit.rules.base import Tally

S = TypeVar("S")
S_co = TypeVar("S_co", covariant=True)


class Reduction(Protocol, Generic[S]):
    """A corpus statistic: a summary per document, and how two summaries merge."""

    #: what progress calls the run ("glossary", "extract", "audit")
    task: str

    def summarize(self, source: Any, index: int) -> S:
        """The summary of one document: ``source`` is its path (read it on the worker) or a Document;
        ``index`` its place in the run's file order (for anything that depends on order)."""
        ...

    def merge(self, a: S, b: S) -> S:
        """Two summaries as one; must not change ``a`` or ``b``."""
        ...

    def empty(self) -> S:
        """The summary of no document."""
        ...


def tree_merge(items: Sequence[S], merge: Callable[[S, S], S], empty: Callable[[], S]) -> S:
    """Merge summaries pairwise, level by level: each merge joins two of about equal size."""
    level = list(items)
    if not level:
        return empty()
    while len(level) > 1:
        nxt = [merge(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def summarize_batch(reduction: Reduction[S], batch: Iterable[tuple[int, Any]]) -> S:
    """The merged summary of a batch of (index, source) documents: what one task on a worker returns."""
    return tree_merge([reduction.summarize(source, index) for index, source in batch], reduction.merge,
                      reduction.empty)


class _Summarize:
    """``reduction.summarize`` of an (index, source) pair: what a pool worker runs."""

    def __init__(self, reduction: Reduction) -> None:
        self.reduction = reduction

    def __call__(self, item: tuple[int, Any]) -> Any:
        index, source = item
        return self.reduction.summarize(source, index)


def run_reduction(reduction: Reduction[S], sources: Sequence, *, jobs: int = 1, client: Any = None,
                  scheduler: str | None = None, progress: ProgressCallback | None = None) -> S:
    """The merged summary of every source: in this process, on ``jobs`` processes, or on a Dask cluster
    (``client``, or the scheduler at ``scheduler``); the total is the same."""
    tracker = Tracker(reduction.task, file_sizes(list(sources)), progress)
    tracker.start()
    if client is not None or scheduler:
        from termkit.engine.cluster import connected, reduce_on_cluster

        with connected(client, scheduler) as live:
            return reduce_on_cluster(live, reduction, sources, tracker)
    items = list(enumerate(sources))
    results: Iterable[S]
    if jobs > 1 and len(items) > 1:
        from termkit.engine.parallel import map_parallel

        results = map_parallel(_Summarize(reduction), items, jobs)
    else:
        results = (reduction.summarize(source, index) for index, source in items)
    summaries = []
    for index, summary in enumerate(results):
        summaries.append(summary)
        tracker.finished([index])
    return tree_merge(summaries, reduction.merge, reduction.empty)


def corpus_findings(tallies: Sequence[tuple[str, dict[str, Tally]]], active: list[tuple[Rule, str]],
                    termbase: Termbase) -> list[Finding]:
    """Corpus-scope findings from each document's tallies: summaries merged, verdicts reported per document."""
    out: list[Finding] = []
    for rule, severity in active:
        if not (rule.tallies and rule.scope == "corpus" and rule.corpus_capable):
            continue
        parts = [(path, t[rule.id]) for path, t in tallies if rule.id in t]
        if not parts:
            continue
        total = tree_merge([t.summary for _, t in parts], rule.merge, lambda: None)
        verdict = rule.decide(total, termbase, True)
        for path, tally in parts:
            out.extend(rule.report(path, tally.records, verdict, severity))
    return out
