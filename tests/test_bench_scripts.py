"""The benchmark scripts keep up with the package: every name they import from termkit exists.

The scripts are run by hand, not by the suite (their figures are measurements,
never assertions), so a moved module would otherwise break them silently.
"""

from __future__ import annotations

import ast
import importlib

import pytest
from conftest import ROOT

SCRIPTS = sorted((ROOT / "bench").glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_termkit_import_of_a_bench_script_resolves(script):
    tree = ast.parse(script.read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("termkit")]
    for node in imports:
        module = importlib.import_module(node.module)
        for alias in node.names:
            if not hasattr(module, alias.name):
                importlib.import_module(f"{node.module}.{alias.name}")  # a submodule: ImportError if absent
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("termkit"):
                    importlib.import_module(alias.name)


def test_the_bench_scripts_are_found():
    assert {"precision.py", "variants.py", "bilingual.py", "same_output.py"} <= {p.name for p in SCRIPTS}
