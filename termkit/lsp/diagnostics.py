"""Findings as LSP diagnostics: range in the client's code units, severity, rule id with its documentation.

Every diagnostic carries the rule id as its ``code`` and a link to the rule's
section of the documentation as ``codeDescription`` (the address SARIF uses
as ``helpUri``), so an editor shows "deprecated-term" as a link. The
suggestion is always in the message: most rules already write "use 'X'"; for
the others it is added.
"""

from __future__ import annotations

from lsprotocol import types

from termkit.engine.suppress import Marks
from termkit.lsp.positions import LspText
from termkit.model import Finding
from termkit.report.sarif import DOCS_URI
from termkit.text.lines import LineIndex

SOURCE = "termkit"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def rule_url(rule_id: str) -> str:
    """The documentation of a rule: its section of the rules page (SARIF's ``helpUri``)."""
    return f"{DOCS_URI}/rules/#{rule_id}"


def message_of(f: Finding) -> str:
    """The finding's message, with its suggestion when the message does not already give it."""
    message = f.message or f.rule
    if f.suggestion and f"'{f.suggestion}'" not in message:
        message += f" (suggestion: '{f.suggestion}')"
    return message


def lsp_range(lines: LspText, start: int, end: int) -> types.Range:
    (l1, c1), (l2, c2) = lines.position(start), lines.position(end)
    return types.Range(start=types.Position(line=l1, character=c1), end=types.Position(line=l2, character=c2))


def diagnostic(f: Finding, lines: LspText) -> types.Diagnostic:
    return types.Diagnostic(
        range=lsp_range(lines, f.start, f.end),
        message=message_of(f),
        severity=SEVERITY[f.severity],
        code=f.rule,
        code_description=types.CodeDescription(href=rule_url(f.rule)),
        source=SOURCE,
        data={"concept": f.concept, "suggestion": f.suggestion, "fixable": f.fixable},
    )


def marker_problems(marks: Marks, text: str, lines: LspText) -> list[types.Diagnostic]:
    """A suppression comment naming a rule that does not exist: it suppresses nothing, silently otherwise."""
    out = []
    index: LineIndex | None = None
    for problem in marks.problems:  # "line:column: message", 1-based, in code points
        line_s, col_s, message = problem.split(":", 2)
        if index is None:
            index = LineIndex(text)
        start = index.offset(int(line_s), int(col_s))
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        out.append(types.Diagnostic(range=lsp_range(lines, start, end), message=message.strip(),
                                    severity=types.DiagnosticSeverity.Warning, source=SOURCE))
    return out


def diagnostics(findings: list[Finding], marks: Marks, text: str, lines: LspText) -> list[types.Diagnostic]:
    return [diagnostic(f, lines) for f in findings] + marker_problems(marks, text, lines)
