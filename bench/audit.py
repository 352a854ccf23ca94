"""Measure `termkit audit` on the UN test set: each phase, the size of a per-file summary, and the merge.

    python bench/audit.py                         # tests/fixtures/external/unpc-test, bundled termbase
    python bench/audit.py --source EN --target ZH --termbase FILE --parts 8

Phases: loading the termbase (cached), building the matchers and jieba's dictionary, ``summarize``
(matching and counting), ``finish`` (frequency floor and G²). Then the pair is cut into ``--parts``
line-aligned pieces, summarized one by one, pickled (what a worker would send back) and merged in a
tree, as an engine that runs files elsewhere would: the size of the summaries and the time of the
merge, and a check that the merged report equals the one of the whole.

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import UNPC_DIR  # noqa: E402
from termkit import load_termbase  # noqa: E402
from termkit.corpus.audit import AuditOptions, _english, _segmenter, finish, summarize  # noqa: E402
from termkit.match.chinese import matcher_for  # noqa: E402
from termkit.text.bitext.read import read_aligned  # noqa: E402
from termkit.text.bitext.segment import Bitext  # noqa: E402

UNPC = UNPC_DIR


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, default=UNPC / "UNv1.0.testset.en")
    ap.add_argument("--target", type=Path, default=UNPC / "UNv1.0.testset.zh")
    ap.add_argument("--termbase", action="append")
    ap.add_argument("--date", default="2015")
    ap.add_argument("--parts", type=int, default=8)
    args = ap.parse_args()
    if not args.source.exists():
        print(f"{args.source} not found")
        return 1
    t0 = time.perf_counter()
    tb = load_termbase(args.termbase, cache=True)
    t1 = time.perf_counter()
    options = AuditOptions(date=args.date)
    _english(tb, False), matcher_for(tb), _segmenter(tb)
    t2 = time.perf_counter()
    bitext = read_aligned(args.source, args.target)
    t3 = time.perf_counter()
    summary = summarize(bitext, tb, options)
    t4 = time.perf_counter()
    report = finish(summary, tb, options)
    t5 = time.perf_counter()
    n = len(bitext.segments)
    print(f"termbase {len(tb):,} concepts; {n:,} segments ({args.source.stat().st_size / 1e6:.2f} MB English, "
          f"{args.target.stat().st_size / 1e6:.2f} MB Chinese)")
    print(f"  load termbase (cached) {t1 - t0:.2f} s; matchers and jieba dictionary {t2 - t1:.2f} s; "
          f"read {t3 - t2:.2f} s")
    print(f"  summarize {t4 - t3:.2f} s ({n / (t4 - t3):,.0f} segments/s); finish {t5 - t4:.2f} s; "
          f"{len(report.concepts)} concepts named")
    size = len(pickle.dumps(summary))
    print(f"  summary of the whole: {len(summary.background):,} candidate strings in the background table, "
          f"{sum(len(c.ngrams) for c in summary.concepts.values()):,} in the concepts' tables; pickled {size / 1e6:.1f} MB")

    # the same pair as --parts pieces, summarized apart and merged in a tree
    k = max(1, args.parts)
    step = -(-n // k)
    pieces = [Bitext(f"{bitext.path}#{i}", "aligned", bitext.segments[i * step:(i + 1) * step],
                     source_path=bitext.source_path) for i in range(k) if bitext.segments[i * step:(i + 1) * step]]
    t6 = time.perf_counter()
    sent = []
    for piece in pieces:
        # a piece too small to check its alignment on its own is still aligned: the whole passed
        sent.append(pickle.dumps(summarize(piece, tb, options)))
    t7 = time.perf_counter()
    level = [pickle.loads(b) for b in sent]
    while len(level) > 1:
        level = [level[i].merge(level[i + 1]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)]
    merged = level[0]
    t8 = time.perf_counter()
    again = finish(merged, tb, options)
    same = ([a.to_dict() | {"examples": None} for a in again.sorted("concept")]
            == [a.to_dict() | {"examples": None} for a in report.sorted("concept")])
    print(f"  in {len(pieces)} pieces: summarize {t7 - t6:.2f} s; pickled summaries {sum(map(len, sent)) / 1e6:.1f} MB "
          f"(largest {max(map(len, sent)) / 1e6:.1f} MB); tree merge {t8 - t7:.2f} s; "
          f"report equal to the whole's (examples aside, as the pieces are other files): {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
