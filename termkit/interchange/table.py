"""Termbases and glossaries as plain tables (header + rows of strings) for the
tabular formats: CSV, TSV, XLSX and Markdown all write these same columns.

A termbase table has one row per term (the layout that keeps every status,
type and note, and that `termkit import` reads back); concept fields repeat on
each of the concept's rows so a spreadsheet filter on any column keeps whole
rows meaningful. A glossary table has one row per concept.
"""

from __future__ import annotations

TERM_COLUMNS = ("concept", "subject", "lang", "term", "type", "status", "use", "term_note",
                "definition", "concept_note", "source")
GLOSSARY_COLUMNS = ("concept", "subject", "zh", "zh_short", "zh_abbrev", "en", "en_short",
                    "en_abbrev", "count", "forms", "documents", "first", "context", "written")


def termbase_rows(termbase) -> list[list[str]]:
    rows = []
    for c in termbase.concepts:
        for t in c.terms:
            rows.append([c.id, c.subject, t.lang, t.text, t.type, t.status, t.use or "",
                         t.note or "", c.definition or "", c.note or "", c.source or ""])
    return rows


def one_line(s: str) -> str:
    """Line breaks made visible, so a cell never spans lines in any format."""
    return s.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")


def glossary_rows(glossary) -> list[list[str]]:
    rows = []
    for e in glossary.entries:
        d = e.to_dict()
        forms = "; ".join(f"{f.text} ({f.status}) {f.count}" for f in e.forms)
        written = "; ".join(f"{one_line(w)} = {f.text} {n}" for f in e.forms for w, n in f.written.items())
        rows.append([d["concept"], d["subject"], d["zh"], d["zh_short"], d["zh_abbrev"], d["en"],
                     d["en_short"], d["en_abbrev"], str(d["count"]), forms, "; ".join(d["documents"]),
                     d["first"], d["context"], written])
    return rows
