"""Measure the possible-variant rule: recall, false alarms on official text, and speed.

    python bench/variants.py                      # bundled termbase, everything
    python bench/variants.py --termbase tests/fixtures/variants.yaml --trials 1000
    python bench/variants.py --skip-speed --set anchor_ends=false --set min_length=4

1. Recall: near-variants of termbase terms (one dropped, inserted, substituted or
   swapped character) are injected into real sentences of the UN Parallel Corpus
   test set (tests/fixtures/external/unpc-test/UNv1.0.testset.zh) at a random place;
   a variant counts as found when a possible-variant finding overlaps it and
   names the term's concept. Inserted and substituted characters are drawn from
   the character distribution of the same file, so they are as plausible as real
   slips. Variants that happen to be a termbase form are skipped (another rule
   reports those). Reported separately for edits inside a term and for edits
   anywhere, including its first and last character.
2. False alarms: the rule on the untouched 4,000 sentences (each line checked as
   its own document), as warnings per 1,000 lines, with every warning listed.
3. Speed (CPU time of this process, so that other load on the machine does not
   count): the corpus in data/ repeated to about 10 MB, checked with all rules,
   then with all rules but possible-variant; prints MB/s of both. The rule
   remembers what each distinct segment of text yields, and that corpus is
   nearly all repeats, so the rule alone is also timed on the UN test set
   (little repetition) with a fresh index, then a second time.

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import UNPC_DIR  # noqa: E402
from termkit import load_termbase  # noqa: E402
from termkit.engine.options import CheckOptions  # noqa: E402
from termkit.engine.pipeline import check_document  # noqa: E402
from termkit.match.variants import VariantSettings, variant_index  # noqa: E402
from termkit.rules import RULES  # noqa: E402
from termkit.rules.document.possible_variant import PossibleVariant  # noqa: E402
from termkit.text.document import Document  # noqa: E402

UNPC = UNPC_DIR / "UNv1.0.testset.zh"
EDITS = ("drop", "insert", "substitute", "swap")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def inject(form: str, edit: str, inner: bool, rng: random.Random, alphabet: list[str]) -> str:
    """One edit of ``form``; with ``inner`` the first and last characters stay."""
    n = len(form)
    lo, hi = (1, n - 1) if inner else (0, n)
    if edit == "drop":
        i = rng.randrange(lo, hi)
        return form[:i] + form[i + 1:]
    if edit == "insert":
        i = rng.randrange(max(lo, 1) if inner else 0, (hi if inner else n) + 1)
        return form[:i] + rng.choice(alphabet) + form[i:]
    if edit == "substitute":
        i = rng.randrange(lo, hi)
        ch = rng.choice(alphabet)
        while ch == form[i]:
            ch = rng.choice(alphabet)
        return form[:i] + ch + form[i + 1:]
    i = rng.randrange(lo, hi - 1)  # swap i and i+1
    return form[:i] + form[i + 1] + form[i] + form[i + 2:]


def recall(tb, lines: list[str], trials: int, seed: int, rule_options: dict) -> None:
    settings = PossibleVariant(**rule_options).variant_settings
    index = variant_index(tb, settings)
    targets = [t for t in index.terms if t.status in ("preferred", "admitted")]
    alphabet = _HAN.findall("".join(lines))
    options = CheckOptions(rules=("possible-variant",), rule_options={"possible-variant": rule_options})
    print(f"recall: {len(targets)} terms of {settings.min_length}+ characters; {trials} trials per row; seed {seed}")
    for inner in (True, False):
        rng = random.Random(seed)
        found_by_edit: Counter = Counter()
        tried_by_edit: Counter = Counter()
        skipped = 0
        for trial in range(trials):
            term = rng.choice(targets)
            edit = EDITS[trial % len(EDITS)]
            form = term.text
            if inner and len(form) < 4 and edit == "swap":
                continue
            variant = inject(form, edit, inner, rng, alphabet)
            if variant in index.known:
                skipped += 1
                continue
            line = rng.choice(lines)
            at = rng.randrange(len(line) + 1)
            text = line[:at] + variant + line[at:]
            tried_by_edit[edit] += 1
            for f in check_document(Document("<trial>", text), tb, options):
                if f.start < at + len(variant) and at < f.end and f.concept == term.concept_id:
                    found_by_edit[edit] += 1
                    break
        total_found = sum(found_by_edit.values())
        total = sum(tried_by_edit.values())
        where = "inside the term (first and last characters kept)" if inner else "anywhere in the term"
        per_edit = ", ".join(f"{e} {100 * found_by_edit[e] / tried_by_edit[e]:.1f}%" for e in EDITS if tried_by_edit[e])
        print(f"  edits {where}: recall {100 * total_found / total:.1f}% ({total_found}/{total}); "
              f"{per_edit}; {skipped} variants skipped because they are termbase forms")


def false_alarms(tb, lines: list[str], show: bool, rule_options: dict, first: int = 1) -> None:
    options = CheckOptions(rules=("possible-variant",), rule_options={"possible-variant": rule_options})
    hits = []
    for no, line in enumerate(lines, first):
        for f in check_document(Document(f"UNv1.0.testset.zh:{no}", line), tb, options):
            hits.append((no, f))
    print(f"false alarms: {len(hits)} possible-variant warnings on {len(lines)} lines of official UN text "
          f"= {1000 * len(hits) / len(lines):.2f} per 1,000 lines")
    if show:
        for no, f in hits:
            print(f"  line {no}: '{f.text}' -> '{f.suggestion}' ({f.message.rsplit('score ', 1)[-1]})")


def speed(tb, target_mb: float) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").glob("*.txt"))]
    size = sum(len(t.encode("utf-8")) for t in texts)
    repeat = max(1, int(target_mb * 1e6 / size))
    docs = [Document(f"doc{i}-{j}.txt", t) for i in range(repeat) for j, t in enumerate(texts)]
    mb = size * repeat / 1e6
    t0 = time.process_time()
    variant_index.cache_clear()
    variant_index(tb, VariantSettings())
    build = time.process_time() - t0
    without = CheckOptions(rules=tuple(r for r in RULES if r != "possible-variant"))
    with_rule = CheckOptions()
    only = CheckOptions(rules=("possible-variant",))
    for opts in (without, with_rule):  # warm caches (matcher, OpenCC table) before timing
        check_document(docs[0], tb, opts)
    figures = {}
    for name, opts in (("all rules but possible-variant", without), ("all rules", with_rule),
                       ("possible-variant alone", only)):
        t0 = time.process_time()
        n = 0
        for d in docs:
            n += len(check_document(d, tb, opts))
        dt = time.process_time() - t0
        figures[name] = dt
        print(f"speed: {name}: {mb:.1f} MB in {dt:.2f} s = {mb / dt:.2f} MB/s ({n} findings)")
    slower = 100 * (figures["all rules"] / figures["all rules but possible-variant"] - 1)
    print(f"speed: possible-variant adds {slower:.0f}% to a check; its index builds in {1000 * build:.0f} ms")
    # the index remembers what each segment (text between punctuation) yields, and the repeated
    # corpus above is nearly all repeats: text it has never seen is the worst case
    if UNPC.exists():
        doc = Document("UNv1.0.testset.zh", UNPC.read_text(encoding="utf-8"))
        unpc_mb = len(doc.text.encode("utf-8")) / 1e6
        check_document(doc, tb, without)
        for state in ("never seen", "seen once"):
            if state == "never seen":
                variant_index.cache_clear()
                variant_index(tb, VariantSettings())
            t0 = time.process_time()
            n = len(check_document(doc, tb, only))
            dt = time.process_time() - t0
            print(f"speed: possible-variant alone, UN test set as one document ({unpc_mb:.2f} MB), {state}: "
                  f"{dt:.3f} s = {unpc_mb / dt:.1f} MB/s ({n} findings)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--termbase", action="append", help="termbase file or directory (default: bundled)")
    ap.add_argument("--trials", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mb", type=float, default=10.0, help="size of the speed corpus")
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--quiet", action="store_true", help="do not list the false alarms")
    ap.add_argument("--lines", choices=("all", "dev", "heldout"), default="all",
                    help="false alarms on all 4,000 UN test lines, on lines 1-2,000 (dev: the rules and the "
                         "termbase were tuned on these) or on lines 2,001-4,000 (held out)")
    ap.add_argument("--set", action="append", default=[], metavar="OPTION=JSON",
                    help="a possible-variant option, e.g. --set anchor_ends=false --set min_length=4")
    args = ap.parse_args()
    rule_options = {}
    for item in args.set:
        key, _, value = item.partition("=")
        rule_options[key] = json.loads(value)
    tb = load_termbase(args.termbase)
    print(f"termbase: {len(tb)} concepts from {', '.join(Path(f).name for f in tb.files)}")
    if UNPC.exists():
        lines = [ln for ln in UNPC.read_text(encoding="utf-8").split("\n") if ln.strip()]
        if rule_options:
            print(f"options: {rule_options}")
        part = {"all": lines, "dev": lines[:2000], "heldout": lines[2000:]}[args.lines]
        print(f"false alarms on {args.lines} lines")
        false_alarms(tb, part, not args.quiet, rule_options, first=2001 if args.lines == "heldout" else 1)
        recall(tb, lines, args.trials, args.seed, rule_options)
    else:
        print(f"{UNPC} not found: recall and false alarms skipped")
    if not args.skip_speed:
        speed(tb, args.mb)


if __name__ == "__main__":
    main()
