"""Run a check, a glossary, an extraction or an audit on a Dask distributed cluster.

Given a scheduler's address (``--scheduler tcp://host:8786``, ``scheduler`` in the
configuration, else ``DASK_SCHEDULER_ADDRESS``) or a connected
``distributed.Client``, the per-document work runs on the cluster's workers:

1. the termbase (or the reduction, which holds it) is scattered to every worker
   once; each worker compiles its matcher once and keeps it;
2. the documents, in batches of about equal size, are **read on the workers**
   (so every worker must reach every path, at the same path, as the machine
   that runs the command and lists the directories does) and checked there with
   the document-scope rules;
3. corpus-scope work is a reduction: each batch's small summaries (the count of
   each form of each concept, a glossary's counts, extract's candidate counts)
   are merged on the workers as a balanced tree, and only the total comes back;
   for a check the verdict goes out again to the batches, whose records of
   where each form was used never left their worker, and each batch returns its
   findings.

Only findings (what the report shows) and totals reach the client, never every
match of the corpus. The result is the one ``--jobs 1`` gives, byte for byte:
batches are put back in file order, and merges are associative and commutative.

``distributed`` is imported here only (the ``dask`` extra): without it, asking
for a scheduler is a ``ConfigError``, one line and exit 2 on the command line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from termkit.engine.options import CheckOptions
from termkit.engine.parallel import Failure
from termkit.engine.progress import Tracker
from termkit.engine.reduce import Reduction, tree_merge
from termkit.engine.scan import PART_CHARS, scan_document
from termkit.engine.suppress import Marks
from termkit.errors import ConfigError, InputError, TermkitError
from termkit.model import Finding, Termbase

#: most documents in one task: progress moves and work balances, and the scheduler has few tasks to track
BATCH_FILES = 64
#: batches per worker thread, at least: uneven batches still spread over the cluster
BATCHES_PER_THREAD = 4
INSTALL_HINT = "pip install 'termkit[dask]'"


def require_distributed():
    """The ``distributed`` module, or a ConfigError that says how to install it."""
    try:
        import distributed
    except ImportError:
        raise ConfigError(f"running on a Dask cluster (--scheduler) needs Dask distributed: {INSTALL_HINT}") from None
    return distributed


@contextmanager
def connected(client: Any, address: str | None) -> Iterator[Any]:
    """The given client, or one connected to ``address`` for the length of the block."""
    if client is not None:
        yield client
        return
    distributed = require_distributed()
    try:
        live = distributed.Client(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        yield live
    finally:
        live.close()


def _threads(client: Any) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # noqa: BLE001 - a scheduler that cannot say: assume one
        return 1


def batches(sizes: Sequence[int], threads: int) -> list[list[int]]:
    """Consecutive indices in batches of about equal bytes (at most BATCH_FILES documents each)."""
    target = max(1, sum(sizes) // max(1, threads * BATCHES_PER_THREAD))
    out: list[list[int]] = []
    current: list[int] = []
    weight = 0
    for i, size in enumerate(sizes):
        current.append(i)
        weight += size
        if weight >= target or len(current) >= BATCH_FILES:
            out.append(current)
            current, weight = [], 0
    if current:
        out.append(current)
    return out


# -- the termbase on the workers ----------------------------------------------------------------------------

@dataclass(frozen=True)
class TermbaseRef:
    """A termbase sent by reference: its files and content key, loaded on each worker (from its cache).

    Pickling a large termbase costs seconds on each side (7,500 concepts: 3.6 MB,
    about 3 s here); a worker that reaches the termbase files loads it from its own
    termkit cache in a fraction of that, once per process. The key (the files'
    contents and termkit's code) is checked, so a worker with other files or
    another termkit says so instead of checking with a different termbase.
    """

    files: tuple[str, ...]
    key: str


#: termbases loaded on this worker process, by key (a few: a long-lived cluster serves several runs)
_LOADED: dict[str, Termbase] = {}


def shipped(termbase: Termbase) -> Termbase | TermbaseRef:
    """What to send the workers: a reference when the termbase came from files through the cache, else itself."""
    key = getattr(termbase, "cache_key", None)
    if isinstance(key, str) and termbase.files:
        return TermbaseRef(tuple(str(f) for f in termbase.files), key)
    return termbase


def resolved(termbase: Termbase | TermbaseRef) -> Termbase:
    """The termbase a worker checks with (a reference loaded once per process, its key checked)."""
    if not isinstance(termbase, TermbaseRef):
        return termbase
    loaded = _LOADED.get(termbase.key)
    if loaded is None:
        from termkit.engine.termbases import load_termbase
        from termkit.termbase.cached import cache_key

        if cache_key(list(termbase.files)) != termbase.key:
            import socket

            raise ConfigError(f"the termbase files on worker {socket.gethostname()} are not those of the client, or "
                              "its termkit is another version: every worker needs the same termbase files at the "
                              "same paths and the same termkit", termbase.files[0])
        loaded = load_termbase(list(termbase.files), cache=True)
        if len(_LOADED) >= 4:
            _LOADED.clear()
        _LOADED[termbase.key] = loaded
    return loaded


# -- the check ----------------------------------------------------------------------------------------------

@dataclass
class BatchScan:
    """What a batch of documents leaves on its worker: findings to send back, tallies to keep."""

    indices: list[int]
    findings: list[Finding] = field(default_factory=list)
    marks: dict[str, Marks] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: (path, rule id -> Tally) of each document, in order: the records stay here
    tallies: list[tuple[str, dict]] = field(default_factory=list)
    failure: Failure | None = None


def _scan_batch(items: list[tuple[int, Any]], termbase: Termbase | TermbaseRef, options: CheckOptions,
                part_chars: int) -> BatchScan:
    active = options.active_rules("document")
    out = BatchScan([i for i, _ in items])
    try:
        termbase = resolved(termbase)
    except TermkitError as exc:
        out.failure = Failure.of(exc, items[0][0] if items else 0)
        return out
    for index, source in items:
        try:
            scan = scan_document(source, termbase, options, active, part_chars)
        except TermkitError as exc:
            out.failure = Failure.of(exc, index)
            return out
        out.findings.extend(scan.findings)
        out.marks[scan.path] = scan.marks
        out.notes.extend(scan.notes)
        out.notes.extend(f"{scan.path}:{p}" for p in scan.marks.problems)
        if scan.tallies:
            out.tallies.append((scan.path, scan.tallies))
    return out


def _front(scan: BatchScan) -> BatchScan:
    """The batch without its tallies: what the client needs for the report."""
    return BatchScan(scan.indices, scan.findings, scan.marks, scan.notes, [], scan.failure)


def _summaries(scan: BatchScan, options: CheckOptions) -> dict[str, Any]:
    """Rule id -> the merged summary of the batch's documents."""
    out: dict[str, Any] = {}
    for rule, _ in options.active_rules("document"):
        parts = [t[rule.id].summary for _, t in scan.tallies if rule.id in t]
        if parts:
            out[rule.id] = tree_merge(parts, rule.merge, lambda: None)
    return out


def _merge_summaries(a: dict[str, Any], b: dict[str, Any], options: CheckOptions) -> dict[str, Any]:
    rules = {rule.id: rule for rule, _ in options.active_rules("document")}
    out = dict(a)
    for rule_id, summary in b.items():
        out[rule_id] = rules[rule_id].merge(out[rule_id], summary) if rule_id in out else summary
    return out


def _report(scan: BatchScan, total: dict[str, Any], termbase: Termbase | TermbaseRef,
            options: CheckOptions) -> list[Finding]:
    """The batch's corpus-scope findings, from the merged total of the corpus."""
    termbase = resolved(termbase)
    out: list[Finding] = []
    for rule, severity in options.active_rules("document"):
        if rule.id not in total:
            continue
        verdict = rule.decide(total[rule.id], termbase, True)
        for path, tallies in scan.tallies:
            if rule.id in tallies:
                out.extend(rule.report(path, tallies[rule.id].records, verdict, severity))
    return out


def _tree(client: Any, futures: list, merge, *args) -> Any:
    """A balanced tree of merge tasks over futures, submitted at once (the scheduler runs each when ready)."""
    level = list(futures)
    while len(level) > 1:
        nxt = [client.submit(merge, level[i], level[i + 1], *args, pure=False) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def check_on_cluster(client: Any, sources: Sequence, termbase: Termbase, options: CheckOptions, tracker: Tracker,
                     part_chars: int = PART_CHARS) -> tuple[list[Finding], dict[str, Marks], list[str]]:
    """The document-scope findings (and, in corpus scope, the corpus findings), marks and notes of ``sources``."""
    distributed = require_distributed()
    if not sources:
        return [], {}, []
    groups = batches(tracker.sizes, _threads(client))
    [tb] = client.scatter([shipped(termbase)], broadcast=True, hash=False)
    items = [[(i, sources[i]) for i in group] for group in groups]
    scans = client.map(_scan_batch, items, termbase=tb, options=options, part_chars=part_chars, pure=False)
    fronts = client.map(_front, scans, pure=False)
    corpus = any(r.tallies and r.corpus_capable for r, _ in options.active_rules("document")) \
        and options.scope == "corpus"
    reports = None
    if corpus:
        sums = client.map(_summaries, scans, options=options, pure=False)
        total = _tree(client, sums, _merge_summaries, options)
        reports = client.map(_report, scans, total=total, termbase=tb, options=options, pure=False)
    position = {f.key: k for k, f in enumerate(fronts)}
    done: dict[int, BatchScan] = {}
    for future, front in distributed.as_completed(fronts, loop=client.loop, with_results=True):
        done[position[future.key]] = front
        tracker.finished(front.indices)
    ordered = [done[k] for k in range(len(groups))]
    failures = [b.failure for b in ordered if b.failure is not None]
    if failures:
        client.cancel(scans + (reports or []))
        raise min(failures, key=lambda f: f.index).error()
    findings: list[Finding] = []
    marks: dict[str, Marks] = {}
    notes: list[str] = []
    for b in ordered:
        findings.extend(b.findings)
        marks.update(b.marks)
        notes.extend(b.notes)
    if reports is not None:
        for part in client.gather(reports):
            findings.extend(part)
    return findings, marks, notes


# -- reductions (glossary, extract, audit) ------------------------------------------------------------------

@dataclass
class _Partial:
    """A batch's summary, or the first failure among its documents."""

    value: Any = None
    failure: Failure | None = None


def _summarize(items: list[tuple[int, Any]], reduction: Reduction) -> _Partial:
    try:
        _resolve_reduction(reduction)
    except TermkitError as exc:
        return _Partial(failure=Failure.of(exc, items[0][0] if items else 0))
    summaries = []
    for index, source in items:
        try:
            summaries.append(reduction.summarize(source, index))
        except TermkitError as exc:
            return _Partial(failure=Failure.of(exc, index))
    return _Partial(tree_merge(summaries, reduction.merge, reduction.empty))


def _resolve_reduction(reduction: Any) -> None:
    """A reduction's ``termbase`` travels as a reference (``shipped``): loaded here, once per worker process."""
    if isinstance(getattr(reduction, "termbase", None), TermbaseRef):
        reduction.termbase = resolved(reduction.termbase)


def _merge_partials(a: _Partial, b: _Partial, reduction: Reduction) -> _Partial:
    if a.failure is not None or b.failure is not None:
        failures = [f for f in (a.failure, b.failure) if f is not None]
        return _Partial(failure=min(failures, key=lambda f: f.index))
    return _Partial(reduction.merge(a.value, b.value))


def reduce_on_cluster(client: Any, reduction: Reduction, sources: Sequence, tracker: Tracker) -> Any:
    """The merged summary of every source, summarized in batches on the workers and merged there."""
    distributed = require_distributed()
    if not sources:
        return reduction.empty()
    groups = batches(tracker.sizes, _threads(client))
    if isinstance(getattr(reduction, "termbase", None), Termbase):
        import copy

        reduction = copy.copy(reduction)  # the caller's keeps its termbase
        reduction.termbase = shipped(reduction.termbase)  # type: ignore[attr-defined]
    [red] = client.scatter([reduction], broadcast=True, hash=False)
    items = [[(i, sources[i]) for i in group] for group in groups]
    parts = client.map(_summarize, items, reduction=red, pure=False)
    total = _tree(client, parts, _merge_partials, red)
    position = {f.key: k for k, f in enumerate(parts)}
    for future in distributed.as_completed(parts, loop=client.loop):
        tracker.finished(groups[position[future.key]])
    result = total.result()
    if result.failure is not None:
        raise result.failure.error()
    return result.value
