"""undefined-abbreviation: an abbreviation is used before the concept's full form in a document."""

from __future__ import annotations

from collections.abc import Iterable

from termkit.rules.base import Example, Hit, Rule
from termkit.rules.context import DocContext
from termkit.rules.registry import register


@register
class UndefinedAbbreviation(Rule):
    """## What it does
    Flags the first use of a Chinese abbreviation (a term of type `abbrev`, such as 环境署)
    in a document where the concept's full form has not appeared before it. Reported once
    per concept and document; short forms (巴塞尔公约) are not abbreviations and are not
    reported.

    ## Why is this bad?
    UN editorial practice spells a body out at its first mention, with the abbreviation in
    brackets, and uses the abbreviation after that.

    ## Fix safety
    Not fixed: the suggestion (`full form（abbreviation）`) shows the usual first mention,
    but where to spell the name out is an editorial choice.
    """

    id = "undefined-abbreviation"
    severity = "info"
    summary = "An abbreviation is used before (or without) the full form of its concept in the document."
    reads_all_matches = False
    examples = (Example(bad="环境署执行主任在会上发言", good="联合国环境规划署（环境署）执行主任在会上发言"),)

    def check(self, doc: DocContext) -> Iterable[Hit]:
        # first use is a matter of order: the concepts defined and reported so far are carried from one
        # part of a large document to the next (compact: two sets of concept ids)
        defined: set[str] = doc.carried("undefined-abbreviation.defined", set)
        reported: set[str] = doc.carried("undefined-abbreviation.reported", set)
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
