"""A cold `termkit check` starts fast: no CLI framework, nothing it does not need, compiled matchers cached.

What is asserted is what makes the start fast, never a time (bench/startup.py
prints those): the quick parser of `termkit check` takes exactly the options the
typer command declares, and gives the values typer gives; a well-formed check
line never imports typer, YAML, lxml, multiprocessing, Dask, rapidfuzz or the TOML
parser; a one-line check with the bundled termbase builds only the concepts it can
touch (``match.subset``, whose findings ``test_subset.py`` compares); the compiled
matcher, the near-variant index, the character table and the word list come back
from the user cache, and what comes back matches exactly what a fresh build does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, FIXTURES, run_cli

from termkit.cli.checkrun import CHECK_OPTIONS, quick_parse

MINI = str(FIXTURES / "mini.yaml")


def _typer_params():
    from typer.main import get_command

    from termkit.cli.app import app

    group = get_command(app)
    return [p for p in group.commands["check"].params if p.name not in ("help",)]


def test_the_option_table_is_the_typer_commands():
    """Same names, same flags, same kinds (from the typer function's annotations)."""
    import termkit.cli.check as check_module

    hints = check_module.check.__annotations__  # strings (the module postpones annotations)
    kinds = {"List[Path]": "paths", "List[str]": "append", "Optional[int]": "int", "Optional[Path]": "path",
             "Optional[str]": "value", "str": "value", "bool": "flag", "Optional[bool]": "bool"}
    declared = {}
    for p in _typer_params():
        if p.param_type_name == "argument":
            assert p.name == "paths"
            continue
        declared[p.name] = (set(p.opts) | set(p.secondary_opts), kinds[hints[p.name]])
    table = {name: (set(flags), kind) for flags, name, kind, _ in CHECK_OPTIONS}
    assert table == declared


def _typer_values(argv: list[str], monkeypatch) -> dict:
    import termkit.cli.check as check_module

    seen = {}

    def capture(values):
        seen.update(values)
        return 0

    monkeypatch.setattr(check_module, "run", capture)
    from termkit.cli.app import main

    assert main(["check", *argv]) == 0
    return seen


LINES = [
    [],
    ["data"],
    ["a.txt", "b.txt", "-t", MINI, "-t", "glossary", "--format", "json", "-o", "out.json"],
    ["--scope=corpus", "--rule", "deprecated-term", "--rule", "possible-variant", "--severity", "mixed-width=off"],
    ["-", "--stdin-filename", "x.md", "--fix", "-q", "--no-color", "--no-progress"],
    ["--color", "--jobs", "3", "--scheduler", "tcp://127.0.0.1:8786", "--isolated", "--config", "t.toml", "d"],
    ["--diff", "--baseline", "b.json", "--encoding", "gb18030", "--fail-on", "warning", "-j", "2", "--", "-odd"],
    ["--write-baseline", "b.json", "--source", "s.txt", "--target", "t.txt", "-f", "sarif"],
]


@pytest.mark.parametrize("argv", LINES, ids=lambda a: " ".join(a)[:40] or "none")
def test_quick_parse_gives_what_typer_gives(argv, monkeypatch):
    assert quick_parse(argv) == _typer_values(argv, monkeypatch)


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["--form", "json"], ["--jobs", "0"], ["--jobs", "x"],
                                  ["--format"], ["--fix=yes"], ["-qj2"], ["--output"]])
def test_quick_parse_leaves_help_and_mistakes_to_typer(argv):
    assert quick_parse(argv) is None


def test_fast_and_typer_paths_give_the_same_output(tmp_path, monkeypatch):
    from termkit.cli.app import main as typer_main
    from termkit.cli.entry import main as entry_main

    doc = tmp_path / "d.txt"
    doc.write_text(CORPUS[1].read_text(encoding="utf-8"), encoding="utf-8")
    for argv in (["check", "-t", MINI, doc], ["check", "-t", MINI, "--format", "json", "--scope", "corpus", doc],
                 ["check", "-t", MINI, "--severity", "nonsense", doc], ["check", "-t", MINI, doc / "missing"]):
        fast = run_cli_with(entry_main, argv)
        slow = run_cli_with(typer_main, argv)
        assert fast == slow


def run_cli_with(main, argv):
    import io
    from contextlib import redirect_stderr, redirect_stdout

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def _fresh(args: list[str], env: dict) -> subprocess.CompletedProcess:
    probe = ("import sys\nfrom termkit.cli.entry import main\ncode = main(sys.argv[1:])\n"
             "heavy = sorted(m for m in ('typer', 'click', 'rich', 'yaml', 'lxml', 'multiprocessing', 'distributed',"
             " 'jieba', 'termkit.fix.plan', 'termkit.engine.bilingual', 'termkit.engine.cluster', 'rapidfuzz',"
             " 'tomllib', 'calendar', 'termkit.text.bitext.segment') if m in sys.modules)\n"
             "print('HEAVY', ','.join(heavy), file=sys.stderr)\nsys.exit(code)\n")
    return subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env, timeout=300)


