"""termkit: Chinese-English terminology checking for UN and environmental-treaty documents.

The public library API; the `termkit` command is a thin shell over it::

    import termkit
    run = termkit.check(["docs/"])              # what `termkit check docs/` does
    for f in run.findings:
        print(f.path, f.line, f.column, f.rule, f.suggestion)

    tb = termkit.load_termbase()                # the bundled termbases
    findings = termkit.check_text("《巴塞公约》秘书处", tb)

Names are imported lazily so that a light command (``termkit lookup``) does
not pay for the matcher, OpenCC and the rules at start-up.
"""

from __future__ import annotations

import importlib

from termkit._version import __version__

_EXPORTS = {
    "check": "api", "CheckOutcome": "api", "check_paths": "api", "check_text": "api", "load_termbase": "api",
    "CheckOptions": "engine.options", "check_document": "engine.pipeline",
    "InputError": "errors", "TermbaseError": "errors", "TermkitError": "errors", "ConfigError": "errors",
    "CheckResult": "model", "Concept": "model", "Finding": "model", "Match": "model", "Term": "model",
    "Termbase": "model",
    "normalize": "text.normalize",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'termkit' has no attribute '{name}'")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
