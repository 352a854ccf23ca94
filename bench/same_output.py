"""Do two versions of termkit report the same thing? JSON reports of two git refs compared byte for byte.

    python bench/same_output.py                    # v1 (a0c2fcf) against the end of the restructure (d228cf4)
    python bench/same_output.py REF_A REF_B        # any two refs, e.g. HEAD~5 HEAD

Each ref is checked out in a temporary git worktree and run from there with its own
package and its own bundled termbase (``python -m termkit``, no cache, no configuration):

- ``termkit check data/ --format json``: the five bundled documents;
- ``termkit check --source EN --target ZH --format json``: the bilingual check of the UN
  parallel test set (the 4,000 lines copied into tests/fixtures/external/unpc-test).

It prints, for each report, ``identical`` or the number of findings that differ and
the first differences, and exits 1 when a report differs. This is how the
restructure of issue #14 was shown to change no output: the package was moved into
layers between a0c2fcf and d228cf4, and both reports are byte-identical.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the last commit of termkit v1, and the last commit of the mechanical restructure into layers
V1, RESTRUCTURED = "a0c2fcf", "d228cf4"


def bilingual_pair() -> tuple[Path, Path]:
    folder = ROOT / "tests" / "fixtures" / "external" / "unpc-test"
    return folder / "UNv1.0.testset.en", folder / "UNv1.0.testset.zh"


def reports(ref: str, tmp: Path) -> dict[str, bytes]:
    tree = tmp / ref.replace("/", "_").replace("~", "_").replace("^", "_")
    subprocess.run(["git", "worktree", "add", "--detach", "--force", str(tree), ref], cwd=ROOT, check=True,
                   capture_output=True)
    try:
        env = {**os.environ, "PYTHONPATH": str(tree), "TERMKIT_NO_CACHE": "1", "NO_COLOR": "1"}
        en, zh = bilingual_pair()
        runs = {
            "check data/": ["check", "data/", "--format", "json", "--isolated", "--fail-on", "never"],
            "bilingual UN test set": ["check", "--source", str(en), "--target", str(zh), "--format", "json",
                                      "--isolated", "--fail-on", "never"],
        }
        out = {}
        for name, argv in runs.items():
            r = subprocess.run([sys.executable, "-m", "termkit", *argv], cwd=tree, env=env, capture_output=True)
            if r.returncode != 0:
                raise SystemExit(f"{ref}: termkit {' '.join(argv)} exited {r.returncode}: "
                                 f"{r.stderr.decode('utf-8', 'replace').strip()[-500:]}")
            out[name] = r.stdout
        return out
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)


def findings(report: bytes) -> list[str]:
    data = json.loads(report)
    items = data.get("findings", data) if isinstance(data, dict) else data
    return [json.dumps(f, ensure_ascii=False, sort_keys=True) for f in items]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ref_a", nargs="?", default=V1)
    parser.add_argument("ref_b", nargs="?", default=RESTRUCTURED)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        a = reports(args.ref_a, Path(tmp))
        b = reports(args.ref_b, Path(tmp))
    differ = 0
    for name in a:
        if a[name] == b[name]:
            print(f"{name}: identical ({len(a[name]):,} bytes, {len(findings(a[name])):,} findings)")
            continue
        differ += 1
        fa, fb = findings(a[name]), findings(b[name])
        only_a = [f for f in fa if f not in set(fb)]
        only_b = [f for f in fb if f not in set(fa)]
        print(f"{name}: DIFFERENT ({len(fa):,} findings in {args.ref_a}, {len(fb):,} in {args.ref_b}; "
              f"{len(only_a)} only in {args.ref_a}, {len(only_b)} only in {args.ref_b})")
        for f in only_a[:3]:
            print(f"  - {f[:300]}")
        for f in only_b[:3]:
            print(f"  + {f[:300]}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
