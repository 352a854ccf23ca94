"""Checks, glossaries and extractions of 10,000 files on a local Dask cluster of 1 and 2 workers.

    python bench/cluster.py                  # 10,000 files of about 2 KB (20 MB), bundled termbase
    python bench/cluster.py --files 2000     # fewer files
    python bench/cluster.py --termbase tests/fixtures/mini.yaml

Material: ``files`` files of shuffled paragraphs of data/ (bench/corpus.py),
built once under bench/out/. For each engine — ``--jobs 1`` (this process),
the process pool (``--jobs 2``), and a ``distributed.LocalCluster`` of 1 and of 2
worker processes (one thread each; the cluster is started before the clock
runs, as a long-lived cluster is) — it runs a corpus-scope check and a glossary
and prints:

- wall seconds, throughput (MB of UTF-8 input per second) and files per second;
- on the cluster, the share of the workers' task time spent in the reduction
  (summaries, the merge tree, the verdict's report per batch; glossary: the
  merge tree), from Dask's task stream;
- whether the output equals the ``--jobs 1`` output (it must).

Nothing is asserted; the figures go to docs/cluster.md by hand. The machine's
load average is printed with them, because other processes on a 2-core machine
change every figure.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import MB, build_corpus  # noqa: E402

REDUCTION = ("_summaries", "_merge_summaries", "_report", "_merge_partials")


def _prefix(key) -> str:
    name = key[0] if isinstance(key, tuple) else str(key)
    return name.split("-", 1)[0]  # "_scan_batch-<uuid>-3" -> "_scan_batch"


def timed_cluster(client, fn):
    """(result, wall seconds, {task prefix: seconds of worker time}) of fn() on the cluster."""
    from distributed import get_task_stream

    with get_task_stream(client=client) as stream:
        start = time.perf_counter()
        result = fn()
        wall = time.perf_counter() - start
    spent: dict[str, float] = {}
    for task in stream.data:
        for part in task.get("startstops", ()):
            if part.get("action") == "compute":
                p = _prefix(task["key"])
                spent[p] = spent.get(p, 0.0) + part["stop"] - part["start"]
    return result, wall, spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--mb", type=int, default=20, help="megabytes in all (default 20)")
    parser.add_argument("--termbase", action="append", help="termbase paths (default: bundled)")
    args = parser.parse_args()

    from distributed import Client, LocalCluster

    from bench.reference import findings_json
    from termkit import CheckOptions, load_termbase
    from termkit.corpus.glossary import build_glossary
    from termkit.engine.pipeline import check_paths

    files = build_corpus(args.mb, files=args.files, seed=11)
    size = sum(p.stat().st_size for p in files) / MB
    tb = load_termbase(args.termbase or None, cache=True)
    options = CheckOptions(scope="corpus")
    print(f"# {len(files):,} files, {size:.1f} MB, termbase of {len(tb.concepts):,} concepts; "
          f"load average {os.getloadavg()[0]:.1f}; {os.cpu_count()} CPUs\n")
    print("| engine | task | wall s | MB/s | files/s | reduction share | same output |")
    print("|---|---|---|---|---|---|---|")

    def row(engine, task, wall, share, same):
        print(f"| {engine} | {task} | {wall:.1f} | {size / wall:.2f} | {len(files) / wall:.0f} | {share} | {same} |",
              flush=True)

    start = time.perf_counter()
    serial = check_paths(files, tb, options)
    row("--jobs 1", "check --scope corpus", time.perf_counter() - start, "", "(reference)")
    want = findings_json(serial.findings)
    start = time.perf_counter()
    gloss = build_glossary(files, tb)
    row("--jobs 1", "glossary", time.perf_counter() - start, "", "(reference)")
    want_g = [e.to_dict() for e in gloss.entries]

    start = time.perf_counter()
    pooled = check_paths(files, tb, CheckOptions(scope="corpus", jobs=2))
    row("--jobs 2 (process pool)", "check --scope corpus", time.perf_counter() - start, "",
        findings_json(pooled.findings) == want)

    for workers in (1, 2):
        up = time.perf_counter()
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            started = time.perf_counter() - up
            # a first, small run warms the workers (imports, the termbase's matchers), as on a long-lived cluster
            check_paths(files[:50], tb, options, client=client)
            result, wall, spent = timed_cluster(client, lambda: check_paths(files, tb, options, client=client))
            total = sum(spent.values()) or 1.0
            reduce = sum(v for k, v in spent.items() if k in REDUCTION)
            row(f"LocalCluster, {workers} worker(s) (started in {started:.1f} s)", "check --scope corpus", wall,
                f"{100 * reduce / total:.1f} %", findings_json(result.findings) == want)
            g, wall, spent = timed_cluster(client, lambda: build_glossary(files, tb, client=client))
            total = sum(spent.values()) or 1.0
            reduce = sum(v for k, v in spent.items() if k in REDUCTION)
            row(f"LocalCluster, {workers} worker(s)", "glossary", wall, f"{100 * reduce / total:.1f} %",
                [e.to_dict() for e in g.entries] == want_g)


if __name__ == "__main__":
    main()
