"""Configuration: discovery by walking up, what each key does, and errors that name the key, file and line."""

from __future__ import annotations

import json
import shutil
import tomllib

import pytest
from conftest import FIXTURES, corpus_file

MINI = FIXTURES / "mini.yaml"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A document repository: mini.yaml as its termbase, two corpus documents, a legacy folder."""
    (tmp_path / "terms").mkdir()
    shutil.copy(MINI, tmp_path / "terms" / "mini.yaml")
    docs = tmp_path / "docs"
    (docs / "legacy").mkdir(parents=True)
    shutil.copy(corpus_file("001"), docs / "001.txt")
    shutil.copy(corpus_file("004"), docs / "legacy" / "004.txt")
    (tmp_path / "docs" / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def report(cli, *args):
    r = cli("check", "--format", "json", *args)
    assert r.code in (0, 1), r.err
    return r.code, json.loads(r.out)


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_config_is_found_by_walking_up_and_paths_are_relative_to_it(cli, repo, monkeypatch):
    write(repo / "termkit.toml", 'termbases = ["terms/mini.yaml"]\npaths = ["docs"]\n')
    monkeypatch.chdir(repo / "docs" / "sub")
    code, rep = report(cli)
    assert rep["files"] == 2
    # paths are shown as the working directory sees them
    assert {f["path"] for f in rep["findings"]} <= {"../001.txt", "../legacy/004.txt"}
    assert code == 1


def test_pyproject_tool_table_is_used_and_one_without_it_is_passed_over(cli, repo, monkeypatch):
    write(repo / "pyproject.toml", '[project]\nname = "x"\n\n[tool.termkit]\ntermbases = ["terms/mini.yaml"]\n'
                                   'exclude = ["legacy/"]\n')
    write(repo / "docs" / "pyproject.toml", '[project]\nname = "docs"\n')
    monkeypatch.chdir(repo / "docs")
    _, rep = report(cli, ".")
    assert rep["files"] == 1  # legacy/ excluded by the root pyproject


def test_termkit_toml_wins_over_pyproject_in_the_same_directory(cli, repo):
    write(repo / "pyproject.toml", '[tool.termkit]\ntermbases = ["terms/mini.yaml"]\nfail-on = "never"\n')
    write(repo / "termkit.toml", 'termbases = ["terms/mini.yaml"]\nfail-on = "info"\n')
    code, _ = report(cli, "docs")
    assert code == 1


def test_rules_exclude_include_and_fail_on(cli, repo):
    base = 'termbases = ["terms/mini.yaml"]\n'
    write(repo / "termkit.toml", base)
    _, everything = report(cli, "docs")
    rules = {f["rule"] for f in everything["findings"]}
    assert {"deprecated-term", "mixed-width"} <= rules
    write(repo / "termkit.toml", base + 'exclude = ["docs/legacy/**"]\nfail-on = "never"\n'
                                        '[rules]\nmixed-width = "off"\ndeprecated-term = "warning"\n')
    code, rep = report(cli, "docs")
    assert code == 0
    assert rep["files"] == 1
    assert "mixed-width" not in {f["rule"] for f in rep["findings"]}
    assert {f["severity"] for f in rep["findings"] if f["rule"] == "deprecated-term"} == {"warning"}
    # exclude applies to files named on the command line too (pre-commit passes them by name)
    _, rep = report(cli, "docs/legacy/004.txt", "docs/001.txt")
    assert rep["files"] == 1
    write(repo / "termkit.toml", base + 'include = ["**/legacy/*.txt"]\n')
    _, rep = report(cli, "docs")
    assert rep["files"] == 1 and rep["findings"][0]["path"] == "docs/legacy/004.txt"


def test_command_line_overrides_config(cli, repo):
    write(repo / "termkit.toml", 'termbases = ["terms/mini.yaml"]\nfail-on = "never"\n[rules]\nmixed-width = "off"\n')
    code, rep = report(cli, "docs", "--fail-on", "info", "--severity", "mixed-width=info")
    assert code == 1
    assert "mixed-width" in {f["rule"] for f in rep["findings"]}


def test_ignore_entries(cli, repo):
    base = 'termbases = ["terms/mini.yaml"]\n'
    write(repo / "termkit.toml", base)
    _, before = report(cli, "docs")
    basel = [f for f in before["findings"] if f["text"] == "巴塞公约"]
    assert basel
    write(repo / "termkit.toml", base + '[[ignore]]\npath = "docs/0*.txt"\nrule = "deprecated-term"\ntext = "巴塞公约"\n'
                                        '[[ignore]]\npath = "legacy/"\n')
    _, after = report(cli, "docs")
    assert not [f for f in after["findings"] if f["text"] == "巴塞公约"]
    assert not [f for f in after["findings"] if "legacy" in f["path"]]
    # everything else is still reported
    expected = [f for f in before["findings"] if f["text"] != "巴塞公约" and "legacy" not in f["path"]]
    assert after["findings"] == expected


def test_explicit_config_and_isolated(cli, repo, tmp_path_factory):
    other = tmp_path_factory.mktemp("elsewhere")
    write(other / "strict.toml", f'termbases = ["{MINI}"]\nfail-on = "info"\n[rules]\ndeprecated-term = "off"\n')
    write(repo / "termkit.toml", 'termbases = ["terms/mini.yaml"]\nfail-on = "never"\n')
    code, rep = report(cli, "docs", "--config", other / "strict.toml")
    assert code == 1 and "deprecated-term" not in {f["rule"] for f in rep["findings"]}
    # --isolated: no configuration at all, so the default fail-on (error) applies
    code, rep = report(cli, "docs", "--isolated", "-t", MINI)
    assert code == 1 and "deprecated-term" in {f["rule"] for f in rep["findings"]}


@pytest.mark.parametrize("text, fragments", [
    ('termbases = []\nfial-on = "error"\n', ["termkit.toml:2:", "unknown key 'fial-on'"]),
    ('[rules]\ndeprecated-terms = "off"\n', ["termkit.toml:2:", "unknown rule 'deprecated-terms'"]),
    ('[rules]\nmixed-width = "loud"\n', ["termkit.toml:2:", "must be error, warning, info or off, not 'loud'"]),
    ('scope = "repo"\n', ["termkit.toml:1:", "'scope' must be one of document, corpus"]),
    ('jobs = 0\n', ["termkit.toml:1:", "'jobs' must be a whole number"]),
    ('exclude = "a" = b\n', ["termkit.toml:1:", "TOML syntax error"]),
    ('encoding = "klingon"\n', ["termkit.toml:1:", "unknown encoding 'klingon'"]),
    ('format = "pdf"\n', ["termkit.toml:1:", "'format' must be one of"]),
    ('\n[[ignore]]\nrule = "deprecated-term"\n', ["termkit.toml:2:", "needs 'path' or 'text'"]),
    ('[[ignore]]\npath = "a"\nline = 3\n', ["termkit.toml:3:", "unknown key 'line' in [[ignore]] entry 1"]),
])
def test_config_errors_name_file_line_and_key(cli, repo, text, fragments):
    write(repo / "termkit.toml", text)
    for command in (("check", "docs"), ("config",)):
        r = cli(*command)
        assert r.code == 2, r.out
        (line,) = r.err.strip().splitlines()
        assert line.startswith("termkit: error: ")
        for frag in fragments:
            assert frag in line
        assert "Traceback" not in r.err


def test_unknown_key_in_pyproject_names_the_tool_table(cli, repo):
    write(repo / "pyproject.toml", '[project]\nname = "x"\n\n[tool.termkit]\nterm-bases = ["x"]\n')
    r = cli("check", "docs")
    assert r.code == 2
    assert "pyproject.toml:5:" in r.err and "unknown key 'tool.termkit.term-bases'" in r.err


def test_missing_config_file_named_with_option(cli, repo):
    r = cli("check", "docs", "--config", "nope.toml")
    assert r.code == 2 and "nope.toml: configuration file not found" in r.err


def test_config_command_prints_the_resolved_configuration_as_toml(cli, repo):
    write(repo / "termkit.toml", 'termbases = ["terms/mini.yaml"]\nexclude = ["legacy/"]\n'
                                 '[rules]\nmixed-width = "off"\n[[ignore]]\ntext = "巴塞公约"\n')
    r = cli("config")
    assert r.code == 0
    assert f"# source: {repo / 'termkit.toml'}" in r.out
    resolved = tomllib.loads(r.out)
    assert resolved["termbases"] == ["terms/mini.yaml"]
    assert resolved["exclude"] == ["legacy/"]
    assert resolved["fail-on"] == "error" and resolved["scope"] == "document"
    assert resolved["rules"]["mixed-width"] == "off"
    assert resolved["rules"]["deprecated-term"] == "error"
    assert resolved["ignore"] == [{"text": "巴塞公约"}]
    isolated = tomllib.loads(cli("config", "--isolated").out)
    assert "termbases" not in isolated and isolated["rules"]["mixed-width"] == "info"


@pytest.mark.parametrize("pattern, path, hit", [
    ("*.txt", "docs/a/b.txt", True),
    ("docs/*.txt", "docs/a/b.txt", False),
    ("docs/**/*.txt", "docs/a/b.txt", True),
    ("docs/**/*.txt", "docs/b.txt", True),
    ("legacy/", "docs/legacy/x.md", True),
    ("docs/legacy", "docs/legacy/x.md", True),
    ("/docs/legacy", "other/docs/legacy/x.md", False),
    ("0[0-2]?.txt", "d/001.txt", True),
    ("0[!0-2]?.txt", "d/001.txt", False),
])
def test_glob_semantics(pattern, path, hit):
    from termkit._util.pathglob import compile_glob
    assert bool(compile_glob(pattern).match(path)) is hit


def test_the_documented_configuration_example_is_valid(tmp_path):
    """Every key docs/configuration.md documents is accepted, with the values it shows."""
    from conftest import ROOT

    from termkit.config.file import KEYS, load_config
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    section = page[page.index("## Configuration"):]
    example = section[section.index("```toml\n") + 8:section.index("```\n", section.index("```toml\n") + 8)]
    cfg_path = tmp_path / "termkit.toml"
    cfg_path.write_text(example, encoding="utf-8")
    cfg = load_config(cfg_path, cwd=tmp_path)
    assert set(tomllib.loads(example)) == set(KEYS)
    assert cfg.severities == {"mixed-width": "off", "superseded-term": "error"}
    assert [e.rules for e in cfg.ignore] == [("traditional-char",), ()]
    assert cfg.termbases == ("glossary", "terms/our-office.yaml") and cfg.jobs == 4


def test_pre_commit_hooks_run_termkit_on_the_files_pre_commit_passes(cli, repo):
    """The hooks file: each entry is a real termkit command, and its file pattern is termkit's text suffixes."""
    import re
    import shlex

    import yaml
    from conftest import ROOT

    from termkit.text.document import TEXT_SUFFIXES
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["termkit", "termkit-fix"]
    write(repo / "termkit.toml", 'termbases = ["terms/mini.yaml"]\n')
    for hook in hooks:
        pattern = re.compile(hook["files"])
        assert all(pattern.search(f"doc{s}") for s in TEXT_SUFFIXES)
        assert not pattern.search("glossary.yaml")
        argv = shlex.split(hook["entry"])
        assert argv[0] == "termkit"
        r = cli(*argv[1:], "docs/001.txt")  # pre-commit appends the staged file names
        assert r.code == 1, r.err
    # the fix hook fixed what it could; what is left is a term broken by a line break
    assert "巴塞公约" not in (repo / "docs" / "001.txt").read_text(encoding="utf-8")


