"""Suppressions: inline ``termkit: ignore`` markers in documents and ignore entries from configuration.

Markers work in plain text and Markdown alike, because they are found
anywhere on a line (in Markdown, put them in an HTML comment so they do not
render)::

    巴塞公约  <!-- termkit: ignore[deprecated-term] -->     this line
    <!-- termkit: ignore-next-line[deprecated-term, traditional-char] -->
    <!-- termkit: ignore-file[traditional-char] -->          the whole file

Without ``[rules]`` a marker covers every rule. The colon may be full-width
(``termkit：ignore``), as Chinese keyboards type it. A finding is covered by
the markers of the line it starts on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from termkit._util.pathglob import matches_any
from termkit.errors import ConfigError
from termkit.model import Finding

_MARKER_RE = re.compile(r"termkit\s*[:：]\s*(ignore-next-line|ignore-file|ignore)\b(?:\s*\[([^\]\n]*)\])?")
ALL = "*"


@dataclass
class Marks:
    """The inline suppressions of one document: line -> rule ids (``*`` for all)."""

    lines: dict[int, set[str]] = field(default_factory=dict)
    file_rules: set[str] = field(default_factory=set)
    #: problems with the markers themselves (unknown rule ids), as "line:col: message"
    problems: list[str] = field(default_factory=list)

    def covers(self, finding: Finding) -> bool:
        rules = self.lines.get(finding.line, ())
        return (ALL in self.file_rules or finding.rule in self.file_rules
                or ALL in rules or finding.rule in rules)

    def __bool__(self) -> bool:
        return bool(self.lines or self.file_rules)


def scan_markers(text: str, known_rules: Iterable[str] = ()) -> Marks:
    """Find the suppression markers of a document.

    ``known_rules``, when given, is used to report marker rule ids that name no
    rule: a typo in a marker would otherwise suppress nothing, silently.
    """
    marks = Marks()
    if "termkit" not in text:  # the common case: no markers at all, no line splitting
        return marks
    known = set(known_rules)
    line_no = 1
    pos = 0
    for m in _MARKER_RE.finditer(text):
        line_no += text.count("\n", pos, m.start())
        pos = m.start()
        kind, listed = m.group(1), m.group(2)
        if listed is None or not listed.strip():
            rules = {ALL}
        else:
            rules = {r.strip() for r in listed.split(",") if r.strip()}
            if known:
                col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
                for r in sorted(rules - known):
                    marks.problems.append(f"{line_no}:{col}: suppression names unknown rule '{r}'")
        if kind == "ignore-file":
            marks.file_rules |= rules
        else:
            target = line_no + 1 if kind == "ignore-next-line" else line_no
            marks.lines.setdefault(target, set()).update(rules)
    return marks


@dataclass(frozen=True)
class IgnoreEntry:
    """An ``[[ignore]]`` entry of the configuration: every given field must match.

    ``path`` is a glob relative to the configuration's directory; ``rules`` are
    rule ids (empty: every rule); ``text`` is the finding's text exactly as in
    the file, with white space removed so a reflowed line still matches.
    """

    path: str | None = None
    rules: tuple[str, ...] = ()
    text: str | None = None
    #: where the entry was written, for messages
    where: str = ""

    def __post_init__(self) -> None:
        if self.path is None and self.text is None:
            raise ConfigError("an ignore entry needs 'path' or 'text' (to ignore a rule everywhere, set it to \"off\")",
                              self.where or None)

    def covers(self, finding: Finding, root: str | None) -> bool:
        if self.rules and finding.rule not in self.rules:
            return False
        if self.text is not None and _squash(finding.text) != _squash(self.text):
            return False
        if self.path is not None and not matches_any(finding.path, (self.path,), root):
            return False
        return True


def _squash(text: str) -> str:
    return "".join(text.split())


def apply_suppressions(findings: Iterable[Finding], marks: Mapping[str, Marks],
                       ignores: Iterable[IgnoreEntry] = (), root: str | None = None) -> list[Finding]:
    """The findings no inline marker and no ignore entry covers, in their order."""
    ignores = tuple(ignores)
    out = []
    for f in findings:
        m = marks.get(f.path)
        if m is not None and m.covers(f):
            continue
        if any(e.covers(f, root) for e in ignores):
            continue
        out.append(f)
    return out
