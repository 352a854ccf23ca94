"""What every rule is: an id, a default severity, fix safety, declared options, documentation and examples.

One base class serves both kinds of rule. A ``document`` rule looks at one
Chinese document (``DocContext``); a ``segment`` rule looks at one aligned
English/Chinese pair (``SegmentContext``). Both yield ``Hit`` records in
offsets of the text they were given; the check pipeline turns hits into
findings with a file position. Rules that compare documents or segments get an
explicit collect/finish phase instead of hidden state.

A rule documents itself: its class docstring (Markdown, with the sections
*What it does*, *Why is this bad?* and *Fix safety*) is its reference page and
its SARIF help, and its ``examples`` (text in, text out) are run by the tests
against the bundled termbase, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from termkit.errors import ConfigError
from termkit.model import SEVERITY_RANK, Finding

KINDS = ("document", "segment")


@dataclass(frozen=True)
class Hit:
    """A rule's finding before it gets a path, lines and columns (offsets into the text the rule saw)."""

    start: int
    end: int
    message: str
    suggestion: str | None = None
    concept: str | None = None
    #: None: as the rule's class says; True/False: this hit's suggestion is (not) safe to apply
    fixable: bool | None = None
    #: the most this hit may be reported as (e.g. "info" where the document's date is unknown)
    severity: str | None = None


def capped(severity: str, cap: str | None) -> str:
    """The lower of a rule's severity and a hit's cap."""
    if cap is None or SEVERITY_RANK[cap] >= SEVERITY_RANK[severity]:
        return severity
    return cap


@dataclass(frozen=True)
class Example:
    """A documented case of a rule, run by the tests with the bundled termbase.

    ``bad`` must raise at least one finding of the rule, ``good`` none; ``fixed``
    is what ``--fix`` makes of ``bad`` (omitted when the rule fixes nothing).
    Segment rules give the English ``source`` of the pair; ``bad`` and ``good``
    are then Chinese targets.
    """

    bad: str
    good: str | None = None
    fixed: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Option:
    """One option a rule accepts in ``[rule-options.RULE]``: its kind, default and documentation.

    Kinds: ``int`` (with ``minimum``), ``number`` (from ``minimum`` to
    ``maximum``), ``bool``, ``terms`` (a list of strings).
    """

    name: str
    kind: str
    default: Any
    doc: str
    minimum: float | None = None
    maximum: float | None = None

    def parse(self, rule_id: str, value: Any) -> Any:
        where = f"option '{self.name}' of rule {rule_id}"
        if self.kind == "int":
            if isinstance(value, bool) or not isinstance(value, int) or (
                    self.minimum is not None and value < self.minimum):
                raise ConfigError(f"{where} must be an integer >= {self.minimum:g}, not {value!r}")
            return value
        if self.kind == "number":
            low, high = self.minimum, self.maximum
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                    low is not None and value < low) or (high is not None and value > high):
                raise ConfigError(f"{where} must be a number from {low:g} to {high:g}, not {value!r}")
            return float(value)
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise ConfigError(f"{where} must be true or false, not {value!r}")
            return value
        if self.kind == "terms":
            if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(
                    isinstance(v, str) for v in value):
                raise ConfigError(f"{where} must be a list of terms")
            return tuple(value)
        raise AssertionError(f"unknown option kind {self.kind}")  # pragma: no cover - a programming error


