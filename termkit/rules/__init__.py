"""The rule registry: rule id -> rule class. Rule ids are stable; users configure them by name."""

from __future__ import annotations

from termkit.rules.base import DocContext, Hit, Rule

RULES: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    if cls.id in RULES:
        raise ValueError(f"rule id registered twice: {cls.id}")
    RULES[cls.id] = cls
    return cls


def _load_builtin() -> None:
    # imported for their @register side effect, in a fixed order
    from termkit.rules import (deprecated_term, superseded_term, inconsistent_rendering,  # noqa: F401
                   undefined_abbreviation, traditional_char, mixed_width, possible_variant)


_load_builtin()

__all__ = ["RULES", "register", "Rule", "Hit", "DocContext"]
