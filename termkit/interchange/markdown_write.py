"""Markdown tables (GitHub-flavoured) for reading a termbase or glossary in a
repository or a review: pipes escaped, line breaks shown as ⏎."""

from __future__ import annotations

from termkit.interchange.table import (
    GLOSSARY_COLUMNS,
    TERM_COLUMNS,
    glossary_rows,
    one_line,
    termbase_rows,
)


def _cell(s: str) -> str:
    return one_line(s).replace("\\", "\\\\").replace("|", "\\|")


def render(title: str, header, rows, intro: str = "") -> bytes:
    lines = [f"# {title}", ""]
    if intro:
        lines += [intro, ""]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join("---:" if h == "count" else "---" for h in header) + "|")
    for row in rows:
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_termbase(termbase, **_) -> bytes:
    title = "; ".join(termbase.titles.values()) or "Termbase"
    n_terms = sum(len(c.terms) for c in termbase.concepts)
    return render(title, TERM_COLUMNS, termbase_rows(termbase),
                  f"{len(termbase.concepts)} concepts, {n_terms} terms.")


def write_glossary(glossary, source=None, **_) -> bytes:
    files = len(glossary.files)
    return render("Glossary", GLOSSARY_COLUMNS, glossary_rows(glossary),
                  f"{len(glossary.entries)} concepts used in {files} document(s).")