class Rule:
    """Base class of every rule: subclasses set the class attributes and override ``check``."""

    id: ClassVar[str] = ""
    #: "document" (a Chinese document) or "segment" (an English source with its Chinese target)
    kind: ClassVar[str] = "document"
    severity: ClassVar[str] = "warning"
    #: one line for tables and ``--help``
    summary: ClassVar[str] = ""
    #: a suggestion of this rule is a safe one-to-one replacement that --fix may apply
    fixable: ClassVar[bool] = False
    #: the rule compares documents when the check's scope is "corpus": its tallies (see ``tally``) are merged
    #: over the whole corpus instead of each document
    corpus_capable: ClassVar[bool] = False
    #: the rule decides only once it has seen a whole document (or corpus): it keeps a ``tally`` of each part
    #: of a document instead of reporting hits, tallies are merged, and ``report`` turns the merged total and
    #: each document's records into findings (see ``Tally``)
    tallies: ClassVar[bool] = False
    #: "parts": the rule reads the normalized text and the term matches, one part of a large document at a
    #: time (a part's context holds the whole text, its own matches and ``ctx.owns``); "text": the rule reads
    #: only ``ctx.text`` and runs once on the whole document
    reads: ClassVar[str] = "parts"
    #: False when the rule reads only the matches of decisive terms (terms not preferred, or of a
    #: concept with more than one Chinese term; see match.chinese.Matcher) or no matches at all; when
    #: every active rule says so, the pipeline skips building the rest, most of a large termbase
    reads_all_matches: ClassVar[bool] = True
    #: the options the rule accepts in [rule-options.RULE]
    options: ClassVar[tuple[Option, ...]] = ()
    #: documented cases, run by the tests
    examples: ClassVar[tuple[Example, ...]] = ()

    def __init__(self, scope: str = "document", **options: Any) -> None:
        self.scope = scope
        self.settings = self.parse_options(options)

    @classmethod
    def parse_options(cls, options: dict[str, Any]) -> dict[str, Any]:
        """Every declared option's value (given or default); an unknown or mistyped one is a ConfigError."""
        declared = {o.name: o for o in cls.options}
        for key in options:
            if key not in declared:
                known = ", ".join(declared) or "none"
                raise ConfigError(f"unknown option '{key}' of rule {cls.id} (known: {known})")
        return {name: (o.parse(cls.id, options[name]) if name in options else o.default)
                for name, o in declared.items()}

    @classmethod
    def doc(cls) -> str:
        """The rule's documentation (Markdown), from its class docstring."""
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def doc_section(cls, title: str) -> str:
        """The text of one ``## title`` section of the documentation ('' when absent)."""
        out: list[str] = []
        inside = False
        for line in cls.doc().splitlines():
            if line.startswith("## "):
                inside = line[3:].strip().rstrip("?").lower() == title.rstrip("?").lower()
                continue
            if inside:
                out.append(line)
        return "\n".join(out).strip()

    def check(self, ctx: Any) -> Iterable[Hit]:
        return ()

    # rules that decide at the end (``tallies``): a tally of each part, merged, then reported
    def tally(self, ctx: Any) -> Tally:
        """What this rule keeps of one part of a document (see ``Tally``)."""
        raise NotImplementedError

    def merge(self, a: Any, b: Any) -> Any:
        """Two summaries as one: associative and commutative, so any tree of merges gives the same total."""
        raise NotImplementedError

    def decide(self, total: Any, termbase: Any, corpus: bool) -> Any:
        """What the merged total of a document (or, ``corpus``, of the corpus) decides: made once, small, and
        handed to ``report`` with each document's records."""
        return total

    def report(self, path: str, records: list, verdict: Any, severity: str) -> list[Finding]:
        """The findings of one document, from its records and the verdict on its document or corpus."""
        raise NotImplementedError

    # segment rules that compare segments: called for each segment, then once at the end of a
    # file (document scope) or of the whole run (corpus scope)
    def collect(self, ctx: Any, severity: str) -> None:
        pass

    def finish(self) -> Iterable[Finding]:
        return ()


@dataclass
class Tally:
    """What a rule that decides at the end keeps of a document, for a run on one machine or a cluster.

    ``records`` are placed in the document (each with its position, ready to become a
    finding) and stay with it, on the worker that read it; ``summary`` is small (counts
    per concept and form, say) and is what travels: summaries of the parts of a document,
    then of the documents of a corpus, are merged with ``Rule.merge`` (in any grouping,
    a reduction), and the total comes back to ``Rule.report`` with each document's
    records. No match list of a whole corpus is ever built in one place.
    """

    records: list
    summary: Any

    def extend(self, other: Tally, rule: Rule) -> Tally:
        """This tally followed by the next part's (records in document order, summaries merged)."""
        return Tally(self.records + other.records, rule.merge(self.summary, other.summary))
