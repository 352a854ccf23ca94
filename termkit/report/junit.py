"""JUnit XML: one test case per checked file, one failure per finding.

CI systems that read JUnit reports (GitLab, Jenkins, Azure Pipelines) then
list every document as passed or failed. Findings below the ``--fail-on``
level do not fail a test case; they are listed in its ``system-out``. File
names, messages and suggestions go through ``_util.safetext.xml_text``: the
report is well-formed XML whatever control characters a document or a file
name holds.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from termkit._util.safetext import xml_text
from termkit.model import SEVERITY_RANK, CheckResult, Finding
from termkit.report import Reporter, register


def _line(f: Finding) -> str:
    where = f" ({f.region})" if f.region is not None else ""
    return f"{xml_text(f.path)}:{f.line}:{f.column}: {f.severity} [{f.rule}] {xml_text(f.message)}{xml_text(where)}"


@register
class JunitReporter(Reporter):
    name = "junit"
    summary = "JUnit XML: a test case per file, a failure per finding"

    def finish(self, result: CheckResult) -> None:
        fail_on = self.options.get("fail_on") or "error"
        level = None if fail_on == "never" else SEVERITY_RANK[fail_on]
        by_path: dict[str, list[Finding]] = {p: [] for p in result.files}
        for f in result.findings:
            by_path.setdefault(f.path, []).append(f)
        suite = ET.Element("testsuite", name="termkit")
        for path, findings in by_path.items():
            case = ET.SubElement(suite, "testcase", classname="termkit", name=xml_text(path), file=xml_text(path))
            others = []
            for f in findings:
                if level is not None and SEVERITY_RANK[f.severity] >= level:
                    fail = ET.SubElement(case, "failure", type=xml_text(f.rule), message=xml_text(f.message))
                    fail.text = _line(f) + (f"\nsuggestion: {xml_text(f.suggestion)}" if f.suggestion else "")
                else:
                    others.append(_line(f))
            if others:
                ET.SubElement(case, "system-out").text = "\n".join(others)
        failed_cases = sum(1 for c in suite if c.find("failure") is not None)
        suite.set("tests", str(len(by_path)))
        suite.set("failures", str(failed_cases))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        root = ET.Element("testsuites", name="termkit", tests=str(len(by_path)),
                          failures=str(failed_cases), errors="0")
        root.append(suite)
        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode"))
        self.stream.write("\n")
