"""Rules: what termkit reports, one module per rule, in one registry.

``RULES`` maps every rule id to its class (``termkit.rules.base.Rule``):
document rules look at a Chinese document, segment rules at an English source
and its Chinese target. See ``CONTRIBUTING.md`` for adding one.
"""

from __future__ import annotations

from termkit.rules.base import Example, Hit, Option, Rule
from termkit.rules.context import DocContext, SegmentContext
from termkit.rules.registry import RULES, load_builtin, register, rules_of

load_builtin()

__all__ = ["RULES", "register", "rules_of", "Rule", "Hit", "Option", "Example", "DocContext", "SegmentContext"]
