"""Hover on a term: the concept's entry as `termkit lookup` shows it.

The term under the cursor is found by matching the text around it with the
project's matcher (every term, not only those a rule reports), so a term
wrapped across a line break is found from either line. The entry is
``termkit.lookup``'s: the concept's Chinese and English forms with their type
and status (and what replaces a bad one), its definition, note and source, the
matched form marked; the curators' ``evidence`` is never part of it.
"""

from __future__ import annotations

import io

from termkit.lookup.index import Hit, LookupResult, concept_entry
from termkit.lookup.report import render_text
from termkit.match.chinese import matcher_for
from termkit.model import Match, Termbase
from termkit.text.normalize import normalize

#: characters of context matched on each side of the cursor (more than the longest term)
WINDOW = 300


def term_at(text: str, offset: int, termbase: Termbase) -> Match | None:
    """The term match covering ``offset`` (original offsets), if any."""
    lo = text.rfind("\n", 0, max(0, offset - WINDOW)) + 1
    hi = text.find("\n", min(len(text), offset + WINDOW))
    hi = len(text) if hi == -1 else hi
    for m in matcher_for(termbase).find(normalize(text[lo:hi])):
        if lo + m.start <= offset < lo + m.end:
            return Match(lo + m.start, lo + m.end, m.term, m.norm_start, m.norm_end)
    return None


def entry_text(match: Match, termbase: Termbase, query: str) -> str:
    """The lookup entry of the matched term's concept, as `termkit lookup` prints it."""
    concept = termbase.concept(match.term.concept_id)
    entry = concept_entry(concept)
    term = match.term
    matched = next((t for t in entry[term.lang]
                    if (t["term"], t["type"], t["status"]) == (term.text, term.type, term.status)), None)
    out = io.StringIO()
    render_text(LookupResult(query, query, [Hit(entry, "exact", 100.0, matched)], []), out)
    return out.getvalue()


def hover_markdown(match: Match, termbase: Termbase, text: str) -> str:
    """The entry in a fenced block: the lookup's aligned columns need a monospaced font."""
    body = entry_text(match, termbase, text[match.start:match.end])
    return f"```text\n{body.rstrip()}\n```"
