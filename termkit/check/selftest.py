"""Run the example sentences that concepts carry: the termbase tests itself.

An example names the terms the matcher must find in its text (in order) and,
optionally, the text after deprecated and superseded terms are fixed.
"""

from __future__ import annotations

from termkit.check.options import CheckOptions
from termkit.check.pipeline import check_document, document_context
from termkit.errors import TermkitError
from termkit.fix.edits import fix_text
from termkit.model import Termbase
from termkit.text.document import Document


def run_examples(termbase: Termbase) -> list[TermkitError]:
    """The problems of every concept's examples: an expected match not found, a fix that differs."""
    problems: list[TermkitError] = []
    options = CheckOptions(rules=("deprecated-term", "superseded-term"))
    for concept in termbase.concepts:
        for ex in concept.examples:
            where = ex.where
            doc = Document(where.path if where else "<example>", ex.text)
            found = [m.term.text for m in document_context(doc, termbase).matches]
            pos = 0
            for expected in ex.matches:
                try:
                    pos = found.index(expected, pos) + 1
                except ValueError:
                    problems.append(TermkitError(
                        f"example of '{concept.id}' should match '{expected}' but the matcher found "
                        f"{found or 'nothing'}", *(_where(where))))
                    break
            if ex.fixed is not None:
                fixed = fix_text(ex.text, check_document(doc, termbase, options))
                if fixed != ex.fixed:
                    problems.append(TermkitError(
                        f"example of '{concept.id}' should fix to '{ex.fixed}' but gives '{fixed}'",
                        *(_where(where))))
    return problems


def _where(where) -> tuple:
    return (where.path, where.line, where.column) if where else (None, None, None)
