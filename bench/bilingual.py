"""Precision and recall of the bilingual check on real UN translations.

Noise: the 4,000 line-aligned sentences of the UN Parallel Corpus test set
(tests/fixtures/external/unpc-test/) are official translations, mostly right, so
every missing-term finding on them is a false alarm or a real omission; the
figure printed is findings per 1,000 segments, with the concepts behind them.

Recall: for every segment whose source names a concept and whose target
renders it, three corrupted copies of the target are checked:

- delete:     every Chinese form of the concept removed (expect missing-term);
- truncate:   every form with its second-to-last character dropped, a typo
              such as 巴塞尔公约 -> 巴塞尔约 (expect missing-term, or wrong-term
              when the result is a listed deprecated form);
- deprecate:  the rendering replaced by one of the concept's deprecated or
              superseded forms, where it has one (expect wrong-term).

Recall is given over the concepts that missing-term asks for (specific
source terms) and over every concept the two sides share, so the cost of
staying quiet on bare short forms ("the Convention") is visible.

    python bench/bilingual.py [--termbase FILE] [--source EN --target ZH]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import UNPC_DIR  # noqa: E402
from termkit import load_termbase  # noqa: E402
from termkit.engine.bilingual import check_bitexts, segment_context  # noqa: E402
from termkit.engine.options import CheckOptions  # noqa: E402
from termkit.text.bitext.read import read_aligned  # noqa: E402
from termkit.text.bitext.segment import Bitext, Segment  # noqa: E402
from termkit.text.positions import PositionMap  # noqa: E402

UNPC = UNPC_DIR


def noise(bitext: Bitext, termbase) -> None:
    t0 = time.perf_counter()
    result = check_bitexts([bitext], termbase, CheckOptions())
    elapsed = time.perf_counter() - t0
    n = len(bitext.segments)
    counts = Counter(f.rule for f in result.findings)
    print(f"segments: {n} ({bitext.skipped} untranslated skipped); checked in {elapsed:.2f} s "
          f"({n / elapsed:,.0f} segments/s)")
    for rule in ("missing-term", "wrong-term", "inconsistent-translation", "extra-term"):
        print(f"  {rule:<25} {counts[rule]:>5}  = {1000 * counts[rule] / n:6.2f} per 1,000 segments")
    by_concept = Counter(f.concept for f in result.findings if f.rule == "missing-term")
    print("  missing-term by concept:", ", ".join(f"{c} {k}" for c, k in by_concept.most_common(12)))


def _drop_char(form: str) -> str:
    return form[:-2] + form[-1] if len(form) >= 3 else form[:1]


def recall(bitext: Bitext, termbase) -> None:
    cases: list[tuple[str, str, bool, Segment]] = []  # (kind, concept, specific, corrupted segment)
    for seg in bitext.segments:
        ctx = segment_context(bitext, seg, termbase)
        done: set[str] = set()
        for m in ctx.source_matches:
            cid = m.concepts[0]
            if m.ambiguous or cid in done or not ctx.renders(cid):
                continue
            done.add(cid)
            concept = termbase.concept(cid)
            forms = sorted({t.text for t in concept.terms_in("zh")}, key=len, reverse=True)
            good = [t.text for t in concept.terms_in("zh") if not t.is_bad]
            bad = [t.text for t in concept.terms_in("zh") if t.is_bad]
            deleted = truncated = seg.target
            for f in forms:
                deleted = deleted.replace(f, "")
            for f in sorted(good, key=len, reverse=True):
                truncated = truncated.replace(f, _drop_char(f))
            variants = [("delete", deleted), ("truncate", truncated)]
            if bad:
                deprecated = seg.target
                for f in sorted(good, key=len, reverse=True):
                    deprecated = deprecated.replace(f, bad[0])
                variants.append(("deprecate", deprecated))
            for kind, text in variants:
                if text != seg.target:
                    cases.append((kind, cid, m.specific, Segment(f"{seg.id}", seg.source, text,
                                                                 PositionMap.at(len(cases) + 1, 1))))
    corrupted = Bitext("corrupted", "aligned", tuple(c[3] for c in cases))
    result = check_bitexts([corrupted], termbase,
                           CheckOptions(rules=("missing-term", "wrong-term")))
    caught = {(f.line, f.concept) for f in result.findings}
    print(f"recall on {len(cases)} corrupted targets:")
    for kind in ("delete", "truncate", "deprecate"):
        for label, keep in (("specific source terms", True), ("all shared concepts", None)):
            rows = [(i, c) for i, c in enumerate(cases, 1)
                    if c[0] == kind and (keep is None or c[2] == keep)]
            if not rows:
                continue
            hit = sum((i, c[1]) in caught for i, c in rows)
            print(f"  {kind:<10} {label:<22} {hit:>5} / {len(rows):<5} = {100 * hit / len(rows):5.1f} %")


def throughput(source: str, target: str, termbase, copies: int = 5) -> None:
    """Read and check an XLIFF 1.2 file of the corpus repeated ``copies`` times (written under bench/out/)."""
    from xml.sax.saxutils import escape

    out = Path(__file__).resolve().parent / "out" / f"unpc-x{copies}.xlf"
    out.parent.mkdir(exist_ok=True)
    en = Path(source).read_text(encoding="utf-8").split("\n")
    zh = Path(target).read_text(encoding="utf-8").split("\n")
    with open(out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" '
                'target-language="zh-CN" datatype="plaintext" original="unpc"><body>\n')
        for r in range(copies):
            for i, (e, z) in enumerate(zip(en, zh)):
                if e.strip() and z.strip():
                    f.write(f'<trans-unit id="{r}-{i}">\n<source>{escape(e)}</source>\n'
                            f'<target>{escape(z)}</target>\n</trans-unit>\n')
        f.write("</body></file></xliff>\n")
    from termkit.text.bitext.read import read_bitext
    t0 = time.perf_counter()
    bitext = read_bitext(out)
    t1 = time.perf_counter()
    check_bitexts([bitext], termbase, CheckOptions())
    t2 = time.perf_counter()
    n = len(bitext.segments)
    print(f"XLIFF 1.2, {out.stat().st_size / 1e6:.1f} MB, {n} segments: read {t1 - t0:.2f} s "
          f"({n / (t1 - t0):,.0f} segments/s), checked {t2 - t1:.2f} s ({n / (t2 - t1):,.0f} segments/s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--termbase", action="append", help="termbase file or directory (default: bundled)")
    ap.add_argument("--source", default=str(UNPC / "UNv1.0.testset.en"))
    ap.add_argument("--target", default=str(UNPC / "UNv1.0.testset.zh"))
    args = ap.parse_args()
    termbase = load_termbase(args.termbase)
    bitext = read_aligned(args.source, args.target)
    print(f"termbase: {len(termbase)} concepts; corpus: {args.target}")
    noise(bitext, termbase)
    recall(bitext, termbase)
    throughput(args.source, args.target, termbase)


if __name__ == "__main__":
    main()
