"""superseded-term: an outdated official name is used where the document postdates the renaming."""

from __future__ import annotations

import re
from collections.abc import Iterable

from termkit.model import Concept, Term
from termkit.rules.base import Example, Hit, Rule
from termkit.rules.context import DocContext
from termkit.rules.document.deprecated_term import confirmed
from termkit.rules.registry import register
from termkit.text.dates import Period, parse_period, relation


@register
class SupersededTerm(Rule):
    """## What it does
    Flags a name that the termbase marks `superseded` (the official name of a body or a
    country before it was renamed, with the date of the renaming in `until`) and suggests
    the current name, judged against the document's date:

    - a document written before the renaming uses the name it had then: nothing is reported;
    - a sentence that dates what it tells to the renaming's year or earlier (行政协调委员会于
      1999 年核可了…) cites the body as it was: nothing is reported, whatever the document's date;
    - a document written after it is reported at the rule's severity, and `--fix` may
      rename;
    - a document whose date is unknown (or too coarse to tell) gets at most an `info`
      finding, never fixed.

    The document's date is `--date`, else a `[dates]` glob of the configuration, else its
    UN header (`Distr.: General` and the date below it, or a Chinese date line at the top),
    else the configuration's `date`.

    ## Why is this bad?
    A current document that uses a body's or a country's former name misnames it; an old
    document that uses it is right, and renaming it there would invent a body that did not
    exist (a "27th session of the UN Environment Assembly" in 2013).

    ## Fix safety
    Safe only where the document is known to postdate the renaming; otherwise never fixed.
    """

    id = "superseded-term"
    severity = "warning"
    summary = "A superseded (outdated official) name is used in a document written after the renaming."
    fixable = True
    reads_all_matches = False
    examples = (Example(bad="Distr.: General\n5 July 2021\n前南斯拉夫的马其顿共和国代表团",
                        good="Distr.: General\n5 July 2017\n前南斯拉夫的马其顿共和国代表团",
                        fixed="Distr.: General\n5 July 2021\n北马其顿代表团"),)

    def check(self, doc: DocContext) -> Iterable[Hit]:
        for m in doc.matches:
            if m.term.status != "superseded":
                continue
            concept = doc.termbase.concept(m.term.concept_id)
            hit = superseded_hit(m.start, m.end, m.term, concept, doc.date, text=doc.text)
            if hit is not None:
                yield hit


def superseded_hit(start: int, end: int, term: Term, concept: Concept, date: Period | None,
                   prefix: str = "", text: str = "") -> Hit | None:
    """The hit for a superseded form at ``text[start:end]`` in a text of ``date``.

    None before the renaming or in a sentence about the time before it; info when unsure.
    """
    change = parse_period(term.until) if term.until else None
    when = relation(date, change)
    if when == "before" or (change is not None and cites_the_past(text, start, end, change)):
        return None
    repl = concept.replacement(term)
    suggestion = repl.text if repl else None
    message = f"{prefix}'{term.text}' is superseded for {concept.id}"
    if term.until:
        message += f" (the official name until {term.until})"
    if when == "after":
        if suggestion:
            message += f"; use '{suggestion}'"
        if term.note:
            message += f" ({term.note})"
        if not confirmed(concept, term, repl):
            message += "; the termbase marks this renaming unconfirmed, so it is not fixed automatically"
            return Hit(start, end, message, suggestion, concept.id, fixable=False)
        return Hit(start, end, message, suggestion, concept.id)
    if change is None:
        why = "the termbase gives no date for the renaming"
    elif date is None:
        why = "the document's date is unknown"
    else:
        why = f"the document's date ({date}) does not tell whether it postdates the renaming"
    message += f"; {why}"
    if suggestion:
        message += f": if the text postdates it, use '{suggestion}'"
    return Hit(start, end, message, suggestion, concept.id, fixable=False, severity="info")


_SENTENCE_END = re.compile(r"[。！？!?]|\n\s*\n")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)\s*年?")


def cites_the_past(text: str, start: int, end: int, change: Period) -> bool:
    """Whether the sentence around ``text[start:end]`` names a year no later than the renaming's.

    A sentence that dates what it tells (于 1999 年核可了) speaks of that time, and the old
    name is right there; a sentence with no year, or only later ones, speaks of its own day.
    """
    if not text:
        return False
    lo = 0
    for before in _SENTENCE_END.finditer(text, max(0, start - 400), start):
        lo = before.end()
    after = _SENTENCE_END.search(text, end, end + 400)
    hi = after.start() if after else min(len(text), end + 400)
    return any(int(y.group(1)) <= change.last.year for y in _YEAR.finditer(text, lo, hi))
