"""The one rule registry: rule id -> rule class, document rules first, then segment rules.

Rule ids are stable; users configure, suppress and baseline findings by them.
Each built-in rule is one module under ``rules/document/`` or
``rules/segment/`` that registers its class with ``@register``; the list of
those modules below is the only other place a new rule is named.
"""

from __future__ import annotations

import importlib

from termkit.rules.base import KINDS, Rule

RULES: dict[str, type[Rule]] = {}

#: the built-in rule modules, in the order their rules are listed (reports, SARIF, docs)
BUILTIN = (
    "document.deprecated_term", "document.superseded_term", "document.inconsistent_rendering",
    "document.undefined_abbreviation", "document.traditional_char", "document.mixed_width",
    "document.possible_variant",
    "segment.missing_term", "segment.wrong_term", "segment.extra_term", "segment.inconsistent_translation",
)


def register(cls: type[Rule]) -> type[Rule]:
    if not cls.id or cls.id in RULES:
        raise ValueError(f"rule id missing or registered twice: {cls.id!r}")
    if cls.kind not in KINDS:
        raise ValueError(f"rule {cls.id}: kind must be one of {KINDS}")
    RULES[cls.id] = cls
    return cls


def rules_of(kind: str) -> dict[str, type[Rule]]:
    """The registered rules of one kind ("document" or "segment"), in registry order."""
    return {rule_id: cls for rule_id, cls in RULES.items() if cls.kind == kind}


def load_builtin() -> None:
    for name in BUILTIN:
        importlib.import_module(f"termkit.rules.{name}")
