"""termkit: Chinese-English terminology checking for UN and environmental-treaty documents.

The public library API; the `termkit` command is a thin shell over it::

    from termkit import load_termbase, check_text, check_paths
    tb = load_termbase()                       # the bundled termbases
    for f in check_text("《巴塞公约》秘书处", tb):
        print(f.line, f.column, f.rule, f.suggestion)
"""

from __future__ import annotations

__version__ = "0.1.0"

from .engine import CheckOptions, CheckResult, check_document, check_paths, check_text
from .errors import InputError, TermbaseError, TermkitError
from .model import Concept, Finding, Match, Term, Termbase
from .normalize import normalize
from .termbase import load_termbase

__all__ = [
    "CheckOptions", "CheckResult", "check_document", "check_paths", "check_text",
    "InputError", "TermbaseError", "TermkitError",
    "Concept", "Finding", "Match", "Term", "Termbase",
    "normalize", "load_termbase", "__version__",
]
