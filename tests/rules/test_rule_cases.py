"""Every rule's cases, as data: text in, findings and fixed text out (tests/rules/cases/<rule-id>.yaml).

One file per rule, named by its id, so adding a rule means adding its module, its registry line
and its cases (CONTRIBUTING.md). A case gives a Chinese ``text`` (document rules) or a
``source`` and ``target`` (segment rules, one segment per line), optionally a ``date`` and rule
``options``, and what the rule must report: its ``findings`` (line, column, text and, where
given, suggestion and severity), exactly, in order, and for document rules the ``fixed`` text
``--fix`` writes (through the same verified fix plan). Cases run against the small termbase
beside this file, so they show what the rule does, not what the bundled termbase holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from termkit import load_termbase
from termkit.engine.bilingual import check_bilingual
from termkit.engine.options import CheckOptions
from termkit.engine.pipeline import check_document
from termkit.engine.sentences import SentenceChecker
from termkit.fix.plan import plan_file
from termkit.rules import RULES
from termkit.text.document import Document

HERE = Path(__file__).resolve().parent
CASES = sorted((HERE / "cases").glob("*.yaml"))


def _cases():
    for path in CASES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for n, case in enumerate(data["cases"]):
            yield pytest.param(data["rule"], case, id=f"{path.stem}-{n}")


@pytest.fixture(scope="module")
def termbase():
    return load_termbase([HERE / "termbase.yaml"])


def test_every_rule_has_its_cases_and_every_case_file_a_rule():
    assert sorted(p.stem for p in CASES) == sorted(RULES)
    for path in CASES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["rule"] == path.stem
        assert any(c["findings"] for c in data["cases"]), f"{path.name}: no case that raises the rule"
        assert any(not c["findings"] for c in data["cases"]), f"{path.name}: no case that stays silent"


def _expected(case: dict) -> list[dict]:
    return [dict(f) for f in case["findings"]]


def _got(findings, expected: list[dict]) -> list[dict]:
    """The findings, with the fields the case names (line, column, text, and suggestion/severity if given)."""
    out = []
    for i, f in enumerate(findings):
        keys = set(expected[i]) if i < len(expected) else {"line", "column", "text", "suggestion"}
        out.append({k: getattr(f, k) for k in ("line", "column", "text", "suggestion", "severity") if k in keys})
    return out


@pytest.mark.parametrize("rule, case", list(_cases()))
def test_rule_case(rule, case, termbase, tmp_path):
    options = CheckOptions(rules=(rule,), date=case.get("date"),
                           rule_options={rule: case["options"]} if case.get("options") else {})
    expected = _expected(case)
    if RULES[rule].kind == "segment":
        (tmp_path / "en.txt").write_text(case["source"] + "\n", encoding="utf-8")
        (tmp_path / "zh.txt").write_text(case["target"] + "\n", encoding="utf-8")
        found = check_bilingual(termbase=termbase, options=options, source=tmp_path / "en.txt",
                                target=tmp_path / "zh.txt").findings
        assert _got(found, expected) == expected
        return
    path = tmp_path / "doc.txt"
    path.write_bytes(case["text"].encode("utf-8"))
    found = check_document(Document(str(path), case["text"]), termbase, options)
    assert _got(found, expected) == expected
    if "fixed" in case:
        plan, _ = plan_file(str(path), found, lambda d: check_document(d, termbase, options),
                            check=SentenceChecker(termbase, options))
        assert (plan.new_text if plan is not None else case["text"]) == case["fixed"]
