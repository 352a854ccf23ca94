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

from docs._generated import replace_between, write_or_check  # noqa: E402
from termkit.rules.docs import rule_table, rules_page  # noqa: E402

PAGE = ROOT / "docs" / "rules.md"
README = ROOT / "README.md"
START, END = "<!-- rules:start -->", "<!-- rules:end -->"
#: how the README links a rule id to its section of the rules page
README_LINKS = "docs/rules.md"


def readme_with_table(readme: str) -> str:
    """The README with the rule table between its markers replaced by the current one."""
    return replace_between(readme, START, END, rule_table(README_LINKS), "README.md")


def main(argv: list[str]) -> int:
    wanted = {PAGE: rules_page(), README: readme_with_table(README.read_text(encoding="utf-8"))}
    return write_or_check(wanted, ROOT, "gen_rules.py", "--check" in argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
