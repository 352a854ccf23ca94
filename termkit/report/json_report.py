"""The JSON report: {"version": 1, "files": N, "findings": [...], "summary": {rule: count}}."""

from __future__ import annotations

import json

from ..engine import CheckResult
from . import Reporter, register


@register
class JsonReporter(Reporter):
    name = "json"
    summary = "machine-readable JSON (version 1)"

    def finish(self, result: CheckResult) -> None:
        doc = {
            "version": 1,
            "files": len(result.files),
            "findings": [f.to_dict() for f in result.findings],
            "summary": result.summary(),
        }
        json.dump(doc, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
