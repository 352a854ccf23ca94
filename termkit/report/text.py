"""The text report for people: path:line:col, severity, rule, message, and the line with the span marked.

Everything that comes from outside (file names, the document's line, messages
that quote terms and termbase notes, suggestions) is shown through
``_util.safetext.printable``: a terminal escape sequence in a document is
shown as ``\\x1b[2J``, never sent to the terminal.

A finding in a Word, OpenDocument or PDF file (or a CAT tool's segment) has a
region – "page 3, line 12", "table 1, row 2, cell 3" – shown on a line of its
own under the first (``--> page 3, line 12``), so the first line keeps the
``path:line:column:`` form tools parse.
"""

from __future__ import annotations

from termkit._util.safetext import printable
from termkit._util.width import expand_tabs
from termkit.engine.sources import SourceTexts
from termkit.model import CheckResult, Finding
from termkit.report import Reporter, register

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_CONTEXT = 24  # characters of the line shown on each side of the span


@register
class TextReporter(Reporter):
    name = "text"
    summary = "human-readable lines with context (colour on a terminal)"

    def start(self) -> None:
        self._sources = self.options.get("sources") or SourceTexts(self.options.get("encoding"))
        self._lines_cache: dict[str, list[str]] = {}

    def _line(self, path: str, number: int) -> str | None:
        lines = self._lines_cache.get(path)
        if lines is None:
            # '' (a string checked without a file) gives no context line to show
            lines = self._sources.get(path).split("\n")
            self._lines_cache = {path: lines}  # keep one file at a time: findings come sorted by path
        return lines[number - 1].rstrip("\r") if 0 < number <= len(lines) else None

    def _c(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text

    def emit(self, f: Finding) -> None:
        sev = self._c(_COLORS.get(f.severity, "") + _BOLD, f.severity)
        head = f"{printable(f.path)}:{f.line}:{f.column}: {sev} [{printable(f.rule)}] {printable(f.message)}"
        self.stream.write(head + "\n")
        if f.region is not None:
            self.stream.write(f"   --> {self._c(_DIM, f.region)}\n")
        line = self._line(f.path, f.line)
        if line is None:
            return
        start = f.column - 1
        end = f.end_column - 1 if f.end_line == f.line else len(line)
        left = max(0, start - _CONTEXT)
        right = min(len(line), end + _CONTEXT)
        # tabs become spaces to the next multiple of 8 columns of the line shown, and wide (CJK)
        # characters count two columns, so the marker sits under the span on any terminal
        # each part escaped on its own, before tabs are expanded, so the marker still sits under the span
        prefix, at = expand_tabs(("…" if left > 0 else "") + printable(line[left:start]))
        span, after = expand_tabs(printable(line[start:end]), at)
        suffix, _ = expand_tabs(printable(line[end:right]) + ("…" if right < len(line) else ""), after)
        gutter = f"{f.line:>6} | "
        self.stream.write(gutter + prefix + self._c(_BOLD, span) + suffix + "\n")
        marker = " " * at + "^" * max(1, after - at)
        if f.suggestion is not None:
            marker += f" → {printable(f.suggestion)}"
        self.stream.write(" " * (len(gutter) - 2) + "| " + self._c(_COLORS.get(f.severity, ""), marker) + "\n")

    def finish(self, result: CheckResult) -> None:
        if not self.options.get("summary", True):  # `check --quiet`: the findings only
            return
        by_sev = {"error": 0, "warning": 0, "info": 0}
        for f in result.findings:
            by_sev[f.severity] += 1
        n = len(result.findings)
        files_with = len({f.path for f in result.findings})
        parts = ", ".join(f"{v} {k}{'s' if v != 1 and k != 'info' else ''}" for k, v in by_sev.items())
        self.stream.write(
            f"{n} finding{'s' if n != 1 else ''} ({parts}) in {files_with} of "
            f"{len(result.files)} file{'s' if len(result.files) != 1 else ''}\n")
