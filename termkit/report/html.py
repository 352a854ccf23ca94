"""The HTML report: one self-contained page with a summary and every document, terms and findings marked.

The page has no external assets and a Content-Security-Policy that forbids
every network fetch and every script but its own (by hash), so a document
cannot inject markup or code into it even if escaping failed. Each finding is
exactly one element carrying ``data-rule``, ``data-severity``, ``data-line``
and ``data-column``; a finding drawn over a line break or across another mark
gets continuation pieces that carry ``data-ref`` only, so counting
``[data-rule]`` counts findings.

The documents' texts and term matches come from the ``sources`` provider
(``termkit.engine.sources.SourceTexts``), which decodes them as the check did
and matches them with the check's termbase; without a termbase the page
shows findings but no term marks and no concept table. Long documents are drawn in
chunks of lines with ``content-visibility: auto``, so the browser lays out
only what is on screen.

A Word, OpenDocument or PDF file is shown as its extracted text (a paragraph
or a PDF line per line); each finding's note, its row in the list and its
element (``data-region``) name its region: "page 3, line 12", "footnote 4".
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape
from importlib import resources

from termkit import __version__
from termkit._util.width import display_width
from termkit.engine.sources import SourceTexts
from termkit.errors import TermkitError
from termkit.model import SEVERITIES, CheckResult, Finding, Term, Termbase
from termkit.report import Reporter, register
from termkit.report.html_layout import Mark, line_spans, offset_of, render_lines

#: lines per lazily laid-out block
CHUNK_LINES = 200
#: the list of all findings in the summary starts folded above this many findings
OPEN_LIST_MAX = 500
#: pixels per text row and per note, to estimate the height of a block not yet laid out
_ROW_PX, _NOTE_PX, _ROW_WIDTH = 28, 24, 90
_SEV_RANK = {"error": 1, "warning": 2, "info": 3}


def _a(value: object) -> str:
    """An attribute value, escaped (quotes included)."""
    return escape(str(value), quote=True)


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("html_assets", name).read_text(encoding="utf-8")


def _json_for_script(data: object) -> str:
    # inside <script type="application/json">: "<" and ">" can never close the element
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass
class _Doc:
    index: int
    path: str
    text: str | None = None
    error: str | None = None
    findings: list[tuple[int, Finding]] = field(default_factory=list)


class _TermTable:
    """Terms seen in the documents, numbered for the page's lookup table, and per-concept usage."""

    def __init__(self, termbase: Termbase | None) -> None:
        self.termbase = termbase
        self.index: dict[tuple[str, str], int] = {}
        self.rows: list[list[str]] = []
        self.uses: dict[str, Counter] = defaultdict(Counter)
        self.status: dict[tuple[str, str], str] = {}
        self.first: dict[str, str] = {}  # concept id -> element id of its first occurrence

    def key(self, term: Term) -> int:
        """The term's row in the page's lookup table, added on first sight."""
        k = (term.concept_id, term.text)
        n = self.index.get(k)
        if n is None:
            n = self.index[k] = len(self.rows)
            concept = self.termbase.get(term.concept_id) if self.termbase else None
            en = concept.preferred("en") if concept else None
            zh = concept.preferred("zh") if concept else None
            self.rows.append([term.concept_id, term.text, term.status, term.type,
                              en.text if en else "", zh.text if zh else "", term.note or ""])
            self.status[k] = term.status
        return n


def _finding_marks(doc: _Doc, lines) -> list[Mark]:
    marks = []
    for n, f in doc.findings:
        start = offset_of(lines, f.line, f.column)
        end = max(start, offset_of(lines, f.end_line, f.end_column))
        cls = f"fd sev-{_a(f.severity)}"
        region = f' data-region="{_a(f.region)}"' if f.region is not None else ""
        head = (f'<mark class="{cls}" id="f{n}" tabindex="0" aria-describedby="n{n}" data-rule="{_a(f.rule)}" '
                f'data-severity="{_a(f.severity)}" data-line="{f.line}" data-column="{f.column}" '
                f'data-end-line="{f.end_line}" data-end-column="{f.end_column}"{region}>')
        marks.append(Mark(start, end, _SEV_RANK.get(f.severity, 4), n, head,
                          f'<mark class="{cls} fc" data-ref="{n}">', "</mark>"))
    return marks


