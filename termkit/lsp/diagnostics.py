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
    """An LSP range of offsets (for code actions and hovers; diagnostics are built as JSON directly)."""
    (l1, c1), (l2, c2) = lines.position(start), lines.position(end)
    return types.Range(start=types.Position(line=l1, character=c1), end=types.Position(line=l2, character=c2))


def diagnostic(f: Finding, start: tuple[int, int], end: tuple[int, int]) -> dict:
    """One finding as an LSP ``Diagnostic`` in its JSON form (see ``Diagnostics``), at LSP positions start, end."""
    (l1, c1), (l2, c2) = start, end
    return {"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}},
            "severity": int(SEVERITY[f.severity]), "code": f.rule, "codeDescription": {"href": rule_url(f.rule)},
            "source": SOURCE, "message": message_of(f)}


def marker_problems(marks: Marks, text: str, lines: LspText) -> list[dict]:
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
        (l1, c1), (l2, c2) = lines.position(start), lines.position(end)
        out.append({"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}},
                    "severity": int(types.DiagnosticSeverity.Warning), "source": SOURCE,
                    "message": message.strip()})
    return out


class Diagnostics:
    """A document's findings as LSP diagnostics in their JSON form, the unchanged ones reused.

    Diagnostics go out as plain JSON-ready dicts rather than lsprotocol objects:
    pygls turns objects into JSON through cattrs, which for the few hundred
    findings of a long document costs more than checking it again after a
    keystroke. Most findings are the same after a keystroke (the same rule,
    text and place), so their dicts are kept and reused.
    """

    def __init__(self) -> None:
        self._known: dict[tuple, dict] = {}

    def __call__(self, findings: list[Finding], marks: Marks, text: str, lines: LspText) -> list[dict]:
        known, fresh = self._known, {}
        out = []
        for f in findings:
            start, end = lines.position(f.start), lines.position(f.end)
            key = (f.rule, f.severity, f.message, f.suggestion, start, end)
            d = known.get(key)
            if d is None:
                d = diagnostic(f, start, end)
            fresh[key] = d
            out.append(d)
        self._known = fresh
        return out + marker_problems(marks, text, lines)