def test_a_cold_check_imports_nothing_it_does_not_need(tmp_path):
    doc = tmp_path / "one.txt"
    doc.write_text("巴塞公约秘书处\n", encoding="utf-8")
    env = {**os.environ, "TERMKIT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    first = _fresh(["check", "-t", MINI, str(doc)], env)  # fills the cache
    assert first.returncode == 1, first.stderr
    again = _fresh(["check", "-t", MINI, str(doc)], env)
    assert again.returncode == 1 and again.stdout == first.stdout
    assert again.stderr.strip().splitlines()[-1] == "HEAVY"
    kinds = {p.name.split("-")[0] for p in (tmp_path / "cache").glob("*.bin")}
    assert {"termbase", "matcher", "variants", "t2s"} <= kinds
    # --help is typer's
    helped = _fresh(["check", "--help"], env)
    assert helped.returncode == 0 and "--scheduler" in helped.stdout and "typer" in helped.stderr


def test_cached_matcher_and_variant_index_find_what_fresh_ones_find(tmp_path, monkeypatch):
    from termkit import load_termbase
    from termkit.match.chinese import Matcher, compile_terms
    from termkit.match.variants import VariantIndex, VariantSettings, build_index
    from termkit.text.normalize import normalize

    tb = load_termbase([FIXTURES / "variants.yaml"])
    terms = list(tb.terms("zh"))
    fresh = compile_terms(terms)
    stored = Matcher.from_data(fresh.to_data(terms), terms)
    assert stored is not None
    settings = VariantSettings()
    built = build_index(terms, settings, frozenset(c.id for c in tb.concepts if c.reference))
    back = VariantIndex.from_data(built.to_data(terms), terms, settings)
    assert back is not None
    texts = [p.read_text(encoding="utf-8") for p in CORPUS] + ["巴塞公约秘书处", "持久性有机污染审查委员会第二次会议"]
    for text in texts:
        norm = normalize(text)
        assert stored.find(norm) == fresh.find(norm)
        assert stored.find(norm, decisive_only=True) == fresh.find(norm, decisive_only=True)
        assert back.find(norm.text) == build_index(terms, settings, frozenset(
            c.id for c in tb.concepts if c.reference)).find(norm.text)
    assert any(back.find(normalize(t).text) for t in texts)
    # data of another layout is a miss, never a wrong matcher
    assert Matcher.from_data(("old",), terms) is None
    assert VariantIndex.from_data((0, 1), terms, settings) is None


def test_a_check_reads_its_matchers_from_the_cache(tmp_path, monkeypatch):
    """The second load of a cached termbase compiles nothing: matcher and index come from the store."""
    monkeypatch.setenv("TERMKIT_CACHE_DIR", str(tmp_path / "cache"))
    from termkit import load_termbase
    from termkit.match import chinese, variants

    doc = tmp_path / "d.txt"
    doc.write_text(CORPUS[0].read_text(encoding="utf-8"), encoding="utf-8")
    first = run_cli("check", "-t", MINI, "--format", "json", doc)
    chinese.matcher_for.cache_clear()
    variants.variant_index.cache_clear()
    load_termbase([MINI], cache=True)  # the cache now holds termbase, matcher and index

    def no_compiling(*a, **k):
        raise AssertionError("compiled although cached")

    monkeypatch.setattr(chinese, "compile_terms", no_compiling)
    monkeypatch.setattr(variants, "build_index", no_compiling)
    chinese.matcher_for.cache_clear()
    variants.variant_index.cache_clear()
    second = run_cli("check", "-t", MINI, "--format", "json", doc)
    assert (second.code, second.out) == (first.code, first.out)
    assert Path(tmp_path / "cache").is_dir()


def test_a_one_line_check_builds_only_what_its_line_can_touch(tmp_path, monkeypatch):
    """The bundled termbase read back from the cache: a sentence builds a few dozen of its 7,500 concepts,
    and neither the whole matcher nor the whole near-variant index is read or compiled."""
    from termkit import load_termbase
    from termkit.engine.pipeline import check_text
    from termkit.match import chinese, stored, subset, variants
    from termkit.termbase.lazy import LazyTermbase

    load_termbase(cache=True)
    tb = load_termbase(cache=True)
    assert isinstance(tb, LazyTermbase)
    subset.narrowed(tb, "缔约方")  # the subset entry is there (built once per termbase)
    object.__setattr__(tb, "_narrowed", 0)
    asked: list[str] = []
    monkeypatch.setattr(stored, "load", lambda kind, key: asked.append(kind))
    monkeypatch.setattr(chinese, "compile_terms", lambda *a, **k: asked.append("compile"))
    monkeypatch.setattr(variants, "build_index", lambda *a, **k: asked.append("build"))
    findings = check_text("《巴塞公约》秘书处在会上发言。", tb)
    assert [f.rule for f in findings] == ["deprecated-term"]
    assert asked == []
    assert "concepts" not in tb.__dict__ and len(tb._built) < 100
