"""The HTML report: one element per finding, faithful escaped text, no external assets, and in Chromium:
no console errors, filters that hide, summary rows that jump, tooltips on terms.

The browser tests drive Debian's Chromium through Playwright and skip, saying
why, where either is missing.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser_support import Opened, browser  # noqa: F401  (the fixture, shared with the termbase page's tests)
from conftest import CORPUS, DATA, corpus_file

from termkit import check_paths
from termkit.engine.scan import document_context
from termkit.model import CheckResult
from termkit.report.html import CHUNK_LINES, OPEN_LIST_MAX, render_html
from termkit.report.html_layout import Mark, render_line
from termkit.text.document import Document

VOID = {"meta", "br", "input", "img", "link", "hr", "wbr", "source", "area", "base", "col", "embed", "track"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list = []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class TreeBuilder(HTMLParser):
    """A strict little DOM: an end tag that does not close the open element is an error."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_endtag(self, tag):
        assert self.cur.tag == tag, f"</{tag}> closes <{self.cur.tag}>: markup not properly nested"
        self.cur = self.cur.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(page: str) -> Node:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.cur is builder.root, f"<{builder.cur.tag}> never closed"
    return builder.root


def finding_elements(root: Node) -> list[Node]:
    return [n for n in root.iter() if "data-rule" in n.attrs]


@pytest.fixture(scope="module")
def corpus_result(termbase) -> CheckResult:
    return check_paths([DATA], termbase)


@pytest.fixture(scope="module")
def corpus_page(corpus_result, termbase) -> str:
    return render_html(corpus_result, termbase)


# ---- the page as markup


def test_every_finding_is_exactly_one_element_with_its_position(corpus_result, corpus_page):
    assert corpus_result.findings, "the corpus has real errors: the test needs findings"
    root = parse(corpus_page)
    elements = finding_elements(root)
    got = Counter((e.attrs["data-rule"], e.attrs["data-severity"], int(e.attrs["data-line"]),
                   int(e.attrs["data-column"])) for e in elements)
    want = Counter((f.rule, f.severity, f.line, f.column) for f in corpus_result.findings)
    assert got == want
    # each sits in the section of its document, on the line it names, and covers the finding's text
    sections = {n.attrs["id"]: n for n in root.iter() if "doc" in n.classes()}
    paths = {sid: s.children[0].children[0].strip() for sid, s in sections.items()}
    by_id = {f"f{i}": f for i, f in enumerate(corpus_result.findings)}
    for e in elements:
        f = by_id[e.attrs["id"]]
        node = e
        while "l" not in node.classes():
            node = node.parent
        assert node.attrs["data-n"] == str(f.line)
        while "doc" not in node.classes():
            node = node.parent
        assert paths[node.attrs["id"]] == f.path
        if f.end_line == f.line:
            assert e.text() == f.text


def test_lines_show_the_document_text_exactly(corpus_page):
    root = parse(corpus_page)
    sections = [n for n in root.iter() if "doc" in n.classes()]
    assert len(sections) == len(CORPUS)
    for section, path in zip(sections, CORPUS):
        lines = [n for n in section.iter() if "l" in n.classes()]
        original = path.read_text(encoding="utf-8").split("\n")
        assert [n.attrs["data-n"] for n in lines] == [str(i) for i in range(1, len(original) + 1)]
        assert [n.text() for n in lines] == [line.replace("\r", "") for line in original]


def test_terms_are_marked_with_their_concept(corpus_page, termbase):
    root = parse(corpus_page)
    data_node = next(n for n in root.iter() if n.attrs.get("id") == "termkit-data")
    rows = json.loads(data_node.text())["terms"]
    marks = [n for n in root.iter() if "tm" in n.classes()]
    assert len({m.attrs["data-k"] for m in marks}) == len(rows)
    doc = corpus_file("004")
    ctx = document_context(Document(str(doc), doc.read_text(encoding="utf-8")), termbase)
    assert ctx.matches, "document 004 names the Basel Convention"
    section = next(n for n in root.iter() if "doc" in n.classes() and str(doc.relative_to(DATA)) in n.text()[:200])
    heads = [m for m in section.iter() if "tm" in m.classes() and m.text()]
    # every match of the document is drawn (a match over a line break has a piece on each line)
    assert len([m for m in ctx.matches if "\n" not in m.term.text]) <= len(heads)
    for m in heads:
        concept, zh, status, type_, en, zh_preferred, _ = rows[int(m.attrs["data-k"])]
        c = termbase.concept(concept)
        assert zh in {t.text for t in c.terms_in("zh")}
        assert en == c.preferred("en").text
        assert f"s-{status}" in m.classes()


