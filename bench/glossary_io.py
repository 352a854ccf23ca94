"""Speed and size of `termkit glossary`, `export` and `import`.

Prints figures; asserts nothing about time.

1. the aligned glossary of data/ (bundled termbases) in every format;
2. the glossary of a 10 MB corpus (bench/corpus.py material) — documents per second, MB/s;
3. export of the bundled termbases to every format, with file sizes;
4. export, import and re-export of a 100,000-term termbase (the bundled one plus
   synthetic concepts from bench/corpus.py) as TBX v3 and CSV, with the round
   trip checked byte for byte.

    python bench/glossary_io.py [--terms 100000] [--corpus-mb 10]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import build_corpus, build_large_termbase  # noqa: E402

from termkit import load_termbase  # noqa: E402
from termkit.corpus.glossary import build_glossary  # noqa: E402
from termkit.interchange import dump_termbase, export_glossary, export_termbase, import_file  # noqa: E402  # noqa: E402
from termkit.termbase import bundled_dir, termbase_files  # noqa: E402

FORMATS = ("tbx", "csv", "tsv", "xlsx", "md", "json")


def timed(fn, *args, **kw):
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t0


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--terms", type=int, default=100_000)
    ap.add_argument("--corpus-mb", type=int, default=10)
    args = ap.parse_args()

    tb, t = timed(load_termbase)
    n_terms = sum(len(c.terms) for c in tb.concepts)
    print(f"bundled termbases: {len(tb.concepts)} concepts, {n_terms} terms (load {t:.2f}s)")

    g, t = timed(build_glossary, [ROOT / "data"], tb)
    print(f"\n1. glossary of data/: {len(g.entries)} concepts from {len(g.files)} documents in {t*1000:.0f} ms")
    for fmt in FORMATS:
        data, t = timed(export_glossary, g, tb, fmt)
        print(f"   {fmt:5} {len(data):>9,} bytes  {t*1000:7.1f} ms")

    paths = build_corpus(args.corpus_mb)
    size = sum(p.stat().st_size for p in paths) / 1e6
    g, t = timed(build_glossary, paths, tb)
    print(f"\n2. glossary of a {size:.1f} MB corpus: {len(g.entries)} concepts, "
          f"{sum(e.count for e in g.entries):,} occurrences in {t:.2f}s ({size / t:.1f} MB/s); "
          f"peak RSS {rss_mb():.0f} MB")

    print("\n3. export of the bundled termbases")
    for fmt in FORMATS:
        data, t = timed(export_termbase, tb, fmt)
        print(f"   {fmt:5} {len(data):>9,} bytes  {t*1000:7.1f} ms")
    data, t = timed(export_termbase, tb, "tbx", tbx_version=2)
    print(f"   tbx v2 {len(data):>8,} bytes  {t*1000:7.1f} ms")

    big_path = build_large_termbase(args.terms, base=termbase_files([bundled_dir()]))
    big, t = timed(load_termbase, termbase_files([bundled_dir()]) + [big_path], run_examples=False)
    big_terms = sum(len(c.terms) for c in big.concepts)
    print(f"\n4. large termbase: {len(big.concepts):,} concepts, {big_terms:,} terms (load {t:.1f}s)")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, kw in (("tbx", {"tbx_version": 3}), ("csv", {})):
            first, t_exp = timed(export_termbase, big, fmt, **kw)
            src = Path(tmp) / f"big.{fmt}"
            src.write_bytes(first)
            result, t_imp = timed(import_file, src, termbase_id="big", title="; ".join(big.titles.values()))
            yaml_path = Path(tmp) / "big.yaml"
            yaml_path.write_text(dump_termbase(result.data), encoding="utf-8")
            back = load_termbase([yaml_path], run_examples=False)
            again, t_re = timed(export_termbase, back, fmt, **kw)
            print(f"   {fmt:5} {len(first) / 1e6:6.1f} MB  export {t_exp:5.2f}s  import {t_imp:5.2f}s  "
                  f"re-export {t_re:5.2f}s  round trip identical: {again == first}")
    print(f"   peak RSS {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