def test_bilingual_rules_can_be_configured_too(cli, repo):
    write(repo / "termkit.toml", 'termbases = ["terms/mini.yaml"]\n[rules]\nmissing-term = "off"\nmixed-width = "off"\n')
    r = cli("config")
    assert r.code == 0
    resolved = tomllib.loads(r.out)["rules"]
    assert resolved["missing-term"] == "off" and resolved["wrong-term"]
    code, rep = report(cli, "docs")
    assert "mixed-width" not in {f["rule"] for f in rep["findings"]}
    bi = FIXTURES / "bilingual"
    args = ("--source", bi / "aligned.en", "--target", bi / "aligned.zh", "-t", bi / "terms.yaml")
    _, rep = report(cli, *args, "--isolated")
    assert {"missing-term", "wrong-term"} <= {f["rule"] for f in rep["findings"]}
    _, rep = report(cli, *args)
    assert "missing-term" not in {f["rule"] for f in rep["findings"]}
    assert "wrong-term" in {f["rule"] for f in rep["findings"]}


def test_ignore_entries_cover_bilingual_findings(cli, repo):
    bi = FIXTURES / "bilingual"
    args = ("--source", bi / "aligned.en", "--target", bi / "aligned.zh", "-t", bi / "terms.yaml")
    _, rep = report(cli, *args, "--isolated")
    wrong = [f for f in rep["findings"] if f["rule"] == "wrong-term"]
    assert wrong
    write(repo / "termkit.toml", f'[[ignore]]\nrule = "wrong-term"\ntext = "{wrong[0]["text"]}"\n')
    _, rep = report(cli, *args)
    assert not [f for f in rep["findings"] if f["rule"] == "wrong-term" and f["text"] == wrong[0]["text"]]
    assert [f for f in rep["findings"] if f["rule"] == "missing-term"]


