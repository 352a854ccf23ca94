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
    #: the rule compares documents (collect/finish) when the check's scope is "corpus"
    corpus_capable: ClassVar[bool] = False
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

    # corpus scope (and segment rules that compare segments): called for each document or
    # segment, then once at the end of a file (document scope) or of the whole run (corpus scope)
    def collect(self, ctx: Any, severity: str) -> None:
        pass

    def finish(self) -> Iterable[Finding]:
        return ()
