"""Write docs/rules.md from the rule classes (termkit.rules.docs.rules_page).

    python docs/gen_rules.py          # rewrite docs/rules.md
    python docs/gen_rules.py --check  # exit 1 when docs/rules.md is out of date

tests/test_docs.py fails when the committed page differs from what this writes;
the README's rule table (between <!-- rules:start --> and <!-- rules:end -->)
is rewritten too.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from termkit.rules.docs import rule_table, rules_page  # noqa: E402

PAGE = ROOT / "docs" / "rules.md"
README = ROOT / "README.md"
START, END = "<!-- rules:start -->", "<!-- rules:end -->"
#: how the README links a rule id to its section of the rules page
README_LINKS = "docs/rules.md"


def readme_with_table(readme: str) -> str:
    """The README with the rule table between its markers replaced by the current one."""
    if START not in readme or END not in readme.partition(START)[2]:
        raise SystemExit(f"README.md has no {START} ... {END} markers")
    head, _, rest = readme.partition(START)
    tail = rest.partition(END)[2]
    return f"{head}{START}\n{rule_table(README_LINKS)}{END}{tail}"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    wanted = {PAGE: rules_page(), README: readme_with_table(README.read_text(encoding="utf-8"))}
    stale = [p for p, text in wanted.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if check:
        for p in stale:
            print(f"{p.relative_to(ROOT)} is out of date: run python docs/gen_rules.py")
        return 1 if stale else 0
    for p in stale:
        p.write_text(wanted[p], encoding="utf-8", newline="\n")
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
