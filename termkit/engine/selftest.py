"""Run the example sentences that concepts carry: the termbase tests itself.

An example names the terms the matcher must find in its text (in order) and,
optionally, the text after deprecated and superseded terms are fixed; an
example with a ``date`` is fixed as a document of that date (a superseded name is
renamed only after its ``until``), one without as an undated document.
"""

from __future__ import annotations

from termkit.engine.options import CheckOptions
from termkit.engine.pipeline import check_document, document_context
from termkit.errors import TermkitError
from termkit.fix.edits import fix_text
from termkit.model import Termbase
from termkit.text.document import Document


def run_examples(termbase: Termbase, skip_files: frozenset[str] = frozenset()) -> list[TermkitError]:
    """The problems of every concept's examples: an expected match not found, a fix that differs.

    Concepts written in ``skip_files`` are passed over (see ``engine.termbases``).
    """
    problems: list[TermkitError] = []
    undated = CheckOptions(rules=("deprecated-term", "superseded-term"))
    for concept in termbase.concepts:
        if skip_files and concept.where is not None and concept.where.path in skip_files:
            continue
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
                # superseded names are renamed only in a text dated after the renaming
                options = undated if ex.date is None else CheckOptions(rules=undated.rules, date=ex.date)
                fixed = fix_text(ex.text, check_document(doc, termbase, options))
                if fixed != ex.fixed:
                    problems.append(TermkitError(
                        f"example of '{concept.id}' should fix to '{ex.fixed}' but gives '{fixed}'",
                        *(_where(where))))
    return problems


def _where(where) -> tuple:
    return (where.path, where.line, where.column) if where else (None, None, None)
