"""superseded-term: an outdated official name is used.

Bad:  斯威士兰 (before 2018)
Good: 埃斯瓦蒂尼
"""

from __future__ import annotations

from typing import Iterable

from termkit.rules import register
from termkit.rules.base import DocContext, Hit, Rule
from termkit.rules.deprecated_term import replacement_hits


@register
class SupersededTerm(Rule):
    id = "superseded-term"
    severity = "warning"
    summary = "A superseded (outdated official) term is used; the current official name is suggested."
    fixable = True
    reads_all_matches = False

    def check(self, doc: DocContext) -> Iterable[Hit]:
        return replacement_hits(doc, ("superseded",))
