"""What a rule sees and what it returns.

A rule gets one document's context (original text, normalized text with its
offset map, term matches, the termbase) and yields Hits in original
character offsets. Rules with corpus scope also get a collect/finish phase
instead of hidden state.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import ClassVar, Iterable

from termkit.model import Finding, Match, Termbase
from termkit.normalize import Normalized


@dataclass(frozen=True)
class Hit:
    """A rule's finding before it gets a path, lines and columns."""

    start: int
    end: int
    message: str
    suggestion: str | None = None
    concept: str | None = None
    #: None: as the rule's class says; True/False: this hit's suggestion is (not) safe to apply
    fixable: bool | None = None


@dataclass
class DocContext:
    path: str
    text: str
    norm: Normalized
    matches: list[Match]
    termbase: Termbase
    _line_starts: list[int] | None = field(default=None, repr=False)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of an original offset."""
        if self._line_starts is None:
            starts = [0]
            text = self.text
            pos = text.find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = text.find("\n", pos + 1)
            self._line_starts = starts
        i = bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def finding(self, rule: "Rule", hit: Hit, severity: str) -> Finding:
        line, col = self.line_col(hit.start)
        end_line, end_col = self.line_col(hit.end)
        return Finding(path=self.path, line=line, column=col, rule=rule.id, end_line=end_line,
                       end_column=end_col, severity=severity, text=self.text[hit.start:hit.end],
                       concept=hit.concept, suggestion=hit.suggestion, message=hit.message,
                       start=hit.start, end=hit.end,
                       fixable=bool(hit.suggestion is not None
                                    and (rule.fixable if hit.fixable is None else hit.fixable)))


class Rule:
    """Base class: subclasses set the class attributes and override check()."""

    id: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"
    summary: ClassVar[str] = ""
    #: a suggestion of this rule is a safe one-to-one replacement that --fix may apply
    fixable: ClassVar[bool] = False
    #: the rule can compare documents (collect/finish) when the check's scope is "corpus"
    corpus_capable: ClassVar[bool] = False
    #: False when the rule reads only the matches of decisive terms (terms not preferred, or of a
    #: concept with more than one Chinese term; see matcher.Matcher) or no matches at all; when
    #: every active rule says so, the engine skips building the rest, most of a large termbase
    reads_all_matches: ClassVar[bool] = True

    def __init__(self, scope: str = "document", **options) -> None:
        self.scope = scope
        self.options = options

    def check(self, doc: DocContext) -> Iterable[Hit]:
        return ()

    # corpus scope: called for every document, then once at the end
    def collect(self, doc: DocContext, severity: str) -> None:  # pragma: no cover - interface
        pass

    def finish(self) -> Iterable[Finding]:
        return ()
