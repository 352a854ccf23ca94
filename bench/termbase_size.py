"""What the grown termbase costs: load, start-up and check speed with the termbase before and after it grew.

    python bench/termbase_size.py                  # before = the v1 termbase (git daf30e0^), after = glossary/
    python bench/termbase_size.py --before REF     # any git ref's glossary/ as "before"
    python bench/termbase_size.py --size 10        # the corpus size in MB (default 10)

For each termbase, each measurement in a fresh process with a private cache
directory (so "cold" really is cold and "cached" reads only this termbase's entry):

1. cold load: ``termkit.api.load_termbase(paths, cache=False)``: parse, validate,
   run the examples, build the model (wall seconds, peak RSS);
2. cached load: the same with ``cache=True`` after one run filled the cache;
3. start-up: ``termkit check`` of a one-line file with the cache filled (median of 5);
4. check: ``termkit check`` of a shuffled corpus of ``data/`` paragraphs (bench/corpus.py),
   JSON report, one job: wall seconds, MB/s, peak RSS, findings.

The v1 termbase is taken from git as it was before the grown one replaced it. Four
of its examples encode v1's fixing of unverified renderings, which the current
rules refuse, so its examples are left out (they cost nothing at check time and
only a little at a cold load). Nothing is asserted; the figures are printed as
Markdown with the machine's load average.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import OUT, build_corpus  # noqa: E402
from bench.run import machine, mb, report_findings, run_child, termkit_cmd  # noqa: E402

#: the last commit whose glossary/ is the v1 termbase (401 concepts in four files)
V1_TERMBASE = "daf30e0^"


def checkout_glossary(ref: str, dest: Path, drop_examples: bool) -> Path:
    """``ref``'s glossary/ written under ``dest`` (optionally without examples)."""
    data = subprocess.run(["git", "archive", ref, "glossary"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    root = dest / "glossary"
    if drop_examples:
        for f in root.rglob("*.yaml"):
            f.write_text(without_examples(f.read_text(encoding="utf-8")), encoding="utf-8")
    return root


def without_examples(text: str) -> str:
    """A termbase file's text without its concepts' ``examples:`` blocks (line by line: a YAML
    round trip would turn ``- 001`` into a number)."""
    out, skip_deeper_than = [], None
    for line in text.splitlines(keepends=True):
        indent = len(line) - len(line.lstrip(" "))
        if skip_deeper_than is not None:
            if not line.strip() or indent > skip_deeper_than:
                continue
            skip_deeper_than = None
        if line.lstrip(" ").startswith("examples:"):
            skip_deeper_than = indent
            continue
        out.append(line)
    return "".join(out)


def load_code(root: Path, cache: bool) -> list[str]:
    code = ("import sys; from termkit.api import load_termbase; "
            f"tb = load_termbase([{str(root)!r}], cache={cache}); "
            "print(len(tb.concepts), sum(len(c.terms) for c in tb.concepts))")
    return [sys.executable, "-c", code]


def measure(name: str, key: str, root: Path, corpus: Path, runs: int = 5) -> dict:
    row: dict = {"termbase": name}
    counts = subprocess.run(load_code(root, False), capture_output=True, text=True, check=True).stdout.split()
    row["concepts"], row["terms"] = int(counts[0]), int(counts[1])

    cold = [run_child(load_code(root, False)) for _ in range(3)]
    row["cold_s"] = statistics.median(r["wall"] for r in cold)
    row["cold_rss"] = max(r["rss_mb"] for r in cold)
    run_child(load_code(root, True))  # fills the cache
    cached = [run_child(load_code(root, True)) for _ in range(runs)]
    row["cached_s"] = statistics.median(r["wall"] for r in cached)

    tiny = OUT / "tiny.txt"
    tiny.write_text("《巴塞尔公约》秘书处\n", encoding="utf-8")
    check = termkit_cmd() + ["check", "--isolated", "--fail-on", "never", "--termbase", str(root)]
    run_child(check + [str(tiny)])
    row["startup_s"] = statistics.median(run_child(check + [str(tiny)])["wall"] for _ in range(runs))

    report = OUT / f"report-termbase-{key}.json"
    r = run_child(check + [str(corpus), "--jobs", "1", "--format", "json", "-o", str(report)])
    if r["code"] != 0:
        raise SystemExit(f"termkit check with the {name} termbase failed: {r['stderr'].strip()}")
    row.update(check_s=r["wall"], mbps=mb(corpus) / r["wall"], check_rss=r["rss_mb"],
               findings=report_findings(report))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", default=V1_TERMBASE, help="git ref whose glossary/ is the smaller termbase")
    parser.add_argument("--size", type=int, default=10, help="corpus size in MB (default 10)")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    [corpus] = build_corpus(args.size)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TERMKIT_CACHE_DIR"] = str(Path(tmp) / "cache")
        os.environ.pop("TERMKIT_NO_CACHE", None)
        before = checkout_glossary(args.before, Path(tmp) / "before", drop_examples=True)
        rows = [measure(f"before ({args.before})", "before", before, corpus),
                measure("after (glossary/)", "after", ROOT / "glossary", corpus)]

    print(f"{machine()}; corpus {mb(corpus):.1f} MB\n")
    print("| termbase | concepts | terms | cold load s | cold load RSS MB | cached load s | one-line check s "
          f"| {args.size} MB check s | MB/s | check RSS MB | findings |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['termbase']} | {r['concepts']:,} | {r['terms']:,} | {r['cold_s']:.2f} | {r['cold_rss']:.0f} "
              f"| {r['cached_s']:.2f} | {r['startup_s']:.2f} | {r['check_s']:.2f} | {r['mbps']:.1f} "
              f"| {r['check_rss']:.0f} | {r['findings']:,} |")


if __name__ == "__main__":
    main()
