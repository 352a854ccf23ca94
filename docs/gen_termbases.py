"""Write the tables of bundled termbases into README.md and docs/termbases.md.

    python docs/gen_termbases.py          # rewrite both tables
    python docs/gen_termbases.py --check  # exit 1 when a table is out of date

The README has one row per folder (between <!-- termbases:start --> and
<!-- termbases:end -->), docs/termbases.md one row per file (between
<!-- termbase-files:start --> and <!-- termbase-files:end -->); both are what
`termkit termbases --format markdown` prints. tests/test_docs.py fails when either is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from termkit.cli.termbases import render_markdown, termbase_rows  # noqa: E402

README = ROOT / "README.md"
PAGE = ROOT / "docs" / "termbases.md"
MARKERS = {README: ("<!-- termbases:start -->", "<!-- termbases:end -->", True),
           PAGE: ("<!-- termbase-files:start -->", "<!-- termbase-files:end -->", False)}


def with_table(path: Path, text: str) -> str:
    """``text`` with the table between ``path``'s markers replaced by the current one."""
    start, end, by_folder = MARKERS[path]
    if start not in text or end not in text.partition(start)[2]:
        raise SystemExit(f"{path.name} has no {start} ... {end} markers")
    head, _, rest = text.partition(start)
    tail = rest.partition(end)[2]
    return f"{head}{start}\n{render_markdown(termbase_rows(by_folder=by_folder))}{end}{tail}"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    wanted = {p: with_table(p, p.read_text(encoding="utf-8")) for p in MARKERS}
    stale = [p for p, text in wanted.items() if p.read_text(encoding="utf-8") != text]
    if check:
        for p in stale:
            print(f"{p.relative_to(ROOT)} is out of date: run python docs/gen_termbases.py")
        return 1 if stale else 0
    for p in stale:
        p.write_text(wanted[p], encoding="utf-8", newline="\n")
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
