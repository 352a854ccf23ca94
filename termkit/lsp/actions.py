"""Code actions: apply a finding's safe fix, fix every safe finding of the file, or ignore a finding on its line.

Fixes make the same edits with the same guarantees as ``termkit check --fix``
(``termkit.fix``): only a finding ``fix.edits.edits_for`` accepts (a one-to-one
replacement, no line break inside it), never one of a rule listed as
``unfixable``, and only after ``fix.verify.refusal`` has checked the corrected
sentence with the project's own rules. A fix that verification refuses is
offered disabled, with the reason, where the client can show that. "Fix all"
runs ``fix.plan.plan_fixes`` on the editor's text: passes until no safe fix is
left, each verified, exactly what ``--fix`` would write. The edits sent back
are the changed stretches of the changed lines, not the whole document, so the
cursor and the undo history stay where they were.

"Ignore on this line" writes a ``termkit: ignore[rule]`` marker
(``termkit.engine.suppress``) at the end of the line the finding starts on:
inside an HTML comment in Markdown and HTML, where it does not render, plain
elsewhere; a marker already on the line gets the rule added to its list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from lsprotocol import types

from termkit.engine.suppress import _MARKER_RE
from termkit.fix.edits import edits_for
from termkit.fix.plan import plan_fixes
from termkit.fix.verify import refusal
from termkit.lsp.diagnostics import lsp_range
from termkit.lsp.positions import LspText
from termkit.lsp.project import Project
from termkit.lsp.recheck import common_prefix, common_suffix
from termkit.model import Finding
from termkit.text.document import Document

FIX_ALL_KIND = "source.fixAll.termkit"
FIX_ALL_TITLE = "Fix all safe termkit findings in this file"
#: languages (LSP language ids) and file extensions whose markers go in an HTML comment
COMMENT_LANGUAGES = frozenset({"markdown", "html", "xhtml", "xml", "mdx", "vue"})
COMMENT_SUFFIXES = frozenset({".md", ".markdown", ".mdx", ".html", ".htm", ".xhtml", ".xml"})


def wanted(kind: str, only: list[str] | None) -> bool:
    """Whether a client that asked for ``only`` these kinds wants an action of ``kind`` (kinds nest by dots)."""
    if not only:
        return True
    return any(kind == o or kind.startswith(o + ".") for o in only)


def uses_html_comments(language: str | None, path: str | None) -> bool:
    if language and language.lower() in COMMENT_LANGUAGES:
        return True
    return bool(path) and PurePath(path or "").suffix.lower() in COMMENT_SUFFIXES


@dataclass
class Fixability:
    """Whether one finding's fix may be applied, and the edit (or why not)."""

    finding: Finding
    replacement: str | None = None
    reason: str | None = None


def fixability(f: Finding, text: str, project: Project) -> Fixability | None:
    """None for a finding with no fix at all; otherwise its edit or the reason it is refused."""
    if not f.fixable or f.suggestion is None:
        return None
    if f.rule in project.unfixable:
        return Fixability(f, reason=f"{f.rule} is listed as unfixable in the configuration")
    edits = edits_for([f])
    if not edits:
        return Fixability(f, reason="the term is broken across a line; where the break goes is a human decision")
    if text[f.start:f.end] != f.text:  # pragma: no cover - the findings are always of this text
        return Fixability(f, reason="the text changed; check again")
    reason = refusal(text, edits[0], project.sentences)
    if reason is not None:
        return Fixability(f, reason=reason)
    return Fixability(f, replacement=edits[0].replacement)


def _edit(uri: str, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: edits})