def _term_marks(doc: _Doc, sources: SourceTexts, terms: _TermTable) -> list[Mark]:
    marks = []
    for m in sources.matches(doc.path, doc.text or ""):
        t = m.term
        k = terms.key(t)
        terms.uses[t.concept_id][t.text] += 1
        cls = f'tm s-{_a(t.status)}'
        ident = ""
        if t.concept_id not in terms.first:
            terms.first[t.concept_id] = f"c{len(terms.first)}"
            ident = f' id="{terms.first[t.concept_id]}"'
        marks.append(Mark(m.start, m.end, 0, -1, f'<span class="{cls}" data-k="{k}"{ident}>',
                          f'<span class="{cls}" data-k="{k}">', "</span>"))
    return marks


def _note(n: int, f: Finding) -> str:
    sug = f' <span class="sug">→ {escape(f.suggestion)}</span>' if f.suggestion is not None else ""
    return (f'<div class="note sev-{_a(f.severity)}" id="n{n}" data-ref="{n}">'
            f'<span class="sev">{escape(f.severity)}</span> <code>{escape(f.rule)}</code> '
            f'<span class="msg">{escape(f.message)}</span>{sug}{_region(f)}</div>')


def _region(f: Finding) -> str:
    """Where a finding in a Word, OpenDocument or PDF file is for a person ('' for plain text)."""
    return f' <span class="muted">({escape(f.region)})</span>' if f.region is not None else ""


