"""Plain data records shared by every layer: terms, concepts, termbases, matches, findings.

No I/O and no behaviour beyond small lookups: everything else imports this module,
and this module imports nothing of termkit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

LANGS = ("zh", "en")
TERM_TYPES = ("full", "short", "abbrev")
STATUSES = ("preferred", "admitted", "deprecated", "superseded", "forbidden")
#: statuses that a checker reports and a fix replaces
BAD_STATUSES = ("deprecated", "superseded", "forbidden")
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
#: consistency scopes: each document on its own, or all documents of a run together
SCOPES = ("document", "corpus")
#: --fail-on levels
FAIL_ON = ("error", "warning", "info", "never")


@dataclass(frozen=True)
class Located:
    """Where something was written: a file and a 1-based line and column."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Term:
    text: str
    lang: str
    type: str = "full"
    status: str = "preferred"
    note: str | None = None
    use: str | None = None
    concept_id: str = ""
    where: Located | None = field(default=None, compare=False, repr=False)
    #: the date this form became official / stopped being official (YYYY, YYYY-MM or YYYY-MM-DD)
    since: str | None = None
    until: str | None = None
    #: False when the rendering could not be confirmed against an official UN source
    verified: bool = True
    #: where curators found this form (documents, corpus lines): never shown in findings or lookup
    evidence: tuple[str, ...] = field(default=(), compare=False, repr=False)

    @property
    def is_bad(self) -> bool:
        return self.status in BAD_STATUSES


@dataclass(frozen=True)
class Example:
    text: str
    matches: tuple[str, ...] = ()
    fixed: str | None = None
    where: Located | None = field(default=None, compare=False, repr=False)
    #: when the example's text was written: superseded names are fixed only in texts after the renaming
    date: str | None = None


@dataclass(frozen=True)
class Concept:
    id: str
    subject: str
    terms: tuple[Term, ...]
    termbase: str = ""
    definition: str | None = None
    note: str | None = None
    source: str | None = None
    examples: tuple[Example, ...] = ()
    where: Located | None = field(default=None, compare=False, repr=False)
    #: False when the concept's renderings could not be confirmed against an official UN source
    verified: bool = True
    #: curators' evidence for the concept (documents, corpus lines): never shown in findings or lookup
    evidence: tuple[str, ...] = field(default=(), compare=False, repr=False)
    #: a reference concept (general vocabulary, e.g. a thesaurus): found, looked up and exported, but
    #: never asked for in a translation, never reported as an addition, never a near-variant target
    reference: bool = False

    def terms_in(self, lang: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.lang == lang)

    def preferred(self, lang: str, type: str | None = None) -> Term | None:
        """The preferred term of a language, of the given type when there is one.

        Falls back from the asked type to the full form, then to any preferred
        term, then to an admitted one, so a suggestion always names something usable.
        """
        terms = self.terms_in(lang)
        order = [type, "full", "short", "abbrev"] if type else ["full", "short", "abbrev"]
        for status in ("preferred", "admitted"):
            for t_type in order:
                for t in terms:
                    if t.status == status and t.type == t_type:
                        return t
        return None

    def replacement(self, term: Term) -> Term | None:
        """What to write instead of a deprecated, superseded or forbidden term."""
        if term.use:
            for t in self.terms_in(term.lang):
                if t.text == term.use:
                    return t
            return None
        return self.preferred(term.lang, term.type)


@dataclass(frozen=True, eq=False)
class Termbase:
    """One or more termbase files merged into a single lookup structure."""

    concepts: tuple[Concept, ...]
    files: tuple[str, ...] = ()
    titles: dict = field(default_factory=dict, compare=False)
    #: concept id -> concept, built from ``concepts``
    _by_id: dict[str, Concept] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {c.id: c for c in self.concepts})

    def concept(self, concept_id: str) -> Concept:
        return self._by_id[concept_id]

    def get(self, concept_id: str) -> Concept | None:
        return self._by_id.get(concept_id)

    def terms(self, lang: str | None = None) -> Iterable[Term]:
        for c in self.concepts:
            for t in c.terms:
                if lang is None or t.lang == lang:
                    yield t

    def __len__(self) -> int:
        return len(self.concepts)


@dataclass(frozen=True)
class Match:
    """A term found in a document; offsets are character offsets into the original text."""

    start: int
    end: int
    term: Term
    norm_start: int = 0
    norm_end: int = 0


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    """One reported problem. Lines and columns are 1-based; columns count Unicode
    code points and the end column is exclusive, as in SARIF."""

    path: str
    line: int
    column: int
    rule: str
    end_line: int
    end_column: int
    severity: str = "warning"
    text: str = ""
    concept: str | None = None
    suggestion: str | None = None
    message: str = ""
    #: character offsets into the decoded file; not part of the public JSON contract
    start: int = field(default=0, compare=False, repr=False)
    end: int = field(default=0, compare=False, repr=False)
    #: the suggestion is a safe one-to-one replacement that --fix may apply
    fixable: bool = field(default=False, compare=False, repr=False)
    #: where the finding is for a person, in a file that is not plain text: "page 3, line 12",
    #: "table 1, row 2, cell 3", "footnote 4" (None for plain text, whose line and column say it);
    #: reporters show it, the JSON report adds it as "region" only where it is set
    region: str | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict:
        """The finding as the JSON report writes it: ``FINDING_FIELDS``, and ``region`` when it has one."""
        # every field is a str, an int or None: reading them directly gives what
        # dataclasses.asdict gives, without its deep copy (12x faster per finding)
        out = {k: getattr(self, k) for k in FINDING_FIELDS}
        if self.region is not None:
            out["region"] = self.region
        return out

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.end_line, self.end_column, self.text)


FINDING_FIELDS = (
    "rule", "severity", "path", "line", "column", "end_line", "end_column",
    "text", "concept", "suggestion", "message",
)


@dataclass
class CheckResult:
    """What a check found: the files checked, the findings (sorted), and notes for the user."""

    files: list[str]
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for f in self.findings:
            counts[f.rule] = counts.get(f.rule, 0) + 1
        return dict(sorted(counts.items()))

    def exit_code(self, fail_on: str = "error") -> int:
        """0 when nothing is at or above ``fail_on`` (``never``: always 0), else 1."""
        if fail_on == "never":
            return 0
        level = SEVERITY_RANK[fail_on]
        return 1 if any(SEVERITY_RANK[f.severity] >= level for f in self.findings) else 0
