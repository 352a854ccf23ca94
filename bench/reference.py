"""A deliberately simple normalize + match + check, to hold the fast path to.

Everything here is written for obvious correctness, not speed: normalization
walks the text one character at a time and keeps the original offset of
every normalized character in a full array; matching tries, at every
position, every term form that starts with that character, longest first
(leftmost-longest by definition); every match is kept and every rule sees all
of them. tests/test_fast_path.py and ``bench/run.py --verify`` compare the
JSON of its findings, byte for byte, with what termkit's engine reports.

It shares only the data with termkit (the t2s character table, the
character classes, the rules themselves), never the algorithms under test.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable
from pathlib import Path

from termkit.engine.options import CheckOptions
from termkit.engine.pipeline import sort_findings
from termkit.model import CheckResult, Finding, Match, Term, Termbase
from termkit.rules import DocContext
from termkit.text.document import collect_files, read_document
from termkit.text.normalize import Normalized, t2s_table

WHITESPACE = set(" \t\r\n\f\v\u00a0\u3000")


def is_cjk(ch: str) -> bool:
    """CJK ideographs, CJK and full-width punctuation, kana, and the curly quotes and dashes of Chinese text."""
    cp = ord(ch)
    return (0x2E80 <= cp <= 0x2FDF or 0x3000 <= cp <= 0x303F or 0x3040 <= cp <= 0x30FF
            or 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF
            or 0xFE30 <= cp <= 0xFE4F or 0xFF00 <= cp <= 0xFFEF
            or ch in "\u2018\u2019\u201c\u201d\u2014\u2026")


def is_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def fold_char(ch: str) -> str:
    """Traditional -> simplified, full-width ASCII and the ideographic space -> half-width."""
    cp = ord(ch)
    if 0xFF01 <= cp <= 0xFF5E:
        return chr(cp - 0xFEE0)
    if ch == "\u3000":
        return " "
    return t2s_table().get(cp, ch)


class RefNormalized(Normalized):
    """A Normalized whose positions come from a full per-character array, not from cut points."""

    def __init__(self, text: str, original: str, origin: array) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "original", original)
        object.__setattr__(self, "cuts", ())
        object.__setattr__(self, "shift", ())
        object.__setattr__(self, "origin", origin)

    def to_original(self, pos: int) -> int:
        if pos < len(self.origin):
            return self.origin[pos]
        # the end of the text: after the last original character
        return len(self.original) if not self.origin else self.origin[-1] + 1 + (pos - len(self.origin))


def reference_normalize(text: str) -> RefNormalized:
    """Fold every character, then drop each whitespace run that joins CJK to CJK, a letter or a digit."""
    folded = [fold_char(ch) for ch in text]
    keep = [True] * len(folded)
    i = 0
    while i < len(folded):
        if folded[i] not in WHITESPACE:
            i += 1
            continue
        j = i
        while j < len(folded) and folded[j] in WHITESPACE:
            j += 1
        before = folded[i - 1] if i > 0 else ""
        after = folded[j] if j < len(folded) else ""
        if before and after and ((is_cjk(before) and (is_cjk(after) or is_alnum(after)))
                                 or (is_alnum(before) and is_cjk(after))):
            for k in range(i, j):
                keep[k] = False
        i = j
    chars = []
    origin = array("q")
    for k, ch in enumerate(folded):
        if keep[k]:
            chars.append(ch)
            origin.append(k)
    return RefNormalized("".join(chars), text, origin)


def reference_form(term: Term) -> str:
    return reference_normalize(term.text.strip()).text


def reference_matches(norm: RefNormalized, termbase: Termbase) -> list[Match]:
    """Leftmost-longest matches of every Chinese term, by trying each form at each position."""
    by_first: dict[str, list[tuple[str, Term]]] = {}
    seen: set[str] = set()
    for term in termbase.terms("zh"):
        form = reference_form(term)
        if not form or form in seen:  # the first term listed with a form owns it
            continue
        seen.add(form)
        by_first.setdefault(form[0], []).append((form, term))
    for forms in by_first.values():
        forms.sort(key=lambda ft: -len(ft[0]))
    text = norm.text
    out = []
    i = 0
    while i < len(text):
        for form, term in by_first.get(text[i], ()):
            if text.startswith(form, i):
                j = i + len(form)
                out.append(Match(norm.to_original(i), norm.to_original(j - 1) + 1, term, i, j))
                i = j
                break
        else:
            i += 1
    return out


def reference_context(path: str, text: str, termbase: Termbase, options: CheckOptions) -> DocContext:
    norm = reference_normalize(text)
    # the document's date is data the engine and the reference share, not an algorithm under test
    return DocContext(path, text, norm, reference_matches(norm, termbase), termbase, options.date_of(path, text))


def reference_check(paths: Iterable[str | Path], termbase: Termbase,
                    options: CheckOptions | None = None) -> CheckResult:
    """check_paths, the simple way: every rule sees every match of every document."""
    options = options or CheckOptions()
    files, notes = collect_files(paths)
    active = options.active_rules()
    findings: list[Finding] = []
    corpus: list = []
    for path in files:
        doc = read_document(path, options.encoding)
        ctx = reference_context(doc.path, doc.text, termbase, options)
        findings.extend(_run_rules(ctx, active, termbase, corpus))
    findings.extend(_corpus_report(corpus, termbase))
    return CheckResult(files, sort_findings(findings), notes)


def _run_rules(ctx, active, termbase: Termbase, corpus: list) -> list[Finding]:
    """Every rule on one whole document; tallies of corpus-scope rules go to ``corpus``."""
    out: list[Finding] = []
    for rule, severity in active:
        if not rule.tallies:
            out.extend(ctx.finding(rule, hit, severity) for hit in rule.check(ctx))
            continue
        tally = rule.tally(ctx)
        if rule.scope == "corpus" and rule.corpus_capable:
            corpus.append((rule, severity, ctx.path, tally))
        else:
            out.extend(rule.report(ctx.path, tally.records, rule.decide(tally.summary, termbase, False), severity))
    return out


def _corpus_report(corpus: list, termbase: Termbase) -> list[Finding]:
    """The corpus-scope findings: each rule's summaries added up one document after another."""
    out: list[Finding] = []
    rules = {}
    for rule, severity, _, _ in corpus:
        rules.setdefault(rule.id, (rule, severity))
    for rule_id, (rule, severity) in rules.items():
        mine = [(path, tally) for r, _, path, tally in corpus if r.id == rule_id]
        total = mine[0][1].summary
        for _, tally in mine[1:]:
            total = rule.merge(total, tally.summary)
        verdict = rule.decide(total, termbase, True)
        for path, tally in mine:
            out.extend(rule.report(path, tally.records, verdict, severity))
    return out


def reference_check_text(text: str, termbase: Termbase, path: str = "<text>",
                         options: CheckOptions | None = None) -> list[Finding]:
    options = options or CheckOptions()
    active = options.active_rules()
    ctx = reference_context(path, text, termbase, options)
    corpus: list = []
    findings = _run_rules(ctx, active, termbase, corpus)
    findings.extend(_corpus_report(corpus, termbase))
    return sort_findings(findings)


def findings_json(findings: Iterable[Finding]) -> str:
    """The findings as the JSON report writes them: the bytes two implementations must share."""
    return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2)
