"""What a check runs with besides its inputs: scope, rules and their severities and options, file selection.

One options record serves documents and bilingual files alike: rule ids name
document and segment rules from the one registry, and each pipeline takes the
active rules of its kind.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from termkit._util.pathglob import matches_any
from termkit.errors import ConfigError
from termkit.model import SCOPES, SEVERITIES
from termkit.rules import RULES, Rule
from termkit.text.dates import Period, header_date, parse_period


def scheduler_address(explicit: str | None, configured: str | None = None) -> str | None:
    """The Dask scheduler to run on: the option, else the configuration, else ``DASK_SCHEDULER_ADDRESS``, else none."""
    return explicit or configured or os.environ.get("DASK_SCHEDULER_ADDRESS") or None


def check_rule_id(rule_id: str) -> None:
    if rule_id not in RULES:
        raise ConfigError(f"unknown rule '{rule_id}' (known: {', '.join(sorted(RULES))})")


@dataclass(frozen=True)
class CheckOptions:
    """What a check does besides the defaults.

    ``severities`` maps a rule id to a severity or ``"off"``; ``rules``, when
    given, limits the check to those rule ids.
    """

    scope: str = "document"
    severities: Mapping[str, str] = field(default_factory=dict)
    rules: tuple[str, ...] | None = None
    encoding: str | None = None
    rule_options: Mapping[str, Mapping] = field(default_factory=dict)
    #: processes for check_paths; 1 runs in this process (the output is the same either way)
    jobs: int = 1
    #: the address of a Dask scheduler (tcp://host:8786) to run on instead; see engine/cluster.py
    scheduler: str | None = None
    #: honour ``termkit: ignore`` markers in documents
    inline_suppressions: bool = True
    #: suppress.IgnoreEntry records from configuration
    ignore: tuple = ()
    #: gitignore-style globs: files must match one of ``include`` (when given) and none of ``exclude``
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: the directory globs and ignore paths are relative to (the configuration's); default: cwd
    root: str | None = None
    #: when the documents were written (YYYY, YYYY-MM or YYYY-MM-DD): ``date`` for every document
    #: (--date), ``dates`` by path glob; otherwise a document's UN header, else ``default_date``
    date: str | None = None
    dates: tuple[tuple[str, str], ...] = ()
    default_date: str | None = None

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ConfigError(f"scope must be one of {', '.join(SCOPES)}, not '{self.scope}'")
        for rule_id, sev in self.severities.items():
            check_rule_id(rule_id)
            if sev not in SEVERITIES + ("off",):
                raise ConfigError(f"severity of '{rule_id}' must be error, warning, info or off, not '{sev}'")
        for rule_id in self.rules or ():
            check_rule_id(rule_id)
        for rule_id in self.rule_options:
            check_rule_id(rule_id)
        for value in (self.date, self.default_date, *(d for _, d in self.dates)):
            if value is not None:
                try:
                    parse_period(value)
                except ValueError as exc:
                    raise ConfigError(str(exc)) from None

    def date_of(self, path: str, text: str) -> Period | None:
        """When a document was written: --date, else a [dates] glob, else its UN header, else the default."""
        if self.date is not None:
            return parse_period(self.date)
        for glob, value in self.dates:
            if matches_any(path, (glob,), self.root or "."):
                return parse_period(value)
        found = header_date(text)
        if found is not None:
            return found
        return parse_period(self.default_date) if self.default_date is not None else None

    def runs(self, kind: str) -> bool:
        """Whether some rule of this kind is selected (an empty selection would report clean)."""
        return any(cls.kind == kind and (self.rules is None or rule_id in self.rules)
                   for rule_id, cls in RULES.items())

    def active_rules(self, kind: str = "document") -> list[tuple[Rule, str]]:
        """Instantiated rules of one kind with their effective severity, in registry order."""
        out = []
        for rule_id, cls in RULES.items():
            if cls.kind != kind or (self.rules is not None and rule_id not in self.rules):
                continue
            severity = self.severities.get(rule_id, cls.severity)
            if severity == "off":
                continue
            out.append((cls(self.scope, **dict(self.rule_options.get(rule_id, {}))), severity))
        return out