def test_rule_options_reach_the_rule_and_bad_ones_name_the_file(tmp_path, cli):
    """[rule-options.possible-variant] tunes the rule; a misspelt option is exit 2 naming file and line."""
    doc = tmp_path / "doc.txt"
    doc.write_text("本组织还与组织化学品健全管理方案合作。\n", encoding="utf-8")
    tb = str(FIXTURES / "variants.yaml")
    cfg = tmp_path / "termkit.toml"
    cfg.write_text(f'termbases = ["{tb}"]\n', encoding="utf-8")
    r = cli("check", "--config", cfg, "--format", "json", "--rule", "possible-variant", doc)
    assert [f["text"] for f in json.loads(r.out)["findings"]] == ["组织化学品健全管理方案"]
    cfg.write_text(f'termbases = ["{tb}"]\n\n[rule-options.possible-variant]\nmin_length = 20\n', encoding="utf-8")
    r = cli("check", "--config", cfg, "--format", "json", "--rule", "possible-variant", doc)
    assert json.loads(r.out)["findings"] == []
    assert "[rule-options.possible-variant]\nmin_length = 20" in cli("config", "--config", cfg).out
    cfg.write_text(f'termbases = ["{tb}"]\n\n[rule-options.possible-variant]\nmin_lenght = 20\n', encoding="utf-8")
    r = cli("check", "--config", cfg, doc)
    assert r.code == 2
    assert r.err.startswith(f"termkit: error: {cfg}:3: unknown option 'min_lenght' of rule possible-variant")