def test_finding_over_a_line_break_has_one_head_and_continuations(mini_termbase, tmp_path):
    doc = tmp_path / "wrapped.txt"
    # 耗氧物质 (deprecated) broken by a PDF line break; a second finding on one line
    doc.write_text("会议讨论了耗氧\n\n物质问题。\n《巴塞公约》秘书处\n", encoding="utf-8")
    result = check_paths([doc], mini_termbase)
    assert [(f.rule, f.line, f.end_line) for f in result.findings] == [
        ("deprecated-term", 1, 3), ("deprecated-term", 4, 4)]
    root = parse(render_html(result, mini_termbase))
    heads = finding_elements(root)
    assert len(heads) == 2
    conts = [n for n in root.iter() if "fc" in n.classes()]
    assert [n.attrs["data-ref"] for n in conts] == ["0"]
    assert heads[0].text() + conts[0].text() == "耗氧物质"
    assert all("data-rule" not in n.attrs for n in conts)
    notes = [n for n in root.iter() if "note" in n.classes()]
    assert "消耗臭氧层物质" in notes[0].text()


def test_crossing_marks_nest_and_keep_every_character():
    text = "ABCDEFGH"
    outer = Mark(1, 5, 0, -1, '<span class="a">', '<span class="a c">', "</span>")
    crossing = Mark(3, 7, 1, 0, '<mark class="b" data-rule="r">', '<mark class="b c">', "</mark>")
    empty = Mark(7, 7, 2, 1, '<mark class="e" data-rule="z">', '<mark class="e c">', "</mark>")
    html = render_line(text, 0, len(text), [(1, 5, outer, True), (3, 7, crossing, True), (7, 7, empty, True)])
    root = parse(html)  # raises if the tags do not nest
    assert root.text() == text
    b = [n for n in root.iter() if "b" in n.classes()]
    assert [n.text() for n in b] == ["DE", "FG"]  # DE inside the outer span, then FG after it
    assert "data-rule" in b[0].attrs and "data-rule" not in b[1].attrs
    assert [n.text() for n in root.iter() if "e" in n.classes()] == [""]


def test_document_text_cannot_inject_markup_or_script(mini_termbase, tmp_path):
    evil = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">巴塞公约 </textarea>&amp;'
    doc = tmp_path / 'a"<u>\'.txt'
    doc.write_text(evil + "\n", encoding="utf-8")
    page = render_html(check_paths([doc], mini_termbase), mini_termbase)
    root = parse(page)
    assert [n.tag for n in root.iter() if n.tag in ("img", "textarea", "u")] == []
    scripts = [n for n in root.iter() if n.tag == "script"]
    assert [s.attrs.get("type") for s in scripts] == ["application/json", None]
    line = next(n for n in root.iter() if "l" in n.classes())
    assert line.text() == evil
    assert any(n.tag == "h2" and 'a"<u>\'.txt' in n.text() for n in root.iter())


