"""The documentation is kept true by tests: generated pages, documented commands, imports, the site build.

- ``docs/rules.md`` and the README's rule table are what ``termkit.rules.docs`` generates from the rule
  classes (``python docs/gen_rules.py`` rewrites both);
- the SARIF report's rule help is each rule's documentation;
- each rule's documented examples behave as documented;
- every ``termkit ...`` line of a fenced ``sh`` block in README.md and docs/*.md runs (in a fresh copy of
  ``data/``, ``glossary/`` and ``tests/fixtures/``) and exits 0 or 1, never 2 and never with a traceback.
  A block preceded by ``<!-- docs-test: skip (reason) -->`` is not run; one preceded by
  ``<!-- docs-test: exit N -->`` must exit exactly N;
- every ``from termkit... import ...`` of a documented Python block imports;
- ``mkdocs build --strict`` succeeds (skipped when MkDocs is not installed).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT

from termkit.rules import RULES
from termkit.rules.docs import rule_table, rules_page

DOCS = ROOT / "docs"
README = ROOT / "README.md"
PAGES = [README] + sorted(DOCS.glob("*.md"))
#: what a documented command may use: copied afresh for each page, so --fix and -o write into the copy
INPUTS = ("data", "glossary", "tests/fixtures")

_FENCE = re.compile(r"^(```+|~~~+)\s*([\w+-]*)[^\n]*$")
_MARK = re.compile(r"^<!--\s*docs-test:\s*(skip|exit)\b\s*(.*?)\s*-->\s*$")


@dataclass
class Block:
    page: Path
    line: int  # of the opening fence, 1-based
    lang: str
    text: str
    mark: tuple[str, str] | None  # ("skip", reason) or ("exit", "N")


def blocks(page: Path) -> list[Block]:
    """The fenced code blocks of a Markdown page, with the docs-test marker just above each (if any)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang, start = m.group(1), m.group(2), i
        j = i + 1
        while j < len(lines) and not lines[j].startswith(fence):
            j += 1
        k = start - 1
        while k >= 0 and not lines[k].strip():
            k -= 1
        mark = _MARK.match(lines[k].strip()) if k >= 0 else None
        out.append(Block(page, start + 1, lang, "\n".join(lines[start + 1:j]),
                         (mark.group(1), mark.group(2)) if mark else None))
        i = j + 1
    return out


def commands(page: Path) -> list[tuple[Block, str]]:
    """The termkit command lines of a page's ``sh`` blocks, in order."""
    return [(b, line.strip()) for b in blocks(page) if b.lang == "sh"
            for line in b.text.splitlines() if line.strip().startswith("termkit ")]


# --- generated documentation ---------------------------------------------------------------------

def test_the_rules_page_is_generated_from_the_rule_classes():
    assert (DOCS / "rules.md").read_text(encoding="utf-8") == rules_page(), \
        "docs/rules.md is out of date: run python docs/gen_rules.py"


def test_the_readme_rule_table_is_generated_from_the_rule_classes():
    text = README.read_text(encoding="utf-8")
    table = text.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert table == rule_table("docs/rules.md"), "README.md's rule table is out of date: run python docs/gen_rules.py"


def test_the_tables_of_bundled_termbases_are_generated_from_the_termbases():
    from termkit.cli.termbases import render_markdown, termbase_rows

    for page, marker, by_folder in ((README, "termbases", True), (DOCS / "termbases.md", "termbase-files", False)):
        text = page.read_text(encoding="utf-8")
        table = text.split(f"<!-- {marker}:start -->\n", 1)[1].split(f"<!-- {marker}:end -->", 1)[0]
        assert table == render_markdown(termbase_rows(by_folder=by_folder)), \
            f"{page.name}'s table of termbases is out of date: run python docs/gen_termbases.py"


def test_the_rules_page_documents_every_rule_with_its_sections():
    page = rules_page()
    for rule_id, cls in RULES.items():
        assert f"\n## {rule_id}\n" in page
        for section in ("What it does", "Why is this bad?", "Fix safety"):
            assert cls.doc_section(section), f"{rule_id}: no '## {section}' in its docstring"
        for option in cls.options:
            assert f"| `{option.name}` |" in page


def test_sarif_rule_help_is_each_rules_documentation():
    from termkit.report.sarif import rule_descriptors
    descriptors = rule_descriptors()
    assert [d["id"] for d in descriptors] == list(RULES)
    for d in descriptors:
        doc = RULES[d["id"]].doc()
        assert d["help"] == {"text": doc, "markdown": doc}
        assert d["helpUri"].endswith(f"/rules/#{d['id']}")


