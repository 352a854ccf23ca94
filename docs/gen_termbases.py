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

from docs._generated import replace_between, write_or_check  # noqa: E402
from termkit.cli.termbases import render_markdown, termbase_rows  # noqa: E402

README = ROOT / "README.md"
PAGE = ROOT / "docs" / "termbases.md"
MARKERS = {README: ("<!-- termbases:start -->", "<!-- termbases:end -->", True),
           PAGE: ("<!-- termbase-files:start -->", "<!-- termbase-files:end -->", False)}


def with_table(path: Path, text: str) -> str:
    """``text`` with the table between ``path``'s markers replaced by the current one."""
    start, end, by_folder = MARKERS[path]
    return replace_between(text, start, end, render_markdown(termbase_rows(by_folder=by_folder)), path.name)


def main(argv: list[str]) -> int:
    wanted = {p: with_table(p, p.read_text(encoding="utf-8")) for p in MARKERS}
    return write_or_check(wanted, ROOT, "gen_termbases.py", "--check" in argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
