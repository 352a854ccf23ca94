"""superseded-term: an outdated official name is used."""

from __future__ import annotations

from collections.abc import Iterable

from termkit.rules.base import Example, Hit, Rule
from termkit.rules.context import DocContext
from termkit.rules.document.deprecated_term import replacement_hits
from termkit.rules.registry import register


@register
class SupersededTerm(Rule):
    """## What it does
    Flags a name that the termbase marks `superseded` (the official name of a body or
    country before it was renamed) and suggests the current name.

    ## Why is this bad?
    A current document that uses a body's or a country's former name misnames it.

    ## Fix safety
    Safe as a replacement of one name by the other; but a document that cites a session or
    decision from before the renaming is right to use the old name: add
    `unfixable = ["superseded-term"]` to the configuration for historical documents.
    """

    id = "superseded-term"
    severity = "warning"
    summary = "A superseded (outdated official) term is used; the current official name is suggested."
    fixable = True
    reads_all_matches = False
    examples = (Example(bad="斯威士兰代表团", good="埃斯瓦蒂尼代表团", fixed="埃斯瓦蒂尼代表团"),)

    def check(self, doc: DocContext) -> Iterable[Hit]:
        return replacement_hits(doc, ("superseded",))