def test_each_rules_documented_examples_hold(termbase, tmp_path):
    """bad raises the rule, good does not, fixed is what --fix makes of bad (segment rules: with the source)."""
    from termkit import check_text
    from termkit.engine.bilingual import check_bilingual
    from termkit.fix.edits import fix_text

    for rule_id, cls in RULES.items():
        assert cls.examples, f"{rule_id} has no examples"
        for ex in cls.examples:
            if cls.kind == "document":
                bad = check_text(ex.bad, termbase)
                assert rule_id in {f.rule for f in bad}, (rule_id, ex.bad, bad)
                if ex.good is not None:
                    assert rule_id not in {f.rule for f in check_text(ex.good, termbase)}, (rule_id, ex.good)
                if ex.fixed is not None:
                    assert fix_text(ex.bad, bad) == ex.fixed, (rule_id, ex.bad)
                continue
            for target, fires in ((ex.bad, True), (ex.good, False)):
                if target is None:
                    continue
                (tmp_path / "en.txt").write_text(ex.source + "\n", encoding="utf-8")
                (tmp_path / "zh.txt").write_text(target + "\n", encoding="utf-8")
                found = check_bilingual(termbase=termbase, source=tmp_path / "en.txt", target=tmp_path / "zh.txt")
                assert (rule_id in {f.rule for f in found.findings}) is fires, (rule_id, target, found.findings)


# --- the pages -------------------------------------------------------------------------------------

def test_the_nav_lists_every_page():
    yaml = pytest.importorskip("yaml")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def files(nav):
        for item in nav:
            for value in item.values():
                yield from (files(value) if isinstance(value, list) else [value])

    assert sorted(files(config["nav"])) == sorted(p.name for p in DOCS.glob("*.md"))


def test_the_readmes_links_into_the_docs_resolve():
    text = README.read_text(encoding="utf-8")
    links = re.findall(r"\]\((docs/[^)#\s]+)(?:#[^)]*)?\)", text)
    assert links
    for link in links:
        assert (ROOT / link).exists(), link


def test_documented_python_imports_work():
    """Every ``from termkit... import a, b`` and ``import termkit...`` in a ``python`` block imports."""
    seen = 0
    for page in PAGES:
        for b in blocks(page):
            if b.lang != "python":
                continue
            for m in re.finditer(r"^\s*from (termkit[\w.]*) import (?:\(([^)]*)\)|([^(#\n]+))", b.text, re.M):
                module = importlib.import_module(m.group(1))
                for name in (n.strip() for n in (m.group(2) or m.group(3)).replace("\n", " ").split(",")):
                    if name:
                        seen += 1
                        assert hasattr(module, name), f"{page.name}:{b.line}: {m.group(1)} has no {name}"
            for m in re.finditer(r"^\s*import (termkit[\w.]*)", b.text, re.M):
                importlib.import_module(m.group(1))
                seen += 1
    assert seen > 20


@dataclass
class Ran:
    where: str
    block: Block
    returncode: int | None  # None: skipped
    stderr: str


def run_page(page: Path, workdir: Path) -> list[Ran]:
    """Run a page's documented commands in order, in a fresh copy of the inputs they may use."""
    for rel in INPUTS:
        shutil.copytree(ROOT / rel, workdir / rel)
    out = []
    for block, line in commands(page):
        where = f"{page.relative_to(ROOT)}:{block.line}: {line}"
        if block.mark and block.mark[0] == "skip":
            out.append(Ran(where, block, None, ""))
            continue
        argv = shlex.split(line, comments=True)
        r = subprocess.run([sys.executable, "-m", "termkit", *argv[1:]], cwd=workdir, capture_output=True,
                           text=True, encoding="utf-8", timeout=300)
        out.append(Ran(where, block, r.returncode, r.stderr))
    return out


@pytest.fixture(scope="module")
def page_runs(tmp_path_factory):
    """Every page's commands, the pages run side by side (each command is mostly interpreter start-up)."""
    pages = [p for p in PAGES if commands(p)]
    pool = ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 1)))
    futures = {p: pool.submit(run_page, p, tmp_path_factory.mktemp(f"docs-{p.stem}")) for p in pages}
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.mark.parametrize("page", [p for p in PAGES if commands(p)], ids=lambda p: p.name)
def test_documented_commands_run(page, page_runs):
    runs = page_runs[page].result()
    assert any(r.returncode is not None for r in runs)
    for r in runs:
        if r.returncode is None:
            assert r.block.mark[1], f"{r.where}: a docs-test skip needs a reason"
            continue
        assert "Traceback" not in r.stderr, f"{r.where}\n{r.stderr}"
        if r.block.mark and r.block.mark[0] == "exit":
            assert r.returncode == int(r.block.mark[1]), f"{r.where}: exit {r.returncode}\n{r.stderr[-2000:]}"
        else:
            assert r.returncode in (0, 1), f"{r.where}: exit {r.returncode}\n{r.stderr[-2000:]}"


def test_the_site_builds_strictly(tmp_path):
    if shutil.which("mkdocs") is None and importlib.util.find_spec("mkdocs") is None:
        pytest.skip("MkDocs is not installed (pip install '.[docs]'): the site build is not checked")
    if importlib.util.find_spec("material") is None:
        pytest.skip("Material for MkDocs is not installed (pip install '.[docs]'): the site build is not checked")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                       cwd=ROOT, capture_output=True, text=True, encoding="utf-8", env=env, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-5000:]
    assert (tmp_path / "site" / "rules" / "index.html").exists()
