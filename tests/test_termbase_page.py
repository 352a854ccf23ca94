"""`termkit export -o termbase.html`: one self-contained page to search the termbase, and in Chromium:
search by simplified and traditional Chinese, English and abbreviation; filters by subject, termbase and
status; the whole bundled termbase offline; a 5,000-concept page (speed is measured in
bench/termbase_page.py, not asserted here).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser_support import Opened, browser  # noqa: F401  (the fixture)
from conftest import FIXTURES

from termkit.interchange import export_termbase, format_for
from termkit.interchange.html_write import fold_table, page_data, render_page
from termkit.model import Concept, Term, Termbase

MINI = FIXTURES / "mini.yaml"


class Page(HTMLParser):
    """The elements, attributes and script texts of a page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self._in: tuple[str, dict] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in = (tag, dict(attrs))

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in and self._in[0] == "script":
            self.scripts.append((self._in[1], data))
        elif self._in and self._in[0] == "style":
            self.styles.append(data)

    def data(self) -> dict:
        return json.loads(next(text for attrs, text in self.scripts if attrs.get("type") == "application/json"))


def _hash(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


@pytest.fixture(scope="module")
def bundled_page(termbase) -> str:
    return render_page(termbase)


# ---- the page as markup


def test_html_is_an_export_format_by_extension(cli, tmp_path):
    assert format_for("termbase.html") == "html" and format_for("x.htm") == "html"
    out = tmp_path / "termbase.html"
    res = cli("export", "-t", MINI, "-o", out)
    assert res.code == 0 and "written to" in res.err
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert cli("export", "-t", MINI, "-o", "-", "--format", "html").out.startswith("<!DOCTYPE html>")


def test_page_is_self_contained_with_a_strict_policy(bundled_page):
    page = Page(bundled_page)
    for tag, attrs in page.tags:
        assert tag not in ("link", "iframe", "object", "embed", "img")
        for attr in ("src", "href", "action", "srcset"):
            assert attrs.get(attr) is None, f"<{tag} {attr}=...>"
    assert "url(" not in "".join(page.styles) and "@import" not in bundled_page
    csp = next(a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "unsafe" not in csp
    code = [text for attrs, text in page.scripts if "type" not in attrs]
    assert len(code) == 1 and f"script-src 'sha256-{_hash(code[0])}'" in csp
    assert f"style-src 'sha256-{_hash(page.styles[0])}'" in csp


def test_every_concept_and_term_is_in_the_page_and_no_evidence(termbase, bundled_page):
    data = Page(bundled_page).data()
    assert [c[0] for c in data["concepts"]] == [c.id for c in termbase.concepts]
    assert sum(len(c[7]) for c in data["concepts"]) == sum(len(c.terms) for c in termbase.concepts)
    evidence = {e for c in termbase.concepts for e in c.evidence} | {
        e for c in termbase.concepts for t in c.terms for e in t.evidence}
    assert len(evidence) > 100
    leaked = [e for e in evidence if len(e) > 30 and e in bundled_page]
    assert leaked == [], leaked[:3]
    ga = next(c for c in data["concepts"] if c[0] == "general-assembly")
    assert [t[1] for t in ga[7] if t[0] == 0] == ["联合国大会", "大会"]
    # unverified marks: a concept whose rendering could not be confirmed
    unverified = {c.id for c in termbase.concepts if not c.verified}
    assert unverified and all(c[3] == 0 for c in data["concepts"] if c[0] in unverified)


def test_deprecated_forms_say_what_to_use(mini_termbase):
    data = page_data(mini_termbase)
    basel = next(c for c in data["concepts"] if c[0] == "basel-convention")
    deprecated = next(t for t in basel[7] if t[1] == "巴塞公约")
    assert data["statuses"][deprecated[3]] == "deprecated" and deprecated[5] == "巴塞尔公约"


def test_fold_table_covers_the_characters_of_the_terms(termbase):
    table = fold_table(termbase)
    assert table["約"] == "约" and table["會"] == "会"
    assert "鹿" not in table  # the same in both scripts
    chars = {ch for t in termbase.terms("zh") for ch in t.text}
    assert set(table.values()) <= chars
    assert all(k != v for k, v in table.items())


def test_markup_in_a_term_stays_text(tmp_path):
    evil = '</script><script>window.__pwned=1</script><img src=x onerror="alert(1)">'
    tb = Termbase((Concept("evil", "tests", (Term("巴塞尔公约" + evil, "zh", concept_id="evil"),
                                               Term("Basel" + evil, "en", concept_id="evil")),
                           definition=evil, termbase="t"),), titles={"t": "T" + evil})
    page_text = render_page(tb)
    page = Page(page_text)
    assert [a.get("type") for a, _ in page.scripts] == ["application/json", None]
    assert not any(t == "img" for t, _ in page.tags)
    assert page.data()["concepts"][0][4] == evil


def test_same_bytes_every_run_and_glossary_export(mini_termbase, cli, tmp_path):
    assert export_termbase(mini_termbase, "html") == export_termbase(mini_termbase, "html")
    out = tmp_path / "glossary.html"
    doc = tmp_path / "doc.txt"
    doc.write_text("《巴塞尔公约》和环境署\n", encoding="utf-8")
    assert cli("glossary", doc, "-t", MINI, "-o", out).code == 0
    ids = [c[0] for c in Page(out.read_text(encoding="utf-8")).data()["concepts"]]
    assert ids == ["basel-convention", "unep"]


def test_wheel_carries_the_page_assets(tmp_path):
    import zipfile
    hatchling = pytest.importorskip("hatchling.builders.wheel")
    from conftest import ROOT
    wheel = next(iter(hatchling.WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"termkit/interchange/html_assets/termbase.css", "termkit/interchange/html_assets/termbase.js"} <= names


# ---- in Chromium


def shown(page) -> list[dict]:
    return page.eval_on_selector_all("article.concept", """els => els.map((e) => ({
        id: e.dataset.id, subject: e.dataset.subject, termbase: e.dataset.termbase,
        statuses: [...e.querySelectorAll('.st')].map((s) => s.textContent),
        unverified: e.querySelector('.unv') !== null,
        hit: [...e.querySelectorAll('.t.hit .form')].map((s) => s.textContent)}))""")


def search(page, query: str) -> list[dict]:
    page.fill("#q", query)
    page.wait_for_function("q => document.getElementById('count').textContent.includes(q)", arg=query.strip())
    return shown(page)


@pytest.fixture(scope="module")
def bundled_file(bundled_page, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("page") / "termbase.html"
    path.write_text(bundled_page, encoding="utf-8")
    return path


@pytest.fixture
def opened(browser, bundled_file):  # noqa: F811
    o = Opened(browser, bundled_file)
    o.page.wait_for_selector("body[data-ready]")
    yield o
    o.close()


def test_browser_opens_the_whole_termbase_offline(opened, termbase):
    assert opened.errors == [] and opened.dialogs == []
    assert opened.requests == [opened.page.url], "the page fetched something besides itself"
    assert opened.page.inner_text("#count") == f"{len(termbase.concepts):,} concepts"
    assert opened.page.locator("article.concept").count() == 100
    assert opened.page.is_visible("#more")


def test_browser_search_by_traditional_and_simplified_chinese(opened):
    page = opened.page
    found = search(page, "鹿特丹公約")  # traditional 約
    assert found[0]["id"] == "rotterdam-convention" and found[0]["hit"] == ["鹿特丹公约"]
    assert search(page, "大會")[0]["id"] == "general-assembly"
    assert search(page, "大会")[0]["id"] == "general-assembly"
    assert search(page, "巴塞尔公约")[0]["id"] == "basel-convention"
    assert opened.errors == []


def test_browser_search_by_english_abbreviation_and_id(opened):
    page = opened.page
    assert search(page, "PFOS")[0]["id"] == "perfluorooctane-sulfonic-acid"
    assert search(page, "kigali amendment")[0]["id"] == "kigali-amendment"
    assert search(page, "Minamata Convention")[0]["id"] == "minamata-convention"
    assert search(page, "ＵＮＥＰ")[0]["id"] == "unep"  # full-width letters fold
    assert search(page, "capacity building")[0]["id"] == "capacity-building"  # hyphen = space
    assert search(page, "general-assembly")[0]["id"] == "general-assembly"
    assert search(page, "no such term anywhere") == []
    assert "0 concepts match" in page.inner_text("#count")
    # the search is in the address: a link opens on it
    assert "q=" in page.evaluate("location.hash")


def test_browser_filters_by_subject_termbase_and_status(opened, termbase):
    page = opened.page
    page.select_option("#subject", label=next(o for o in page.eval_on_selector_all(
        "#subject option", "os => os.map((o) => o.textContent)") if o.startswith("ozone (")))
    found = shown(page)
    n_ozone = sum(c.subject == "ozone" for c in termbase.concepts)
    assert found and {c["subject"] for c in found} == {"ozone"}
    assert page.inner_text("#count") == f"{n_ozone:,} concept{'s' if n_ozone != 1 else ''}"
    page.select_option("#status", "deprecated")
    found = shown(page)
    assert found and all("deprecated" in c["statuses"] and c["subject"] == "ozone" for c in found)
    page.select_option("#subject", "")
    page.select_option("#status", "unverified")
    found = shown(page)
    assert found and all(c["unverified"] for c in found)
    page.select_option("#status", "")
    tb_index = page.eval_on_selector_all("#termbase option", "os => os.map((o) => o.textContent)")
    index = next(i for i, label in enumerate(tb_index) if "(mercury)" in label or label.startswith("mercury"))
    page.select_option("#termbase", index=index)
    found = shown(page)
    assert found and {c["termbase"] for c in found} == {"mercury"}
    # a filter and a search together
    found = search(page, "汞")
    assert found and all(c["termbase"] == "mercury" for c in found)
    assert opened.errors == []


def test_browser_opens_on_a_search_in_the_link(browser, bundled_file):  # noqa: F811
    o = Opened(browser, bundled_file, "#q=%E5%A4%A7%E6%9C%83&subject=bodies")  # q=大會
    try:
        o.page.wait_for_selector("body[data-ready]")
        found = shown(o.page)
        assert found[0]["id"] == "general-assembly" and {c["subject"] for c in found} == {"bodies"}
        assert o.page.input_value("#q") == "大會"
    finally:
        o.close()


def test_browser_markup_in_a_term_runs_nothing(browser, tmp_path):  # noqa: F811
    evil = '<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=2</script>'
    tb = Termbase((Concept("evil", "tests", (Term("巴塞尔公约" + evil, "zh", concept_id="evil"),
                                               Term("Basel", "en", concept_id="evil")),
                           note=evil, termbase="t"),), titles={"t": "T"})
    path = tmp_path / "evil.html"
    path.write_text(render_page(tb), encoding="utf-8")
    o = Opened(browser, path)
    try:
        o.page.wait_for_selector("body[data-ready]")
        assert o.page.evaluate("() => window.__pwned") is None
        assert o.dialogs == [] and o.errors == [] and o.requests == [o.page.url]
        assert evil in o.page.inner_text("article.concept")
    finally:
        o.close()


def synthetic(n: int) -> Termbase:
    """n concepts spread over 20 subjects and 4 termbases, each with Chinese and English forms."""
    concepts = []
    for i in range(n):
        cid = f"concept-{i:05d}"
        zh = f"术语{i:05d}号委员会"
        terms = (Term(zh, "zh", concept_id=cid), Term(f"{zh}旧称", "zh", status="deprecated", concept_id=cid),
                 Term(f"Committee number {i}", "en", concept_id=cid))
        concepts.append(Concept(cid, f"subject-{i % 20}", terms, termbase=f"tb-{i % 4}",
                                definition=f"The committee numbered {i}.", verified=i % 7 != 0))
    return Termbase(tuple(concepts), titles={f"tb-{k}": f"Termbase {k}" for k in range(4)})


def test_browser_a_5000_concept_page_searches_and_filters(browser, tmp_path):  # noqa: F811
    path = tmp_path / "big.html"
    path.write_text(render_page(synthetic(5000)), encoding="utf-8")
    o = Opened(browser, path)
    try:
        page = o.page
        page.wait_for_selector("body[data-ready]")
        assert page.inner_text("#count") == "5,000 concepts"
        assert page.locator("article.concept").count() == 100  # drawn: a screenful and more, not 5,000
        found = search(page, "術語04321號")  # traditional 術 and 號
        assert found[0]["id"] == "concept-04321"
        assert search(page, "committee number 4999")[0]["id"] == "concept-04999"
        page.fill("#q", "")
        page.select_option("#subject", index=4)  # subject-3 (the list is sorted: 0, 1, 10, ...)
        page.select_option("#status", "unverified")
        found = shown(page)
        assert found and all(c["unverified"] for c in found)
        assert len({c["subject"] for c in found}) == 1
        assert re.fullmatch(r"\d+ concepts", page.inner_text("#count"))
        assert o.errors == []
    finally:
        o.close()
