"""undefined-abbreviation: an abbreviation is used before the concept's full form in a document.

Reported once per concept and document, at the first use.

Bad:  环境署执行主任……（no 联合国环境规划署 earlier in the document）
Good: 联合国环境规划署（环境署）执行主任……
"""

from __future__ import annotations

from typing import Iterable

from termkit.rules import register
from termkit.rules.base import DocContext, Hit, Rule


@register
class UndefinedAbbreviation(Rule):
    id = "undefined-abbreviation"
    severity = "info"
    reads_all_matches = False
    summary = "An abbreviation is used before (or without) the full form of its concept in the document."

    def check(self, doc: DocContext) -> Iterable[Hit]:
        defined: set[str] = set()
        reported: set[str] = set()
        for m in doc.matches:  # in document order
            term = m.term
            cid = term.concept_id
            if term.type == "full":
                defined.add(cid)
            elif term.type == "abbrev" and cid not in defined and cid not in reported:
                reported.add(cid)
                concept = doc.termbase.concept(cid)
                full = concept.preferred("zh", "full")
                if full is None or full.type != "full":
                    continue
                suggestion = f"{full.text}（{term.text}）"
                yield Hit(m.start, m.end,
                          f"abbreviation '{term.text}' is used before the full form '{full.text}' "
                          f"appears in this document", suggestion, cid)
