"""Peak memory of `termkit check` on one large file, checked in parts and whole: the ratio to the file's size.

    python bench/memory.py              # 200 MB (and 100 MB), bundled termbase
    python bench/memory.py --mb 50      # one size

The file is the benchmark corpus (bench/corpus.py: shuffled paragraphs of data/
with their PDF line breaks), built once under bench/out/. Each measurement runs
in a fresh process (peak resident memory from wait4, as bench/run.py does):

1. ``termkit check FILE --format json -o OUT --jobs 1``: the engine checks the
   document in parts (termkit/engine/scan.py);
2. the same check through the library with the part size set beyond the file,
   i.e. the whole document normalized and matched at once (what termkit did
   before parts), to show what parts save and that the findings are the same.

Nothing is asserted; the figures are printed as Markdown.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import MB, OUT, build_corpus  # noqa: E402
from bench.run import run_child, termkit_cmd  # noqa: E402

WHOLE = """
import sys
sys.path.insert(0, {root!r})
from termkit import CheckOptions, load_termbase
from termkit._util.gcpause import gc_paused
from termkit.engine.pipeline import check_paths
from termkit.report import render
tb = load_termbase(None, cache=True)
with gc_paused():
    result = check_paths([{path!r}], tb, CheckOptions(jobs=1), part_chars=1 << 40)
    with open({out!r}, "w", encoding="utf-8", newline="\\n") as stream:
        render(result, "json", stream, fail_on="never", termbase=tb, summary=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, action="append", help="file sizes in MB (default: 100 and 200)")
    args = parser.parse_args()
    sizes = args.mb or [100, 200]
    print(f"# load average {os.getloadavg()[0]:.1f}; {os.cpu_count()} CPUs\n")
    print("| file MB | how | wall s | peak RSS MB | RSS ÷ file | same findings |")
    print("|---|---|---|---|---|---|")
    for size in sizes:
        [path] = build_corpus(size)
        file_mb = path.stat().st_size / MB
        parted_out = OUT / f"memory-{size}mb-parts.json"
        r = run_child(termkit_cmd() + ["check", str(path), "--isolated", "--jobs", "1", "--format", "json",
                                       "-o", str(parted_out), "--fail-on", "never", "--no-progress"])
        if r["code"] != 0:
            raise SystemExit(f"termkit check failed ({r['code']}): {r['stderr'].strip()}")
        print(f"| {file_mb:.0f} | in parts (`termkit check`) | {r['wall']:.1f} | {r['rss_mb']:.0f} | "
              f"{r['rss_mb'] / file_mb:.2f} | (reference) |", flush=True)
        whole_out = OUT / f"memory-{size}mb-whole.json"
        code = WHOLE.format(root=str(ROOT), path=str(path), out=str(whole_out))
        start = time.perf_counter()
        w = run_child([sys.executable, "-c", code])
        if w["code"] != 0:
            raise SystemExit(f"the whole-document check failed: {w['stderr'].strip()}")
        same = filecmp.cmp(parted_out, whole_out, shallow=False)
        print(f"| {file_mb:.0f} | whole (one part) | {time.perf_counter() - start:.1f} | {w['rss_mb']:.0f} | "
              f"{w['rss_mb'] / file_mb:.2f} | {same} |", flush=True)


if __name__ == "__main__":
    main()