def fix_action(uri: str, fx: Fixability, lines: LspText, diag: types.Diagnostic | None,
               disabled_support: bool) -> types.CodeAction | None:
    f = fx.finding
    if fx.replacement is not None:
        return types.CodeAction(
            title=f"Replace '{f.text}' with '{fx.replacement}' ({f.rule})",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diag] if diag else None,
            is_preferred=True,
            edit=_edit(uri, [types.TextEdit(range=lsp_range(lines, f.start, f.end), new_text=fx.replacement)]))
    if not disabled_support:
        return None
    return types.CodeAction(title=f"Replace '{f.text}' with '{f.suggestion}' ({f.rule})",
                            kind=types.CodeActionKind.QuickFix, diagnostics=[diag] if diag else None,
                            disabled=types.CodeActionDisabled(reason=f"not a safe fix: {fx.reason}"))


def ignore_edit(text: str, f: Finding, lines: LspText, html: bool) -> types.TextEdit:
    """The edit that suppresses ``f``: a marker at the end of the line it starts on (lines end at ``\\n``)."""
    line_start = text.rfind("\n", 0, f.start) + 1
    line_end = text.find("\n", f.start)
    if line_end == -1:
        line_end = len(text)
    if text.startswith("\r", line_end - 1) and line_end > line_start:
        line_end -= 1
    line = text[line_start:line_end]
    for m in _MARKER_RE.finditer(line):
        if m.group(1) == "ignore" and m.group(2) and m.group(2).strip():
            # add the rule to the marker already there: termkit: ignore[a] -> termkit: ignore[a, b]
            at = line_start + m.end(2)
            return types.TextEdit(range=lsp_range(lines, at, at), new_text=f", {f.rule}")
    marker = f"termkit: ignore[{f.rule}]"
    if html:
        marker = f"<!-- {marker} -->"
    space = "" if not line or line[-1] in " \t" else " "
    return types.TextEdit(range=lsp_range(lines, line_end, line_end), new_text=space + marker)


def ignore_action(uri: str, text: str, f: Finding, lines: LspText, html: bool,
                  diag: types.Diagnostic | None) -> types.CodeAction:
    return types.CodeAction(title=f"Ignore {f.rule} on this line", kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diag] if diag else None,
                            edit=_edit(uri, [ignore_edit(text, f, lines, html)]))


def has_safe_fix(findings: list[Finding], project: Project) -> bool:
    """A cheap test for offering "fix all": some finding has a fix of a fixable rule (verification comes later)."""
    return bool(edits_for([f for f in findings if f.rule not in project.unfixable]))


def fix_all_edits(path: str, text: str, findings: list[Finding], project: Project,
                  recheck: Callable[[Document], list[Finding]], lines: LspText) -> list[types.TextEdit]:
    """The edits of ``--fix`` on this text, as small edits of the changed stretches of each changed line."""
    given = {path: (Document(path, text), text.encode("utf-8", "surrogatepass"))}
    plans, _notes = plan_fixes(findings, recheck, None, project.unfixable, project.sentences, given)
    if not plans:
        return []
    return text_edits(text, plans[0].new_text, lines)


def text_edits(old: str, new: str, lines: LspText) -> list[types.TextEdit]:
    """Edits that turn ``old`` into ``new``: for each line that differs, its changed middle.

    Fixes never add or remove a line break (a replacement crossing one is
    refused), so the lines correspond one to one; otherwise the changed middle
    of the whole text is one edit.
    """
    old_lines = old.split("\n")
    new_lines = new.split("\n")
    if len(old_lines) != len(new_lines):
        a = common_prefix(old, new)
        b = common_suffix(old, new, min(len(old), len(new)) - a)
        return [types.TextEdit(range=lsp_range(lines, a, len(old) - b), new_text=new[a:len(new) - b])]
    edits = []
    offset = 0
    for o, n in zip(old_lines, new_lines):
        if o != n:
            a = common_prefix(o, n)
            b = common_suffix(o, n, min(len(o), len(n)) - a)
            edits.append(types.TextEdit(range=lsp_range(lines, offset + a, offset + len(o) - b),
                                        new_text=n[a:len(n) - b]))
        offset += len(o) + 1
    return edits