def _render_text(doc: _Doc, marks: list[Mark], by_ref: dict[int, Finding]) -> str:
    text = doc.text or ""
    lines = line_spans(text)
    out: list[str] = []
    chunk: list[str] = []
    height = 0
    for number, html, heads in render_lines(text, marks, lines):
        ls, le = lines[number - 1]
        refs = sorted(m.ref for m in heads if m.ref >= 0)
        if refs:
            worst = min(_SEV_RANK.get(by_ref[r].severity, 4) for r in refs)
            sev = next(s for s, r in _SEV_RANK.items() if r == worst)
            chunk.append(f'<div class="l hit h-{sev}" id="d{doc.index}-L{number}" data-n="{number}">{html}</div>')
            chunk.append('<div class="notes">' + "".join(_note(r, by_ref[r]) for r in refs) + "</div>")
        else:
            chunk.append(f'<div class="l" id="d{doc.index}-L{number}" data-n="{number}">{html}</div>')
        height += _ROW_PX * (1 + display_width(text[ls:le]) // _ROW_WIDTH) + _NOTE_PX * len(refs)
        if number % CHUNK_LINES == 0:
            out.append(f'<div class="chunk" style="contain-intrinsic-size:auto {height}px">{"".join(chunk)}</div>')
            chunk, height = [], 0
    if chunk:
        out.append(f'<div class="chunk" style="contain-intrinsic-size:auto {height}px">{"".join(chunk)}</div>')
    return "".join(out)


def _render_unreadable(doc: _Doc) -> str:
    # the file changed or vanished since the check: list its findings so each still has its element
    items = []
    for n, f in doc.findings:
        items.append(f'<li>{f.line}:{f.column} <mark class="fd sev-{_a(f.severity)}" id="f{n}" tabindex="0" '
                     f'data-rule="{_a(f.rule)}" data-severity="{_a(f.severity)}" data-line="{f.line}" '
                     f'data-column="{f.column}" data-end-line="{f.end_line}" data-end-column="{f.end_column}">'
                     f'{escape(f.text)}</mark>{_note(n, f)}</li>')
    return (f'<p class="error">cannot show the text: {escape(doc.error or "")}</p>'
            f'<ul class="fallback">{"".join(items)}</ul>')


def _bar(counts: dict[str, int], scale: int) -> str:
    segs = "".join(f'<span class="seg sev-{s}" style="width:{100 * counts[s] / scale:.2f}%"></span>'
                   for s in SEVERITIES if counts.get(s))
    return f'<div class="bar" aria-hidden="true">{segs}</div>'


def _sev_counts(findings) -> dict[str, int]:
    c = Counter(f.severity for f in findings)
    return {s: c.get(s, 0) for s in SEVERITIES}


def _summary(result: CheckResult, docs: list[_Doc], terms: _TermTable, termbase: Termbase | None) -> str:
    findings = result.findings
    sev = _sev_counts(findings)
    cards = [("files checked", len(result.files)), ("findings", len(findings))]
    cards += [(s, sev[s]) for s in SEVERITIES]
    out = ['<section id="summary"><h2>Summary</h2><div class="cards">']
    for label, value in cards:
        cls = f" sev-{label}" if label in SEVERITIES else ""
        out.append(f'<div class="card{cls}"><b>{value}</b><span>{escape(label)}</span></div>')
    out.append("</div>")

    # by rule
    by_rule: dict[str, list[tuple[int, Finding]]] = defaultdict(list)
    for n, f in enumerate(findings):
        by_rule[f.rule].append((n, f))
    if by_rule:
        top = max(len(v) for v in by_rule.values())
        out.append('<div class="charts"><div><h3>Findings by rule</h3><table class="tbl">'
                   '<thead><tr><th>rule</th><th class="num">findings</th><th class="barcol"></th></tr></thead><tbody>')
        for rule in sorted(by_rule, key=lambda r: (-len(by_rule[r]), r)):
            items = by_rule[rule]
            out.append(f'<tr data-href="f{items[0][0]}"><td><a href="#f{items[0][0]}">'
                       f'<code>{escape(rule)}</code></a></td>'
                       f'<td class="num">{len(items)}</td><td>{_bar(_sev_counts(f for _, f in items), top)}</td></tr>')
        out.append("</tbody></table></div>")
        top = max(len(d.findings) for d in docs) or 1
        out.append('<div><h3>Findings by document</h3><table class="tbl"><thead><tr><th>document</th>'
                   '<th class="num">findings</th><th class="barcol"></th></tr></thead><tbody>')
        for d in docs:
            out.append(f'<tr data-href="d{d.index}"><td><a href="#d{d.index}">{escape(d.path)}</a></td>'
                       f'<td class="num">{len(d.findings)}</td>'
                       f'<td>{_bar(_sev_counts(f for _, f in d.findings), top)}</td></tr>')
        out.append("</tbody></table></div></div>")

    # concepts
    if termbase is not None:
        by_concept = Counter(f.concept for f in findings if f.concept)
        # a row for every concept the documents use, and for every one a finding names (a term missing
        # from a translation is named by its finding, not used): the heading counts the two apart
        ids = set(terms.uses) | set(by_concept)
        rows = sorted(ids, key=lambda c: (-by_concept.get(c, 0), -sum(terms.uses[c].values()), c))
        used = sum(1 for c in rows if terms.uses.get(c))
        named = len(rows) - used
        count = f"{used} used" + (f", {named} more named only by findings" if named else "")
        out.append(f'<h3>Concepts <span class="muted" id="concept-count">({count})</span></h3>')
        if rows:
            out.append('<div class="concepts-wrap"><table class="tbl concepts"><thead><tr>'
                       '<th>concept</th><th>zh</th><th>en</th>'
                       '<th>forms used</th><th class="num">findings</th></tr></thead><tbody>')
            for cid in rows:
                concept = termbase.get(cid)
                zh = concept.preferred("zh") if concept else None
                en = concept.preferred("en") if concept else None
                forms = []
                for text, uses in sorted(terms.uses[cid].items(), key=lambda kv: (-kv[1], kv[0])):
                    status = terms.status.get((cid, text), "preferred")
                    badge = f' <span class="st s-{_a(status)}">{escape(status)}</span>' if status != "preferred" else ""
                    forms.append(f'<span class="form" lang="zh-Hans">{escape(text)}</span> ×{uses}{badge}')
                if not forms:
                    forms.append('<span class="muted not-used">not in the text</span>')
                anchor = terms.first.get(cid)
                href = f' data-href="{anchor}"' if anchor else ""
                code = f"<code>{escape(cid)}</code>"
                link = f'<a href="#{anchor}">{code}</a>' if anchor else code
                out.append(f'<tr{href}><td>{link}</td><td lang="zh-Hans">{escape(zh.text) if zh else ""}</td>'
                           f'<td>{escape(en.text) if en else ""}</td><td>{"<br>".join(forms)}</td>'
                           f'<td class="num">{by_concept.get(cid, 0)}</td></tr>')
            out.append("</tbody></table></div>")

    # findings list
    if findings:
        # a long list stays folded: laying out thousands of table rows would hold up the first paint
        opened = " open" if len(findings) <= OPEN_LIST_MAX else ""
        out.append(f'<details class="all-findings"{opened}><summary><h3>Findings '
                   f'<span class="muted" id="shown">({len(findings)})</span></h3></summary>'
                   '<div class="findings-wrap"><table class="tbl findings"><thead><tr>'
                   '<th>where</th><th>severity</th><th>rule</th>'
                   '<th>text</th><th>suggestion</th><th>message</th></tr></thead><tbody>')
        for n, f in enumerate(findings):
            sug = escape(f.suggestion) if f.suggestion is not None else ""
            out.append(f'<tr class="sev-{_a(f.severity)}" data-ref="{n}" data-href="f{n}">'
                       f'<td><a href="#f{n}">{escape(f.path)}:{f.line}:{f.column}</a>{_region(f)}</td>'
                       f'<td><span class="sev">{escape(f.severity)}</span></td><td><code>{escape(f.rule)}</code></td>'
                       f'<td lang="zh-Hans">{escape(f.text)}</td><td lang="zh-Hans">{sug}</td>'
                       f'<td>{escape(f.message)}</td></tr>')
        out.append("</tbody></table></div></details>")
    else:
        out.append('<p class="clean">No findings.</p>')
    out.append("</section>")
    return "".join(out)


def _filters(result: CheckResult, docs: list[_Doc]) -> str:
    sev = _sev_counts(result.findings)
    rules = result.summary()
    out = ['<nav id="filters" aria-label="filters"><div class="group"><span class="label">severity</span>']
    for s in SEVERITIES:
        out.append(f'<label class="chip sev-{s}"><input type="checkbox" checked data-filter="severity" '
                   f'value="{s}"> {s} <span class="count">{sev[s]}</span></label>')
    out.append('</div><div class="group"><span class="label">rule</span>')
    for rule, count in rules.items():
        out.append(f'<label class="chip"><input type="checkbox" checked data-filter="rule" value="{_a(rule)}"> '
                   f'{escape(rule)} <span class="count">{count}</span></label>')
    out.append('<button type="button" data-all="rule">all</button><button type="button" data-none="rule">none</button>')
    out.append('</div><div class="group"><label><span class="label">document</span> <select id="doc-filter">'
               '<option value="">all documents</option>')
    for d in docs:
        out.append(f'<option value="{d.index}">{escape(d.path)} ({len(d.findings)})</option>')
    out.append('</select></label><label class="chip"><input type="checkbox" id="compact"> only lines with findings'
               '</label><span class="keys">keys: <kbd>n</kbd>/<kbd>p</kbd> next/previous finding</span></div></nav>')
    return "".join(out)


def render_html(result: CheckResult, termbase: Termbase | None = None, encoding: str | None = None,
                sources: SourceTexts | None = None) -> str:
    """The whole page for a check result, as a string (``sources`` default: read with ``encoding``)."""
    if sources is None:
        sources = SourceTexts(encoding, termbase=termbase)
    docs: list[_Doc] = []
    by_path: dict[str, _Doc] = {}
    for path in list(result.files) + [f.path for f in result.findings]:
        if path not in by_path:
            by_path[path] = _Doc(len(docs), path)
            docs.append(by_path[path])
    for n, f in enumerate(result.findings):
        by_path[f.path].findings.append((n, f))
    by_ref = dict(enumerate(result.findings))

    terms = _TermTable(termbase)
    sections = []
    for d in docs:
        try:
            d.text = sources.document(d.path).text
        except TermkitError as exc:
            d.error = str(exc)
        head = (f'<section class="doc" id="d{d.index}" data-doc="{d.index}"><h2 class="path">'
                f'{escape(d.path)} <span class="muted">{len(d.findings)} finding'
                f'{"s" if len(d.findings) != 1 else ""}</span></h2>')
        if d.text is None:
            sections.append(head + _render_unreadable(d) + "</section>")
            continue
        lines = line_spans(d.text)
        marks = _finding_marks(d, lines)
        if termbase is not None:
            marks += _term_marks(d, sources, terms)
        sections.append(head + f'<div class="text" lang="zh-Hans">{_render_text(d, marks, by_ref)}</div></section>')

    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'"
    n = len(result.findings)
    n_files = len(result.files)
    title = f"termkit report: {n} finding{'s' if n != 1 else ''} in {n_files} file{'s' if n_files != 1 else ''}"
    tb_files = (", ".join(escape(str(p).replace("\\", "/").rsplit("/", 1)[-1]) for p in termbase.files)
                if termbase else "")
    meta = f"termkit {escape(__version__)}"
    if termbase is not None:
        meta += f" · termbase: {len(termbase)} concepts ({tb_files})"
    data = {"terms": terms.rows}
    return "".join([
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{_a(csp)}">',
        '<meta name="generator" content="termkit">',
        f"<title>{escape(title)}</title><style>{_asset('report.css')}</style></head><body>",
        f'<header><h1>termkit report</h1><p class="meta">{meta}</p></header>',
        _filters(result, docs),
        "<main>", _summary(result, docs, terms, termbase), "".join(sections), "</main>",
        '<div id="tip" role="tooltip" hidden></div>',
        f'<script type="application/json" id="termkit-data">{_json_for_script(data)}</script>',
        f"<script>{script}</script></body></html>\n",
    ])


@register
class HtmlReporter(Reporter):
    name = "html"
    summary = "a self-contained HTML page: summary, documents with terms and findings marked"

    def finish(self, result: CheckResult) -> None:
        self.stream.write(render_html(result, self.options.get("termbase"), self.options.get("encoding"),
                                      self.options.get("sources")))