def test_page_is_self_contained_and_allows_only_its_own_script(corpus_page):
    import base64
    import hashlib
    root = parse(corpus_page)
    for n in root.iter():
        assert n.tag not in ("link", "iframe", "object", "embed", "img")
        for attr in ("src", "href", "action", "srcset"):
            value = n.attrs.get(attr)
            assert value is None or value.startswith("#"), f"<{n.tag} {attr}={value}>"
    assert "url(" not in corpus_page and "@import" not in corpus_page
    csp = next(n.attrs["content"] for n in root.iter() if n.attrs.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    script = next(n for n in root.iter() if n.tag == "script" and "type" not in n.attrs).text()
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp


def test_summary_counts_and_concept_table(corpus_result, corpus_page):
    root = parse(corpus_page)
    cards = {n.children[1].text(): int(n.children[0].text()) for n in root.iter() if "card" in n.classes()}
    sev = Counter(f.severity for f in corpus_result.findings)
    assert cards == {"files checked": 5, "findings": len(corpus_result.findings),
                     "error": sev["error"], "warning": sev["warning"], "info": sev["info"]}
    concept_rows = [n for n in root.iter() if n.tag == "tr" and n.parent.tag == "tbody"
                    and n.parent.parent.attrs.get("class") == "tbl concepts"]
    findings_per_concept = Counter(f.concept for f in corpus_result.findings if f.concept)
    shown = {r.children[0].text(): int(r.children[4].text()) for r in concept_rows}
    for concept, count in findings_per_concept.items():
        assert shown[concept] == count
    # every summary row jumps somewhere that exists
    ids = {n.attrs["id"] for n in root.iter() if "id" in n.attrs}
    hrefs = [n.attrs["data-href"] for n in root.iter() if n.tag == "tr" and "data-href" in n.attrs]
    assert len(hrefs) >= len(corpus_result.findings) and set(hrefs) <= ids


def test_long_document_is_drawn_in_lazy_chunks_without_per_character_elements(mini_termbase, tmp_path):
    text = corpus_file("001").read_text(encoding="utf-8")
    doc = tmp_path / "long.txt"
    doc.write_text(text * (1_000_000 // len(text.encode("utf-8")) + 1), encoding="utf-8")
    big = doc.read_text(encoding="utf-8")
    result = check_paths([doc], mini_termbase)
    assert len(result.findings) > OPEN_LIST_MAX
    page = render_html(result, mini_termbase)
    root = parse(page)
    n_lines = big.count("\n") + 1
    chunks = [n for n in root.iter() if "chunk" in n.classes()]
    assert len(chunks) == -(-n_lines // CHUNK_LINES)
    assert all(re.fullmatch(r"contain-intrinsic-size:auto \d+px", c.attrs["style"]) for c in chunks)
    elements = sum(1 for n in root.iter()) - 1
    matches = len(document_context(Document(str(doc), big), mini_termbase).matches)
    assert elements < 2 * n_lines + 2 * matches + 4 * len(result.findings) + 1000
    assert elements < len(big) / 5
    details = next(n for n in root.iter() if "all-findings" in n.classes())
    assert "open" not in details.attrs  # folded: thousands of rows would hold up the first paint


def test_same_bytes_on_every_run(corpus_result, termbase, corpus_page):
    assert render_html(corpus_result, termbase) == corpus_page


def test_a_file_gone_since_the_check_still_lists_its_findings(mini_termbase, tmp_path):
    doc = tmp_path / "gone.txt"
    doc.write_text("《巴塞公约》\n", encoding="utf-8")
    result = check_paths([doc], mini_termbase)
    doc.unlink()
    root = parse(render_html(result, mini_termbase))
    assert len(finding_elements(root)) == 1
    assert any("cannot show the text" in n.text() for n in root.iter() if n.tag == "p")


def test_cli_writes_the_page(cli, tmp_path):
    out = tmp_path / "report.html"
    res = cli("check", DATA, "--format", "html", "-o", out)
    assert res.code == 1 and res.out == ""
    as_json = json.loads(cli("check", DATA, "--format", "json").out)
    root = parse(out.read_text(encoding="utf-8"))
    assert len(finding_elements(root)) == len(as_json["findings"]) > 0
    assert len([n for n in root.iter() if "doc" in n.classes()]) == as_json["files"] == 5


def test_wheel_carries_the_page_assets(tmp_path):
    import zipfile
    hatchling = pytest.importorskip("hatchling.builders.wheel")
    from conftest import ROOT
    wheel = next(iter(hatchling.WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"termkit/report/html_assets/report.css", "termkit/report/html_assets/report.js"} <= names


# ---- in a real browser

@pytest.fixture
def corpus_in_browser(browser, corpus_page, tmp_path):  # noqa: F811
    path = tmp_path / "report.html"
    path.write_text(corpus_page, encoding="utf-8")
    opened = Opened(browser, path)
    yield opened
    opened.page.close()


def test_browser_loads_the_corpus_report_cleanly(corpus_in_browser, corpus_result):
    o = corpus_in_browser
    assert o.errors == []
    assert o.requests == [o.page.url], "the page fetched something besides itself"
    assert o.page.locator("[data-rule]").count() == len(corpus_result.findings)
    assert o.page.locator("section.doc").count() == 5
    font = o.page.evaluate("() => getComputedStyle(document.querySelector('.doc .text')).fontFamily")
    assert "Noto Sans CJK SC" in font and "Microsoft YaHei" in font


def test_browser_rule_filter_hides_the_others(corpus_in_browser, corpus_result):
    page = corpus_in_browser.page
    rule = Counter(f.rule for f in corpus_result.findings).most_common(1)[0][0]
    page.click(f'#filters input[data-filter="rule"][value="{rule}"]')
    state = page.evaluate("""() => [...document.querySelectorAll('[data-rule]')].map((e) => {
        const id = e.id.slice(1);
        return [e.dataset.rule, e.classList.contains('off'), getComputedStyle(e).backgroundColor,
                document.getElementById('n' + id).checkVisibility(),
                document.querySelector(`tr[data-ref="${id}"]`).checkVisibility()];
    })""")
    hidden = [s for s in state if s[0] == rule]
    kept = [s for s in state if s[0] != rule]
    assert hidden and kept
    assert all(off and bg == "rgba(0, 0, 0, 0)" and not note and not row for _, off, bg, note, row in hidden)
    assert all(not off and bg != "rgba(0, 0, 0, 0)" and note and row for _, off, bg, note, row in kept)
    assert page.inner_text("#shown") == f"({len(kept)} of {len(state)} shown)"
    assert corpus_in_browser.errors == []


def test_browser_severity_and_document_filters(corpus_in_browser, corpus_result):
    page = corpus_in_browser.page
    page.click('#filters input[data-filter="severity"][value="warning"]')
    off = page.evaluate("() => [...document.querySelectorAll('[data-rule].off')].map((e) => e.dataset.severity)")
    assert off and set(off) == {"warning"}
    assert len(off) == sum(f.severity == "warning" for f in corpus_result.findings)
    page.select_option("#doc-filter", "3")
    hidden = page.evaluate("() => [...document.querySelectorAll('section.doc')].map((s) => s.hidden)")
    assert hidden == [True, True, True, False, True]


def test_browser_summary_row_jumps_to_the_finding(corpus_in_browser, corpus_result):
    page = corpus_in_browser.page
    last = len(corpus_result.findings) - 1
    page.locator(f'tr[data-ref="{last}"] td').nth(5).click()  # the message cell, not the link
    page.wait_for_timeout(50)
    where = page.evaluate(f"""() => {{
        const el = document.getElementById('f{last}');
        const r = el.getBoundingClientRect();
        return [document.activeElement === el, r.top >= 0 && r.bottom <= innerHeight, location.hash];
    }}""")
    assert where == [True, True, f"#f{last}"]


def test_browser_tooltip_names_concept_english_and_status(corpus_in_browser, termbase):
    page = corpus_in_browser.page
    term = page.locator(".tm").first
    term.scroll_into_view_if_needed()
    term.hover()
    tip = page.locator("#tip")
    assert tip.is_visible()
    text = tip.inner_text()
    concept = next(c for c in termbase.concepts if term.inner_text() in {t.text for t in c.terms_in("zh")})
    assert concept.id in text and f"en: {concept.preferred('en').text}" in text


def test_browser_keys_walk_the_findings_and_focus_shows_the_message(corpus_in_browser, corpus_result):
    page = corpus_in_browser.page
    page.keyboard.press("n")
    page.keyboard.press("n")
    page.wait_for_timeout(50)
    assert page.evaluate("() => document.activeElement.id") == "f1"
    tip = page.locator("#tip")
    assert tip.is_visible()
    assert corpus_result.findings[1].rule in tip.inner_text()
    assert corpus_result.findings[1].message in tip.inner_text()
    page.keyboard.press("p")
    assert page.evaluate("() => document.activeElement.id") == "f0"
    page.keyboard.press("Escape")
    assert not tip.is_visible()


def test_browser_injected_document_runs_nothing(browser, mini_termbase, tmp_path):  # noqa: F811
    doc = tmp_path / "evil.txt"
    doc.write_text('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2;alert(1)">'
                   '<svg onload="alert(2)"></svg>巴塞公约\n', encoding="utf-8")
    path = tmp_path / "report.html"
    path.write_text(render_html(check_paths([doc], mini_termbase), mini_termbase), encoding="utf-8")
    o = Opened(browser, path)
    try:
        o.page.wait_for_timeout(100)
        assert o.page.evaluate("() => window.__pwned") is None
        assert o.dialogs == [] and o.errors == []
        assert o.requests == [o.page.url]
        assert "<script>window.__pwned=1</script>" in o.page.inner_text(".l")
    finally:
        o.page.close()


def test_concept_count_agrees_with_the_rows(termbase):
    """A concept a finding names but the text does not use (a term missing from a translation) has a row,
    and the heading counts it apart from the concepts used: "N used, M more named only by findings"."""
    from termkit.engine.bilingual import check_bilingual
    from termkit.engine.options import CheckOptions

    bi = Path(__file__).resolve().parent / "fixtures" / "bilingual"
    result = check_bilingual(termbase=termbase, options=CheckOptions(), source=bi / "aligned.en",
                             target=bi / "aligned.zh")
    root = parse(render_html(result, termbase))
    heading = next(n for n in root.iter() if n.attrs.get("id") == "concept-count").text()
    m = re.fullmatch(r"\((\d+) used(?:, (\d+) more named only by findings)?\)", heading)
    assert m, heading
    rows = [n for n in root.iter() if n.tag == "tr" and n.parent.tag == "tbody"
            and n.parent.parent.attrs.get("class") == "tbl concepts"]
    not_used = [r for r in rows if any("not-used" in n.classes() for n in r.iter())]
    used, named = int(m.group(1)), int(m.group(2) or 0)
    assert named >= 1, "the fixture has a term missing from its translation"
    assert len(rows) == used + named and len(not_used) == named
    missing = {f.concept for f in result.findings if f.rule == "missing-term"}
    assert {r.children[0].text() for r in not_used} <= missing
