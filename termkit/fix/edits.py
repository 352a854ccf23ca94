"""Turn findings into safe text edits and apply them.

Only rules whose suggestion is a one-to-one replacement are fixed, and only
where the finding's span lies on one side of every normalization seam: a term
broken by a line break is reported but never rewritten, because where the
break should go in the replacement is a human decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from termkit.model import Finding


@dataclass(frozen=True, order=True)
class Edit:
    start: int
    end: int
    replacement: str
    #: the rule whose finding asks for it (term fixes are verified as terms)
    rule: str = ""
    #: the text the edit replaces
    text: str = ""
    #: the finding's message (a Word revision's comment says why)
    message: str = ""


def _crosses_seam(text: str) -> bool:
    return any(ch.isspace() for ch in text)


def edits_for(findings: Iterable[Finding], rules: Iterable[str] | None = None) -> list[Edit]:
    """Non-overlapping edits, sorted, for the findings that can be fixed safely.

    ``rules``, when given, limits the fixes to those rule ids.
    """
    allowed = set(rules) if rules is not None else None
    candidates = sorted(
        Edit(f.start, f.end, f.suggestion, f.rule, f.text, f.message)
        for f in findings
        if f.fixable and f.suggestion is not None and (allowed is None or f.rule in allowed)
        and f.suggestion != f.text and not _crosses_seam(f.text)
    )
    out: list[Edit] = []
    for e in candidates:
        if out and e.start < out[-1].end:
            continue  # overlapping fixes: keep the first, the next run picks up the rest
        out.append(e)
    return out


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply sorted, non-overlapping edits given in original offsets."""
    pieces = []
    last = 0
    for e in edits:
        pieces.append(text[last:e.start])
        pieces.append(e.replacement)
        last = e.end
    pieces.append(text[last:])
    return "".join(pieces)


def fix_text(text: str, findings: Iterable[Finding], rules: Iterable[str] | None = None) -> str:
    return apply_edits(text, edits_for(findings, rules))
