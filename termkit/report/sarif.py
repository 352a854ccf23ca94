"""The SARIF 2.1.0 report, for GitHub code scanning and other static-analysis viewers.

Every registered rule is described in ``tool.driver.rules`` (its summary, and
its documentation as the help text, from the rule's own class); columns are Unicode code
points (``columnKind``); each suggestion is a ``fix`` with the replacement, and
``partialFingerprints`` carry the same line-independent identity a baseline
uses, so a viewer tracks a finding when lines move.

A finding in a Word, OpenDocument or PDF file keeps its region's line and
column in the extracted text (a paragraph per line; a PDF text line per
line), and says where that is for a person twice: as the location's logical
location (``{"name": "page 3, line 12"}``) and as the result's
``properties.region``.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from termkit import __version__
from termkit.engine.baseline import fingerprint
from termkit.engine.sources import SourceTexts
from termkit.model import CheckResult, Finding
from termkit.report import Reporter, register
from termkit.rules import RULES

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/termkit/termkit"
DOCS_URI = "https://termkit.github.io/termkit"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> tuple[str, str | None]:
    """A URI reference for a path, and the base id it is relative to (None for absolute paths)."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri(), None
    return quote(p.as_posix(), safe="/-._~"), "SRCROOT"


def rule_descriptors() -> list[dict]:
    """One reporting descriptor per registered rule, from the rule's own documentation."""
    out = []
    for rule_id, cls in RULES.items():
        what = cls.doc_section("What it does") or cls.summary
        out.append({
            "id": rule_id,
            "name": "".join(part.capitalize() for part in rule_id.split("-")),
            "shortDescription": {"text": cls.summary},
            "fullDescription": {"text": " ".join(what.split("\n\n", 1)[0].split())},
            "help": {"text": cls.doc() or cls.summary, "markdown": cls.doc() or cls.summary},
            "helpUri": f"{DOCS_URI}/rules/#{rule_id}",
            "defaultConfiguration": {"level": _LEVEL[cls.severity]},
            "properties": {"fixable": cls.fixable, "kind": cls.kind, "tags": ["terminology"]},
        })
    return out


def _region(f: Finding) -> dict:
    return {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column}


@register
class SarifReporter(Reporter):
    name = "sarif"
    summary = "SARIF 2.1.0 (GitHub code scanning and other viewers)"

    def finish(self, result: CheckResult) -> None:
        rules = rule_descriptors()
        index = {r["id"]: i for i, r in enumerate(rules)}
        texts = self.options.get("sources") or SourceTexts(self.options.get("encoding"))
        artifacts: dict[str, int] = {}
        artifact_list: list[dict[str, object]] = []
        for path in result.files:
            uri, base = artifact_uri(path)
            loc: dict[str, object] = {"uri": uri} if base is None else {"uri": uri, "uriBaseId": base}
            artifacts[path] = len(artifact_list)
            artifact_list.append({"location": loc, "roles": ["analysisTarget"]})
        results = []
        for f in result.findings:
            uri, base = artifact_uri(f.path)
            loc = {"uri": uri} if base is None else {"uri": uri, "uriBaseId": base}
            if f.path in artifacts:
                loc["index"] = artifacts[f.path]
            region = _region(f)
            region["snippet"] = {"text": f.text}
            location: dict[str, object] = {"physicalLocation": {"artifactLocation": loc, "region": region}}
            if f.region is not None:
                location["logicalLocations"] = [{"name": f.region}]
            res: dict[str, object] = {
                "ruleId": f.rule,
                "level": _LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [location],
                "partialFingerprints": {"termkit/v1": fingerprint(f, texts.get(f.path))},
            }
            if f.rule in index:
                res["ruleIndex"] = index[f.rule]
            properties = {}
            if f.concept:
                properties["concept"] = f.concept
            if f.region is not None:
                properties["region"] = f.region
            if properties:
                res["properties"] = properties
            if f.suggestion is not None:
                res["fixes"] = [{
                    "description": {"text": f"Replace '{f.text}' with '{f.suggestion}'"},
                    "artifactChanges": [{
                        "artifactLocation": loc,
                        "replacements": [{"deletedRegion": _region(f),
                                          "insertedContent": {"text": f.suggestion}}],
                    }],
                    # safe: `termkit check --fix` applies it (one replacement, no line break inside)
                    "properties": {"safe": f.fixable and not any(c.isspace() for c in f.text)},
                }]
            results.append(res)
        run = {
            "tool": {"driver": {"name": "termkit", "version": __version__, "semanticVersion": __version__,
                                "informationUri": INFO_URI, "rules": rules}},
            "invocations": [{
                "executionSuccessful": True,
                "toolExecutionNotifications": [{"level": "note", "message": {"text": n}} for n in result.notes],
            }],
            "originalUriBaseIds": {"SRCROOT": {"uri": Path.cwd().as_uri() + "/"}},
            "artifacts": artifact_list,
            "columnKind": "unicodeCodePoints",
            "results": results,
        }
        json.dump({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]},
                  self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
