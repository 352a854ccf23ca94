"""`termkit lsp` driven over stdio by a real LSP client (pygls'), as an editor drives it.

The workspace is a folder with a termkit.toml naming a small termbase
(tests/fixtures/lsp/termbase.yaml) and an ``[[ignore]]`` entry; the document
holds 巴塞公约 after two characters outside the Basic Multilingual Plane, a
term wrapped across a line break, an abbreviation used before its full form,
a bracket pair of mixed width, and a suppression comment.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time

import pytest
from conftest import FIXTURES, run_cli
from lsp_client import Editor, span
from lsprotocol import types

TERMBASE = FIXTURES / "lsp" / "termbase.yaml"
CONFIG = """termbases = ["termbase.yaml"]

[rules]
mixed-width = "warning"

[[ignore]]
text = "耗氧物质"
"""
DOC = "\n".join([
    "# 会议报告",
    "",
    "𠀀𠀁 缔约方重申巴塞公约的目标。",
    "缔约方审议了关于消耗臭氧",
    "物质的决定。",
    "环境署（UNEP)提供了支持。",
    "巴塞公约 <!-- termkit: ignore[deprecated-term] -->",
    "耗氧物质的清单。",
    "",
])
DEPRECATED = "'巴塞公约' is deprecated for basel-convention; use '巴塞尔公约' (尔 dropped)"
EXPECTED = [
    # 𠀀 and 𠀁 count two UTF-16 code units each: 巴塞公约 is at code point 8, UTF-16 unit 10
    ("deprecated-term", types.DiagnosticSeverity.Error, (2, 10, 2, 14)),
    # 消耗臭氧 / 物质: the deprecated 消耗臭氧物质 wrapped across the line break
    ("deprecated-term", types.DiagnosticSeverity.Error, (3, 8, 4, 2)),
    ("undefined-abbreviation", types.DiagnosticSeverity.Information, (5, 0, 5, 3)),
    ("mixed-width", types.DiagnosticSeverity.Warning, (5, 8, 5, 9)),
]


@pytest.fixture
def workspace(tmp_path):
    shutil.copy(TERMBASE, tmp_path / "termbase.yaml")
    (tmp_path / "termkit.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def run(coro):
    return asyncio.run(coro)


def test_diagnostics_on_open_exact_ranges_codes_and_links(workspace):
    async def session():
        async with Editor(workspace) as ed:
            assert ed.result.capabilities.position_encoding == types.PositionEncodingKind.Utf16
            uri = ed.open("doc.md", DOC)
            return await ed.diagnostics(uri)

    found = run(session())
    assert [(d.code, d.severity, span(d)) for d in found] == EXPECTED
    first = found[0]
    assert first.message == DEPRECATED and first.source == "termkit"
    assert first.code_description.href == "https://termkit.github.io/termkit/rules/#deprecated-term"
    wrapped = found[1]
    assert wrapped.message == ("'消耗臭氧物质' is deprecated for ozone-depleting-substances; "
                               "use '消耗臭氧层物质'")
    # the suggestion is in every message, whether or not the rule writes it
    assert "'）'" in found[3].message and "联合国环境规划署（环境署）" in found[2].message


def test_same_findings_as_termkit_check(workspace):
    """The server reports what `termkit check` run in the file's folder reports, position for position."""
    (workspace / "doc.md").write_text(DOC, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(workspace)
    try:
        from termkit.api import check
        outcome = check(["doc.md"])
    finally:
        os.chdir(cwd)

    async def session():
        async with Editor(workspace) as ed:
            return await ed.diagnostics(ed.open("doc.md", DOC))

    found = run(session())
    assert [(d.code, d.range.start.line + 1) for d in found] == [(f.rule, f.line) for f in outcome.findings]


def test_change_rechecks_after_the_pause_and_publishes_the_last_version(workspace):
    async def session():
        # a pause of two seconds: the four changes arrive well within it
        async with Editor(workspace, init_options={"debounceMs": 2000}) as ed:
            uri = ed.open("doc.txt", "巴塞尔公约\n", language="plaintext")
            assert await ed.diagnostics(uri) == []
            for text in ("巴塞尔公约\n巴", "巴塞尔公约\n巴塞", "巴塞尔公约\n巴塞公", "巴塞尔公约\n巴塞公约"):
                ed.change(uri, text)  # typed faster than the pause: only the last is checked
            last = await ed.diagnostics(uri)
            versions = [p.version for p in ed.published[uri]]
            return last, versions

    last, versions = run(session())
    assert [(d.code, span(d)) for d in last] == [("deprecated-term", (1, 0, 1, 4))]
    assert versions == [1, 5]


def test_code_action_replaces_the_term_and_the_finding_goes(workspace):
    async def session():
        async with Editor(workspace) as ed:
            uri = ed.open("doc.md", DOC)
            found = await ed.diagnostics(uri)
            acts = await ed.code_actions(uri, found[0].range, [found[0]])
            titles = [a.title for a in acts]
            fix = next(a for a in acts if a.title.startswith("Replace"))
            before = ed.count(uri)
            text = ed.apply(uri, fix.edit)
            after = await ed.diagnostics(uri, before)
            return titles, fix, text, after

    titles, fix, text, after = run(session())
    assert titles == ["Replace '巴塞公约' with '巴塞尔公约' (deprecated-term)",
                      "Ignore deprecated-term on this line",
                      "Fix all safe termkit findings in this file"]
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert text.split("\n")[2] == "𠀀𠀁 缔约方重申巴塞尔公约的目标。"
    assert [(d.code, span(d)) for d in after] == [(c, s) for c, _, s in EXPECTED[1:]]


def test_a_wrapped_term_is_reported_but_not_fixed(workspace):
    """As with --fix: where the line break goes in the replacement is a human decision."""
    caps = types.ClientCapabilities(text_document=types.TextDocumentClientCapabilities(
        code_action=types.CodeActionClientCapabilities(disabled_support=True)))

    async def session():
        async with Editor(workspace, caps) as ed:
            uri = ed.open("doc.md", DOC)
            found = await ed.diagnostics(uri)
            return await ed.code_actions(uri, found[1].range, [found[1]])

    acts = run(session())
    fix = next(a for a in acts if a.title.startswith("Replace"))
    assert fix.edit is None and "line" in fix.disabled.reason
    assert [a.title for a in acts if a.edit is not None] == ["Ignore deprecated-term on this line"]


def test_fix_all_applies_every_safe_fix_and_leaves_the_rest(workspace):
    caps = types.ClientCapabilities(text_document=types.TextDocumentClientCapabilities(
        code_action=types.CodeActionClientCapabilities(
            resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"]))))

    async def session():
        async with Editor(workspace, caps) as ed:
            uri = ed.open("doc.md", DOC)
            found = await ed.diagnostics(uri)
            whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=9, character=0))
            acts = await ed.code_actions(uri, whole, only=["source.fixAll"])
            assert [a.kind for a in acts] == ["source.fixAll.termkit"] and acts[0].edit is None
            resolved = await ed.resolve(acts[0])
            before = ed.count(uri)
            text = ed.apply(uri, resolved.edit)
            return found, resolved, text, await ed.diagnostics(uri, before)

    found, resolved, text, after = run(session())
    # small edits where the text changes, not the whole document
    assert [(span(e), e.new_text) for e in resolved.edit.changes[next(iter(resolved.edit.changes))]] == [
        ((2, 12, 2, 12), "尔"), ((5, 8, 5, 9), "）")]
    assert text == DOC.replace("重申巴塞公约", "重申巴塞尔公约").replace("UNEP)", "UNEP）")
    assert [(d.code, span(d)) for d in after] == [("deprecated-term", (3, 8, 4, 2)),
                                                   ("undefined-abbreviation", (5, 0, 5, 3))]


def test_ignore_on_this_line_in_markdown_and_in_plain_text(workspace):
    plain = "巴塞公约的缔约方\n"

    async def session():
        async with Editor(workspace) as ed:
            md = ed.open("doc.md", DOC)
            found = await ed.diagnostics(md)
            acts = await ed.code_actions(md, found[0].range, [found[0]])
            ignore = next(a for a in acts if a.title.startswith("Ignore"))
            before = ed.count(md)
            md_text = ed.apply(md, ignore.edit)
            md_after = await ed.diagnostics(md, before)
            txt = ed.open("notes.txt", plain, language="plaintext")
            found = await ed.diagnostics(txt)
            acts = await ed.code_actions(txt, found[0].range, [found[0]])
            before = ed.count(txt)
            txt_text = ed.apply(txt, next(a for a in acts if a.title.startswith("Ignore")).edit)
            return md_text, md_after, txt_text, await ed.diagnostics(txt, before)

    md_text, md_after, txt_text, txt_after = run(session())
    assert md_text.split("\n")[2] == "𠀀𠀁 缔约方重申巴塞公约的目标。 <!-- termkit: ignore[deprecated-term] -->"
    assert [d.code for d in md_after] == [c for c, _, _ in EXPECTED[1:]]
    assert txt_text == "巴塞公约的缔约方 termkit: ignore[deprecated-term]\n"
    assert txt_after == []


def test_ignore_adds_the_rule_to_a_marker_already_on_the_line(workspace):
    text = "环境署（UNEP)的报告 <!-- termkit: ignore[undefined-abbreviation] -->\n"

    async def session():
        async with Editor(workspace) as ed:
            uri = ed.open("doc.md", text)
            found = await ed.diagnostics(uri)
            acts = await ed.code_actions(uri, found[0].range, [found[0]])
            before = ed.count(uri)
            new = ed.apply(uri, next(a for a in acts if a.title.startswith("Ignore")).edit)
            return found, new, await ed.diagnostics(uri, before)

    found, new, after = run(session())
    assert [d.code for d in found] == ["mixed-width"]
    assert new == "环境署（UNEP)的报告 <!-- termkit: ignore[undefined-abbreviation, mixed-width] -->\n"
    assert after == []


def test_hover_shows_the_lookup_entry_without_evidence(workspace):
    async def session():
        async with Editor(workspace) as ed:
            uri = ed.open("doc.md", DOC)
            await ed.diagnostics(uri)
            on_term = await ed.hover(uri, 2, 11)
            wrapped = await ed.hover(uri, 4, 1)
            nothing = await ed.hover(uri, 0, 2)
            return on_term, wrapped, nothing

    on_term, wrapped, nothing = run(session())
    value = on_term.contents.value
    assert span(on_term) == (2, 10, 2, 14)
    assert "'巴塞公约' is deprecated (basel-convention); use '巴塞尔公约'" in value
    assert "short   deprecated  巴塞公约  → 巴塞尔公约  (尔 dropped)  ◂ matched" in value
    assert "控制危险废物越境转移及其处置巴塞尔公约" in value and "Basel Convention" in value
    assert "definition: Treaty of 1989" in value and "source:     UNTERM" in value
    assert "curators only" not in value and "evidence" not in value
    assert span(wrapped) == (3, 8, 4, 2) and "ozone-depleting-substances" in wrapped.contents.value
    assert nothing is None


def test_completion_offers_the_preferred_form(workspace):
    text = "缔约方审议了巴塞\n关于消耗臭\nthe Basel Conv\n"

    async def session():
        async with Editor(workspace) as ed:
            uri = ed.open("doc.md", text)
            await ed.diagnostics(uri)
            return [await ed.completion(uri, line, char) for line, char in ((0, 8), (1, 5), (2, 14))]

    zh, wrapped_prefix, en = run(session())
    first = zh.items[0]
    assert first.label == "巴塞尔公约" and span(first.text_edit) == (0, 6, 0, 8)
    assert first.detail.startswith("basel-convention")
    assert [i.label for i in wrapped_prefix.items] == ["消耗臭氧层物质"]
    assert wrapped_prefix.items[0].filter_text == "消耗臭氧层物质"
    assert en.items[0].label == "Basel Convention" and span(en.items[0].text_edit) == (2, 4, 2, 14)


def test_termbase_change_is_picked_up(workspace):
    """Editing the termbase changes the diagnostics: on the next change, and unprompted by the watcher."""
    async def session():
        async with Editor(workspace) as ed:
            uri = ed.open("doc.md", DOC)
            assert [d.code for d in await ed.diagnostics(uri)][:1] == ["deprecated-term"]
            tb = workspace / "termbase.yaml"
            text = tb.read_text(encoding="utf-8")
            tb.write_text(text.replace("{term: 巴塞公约, type: short, status: deprecated,",
                                       "{term: 巴塞公约, type: short, status: admitted,"), encoding="utf-8")
            stamp = time.time() + 5  # a new modification time even on a coarse clock
            os.utime(tb, (stamp, stamp))
            before = ed.count(uri)
            # unprompted: the server looks at the termbase files every few seconds
            await ed.wait_for(lambda: ed.count(uri) > before)
            unprompted = ed.latest(uri)
            tb.write_text(text, encoding="utf-8")
            os.utime(tb, (stamp + 5, stamp + 5))
            ed.change(uri, DOC + "\n")  # prompted: a change looks at the files first
            return unprompted, await ed.diagnostics(uri)

    unprompted, prompted = run(session())
    assert [(d.code, span(d)) for d in unprompted] == [(c, s) for c, _, s in EXPECTED[1:]]
    assert [(d.code, span(d)) for d in prompted] == [(c, s) for c, _, s in EXPECTED]


def test_utf8_positions_when_the_client_asks_for_them(workspace):
    caps = types.ClientCapabilities(general=types.GeneralClientCapabilities(position_encodings=["utf-8"]))

    async def session():
        async with Editor(workspace, caps) as ed:
            assert ed.result.capabilities.position_encoding == "utf-8"
            return await ed.diagnostics(ed.open("doc.md", DOC))

    found = run(session())
    # 𠀀𠀁 are four bytes each, the space one, 缔约方重申 three each
    assert span(found[0]) == (2, 24, 2, 36)


def test_a_broken_configuration_is_one_message_and_no_diagnostics(workspace):
    (workspace / "termkit.toml").write_text('termbases = ["missing.yaml"]\n', encoding="utf-8")

    async def session():
        async with Editor(workspace) as ed:
            uri = ed.open("doc.md", DOC)
            found = await ed.diagnostics(uri)
            await ed.wait_for(lambda: ed.messages)
            return found, ed.messages

    found, messages = run(session())
    assert found == []
    assert len(messages) == 1 and messages[0].startswith("termkit: error: ") and "\n" not in messages[0]
    assert "missing.yaml" in messages[0]


def test_excluded_file_gets_no_diagnostics(workspace):
    (workspace / "termkit.toml").write_text(CONFIG.replace("[rules]", 'exclude = ["drafts/"]\n\n[rules]'),
                                            encoding="utf-8")
    (workspace / "drafts").mkdir()

    async def session():
        async with Editor(workspace) as ed:
            draft = ed.open("drafts/doc.md", DOC)
            kept = ed.open("doc.md", DOC)
            return await ed.diagnostics(draft), await ed.diagnostics(kept)

    draft, kept = run(session())
    assert draft == [] and len(kept) == len(EXPECTED)


def test_lsp_without_pygls_is_one_line_and_exit_2(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pygls" else real(name, *a))
    r = run_cli("lsp")
    assert r.code == 2
    assert r.err == "termkit: error: termkit lsp needs pygls: pip install 'termkit[lsp]'\n"


def test_baseline_and_unknown_rules_in_suppressions(workspace):
    """Findings the configuration's baseline records are not shown; a marker naming no rule is."""
    old = "巴塞公约的缔约方\n"
    (workspace / "doc.md").write_text(old, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(workspace)
    try:
        from termkit.api import check
        assert check(["doc.md"], write_baseline="baseline.json").baseline_written == 1
    finally:
        os.chdir(cwd)
    (workspace / "termkit.toml").write_text('baseline = "baseline.json"\n' + CONFIG, encoding="utf-8")
    new = old + "会议讨论了巴塞公约。 <!-- termkit: ignore[deprecated-terms] -->\n"

    async def session():
        async with Editor(workspace) as ed:
            return await ed.diagnostics(ed.open("doc.md", new))

    found = run(session())
    assert [(d.code, span(d)) for d in found] == [("deprecated-term", (1, 5, 1, 9)), (None, (1, 16, 1, 53))]
    assert found[1].message == "suppression names unknown rule 'deprecated-terms'"
    assert found[1].severity == types.DiagnosticSeverity.Warning
