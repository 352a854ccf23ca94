"""The JSON report is the text json.dump(doc, ensure_ascii=False, indent=2) would write, built faster."""

from __future__ import annotations

import io
import json

import pytest
from conftest import CORPUS

from termkit import check_paths
from termkit.model import CheckResult, Finding
from termkit.report import json_report, render


def reference(result: CheckResult) -> str:
    doc = {"version": 1, "files": len(result.files), "findings": [f.to_dict() for f in result.findings],
           "summary": result.summary()}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def rendered(result: CheckResult) -> str:
    buf = io.StringIO()
    render(result, "json", buf)
    return buf.getvalue()


def finding(i: int, **fields) -> Finding:
    base = dict(path="a.txt", line=i + 1, column=1, rule="deprecated-term", end_line=i + 1, end_column=3,
                severity="warning", text="巴塞公约", concept="basel", suggestion="巴塞尔公约", message="m")
    base.update(fields)
    return Finding(**base)


# strings that would confuse a layout done by text replacement if encoded strings could hold it
AWKWARD = [
    '},\n      {', '}, {', '"quoted" \\ back\\slash', "tab\tcr\rnl\n", "\x00\x1f\x7f", "𠀀 outside the BMP",
    "\u2028\u2029", "", "{", "}", "[", "],", ": ", ",\n    ",
]


def test_no_findings():
    result = CheckResult(["a.txt", "b.txt"], [])
    assert rendered(result) == reference(result)
    assert json.loads(rendered(result)) == {"version": 1, "files": 2, "findings": [], "summary": {}}


def test_one_finding_with_none_fields():
    result = CheckResult(["a.txt"], [finding(0, concept=None, suggestion=None)])
    assert rendered(result) == reference(result)


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_strings_encode_exactly_as_json_dump(text):
    findings = [finding(0, text=text, message=text), finding(1, path=text, suggestion=text),
                finding(2, concept=text)]
    result = CheckResult(["a.txt"], findings)
    out = rendered(result)
    assert out == reference(result)
    assert json.loads(out)["findings"][0]["text"] == text


def test_batches_join_like_one_list(monkeypatch):
    monkeypatch.setattr(json_report, "BATCH", 3)
    for n in (1, 2, 3, 4, 6, 7):
        result = CheckResult(["a.txt"], [finding(i, rule=("mixed-width" if i % 2 else "deprecated-term"))
                                         for i in range(n)])
        assert rendered(result) == reference(result), n


def test_corpus_report_is_byte_identical(termbase):
    result = check_paths(CORPUS, termbase)
    assert len(result.findings) > 40
    assert rendered(result) == reference(result)
